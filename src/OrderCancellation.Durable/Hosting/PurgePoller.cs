using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrderCancellation.Durable.Hosting;

/// <summary>Purges finished instances older than <see cref="DurableOptions.Retention"/> every <see cref="DurableOptions.PurgeInterval"/>.</summary>
internal sealed class PurgePoller(IDurableRuntime runtime, TimeProvider time, IOptions<DurableOptions> options, ILogger<PurgePoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var backoff = new PollerBackoff(o.PurgeInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = o.PurgeInterval;
            try
            {
                await runtime.PurgeAsync(time.GetUtcNow() - o.Retention, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                delay = backoff.Failed();
                Log.PollerFailed(logger, ex, nameof(PurgePoller), delay);
            }

            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }
}
