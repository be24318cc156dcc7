using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using OrderCancellation.Api.Orders;
using OrderCancellation.Api.Retention;
using OrderCancellation.Functions.Hosting;

namespace OrderCancellation.Functions.Functions;

/// <summary>
/// The standalone host's two background loops, as timer triggers: a worker's hosted loop would stop whenever the
/// plan scales the app to zero, and the pending-command scan needs a Durable Task client, which here exists only inside
/// an invocation. Each run does one pass of the shared code; a failed pass throws, so the host records the failure, and
/// the next occurrence tries again. <c>UseMonitor</c> keeps the schedule across restarts (a missed occurrence runs late
/// rather than not at all); the host runs one occurrence per app, not one per instance.
/// </summary>
public static class MaintenanceFunctions
{
    /// <summary>The app setting holding <see cref="RetentionTimer"/>'s NCRONTAB schedule (app setting <c>Retention__Schedule</c>).</summary>
    public const string RetentionSchedule = "Retention:Schedule";

    /// <summary>The app setting holding <see cref="PendingCommandsTimer"/>'s NCRONTAB schedule (app setting <c>Orders__PendingCommandsSchedule</c>).</summary>
    public const string PendingCommandsSchedule = "Orders:PendingCommandsSchedule";

    /// <summary>The schedules the deployment sets (infra/main.bicep, local.settings.sample.json): every 5 minutes, every minute.</summary>
    public const string DefaultRetentionSchedule = "0 */5 * * * *";

    /// <inheritdoc cref="DefaultRetentionSchedule"/>
    public const string DefaultPendingCommandsSchedule = "0 * * * * *";

    /// <summary>One retention pass (<see cref="RetentionPurger.PurgeAsync"/>, as the standalone host's loop runs it), unless <c>Retention:Enabled</c> is false.</summary>
    [Function("RetentionTimer")]
    public static async Task RetentionTimer(
        [TimerTrigger("%" + RetentionSchedule + "%", RunOnStartup = false, UseMonitor = true)] TimerInfo timer,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.InstanceServices;
        if (!services.GetRequiredService<IOptions<RetentionOptions>>().Value.Enabled)
        {
            RetentionLog.Off(services.GetRequiredService<ILogger<RetentionPurger>>());
            return;
        }

        await services.GetRequiredService<RetentionPurger>().PurgeAsync(services.GetRequiredService<TimeProvider>().GetUtcNow(), context.CancellationToken);
    }

    /// <summary>One scan of the commands answered 202 (<see cref="PendingCommandResolver.SettleOnceAsync"/>) with the binding's client.</summary>
    [Function("PendingCommandsTimer")]
    public static async Task PendingCommandsTimer(
        [TimerTrigger("%" + PendingCommandsSchedule + "%", RunOnStartup = false, UseMonitor = true)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var durable = BindingDurableClient.Use(client);
        await context.InstanceServices.GetRequiredService<PendingCommandResolver>().SettleOnceAsync(context.CancellationToken);
    }
}
