using System.Text.Json;
using Microsoft.DurableTask;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Workflow.Activities;
using OrderCancellation.Workflow.Contracts;
using OrderCancellation.Workflow.Orchestration;
using OrderCancellation.Workflow.Telemetry;

namespace OrderCancellation.Workflow;

/// <summary>
/// The order orchestration of DESIGN §6: one instance per order, instance id = order id, input <see cref="OrderInput"/>.
/// </summary>
/// <remarks>
/// <para>
/// The loop: wait at once for the next command (external event <see cref="CommandEvent"/>, a <see cref="CommandEnvelope"/>),
/// the earliest live timer (a durable timer per <see cref="TimerKind"/> the Decider scheduled; replaced when the earliest
/// changes, cancelled when it becomes moot), and the effects still running. Whichever finishes first is decided with the
/// Domain at <c>context.CurrentUtcDateTime</c> (a timer's command never earlier than its due time), the new state and the
/// command's answer are recorded and published with <c>SetCustomStatus</c> (<see cref="OrderSnapshot"/>), and the decision's
/// effects are started without being awaited (<see cref="EffectRunner"/>). An effect that exhausts its retries is
/// decided as <c>ActivityFailed</c> and so recorded on the order; a failed projection is recorded without projecting again.
/// </para>
/// <para>
/// After <see cref="OrderWorkflowOptions.CommandsPerGeneration"/> commands it continues as new, right after taking a
/// command: at that moment no event waiter is open, so every event raised meanwhile is carried by Durable Task to the
/// next generation (a waiter left open would take an event and drop it). The next generation gets the order, its
/// answers, its timers and its running effects (started again under the same ids: at least once, made harmless
/// downstream by the ids). It completes, returning the final <see cref="OrderSnapshot"/>, when the order is closed
/// (or was never placed), no timer is live and no effect is running; commands raised after that are the edge's to refuse.
/// </para>
/// <para>Deterministic: time from the context only, ids from the order's version, no I/O.</para>
/// </remarks>
[DurableTask(Name)]
public sealed class OrderOrchestration(OrderWorkflowOptions? options = null) : TaskOrchestrator<OrderInput, JsonElement>
{
    public const string Name = "OrderOrchestration";

    /// <summary>The one external event name commands are raised with.</summary>
    public const string CommandEvent = "command";

    private readonly OrderWorkflowOptions options = options ?? OrderWorkflowOptions.Default;

    /// <summary>With <see cref="OrderWorkflowOptions.Default"/>: what <c>AddOrchestrator&lt;OrderOrchestration&gt;()</c> creates (it needs a parameterless constructor).</summary>
    public OrderOrchestration()
        : this(null)
    {
    }

    public override async Task<JsonElement> RunAsync(TaskOrchestrationContext context, OrderInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var orderId = context.InstanceId;
        var book = new OrderBook(orderId, new CancellationPolicy { Defaults = input.Policy }, options.RememberedCommands, input.Carried);
        var effects = new EffectRunner(context, options.EffectTaskOptions());
        var taken = 0;
        if (input.Carried is { } carried)
        {
            effects.Resume(orderId, carried);
        }

        if (input.Place is { } place)
        {
            Started(book.Take(place, new DateTimeOffset(context.CurrentUtcDateTime)));
            taken++;
        }

        context.SetCustomStatus(book.Snapshot(effects.Count).ToJson());

        Task<CommandEnvelope>? command = null;
        TimerWait? timer = null;
        try
        {
            while (true)
            {
                if (book.Settled && effects.Count == 0)
                {
                    return book.Snapshot(0).ToJson();
                }

                if (command is null && taken >= options.CommandsPerGeneration)
                {
                    context.ContinueAsNew(
                        new OrderInput(input.Policy, Carried: book.Carry(effects.Pending, effects.ProjectionPending, (input.Carried?.Generation ?? 0) + 1)),
                        preserveUnprocessedEvents: true);
                    return book.Snapshot(effects.Count).ToJson();
                }

                command ??= context.WaitForExternalEvent<CommandEnvelope>(CommandEvent, CancellationToken.None);
                timer = TimerWait.Follow(context, timer, book.NextDeadline);

                var finished = await Task.WhenAny([command, .. timer is null ? [] : new[] { timer.Task }, .. effects.Tasks]);
                var now = new DateTimeOffset(context.CurrentUtcDateTime);
                if (finished == command)
                {
                    var envelope = await command;
                    command = null;
                    taken++;
                    using (WorkflowTelemetry.StartDecision(context, envelope.Command.GetType().Name, envelope.TraceParent))
                    {
                        Started(book.Take(envelope, now), traceParent: envelope.TraceParent);
                    }
                }
                else if (finished == timer?.Task)
                {
                    var fired = timer;
                    timer = null;
                    WorkflowTelemetry.TimerFired(context, fired.Kind, fired.Due, now);
                    Started(book.TimerFired(fired.Kind, fired.Due, now));
                }
                else
                {
                    var done = effects.Complete(finished);
                    if (EffectRunner.Failure(done) is { } why)
                    {
                        Started(book.EffectFailed(done.Name, why, now), project: done.Name != EffectNames.ProjectOrder);
                    }
                }

                context.SetCustomStatus(book.Snapshot(effects.Count).ToJson());
            }
        }
        finally
        {
            // The command waiter is never cancelled: a cancelled waiter still takes the next event, and drops it.
            timer?.Cancel();
        }

        void Started(Change? change, bool project = true, string? traceParent = null)
        {
            if (change is not null)
            {
                effects.Start(orderId, change, project, traceParent);
            }
        }
    }

    /// <summary>The durable timer for the earliest live deadline; its own cancellation, so a moot or moved one can be dropped.</summary>
    private sealed class TimerWait(TimerKind kind, DateTimeOffset due, Task task, CancellationTokenSource cancel)
    {
        public TimerKind Kind { get; } = kind;

        public DateTimeOffset Due { get; } = due;

        public Task Task { get; } = task;

        /// <summary>Keeps <paramref name="current"/> while it is still the earliest deadline; otherwise cancels it and starts the right one.</summary>
        public static TimerWait? Follow(TaskOrchestrationContext context, TimerWait? current, (TimerKind Kind, DateTimeOffset Due)? next)
        {
            if (current is not null && next is { } same && same.Kind == current.Kind && same.Due == current.Due)
            {
                return current;
            }

            current?.Cancel();
            if (next is not { } deadline)
            {
                return null;
            }

            var cancel = new CancellationTokenSource();
            return new TimerWait(deadline.Kind, deadline.Due, context.CreateTimer(deadline.Due.UtcDateTime, cancel.Token), cancel);
        }

        public void Cancel()
        {
            cancel.Cancel();
            cancel.Dispose();
        }
    }
}
