namespace OrderCancellation.Workflow.Activities;

/// <summary>The task names of the activities (what a host registers and what the Functions app's triggers are called).</summary>
public static class EffectNames
{
    public const string SendNotification = "SendNotification";
    public const string ReleaseAuthorization = "ReleaseAuthorization";
    public const string CapturePayment = "CapturePayment";
    public const string Restock = "Restock";

    /// <summary>First half of <c>PublishOrderChange</c>: store the notification, answer the subscriptions.</summary>
    public const string PrepareOrderChange = "PrepareOrderChange";

    /// <summary>Second half: one per subscription, each with its own retries.</summary>
    public const string DeliverOrderChange = "DeliverOrderChange";

    /// <summary>Not a domain effect: the read model's copy of the order after every change.</summary>
    public const string ProjectOrder = "ProjectOrder";
}
