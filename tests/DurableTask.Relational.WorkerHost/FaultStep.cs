using Microsoft.DurableTask;

namespace DurableTask.Relational.WorkerHost;

/// <summary>
/// One step of the chain. Each execution is recorded first (instance, step, worker) in the side table, so the tests
/// see re-runs; the task's identity is (instance, step): the activity context exposes no TaskScheduled id, and the
/// step is unique per scheduled task of an instance.
/// </summary>
public sealed class FaultStep(ExecutionLog log, Gate gate, WorkerArgs worker) : TaskActivity<StepInput, long>
{
    public override async Task<long> RunAsync(TaskActivityContext context, StepInput input)
    {
        await log.RecordAsync(context.InstanceId, input.Step, worker.WorkerId);
        Protocol.Write($"ACTIVITY {context.InstanceId} {input.Step}");
        if (input.Hold == HoldIn.Activity && input.Step == 2)
        {
            await gate.WaitAsync($"HOLD activity {context.InstanceId} {input.Step}");
        }

        return FaultOrchestration.Apply(input.Step, input.Value);
    }
}
