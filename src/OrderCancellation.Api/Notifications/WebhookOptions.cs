namespace OrderCancellation.Api.Notifications;

/// <summary>
/// Webhook subscriptions and delivery, bound from the <c>Webhooks</c> section and validated at start. Each subscription's
/// delivery is its own activity; retries are the workflow's (<c>Workflow:Effect*</c>).
/// </summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>How long one POST to a subscriber may take. Default 00:00:10.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether subscription URLs may name (or resolve to) loopback, private, link-local, carrier-grade NAT, multicast or
    /// cloud-metadata addresses. Default false in every environment: a subscriber's URL must not reach inside our network.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Whether subscription URLs must be https. Default (unset): true outside Development.</summary>
    public bool? RequireHttps { get; set; }

    /// <summary>How many subscriptions one owner (a seller, the marketplace caller) may hold. Default 25.</summary>
    public int MaxSubscriptionsPerOwner { get; set; } = 25;
}
