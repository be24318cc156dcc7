using System.Text.Json.Serialization;
using OrderCancellation.Domain.Effects;

namespace OrderCancellation.Workflow.Activities;

/// <summary>
/// The input of a domain effect's activity: the effect (<paramref name="Activity"/>), its id
/// (<paramref name="EffectId"/>, <c>{orderId}:{version}:{index}</c>: the downstream idempotency key) and the time of
/// the decision that asked for it; <paramref name="TraceParent"/> the command's span, the parent of the activity's span.
/// </summary>
public sealed record EffectInput<TActivity>(
    string OrderId,
    string EffectId,
    DateTimeOffset At,
    [property: JsonConverter(typeof(WorkflowJsonConverter))] TActivity Activity,
    string? TraceParent = null)
    where TActivity : Activity;
