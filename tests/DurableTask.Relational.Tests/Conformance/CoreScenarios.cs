using DurableTask.Relational.Tests.Conformance.Support;
using DurableTask.Relational.Tests.Conformance.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace DurableTask.Relational.Tests.Conformance;

/// <summary>
/// The scenarios every backend runs, the slow Azure Storage reference included: written only against
/// Microsoft.DurableTask, each on a fresh host over the class's store, with instance ids of its own.
/// </summary>
public abstract class CoreScenarios<TBackend>(TBackend backend, ITestOutputHelper output) : IClassFixture<TBackend>, IAsyncLifetime
    where TBackend : ConformanceBackend
{
    private ConformanceHost? _host;

    protected TBackend Backend { get; } = backend;

    protected ITestOutputHelper Output { get; } = output;

    protected ConformanceHost Host => _host ?? throw new InvalidOperationException("The host is not started.");

    protected DurableTaskClient Client => Host.Client;

    public async Task InitializeAsync()
    {
        Output.WriteLine($"backend {Backend.Name}; deviations: {Backend.Deviations}");
        _host = await ConformanceHost.StartAsync(Backend, Output);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>An instance id of this test's own: tests of one class share a store.</summary>
    protected static string NewId(string scenario) => $"{scenario}-{Guid.NewGuid():N}"[..(scenario.Length + 13)];

    protected Task<string> StartAsync(string orchestration, object? input, string instanceId) =>
        Client.ScheduleNewOrchestrationInstanceAsync(orchestration, input, new StartOrchestrationOptions { InstanceId = instanceId });

    [Fact]
    public async Task An_activity_result_reaches_the_client()
    {
        var id = await StartAsync(FlowOrchestrations.CallEcho, "hello", NewId("activity"));

        var done = await Client.CompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("hello", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task A_two_second_timer_never_fires_before_its_due_time()
    {
        var id = await StartAsync(TimerOrchestrations.ShortTimer, 2.0, NewId("timer"));

        var report = (await Client.CompletionAsync(id)).ReadOutputAs<TimerReport>()!;

        var allowedEarly = Backend.Deviations.TimersMayFireEarlyBy;
        Output.WriteLine($"due {report.Due:O}, orchestration clock after {report.FiredAt:O}, wall clock after {report.WallClockAfter:O}, allowed early {allowedEarly}");
        Assert.True(report.FiredAt >= report.Due - allowedEarly, $"the orchestration woke at {report.FiredAt:O}, before {report.Due:O}");
        Assert.True(report.WallClockAfter >= report.Due - allowedEarly, $"the activity after the timer ran at {report.WallClockAfter:O}, before {report.Due:O}");
    }

    [Fact]
    public async Task Events_raised_in_a_row_arrive_in_the_order_raised()
    {
        var id = await StartAsync(EventOrchestrations.CollectInOrder, 10, NewId("order"));
        await Client.UntilWaitingAsync(id);

        for (var i = 1; i <= 10; i++)
        {
            await Client.RaiseEventAsync(id, "Step", i);
        }

        var done = await Client.CompletionAsync(id);
        Assert.Equal(Enumerable.Range(1, 10), done.ReadOutputAs<List<int>>()!);
    }

    [Fact]
    public async Task A_terminated_instance_stops_waiting_and_keeps_the_reason_as_output()
    {
        var id = await StartAsync(EventOrchestrations.WaitForAnswer, null, NewId("terminate"));
        await Client.UntilWaitingAsync(id);

        await Client.TerminateInstanceAsync(id, "no longer needed");

        var done = await Client.CompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("no longer needed", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task A_suspended_instance_holds_a_raised_event_until_it_is_resumed()
    {
        var id = await StartAsync(EventOrchestrations.WaitForAnswer, null, NewId("suspend"));
        await Client.UntilWaitingAsync(id);

        await Client.SuspendInstanceAsync(id, "hold on");
        await Client.UntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended, "became Suspended");
        await Client.RaiseEventAsync(id, "Answer", "forty-two");
        await Client.StaysAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended, "Suspended with the event held", TimeSpan.FromSeconds(2));
        await Client.ResumeInstanceAsync(id, "go on");

        var done = await Client.CompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("forty-two", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Custom_status_is_visible_to_the_client_while_running_and_after_completion()
    {
        var id = await StartAsync(EventOrchestrations.StepsWithCustomStatus, null, NewId("status"));

        await Client.UntilAsync(id, m => m.SerializedCustomStatus is not null && m.ReadCustomStatusAs<Progress>()?.Step == "step 1", "showed step 1");
        await Client.RaiseEventAsync(id, "Next", "go");

        var done = await Client.CompletionAsync(id);
        Assert.Equal("done", done.ReadOutputAs<string>());
        Assert.Equal(new Progress("step 2"), done.ReadCustomStatusAs<Progress>());
    }

    [Fact]
    public async Task Queries_filter_by_status_created_time_and_id_prefix_and_page_without_repeats()
    {
        var prefix = NewId("query") + "-";
        var completed = Enumerable.Range(0, 10).Select(i => $"{prefix}done-{i:00}").ToList();
        foreach (var id in completed)
        {
            await StartAsync(FlowOrchestrations.CallEcho, id, id);
        }

        foreach (var id in completed)
        {
            await Client.CompletionAsync(id);
        }

        var between = await Waits.TimeMarkAsync();
        var running = Enumerable.Range(0, 3).Select(i => $"{prefix}running-{i}").ToList();
        foreach (var id in running)
        {
            await StartAsync(EventOrchestrations.WaitForAnswer, null, id);
            await Client.UntilWaitingAsync(id);
        }

        Output.WriteLine($"time mark {between:O}; created: {string.Join(", ", await Task.WhenAll(completed.TakeLast(1).Concat(running).Select(async id => $"{id} {(await Client.GetInstanceAsync(id))!.CreatedAt:O}")))}");

        var pages = await PagesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = [OrchestrationRuntimeStatus.Completed], PageSize = 3 });
        Output.WriteLine($"pages of completed instances: {string.Join(" | ", pages.Select(p => string.Join(",", p)))}");
        Assert.All(pages, page => Assert.True(page.Count <= 3, $"a page of {page.Count} for page size 3"));
        Assert.Equal(completed, pages.SelectMany(p => p).Order(StringComparer.Ordinal)); // each of the 10 exactly once

        Assert.Equal(running, await IdsAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = [OrchestrationRuntimeStatus.Running] }));
        Assert.Equal(running, await IdsAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, CreatedFrom = between }));
        Assert.Equal(completed, await IdsAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, CreatedTo = between }));
        Assert.Equal(completed.Concat(running).Order(StringComparer.Ordinal), await IdsAsync(new OrchestrationQuery { InstanceIdPrefix = prefix }));

        foreach (var id in running)
        {
            await Client.RaiseEventAsync(id, "Answer", "done");
        }
    }

    private async Task<List<List<string>>> PagesAsync(OrchestrationQuery query)
    {
        var pages = new List<List<string>>();
        await foreach (var page in Client.GetAllInstancesAsync(query).AsPages())
        {
            pages.Add(page.Values.Select(m => m.InstanceId).ToList());
        }

        return pages;
    }

    private async Task<List<string>> IdsAsync(OrchestrationQuery query) =>
        (await PagesAsync(query)).SelectMany(p => p).Order(StringComparer.Ordinal).ToList();
}
