using OrderCancellation.TestSupport;
using Microsoft.DurableTask.Client;

namespace DurableTask.Relational.Tests.Conformance.Support;

/// <summary>
/// Every wait of the suite is an observed condition with a generous deadline, never a sleep that hopes
/// something happened: backends differ a lot in latency (Azure Storage polls queues), and latency is not asserted.
/// </summary>
internal static class Waits
{
    /// <summary>Long enough for the slowest backend on a busy two-core machine; a pass is usually far sooner.</summary>
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);

    public static async Task<OrchestrationMetadata> CompletionAsync(this DurableTaskClient client, string instanceId, TimeSpan? within = null)
    {
        using var deadline = new CancellationTokenSource(within ?? Generous);
        try
        {
            return await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            var last = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            throw new TimeoutException($"{instanceId} did not complete within {within ?? Generous}; last seen: {Describe(last)}");
        }
    }

    /// <summary>Polls the instance until <paramref name="condition"/> holds, backing off from 20 ms to 500 ms.</summary>
    public static async Task<OrchestrationMetadata> UntilAsync(
        this DurableTaskClient client, string instanceId, Func<OrchestrationMetadata, bool> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? Generous);
        var pause = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (metadata is not null && condition(metadata))
            {
                return metadata;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{instanceId} never {what} within {within ?? Generous}; last seen: {Describe(metadata)}");
            }

            await Task.Delay(pause);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromMilliseconds(500).Ticks));
        }
    }

    /// <summary>
    /// A time mark between two batches of instances, past which the clock has moved by 2 ms before the second batch
    /// is created. The suite asks stores to compare created times to the millisecond, not finer: Azurite's table
    /// queries do (seen: an instance created in the mark's millisecond matched CreatedTo = mark).
    /// </summary>
    public static async Task<DateTimeOffset> TimeMarkAsync()
    {
        var mark = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow < mark.AddMilliseconds(2))
        {
            await Task.Delay(1);
        }

        return mark;
    }

    /// <summary>Waits until the orchestration has reached its wait and said so through its custom status.</summary>
    public static Task<OrchestrationMetadata> UntilWaitingAsync(this DurableTaskClient client, string instanceId) =>
        client.UntilAsync(
            instanceId,
            m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running && m.SerializedCustomStatus is not null && m.ReadCustomStatusAs<string>() == Tasks.EventOrchestrations.Waiting,
            "reached its wait");

    /// <summary>
    /// A negative check (something must NOT happen) has to watch for a while; this is the one place the suite
    /// spends fixed time, and it only ever makes a test slower, never a broken backend pass.
    /// </summary>
    public static async Task StaysAsync(this DurableTaskClient client, string instanceId, Func<OrchestrationMetadata, bool> condition, string what, TimeSpan during)
    {
        var until = DateTime.UtcNow + during;
        while (DateTime.UtcNow < until)
        {
            var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            Assert.True(metadata is not null && condition(metadata), $"{instanceId} should have stayed {what}; now: {Describe(metadata)}");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    public static string Describe(OrchestrationMetadata? metadata) =>
        metadata is null
            ? "no such instance"
            : $"{metadata.RuntimeStatus}, custom status {metadata.SerializedCustomStatus ?? "none"}, output {Truncate(metadata.SerializedOutput)}, failure {metadata.FailureDetails?.ErrorMessage ?? "none"}";

    private static string Truncate(string? text) => text is null ? "none" : text.Length <= 200 ? text : text[..200] + "…";
}
