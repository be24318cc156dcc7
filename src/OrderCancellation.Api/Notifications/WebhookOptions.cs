namespace OrderCancellation.Api.Notifications;

/// <summary>
/// Webhook delivery, bound from the <c>Webhooks</c> section and validated at start. Each subscription's delivery is its
/// own activity; retries are the workflow's (<c>Workflow:Effect*</c>).
/// </summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>How long one POST to a subscriber may take. Default 00:00:10.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
