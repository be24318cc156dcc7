using Microsoft.DurableTask;

namespace DurableTask.Relational.WorkerHost;

/// <summary>Where a worker started with a gate file holds this instance: nowhere, in the orchestration episode
/// that follows the timer, or in activity step 2.</summary>
public enum HoldIn
{
    Nowhere,
    Orchestration,
    Activity,
}

public sealed record FaultInput(long Value, HoldIn Hold = HoldIn.Nowhere);

public sealed record StepInput(int Step, long Value, HoldIn Hold);

/// <summary>
/// A durable timer, then three activities in a chain, each feeding the next: the output (<see cref="Expected"/>)
/// shows that every step ran, in order, on the previous step's result.
/// </summary>
public sealed class FaultOrchestration : TaskOrchestrator<FaultInput, long>
{
    public const int Steps = 3;

    public static readonly TimeSpan Timer = TimeSpan.FromSeconds(1);

    public static long Apply(int step, long value) => (value * 10) + step;

    public static long Expected(long value) => Enumerable.Range(1, Steps).Aggregate(value, (v, step) => Apply(step, v));

    public override async Task<long> RunAsync(TaskOrchestrationContext context, FaultInput input)
    {
        await context.CreateTimer(Timer, CancellationToken.None);
        if (input.Hold == HoldIn.Orchestration && !context.IsReplaying)
        {
            // Fault harness only (an orchestrator must never block or do I/O): keeps this episode, and so the
            // instance's lease, in the worker's hands until the test opens the gate. Orchestrators are not created
            // through DI, hence the process-wide gate.
            Gate.OfThisProcess.Block($"HOLD orchestration {context.InstanceId}");
        }

        var value = input.Value;
        for (var step = 1; step <= Steps; step++)
        {
            value = await context.CallActivityAsync<long>(nameof(FaultStep), new StepInput(step, value, input.Hold));
        }

        return value;
    }
}
