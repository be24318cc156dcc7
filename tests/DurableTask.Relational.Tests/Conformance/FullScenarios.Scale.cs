using System.Diagnostics;
using DurableTask.Relational.Tests.Conformance.Support;
using DurableTask.Relational.Tests.Conformance.Tasks;
using Microsoft.DurableTask.Client;

namespace DurableTask.Relational.Tests.Conformance;

public abstract partial class FullScenarios<TBackend>
{
    private const int ManyInstances = 10_000;

    /// <summary>The client keeps this many instances in flight, as a busy front end would.</summary>
    private const int InFlight = 64;

    [Fact]
    public async Task Ten_thousand_instances_start_and_complete()
    {
        var prefix = NewId("many");
        var completed = 0;
        var clock = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        try
        {
            await Parallel.ForEachAsync(
            Enumerable.Range(0, ManyInstances),
            new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = deadline.Token },
            async (i, cancellationToken) =>
            {
                var id = await StartAsync(FlowOrchestrations.CallEcho, $"#{i}", $"{prefix}-{i}");
                var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken);
                Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed && done.ReadOutputAs<string>() == $"#{i}", $"{id}: {Waits.Describe(done)}");
                Interlocked.Increment(ref completed);
            });
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"only {completed} of {ManyInstances} instances completed within {clock.Elapsed}");
        }

        Output.WriteLine($"{completed} instances in {clock.Elapsed.TotalSeconds:0.0} s ({completed / clock.Elapsed.TotalSeconds:0} per second, {InFlight} in flight)");
        Assert.Equal(ManyInstances, completed);
    }
}
