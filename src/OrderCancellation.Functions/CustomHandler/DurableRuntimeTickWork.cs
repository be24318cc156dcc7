using Microsoft.Extensions.Options;
using OrderCancellation.Durable;

namespace OrderCancellation.Functions.CustomHandler;

/// <summary>
/// Drains due timers and activities through the durable runtime, pass after pass, until a pass finds
/// nothing or <see cref="CustomHandlerOptions.TickBudget"/> is spent. The runtime claims work with
/// leases, so a tick running beside the in-process pollers (or on another instance) never doubles it.
/// </summary>
internal sealed class DurableRuntimeTickWork(IDurableRuntime runtime, IOptions<CustomHandlerOptions> options, TimeProvider timeProvider) : IDurableTickWork
{
    public async Task<DurableTickResult> RunDueWorkAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var timers = 0;
        var activities = 0;
        while (true)
        {
            var fired = await runtime.RunDueTimersAsync(cancellationToken);
            var ran = await runtime.RunDueActivitiesAsync(cancellationToken);
            timers += fired;
            activities += ran;
            if (fired + ran == 0 || timeProvider.GetElapsedTime(started) >= options.Value.TickBudget)
            {
                return new DurableTickResult(timers, activities);
            }
        }
    }
}
