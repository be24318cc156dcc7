using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.DurableTask;
using TimerKind = OrderCancellation.Domain.Effects.TimerKind;

namespace OrderCancellation.Workflow.Telemetry;

/// <summary>
/// The workflow's spans and instruments. The orchestrator and the activities are created by the Durable Task runtime, not
/// from the container, so the source and the meter are static (one per process, as OpenTelemetry expects of them).
/// </summary>
public static class WorkflowTelemetry
{
    /// <summary>The name of both the <see cref="ActivitySource"/> and the <see cref="Meter"/>.</summary>
    public const string Name = "OrderCancellation.Workflow";

    private static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> TimerLateness = Meter.CreateHistogram<double>(
        "ordercancellation.timer.lateness", "s", "How long after its due time a durable timer's command was decided.");

    private static readonly Counter<long> ActivityAttempts = Meter.CreateCounter<long>(
        "ordercancellation.activity.attempts", "{attempt}", "Runs of an effect's activity, retries included, by activity.");

    private static readonly Counter<long> ActivityFailures = Meter.CreateCounter<long>(
        "ordercancellation.activity.failures", "{attempt}", "Runs of an effect's activity that threw (a retry may follow), by activity.");

    private static readonly Histogram<double> ReadModelLag = Meter.CreateHistogram<double>(
        "ordercancellation.readmodel.lag", "s", "From the time of the events of an order's version (their command's) to that version written to the read model.");

    /// <summary>Records how far the read model was behind the events it just projected (the wall clock: measured, never decided on).</summary>
    public static void Projected(DateTimeOffset decidedAt) =>
        ReadModelLag.Record(Math.Max(0, (DateTimeOffset.UtcNow - decidedAt).TotalSeconds));

    /// <summary>
    /// The span of the decision on a raised command, a child of the caller's span (<paramref name="traceParent"/>).
    /// Null while replaying: a decision is traced once, when it is taken, and spans never feed back into the orchestration.
    /// </summary>
    public static Activity? StartDecision(TaskOrchestrationContext context, string kind, string? traceParent) =>
        context.IsReplaying ? null : Source.StartActivity("order.decide", ActivityKind.Internal, Parent(traceParent), Tags(context.InstanceId, "ordercancellation.command", kind));

    /// <summary>Records how late a timer was decided (orchestration time minus due time); nothing while replaying.</summary>
    public static void TimerFired(TaskOrchestrationContext context, TimerKind kind, DateTimeOffset due, DateTimeOffset now)
    {
        if (!context.IsReplaying)
        {
            TimerLateness.Record(Math.Max(0, (now - due).TotalSeconds), new KeyValuePair<string, object?>("ordercancellation.timer", kind.ToString()));
        }
    }

    /// <summary>Runs one attempt of an activity inside its span (a child of the command that caused it), counting attempts and failures.</summary>
    public static async Task<T> RunActivityAsync<T>(string name, string orderId, string? traceParent, Func<Task<T>> run)
    {
        var kind = new KeyValuePair<string, object?>("ordercancellation.activity", name);
        ActivityAttempts.Add(1, kind);
        using var span = Source.StartActivity($"order.activity {name}", ActivityKind.Internal, Parent(traceParent), Tags(orderId, kind.Key, name));
        try
        {
            return await run();
        }
        catch (Exception ex)
        {
            ActivityFailures.Add(1, kind);
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    private static ActivityContext Parent(string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent) ? parent : default;

    private static KeyValuePair<string, object?>[] Tags(string orderId, string key, string value) =>
        [new("ordercancellation.order_id", orderId), new(key, value)];
}
