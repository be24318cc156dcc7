using DurableTask.Relational.Tests.Conformance.Support;
using DurableTask.Relational.Tests.Conformance.Tasks;
using Microsoft.DurableTask.Client;

namespace DurableTask.Relational.Tests.Conformance;

public abstract partial class FullScenarios<TBackend>
{
    [Fact]
    public async Task A_one_day_timer_survives_a_restart_and_an_event_racing_it_completes_the_instance()
    {
        if (Backend.Deviations.RestartKeepsTheServiceObject is { } reason)
        {
            Output.WriteLine($"deviation: the restart keeps the service object ({reason})");
        }

        var id = await StartAsync(TimerOrchestrations.FarTimerOrWake, null, NewId("far-timer"));
        await Client.UntilWaitingAsync(id);

        await Host.RestartAsync();

        var afterRestart = await Client.GetInstanceAsync(id);
        Assert.NotNull(afterRestart);
        Assert.Equal(OrchestrationRuntimeStatus.Running, afterRestart.RuntimeStatus);
        await Client.RaiseEventAsync(id, "Wake", "the test");
        var done = await Client.CompletionAsync(id);
        Assert.Equal("woken by the test", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task A_wait_with_a_timeout_times_out_when_no_event_comes()
    {
        var id = await StartAsync(EventOrchestrations.WaitWithTimeout, 1.0, NewId("wait-timeout"));

        var outcome = (await Client.CompletionAsync(id)).ReadOutputAs<WaitOutcome>()!;

        Assert.Equal("timed out", outcome.Result);
        Assert.True(outcome.Ended - outcome.Started >= TimeSpan.FromSeconds(1) - Backend.Deviations.TimersMayFireEarlyBy, $"timed out after {outcome.Ended - outcome.Started}");
    }

    [Fact]
    public async Task A_wait_with_a_timeout_returns_the_event_when_it_comes_first()
    {
        var id = await StartAsync(EventOrchestrations.WaitWithTimeout, TimeSpan.FromHours(1).TotalSeconds, NewId("wait-event"));
        await Client.UntilWaitingAsync(id);

        await Client.RaiseEventAsync(id, "Answer", "in time");

        var outcome = (await Client.CompletionAsync(id)).ReadOutputAs<WaitOutcome>()!;
        Assert.Equal("answered in time", outcome.Result);
    }
}
