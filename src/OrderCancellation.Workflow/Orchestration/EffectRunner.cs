using Microsoft.DurableTask;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Workflow.Activities;
using OrderCancellation.Workflow.Contracts;
using OrderCancellation.Workflow.Ports;

namespace OrderCancellation.Workflow.Orchestration;

/// <summary>
/// Starts effects as activities without awaiting them (a slow effect never holds up the next command) and keeps
/// the running ones, in the order they started, for the orchestration's loop to wait on alongside commands and timers.
/// Ids are deterministic: <c>{orderId}:{version}:{index}</c> for a decision's effects (the downstream idempotency
/// key), <c>{effectId}:{subscriptionId}</c> for an ORDER_CHANGE delivery.
/// </summary>
internal sealed class EffectRunner(TaskOrchestrationContext context, TaskOptions retry)
{
    /// <summary>One running effect; <see cref="Effect"/> is null for a projection.</summary>
    public sealed record Running(Task Task, PendingEffect? Effect, string Name);

    private readonly List<Running> running = [];

    public int Count => running.Count;

    public IEnumerable<Task> Tasks => running.Select(r => r.Task);

    public IReadOnlyList<PendingEffect> Pending => [.. running.Select(r => r.Effect).OfType<PendingEffect>()];

    public bool ProjectionPending => running.Exists(r => r.Effect is null);

    /// <summary>
    /// Starts what a decision asked for, and the projection of the order it made (unless <paramref name="project"/> is false).
    /// <paramref name="traceParent"/> (the command's span, from the event: the same on replay) parents the activities' spans.
    /// </summary>
    public void Start(string orderId, Change change, bool project = true, string? traceParent = null)
    {
        for (var i = 0; i < change.Activities.Count; i++)
        {
            Start(orderId, new PendingEffect($"{orderId}:{change.Version}:{i}", change.Activities[i], change.Version, change.At), change.Order, traceParent);
        }

        if (project)
        {
            Project(orderId, change.Order, change.Version, change.Events, change.By, traceParent);
        }
    }

    /// <summary>Starts again what the previous generation left running (same ids), the order as it stands now.</summary>
    public void Resume(string orderId, OrderCarry carried)
    {
        if (carried.Order is null)
        {
            return;
        }

        foreach (var effect in carried.Effects)
        {
            Start(orderId, effect, carried.Order);
        }

        if (carried.ProjectionPending)
        {
            Project(orderId, carried.Order, carried.Version, [], null);
        }
    }

    /// <summary>Takes a finished effect out of the running list.</summary>
    public Running Complete(Task task)
    {
        var index = running.FindIndex(r => r.Task == task);
        var done = running[index];
        running.RemoveAt(index);
        return done;
    }

    /// <summary>Why a finished effect failed (after its retries), or null when it succeeded.</summary>
    public static string? Failure(Running done)
    {
        if (!done.Task.IsFaulted)
        {
            return null;
        }

        var error = done.Task.Exception!.InnerException;
        var why = error is TaskFailedException failed
            ? $"{failed.FailureDetails.ErrorType}: {failed.FailureDetails.ErrorMessage}"
            : $"{error?.GetType().Name}: {error?.Message}";
        return done.Effect is { } effect ? $"{effect.EffectId}: {why}" : why;
    }

    private void Start(string orderId, PendingEffect effect, OrderState order, string? traceParent = null) =>
        running.Add(new Running(Run(orderId, effect, order, traceParent), effect, effect.Activity.Name));

    private void Project(string orderId, OrderState order, long version, IReadOnlyList<OrderEvent> events, Actor? by, string? traceParent = null) =>
        running.Add(new Running(
            context.CallActivityAsync<string>(EffectNames.ProjectOrder, new OrderProjection(orderId, version, order, events, by, traceParent), retry), null, EffectNames.ProjectOrder));

    private Task Run(string orderId, PendingEffect effect, OrderState order, string? trace) => effect.Activity switch
    {
        Activity.SendNotification a => Call(EffectNames.SendNotification, new EffectInput<Activity.SendNotification>(orderId, effect.EffectId, effect.At, a, trace)),
        Activity.ReleaseAuthorization a => Call(EffectNames.ReleaseAuthorization, new EffectInput<Activity.ReleaseAuthorization>(orderId, effect.EffectId, effect.At, a, trace)),
        Activity.CapturePayment a => Call(EffectNames.CapturePayment, new EffectInput<Activity.CapturePayment>(orderId, effect.EffectId, effect.At, a, trace)),
        Activity.Restock a => Call(EffectNames.Restock, new EffectInput<Activity.Restock>(orderId, effect.EffectId, effect.At, a, trace)),
        Activity.PublishOrderChange a => PublishAsync(orderId, effect, new OrderChange(effect.EffectId, order, effect.Version, a, effect.At, trace)),
        _ => throw new InvalidOperationException($"No activity runs {effect.Activity.Name}."),
    };

    private Task<string> Call(string name, object input) => context.CallActivityAsync<string>(name, input, retry);

    /// <summary>Stores the notification once, then one delivery per subscription, each with its own retries.</summary>
    private async Task PublishAsync(string orderId, PendingEffect effect, OrderChange change)
    {
        var subscriptions = await context.CallActivityAsync<IReadOnlyList<string>>(EffectNames.PrepareOrderChange, change, retry);
        await Task.WhenAll(subscriptions.Select(s =>
            Call(EffectNames.DeliverOrderChange, new OrderChangeDelivery($"{effect.EffectId}:{s}", effect.EffectId, orderId, s, change.TraceParent))));
    }
}
