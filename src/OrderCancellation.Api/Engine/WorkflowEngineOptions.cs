namespace OrderCancellation.Api.Engine;

/// <summary>The <c>Workflow</c> section: which Durable Task backend the standalone host runs the orders on (DESIGN §8).</summary>
public sealed class WorkflowEngineOptions
{
    public const string SectionName = "Workflow";

    /// <summary><c>relational</c> (default: our provider on the store of <c>Store:Provider</c>) or <c>azurestorage</c> (<c>AzureWebJobsStorage</c>).</summary>
    public string Backend { get; set; } = "relational";

    /// <summary>The task hub. Default <c>OrderCancellation</c>.</summary>
    public string TaskHub { get; set; } = "OrderCancellation";

    /// <summary>
    /// The relational provider's lease on an order's work (and an activity's). A stopped host (SIGTERM) hands its leases back
    /// at once; a process killed while holding one leaves it until it expires, so this is how long a restarted host may wait
    /// before those orders move again. Keep it well above
    /// DTFx's 5 s lease renewal: at least 00:00:10. Default 00:01:00.
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a stopping host lets running work items finish before it hands them back (the host's own
    /// <c>HostOptions:ShutdownTimeout</c>, 30 s by default, bounds the whole stop). Default 00:00:30.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal bool IsAzureStorage => string.Equals(Backend.Trim(), "azurestorage", StringComparison.OrdinalIgnoreCase);

    internal bool IsValid => IsAzureStorage || string.Equals(Backend.Trim(), "relational", StringComparison.OrdinalIgnoreCase);
}
