using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderCancellation.Durable.Runtime;

namespace OrderCancellation.Durable.Hosting;

/// <summary>Runs due activities; backs off while idle up to the poll interval and is woken by local steps that enqueue activities.</summary>
internal sealed class ActivityPoller(ActivityRunner activities, WorkSignals signals, TimeProvider time, IOptions<DurableOptions> options, ILogger<ActivityPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.PollerStarted(logger, nameof(ActivityPoller));
        var backoff = new PollerBackoff(options.Value.ActivityPollInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                var ran = await activities.RunDueAsync(stoppingToken);
                delay = ran > 0 ? backoff.Busy() : backoff.Idle();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                delay = backoff.Failed();
                Log.PollerFailed(logger, ex, nameof(ActivityPoller), delay);
            }

            try
            {
                await signals.Activities.WaitAsync(delay, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }
}
