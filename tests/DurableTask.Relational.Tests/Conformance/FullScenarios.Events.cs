using DurableTask.Relational.Tests.Conformance.Support;
using DurableTask.Relational.Tests.Conformance.Tasks;
using Microsoft.DurableTask.Client;

namespace DurableTask.Relational.Tests.Conformance;

public abstract partial class FullScenarios<TBackend>
{
    [Fact]
    public async Task An_event_raised_before_the_orchestration_waits_for_it_is_kept_for_the_wait()
    {
        var id = NewId("early-event");
        var gate = Gates.Open(id);
        await StartAsync(EventOrchestrations.PassGateThenWait, id, id);
        await gate.Entered.WaitAsync(Waits.Generous);

        await Client.RaiseEventAsync(id, "Early", "raised before the wait");
        gate.Release();

        var done = await Client.CompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("raised before the wait", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task An_event_raised_while_the_orchestration_waits_wakes_it()
    {
        var id = await StartAsync(EventOrchestrations.WaitForAnswer, null, NewId("waiting-event"));
        await Client.UntilWaitingAsync(id);

        await Client.RaiseEventAsync(id, "Answer", "raised during the wait");

        var done = await Client.CompletionAsync(id);
        Assert.Equal("raised during the wait", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ContinueAsNew_carries_the_events_raised_while_a_generation_ran_in_their_order()
    {
        var id = NewId("continue");
        var gate = Gates.Open(id);
        await StartAsync(EventOrchestrations.ContinueAsNewTally, new Tally(Target: 10, Seen: [], Generation: 1, GateKey: id), id);
        await gate.Entered.WaitAsync(Waits.Generous);

        for (var i = 1; i <= 10; i++)
        {
            await Client.RaiseEventAsync(id, "Add", i);
        }

        gate.Release();

        var done = await Client.CompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 10), done.ReadOutputAs<List<int>>()!);
    }
}
