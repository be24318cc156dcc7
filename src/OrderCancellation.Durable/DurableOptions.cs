namespace OrderCancellation.Durable;

/// <summary>The runtime's knobs, bound from the <c>Durable</c> section and validated at start.</summary>
public sealed class DurableOptions
{
    public const string SectionName = "Durable";

    /// <summary>Run the timer, activity and purge pollers in this process. Default <c>true</c>; the Azure
    /// Functions host mode turns them off and drives <c>RunDueTimersAsync</c>/<c>RunDueActivitiesAsync</c> from a timer trigger.</summary>
    public bool PollersEnabled { get; set; } = true;

    /// <summary>Apply the schema scripts at start-up. Default <c>true</c>.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Longest idle sleep of the timer poller; a local write that schedules an earlier timer wakes it. Default 00:00:00.500.</summary>
    public TimeSpan TimerPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Timers fired per transaction. Default 500.</summary>
    public int TimerBatchSize { get; set; } = 500;

    /// <summary>Longest idle sleep of the activity poller; a local step that enqueues activities wakes it. Default 00:00:01.</summary>
    public TimeSpan ActivityPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claimed activity belongs to its worker; after that another worker may claim it. Default 00:05:00.</summary>
    public TimeSpan ActivityLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Activities claimed per poll. Default 64.</summary>
    public int ActivityBatchSize { get; set; } = 64;

    /// <summary>Activities executed at once per process. Default 16.</summary>
    public int ActivityConcurrency { get; set; } = 16;

    /// <summary>Attempts before an activity is dead (and the workflow's <c>OnActivityFailed</c> runs). Default 5.</summary>
    public int MaxActivityAttempts { get; set; } = 5;

    /// <summary>Delay before the second attempt; doubles per attempt, ±20 % jitter. Default 00:00:05.</summary>
    public TimeSpan ActivityRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Cap of the retry delay. Default 00:10:00.</summary>
    public TimeSpan ActivityRetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Finished instances (and orphan idempotency records) older than this are purged. Default 30.00:00:00.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the purge poller runs. Default 01:00:00.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Instances deleted per purge transaction. Default 500.</summary>
    public int PurgeBatchSize { get; set; } = 500;
}
