using Microsoft.DurableTask;

namespace OrderCancellation.Workflow;

/// <summary>
/// How the order orchestration runs (not the policy: that travels in <see cref="Contracts.OrderInput.Policy"/>).
/// Register one instance for the worker; the orchestration takes it in its constructor.
/// </summary>
/// <remarks>
/// Orchestrations replay: change <see cref="CommandsPerGeneration"/> only between deployments with no orders mid-generation
/// that it would cut short, or they fail as non-deterministic. The other values are safe to change at any time
/// for new calls (retries are scheduled as timers, so a retry already waiting keeps its interval).
/// </remarks>
public sealed record OrderWorkflowOptions
{
    /// <summary>
    /// After this many commands taken (repeats and refusals included) a generation ends with <c>ContinueAsNew</c>, so its
    /// history stays short. Default 50. Fired timers and effect results do not count; they add little history.
    /// </summary>
    public int CommandsPerGeneration { get; init; } = 50;

    /// <summary>How many recent commands' answers the orchestration keeps for repeats and publishes in its custom status. Default 20.</summary>
    public int RememberedCommands { get; init; } = 20;

    /// <summary>Attempts per activity, the first included, before the effect is recorded as failed on the order. Default 6.</summary>
    public int EffectMaxAttempts { get; init; } = 6;

    /// <summary>Wait before the first retry. Default 00:00:05.</summary>
    public TimeSpan EffectFirstRetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Each retry waits this many times longer than the one before. Default 2.</summary>
    public double EffectBackoffCoefficient { get; init; } = 2;

    /// <summary>The longest wait between two attempts. Default 00:05:00.</summary>
    public TimeSpan EffectMaxRetryInterval { get; init; } = TimeSpan.FromMinutes(5);

    public static OrderWorkflowOptions Default { get; } = new();

    /// <summary>The options every effect's activity is called with.</summary>
    public TaskOptions EffectTaskOptions() =>
        TaskOptions.FromRetryPolicy(new RetryPolicy(EffectMaxAttempts, EffectFirstRetryInterval, EffectBackoffCoefficient, EffectMaxRetryInterval));

    /// <summary>Whether every value makes sense (for <c>ValidateOnStart</c> in the host).</summary>
    public bool IsValid() =>
        CommandsPerGeneration >= 1 && RememberedCommands >= 1 && EffectMaxAttempts >= 1 &&
        EffectFirstRetryInterval > TimeSpan.Zero && EffectBackoffCoefficient >= 1 && EffectMaxRetryInterval >= EffectFirstRetryInterval;
}
