using Microsoft.Extensions.Options;

namespace OrderCancellation.Api.Retention;

/// <summary>
/// Runs <see cref="RetentionPurger"/> every <see cref="RetentionOptions.Interval"/> (with ±10 % jitter, so instances
/// sharing a database spread out), the first pass a minute after start. A failed pass is logged and tried again at the
/// next interval. The Functions host does not run this loop: its <c>RetentionTimer</c> function calls the same
/// <see cref="RetentionPurger.PurgeAsync"/> on a schedule.
/// </summary>
internal sealed class RetentionService(RetentionPurger purger, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionService> logger)
    : BackgroundService
{
    private static readonly TimeSpan FirstPassAfter = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            RetentionLog.Off(logger);
            return;
        }

        var delay = Jitter(o.Interval < FirstPassAfter ? o.Interval : FirstPassAfter);
        while (true)
        {
            try
            {
                await Task.Delay(delay, time, stoppingToken);
                await purger.PurgeAsync(time.GetUtcNow(), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                RetentionLog.PassFailed(logger, exception, o.Interval);
            }

            delay = Jitter(o.Interval);
        }
    }

    private static TimeSpan Jitter(TimeSpan interval) => interval * (0.9 + (0.2 * Random.Shared.NextDouble()));
}
