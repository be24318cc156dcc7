using Microsoft.Extensions.Options;

namespace OrderCancellation.Api.Orders;

/// <summary>
/// Every <see cref="OrdersOptions.PendingCommandsScan"/>, settles the oldest commands answered 202 whose answer is known
/// (<see cref="OrderCommands.ResolveAsync"/>), whether or not anyone asks for it: an answer is kept while the orchestration
/// still remembers it, not only when its caller comes back, so it survives the orchestration's short memory. Replicas may
/// scan the same rows: keeping is first writer wins and a second delete deletes nothing. A failed scan is logged and tried
/// again at the next interval. The Functions host turns the loop off and calls <see cref="SettleOnceAsync"/> from a timer
/// function instead, inside the invocation that has a Durable Task client.
/// </summary>
internal sealed class PendingCommandResolver(
    PendingCommandStore pending, OrderSnapshots snapshots, OrderCommands commands, IOptions<OrdersOptions> options, TimeProvider time, ILogger<PendingCommandResolver> logger)
    : BackgroundService
{
    private const int RowsPerScan = 100;

    /// <summary>
    /// One scan: the oldest <see cref="RowsPerScan"/> pending commands, each settled if its answer is known, through the
    /// current <see cref="Engine.IDurableClientSource"/>. Returns how many were settled.
    /// </summary>
    public async Task<int> SettleOnceAsync(CancellationToken cancellationToken)
    {
        var settled = 0;
        foreach (var row in await pending.OldestAsync(time.GetUtcNow(), RowsPerScan, cancellationToken))
        {
            if (await commands.ResolveAsync(row, await snapshots.GetAsync(row.OrderId, cancellationToken), cancellationToken) is not null)
            {
                settled++;
            }
        }

        return settled;
    }

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
                await SettleOnceAsync(stoppingToken);
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
