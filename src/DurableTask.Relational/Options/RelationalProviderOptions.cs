namespace DurableTask.Relational;

/// <summary>What both databases share: leases, claim sizes, polling. Durations are <see cref="TimeSpan"/>s.</summary>
public abstract class RelationalProviderOptions
{
    /// <summary>Connection string of the database that holds the task hub.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Name reported in logs. Task hubs are isolated by table prefix (SQLite) or schema (PostgreSQL).</summary>
    public string TaskHub { get; set; } = "default";

    /// <summary>Identifies this worker in lock columns. Default: machine name and process id.</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>How long a claimed orchestration or activity stays ours without a renewal. Default 1 minute.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an abandoned work item stays hidden before it may be claimed again. Default 1 second.</summary>
    public TimeSpan AbandonDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest sleep of an idle dispatcher between polls (local writes and known due times wake it sooner).
    /// Bounds how late work written by another process is seen. Default 1 second.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Orchestration work items processed at once. Default 16 per core.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 16 * Environment.ProcessorCount;

    /// <summary>Activity work items processed at once. Default 16 per core.</summary>
    public int MaxConcurrentActivities { get; set; } = 16 * Environment.ProcessorCount;

    /// <summary>Loops fetching orchestration work items (each loads a claimed instance's history while the others
    /// go on). Default 4.</summary>
    public int OrchestrationDispatchers { get; set; } = 4;

    /// <summary>Loops fetching activity work items. Default 2.</summary>
    public int ActivityDispatchers { get; set; } = 2;

    /// <summary>Instances whose latest history this worker keeps in memory, so their next step skips reading and
    /// parsing it (used only while nobody else has written to the instance). 0 turns it off. Default 4,096.</summary>
    public int HistoryCacheSize { get; set; } = 4096;

    /// <summary>How many ready work items one claim statement takes (the rest wait in memory, already leased).</summary>
    public int ClaimBatchSize { get; set; } = 16;

    internal void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(ConnectionString), "ConnectionString is required");
        Require(LockTimeout >= TimeSpan.FromSeconds(1), "LockTimeout must be at least 1 second");
        Require(AbandonDelay >= TimeSpan.Zero, "AbandonDelay must not be negative");
        Require(MaxPollingInterval > TimeSpan.Zero, "MaxPollingInterval must be positive");
        Require(MaxConcurrentOrchestrations > 0 && MaxConcurrentActivities > 0, "concurrency must be positive");
        Require(OrchestrationDispatchers is > 0 and <= 64 && ActivityDispatchers is > 0 and <= 64, "dispatcher counts must be 1..64");
        Require(HistoryCacheSize >= 0, "HistoryCacheSize must not be negative");
        Require(ClaimBatchSize is > 0 and <= 1000, "ClaimBatchSize must be 1..1000");
        ValidateDatabase();
    }

    private protected abstract void ValidateDatabase();

    private protected static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"Invalid DurableTask.Relational options: {message}.");
        }
    }
}
