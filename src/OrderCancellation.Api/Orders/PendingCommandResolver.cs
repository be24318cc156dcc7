using Microsoft.Extensions.Options;

namespace OrderCancellation.Api.Orders;

/// <summary>
/// Every <see cref="OrdersOptions.PendingCommandsScan"/>, settles the oldest commands answered 202 whose answer is known
/// (<see cref="OrderCommands.ResolveAsync"/>), whether or not anyone asks for it: an answer is kept while the orchestration
/// still remembers it, not only when its caller comes back, so it survives the orchestration's short memory. Replicas may
/// scan the same rows: keeping is first writer wins and a second delete deletes nothing. A failed scan is logged and tried
/// again at the next interval.
/// </summary>
internal sealed class PendingCommandResolver(
    PendingCommandStore pending, OrderSnapshots snapshots, OrderCommands commands, IOptions<OrdersOptions> options, TimeProvider time, ILogger<PendingCommandResolver> logger)
    : BackgroundService
{
    private const int RowsPerScan = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PendingCommandsScan;
        if (!options.Value.PendingCommandsScanEnabled)
        {
            return;
        }

        while (true)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
                foreach (var row in await pending.OldestAsync(time.GetUtcNow(), RowsPerScan, stoppingToken))
                {
                    await commands.ResolveAsync(row, await snapshots.GetAsync(row.OrderId, stoppingToken), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                PendingCommandsLog.ScanFailed(logger, exception, interval);
            }
        }
    }
}
