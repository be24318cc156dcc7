namespace OrderCancellation.Api.Notifications;

/// <summary>Webhook delivery, bound from the <c>Webhooks</c> section and validated at start. Retries are the runtime's (<c>Durable:*</c>).</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>How long one POST to a subscriber may take. Default 00:00:10.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Subscribers posted to at once per ORDER_CHANGE. Default 8.</summary>
    public int Concurrency { get; set; } = 8;
}
