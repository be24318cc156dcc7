namespace OrderCancellation.Functions.CustomHandler;

/// <param name="TimersFired">Durable timers fired during the tick.</param>
/// <param name="ActivitiesRun">Outbox activities run during the tick.</param>
public sealed record DurableTickResult(int TimersFired, int ActivitiesRun);

/// <summary>The work one <c>DurableTick</c> timer invocation does: run what is due now.</summary>
public interface IDurableTickWork
{
    Task<DurableTickResult> RunDueWorkAsync(CancellationToken cancellationToken);
}
