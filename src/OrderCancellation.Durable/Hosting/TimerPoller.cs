using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderCancellation.Durable.Runtime;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.Hosting;

/// <summary>
/// Fires due timers. After each run it sleeps until the earliest scheduled timer or the poll interval,
/// whichever is sooner, and a local step that schedules an earlier timer wakes it at once. Timers
/// scheduled by another process are seen within one poll interval. Overdue timers fire on the first run.
/// </summary>
internal sealed class TimerPoller(TimerRunner timers, WorkSignals signals, TimeProvider time, IOptions<DurableOptions> options, ILogger<TimerPoller> logger) : BackgroundService
{
    /// <summary>A due timer that was skipped (another host holds it) is looked at again this soon.</summary>
    private static readonly TimeSpan SkippedRetry = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.PollerStarted(logger, nameof(TimerPoller));
        var interval = options.Value.TimerPollInterval;
        var backoff = new PollerBackoff(interval, interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                // While running, every timer a step writes signals: one committed after NextDueAsync read the table
                // but before the wake-up below is planned would otherwise be missed until the next poll.
                signals.PlanTimerWake(long.MaxValue);
                await timers.RunDueAsync(stoppingToken);
                var now = time.GetUtcNow();
                var next = await timers.NextDueAsync(stoppingToken);
                var idle = backoff.Idle(); // the poll interval, jittered, once idle
                delay = next is null ? idle
                    : next.Value <= now ? SkippedRetry
                    : next.Value - now < idle ? next.Value - now : idle;
                signals.PlanTimerWake(StoreTime.ToStore(now + delay));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                delay = backoff.Failed();
                Log.PollerFailed(logger, ex, nameof(TimerPoller), delay);
                signals.PlanTimerWake(long.MaxValue);
            }

            try
            {
                await signals.Timers.WaitAsync(delay, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }
}
