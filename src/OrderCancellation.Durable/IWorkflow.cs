using OrderCancellation.Durable.Activities;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Timers;

namespace OrderCancellation.Durable;

/// <summary>
/// A workflow as the runtime sees it: the steps the runtime itself starts (a timer fired, an
/// activity died). Commands from outside arrive through <see cref="IDurableRuntime.ExecuteStepAsync"/>.
/// </summary>
public interface IWorkflow
{
    string Name { get; }

    StepDecision OnTimer(InstanceSnapshot instance, DueTimer timer, DateTimeOffset now);

    StepDecision OnActivityFailed(InstanceSnapshot instance, DeadActivity activity, DateTimeOffset now);
}
