using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Tests.Support;

namespace OrderCancellation.Durable.Tests.Contract;

public abstract partial class DurableContractTests
{
    [Fact]
    public async Task A_timer_fires_once_when_due_and_not_before()
    {
        var id = NewId();
        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(timers: [new TimerRequest("t1", Clock.GetUtcNow().AddMinutes(5), "p")]));

        var early = await Runtime.RunDueTimersAsync();
        Clock.Advance(TimeSpan.FromMinutes(5));
        var due = await Runtime.RunDueTimersAsync();
        var again = await Runtime.RunDueTimersAsync();

        Assert.Equal((0, 1, 0), (early, due, again));
        var state = await StateOf(id);
        Assert.Equal(1, state.TimersFired);
        Assert.Equal(2L, (await Runtime.GetInstanceAsync(id))!.Version);
        Assert.Contains(await Runtime.GetHistoryAsync(id), h => h.EventType == "TimerFired" && h.Data == "t1");
        Assert.Empty((await Runtime.GetStatusAsync(id))!.PendingTimers);
    }

    [Fact]
    public async Task Scheduling_a_timer_name_again_moves_it_and_cancelling_removes_it()
    {
        var id = NewId();
        var now = Clock.GetUtcNow();
        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(timers: [new TimerRequest("move", now.AddMinutes(1), ""), new TimerRequest("drop", now.AddMinutes(1), "")]));
        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(timers: [new TimerRequest("move", now.AddMinutes(10), "")], cancel: ["drop"]));

        var timers = (await Runtime.GetStatusAsync(id))!.PendingTimers;
        Clock.Advance(TimeSpan.FromMinutes(2));
        var afterTwo = await Runtime.RunDueTimersAsync();
        Clock.Advance(TimeSpan.FromMinutes(8));
        var afterTen = await Runtime.RunDueTimersAsync();

        Assert.Equal([new PendingTimer("move", now.AddMinutes(10))], timers);
        Assert.Equal((0, 1), (afterTwo, afterTen));
        Assert.Equal(1, (await StateOf(id)).TimersFired);
    }

    [Fact]
    public async Task Many_due_timers_fire_in_batches_and_each_sees_the_state_the_previous_left()
    {
        var ids = Enumerable.Range(0, 30).Select(_ => NewId()).ToList();
        var now = Clock.GetUtcNow();
        foreach (var id in ids)
        {
            // Two timers of one instance: the second must see the first's increment.
            await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(timers: [new TimerRequest("a", now, ""), new TimerRequest("b", now.AddSeconds(1), "")]));
        }

        Clock.Advance(TimeSpan.FromSeconds(1));
        var fired = await Runtime.RunDueTimersAsync();

        Assert.Equal(60, fired);
        foreach (var id in ids)
        {
            Assert.Equal(2, (await StateOf(id)).TimersFired);
            Assert.Equal(3L, (await Runtime.GetInstanceAsync(id))!.Version);
        }
    }

    [Fact]
    public async Task Overdue_timers_fire_at_start_up_and_a_local_write_wakes_the_poller()
    {
        var id = NewId();
        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(timers: [new TimerRequest("overdue", DateTimeOffset.UtcNow.AddMinutes(-1), "")]));
        await Host.DisposeAsync();

        // Real clock, pollers on, a long poll interval: only start-up and the wake-up can explain timely firing.
        Host = await Support.TestHost.StartAsync(Provider, ConnectionString, TimeProvider.System, new Dictionary<string, string?>
        {
            ["Durable:PollersEnabled"] = "true",
            ["Durable:TimerPollInterval"] = "00:00:30",
        });
        await WaitUntil(async () => (await StateOf(id)).TimersFired == 1, TimeSpan.FromSeconds(10));

        // The poller now sleeps for 30 s; a step scheduling a timer 300 ms ahead must wake it.
        var due = DateTimeOffset.UtcNow.AddMilliseconds(300);
        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(timers: [new TimerRequest("soon", due, "")]));
        await WaitUntil(async () => (await StateOf(id)).TimersFired == 2, TimeSpan.FromSeconds(10));
        var firedAt = (await Runtime.GetHistoryAsync(id)).Last(h => h.EventType == "TimerFired").At;

        // Never early; and far sooner than the 30 s poll interval (lateness itself is measured by the bench).
        Assert.InRange(firedAt - due, TimeSpan.FromMilliseconds(-1), TimeSpan.FromSeconds(5));
    }

    protected static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
