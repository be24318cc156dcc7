using DurableTask.Relational.Tests.Conformance.Support;
using DurableTask.Relational.Tests.Conformance.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace DurableTask.Relational.Tests.Conformance;

public abstract partial class FullScenarios<TBackend>
{
    [Fact]
    public async Task Scheduling_the_id_of_a_running_instance_fails_and_of_a_completed_one_follows_the_backend_rule()
    {
        var id = await StartAsync(EventOrchestrations.WaitForAnswer, null, NewId("existing-id"));
        await Client.UntilWaitingAsync(id);

        var whileRunning = await Record.ExceptionAsync(() => StartAsync(FlowOrchestrations.CallEcho, "second", id));
        Output.WriteLine($"scheduling a running id: {whileRunning?.GetType().FullName ?? "no exception"}: {whileRunning?.Message}");
        Assert.NotNull(whileRunning);
        await Client.RaiseEventAsync(id, "Answer", "first");
        Assert.Equal("first", (await Client.CompletionAsync(id)).ReadOutputAs<string>());

        var rule = Backend.Deviations.ReusingACompletedId;
        var afterCompletion = await Record.ExceptionAsync(() => StartAsync(FlowOrchestrations.CallEcho, "second", id));
        Output.WriteLine($"scheduling a completed id (expected: it {rule}): {afterCompletion?.GetType().FullName ?? "no exception"}: {afterCompletion?.Message}");
        if (rule == CompletedIdReuse.IsRefused)
        {
            Assert.NotNull(afterCompletion);
            Assert.Equal("first", (await Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadOutputAs<string>());
        }
        else
        {
            Assert.Null(afterCompletion);
            var second = await Client.UntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Completed && m.ReadOutputAs<string>() == "second", "completed its second run");
            Assert.Equal(FlowOrchestrations.CallEcho, second.Name);
        }
    }

    [Fact]
    public async Task Scheduling_with_dedupe_statuses_refuses_an_id_whose_instance_is_in_one_of_them()
    {
        var id = await StartAsync(FlowOrchestrations.CallEcho, "first", NewId("dedupe"));
        await Client.CompletionAsync(id);

        var refused = await Record.ExceptionAsync(() => Client.ScheduleNewOrchestrationInstanceAsync(
            FlowOrchestrations.CallEcho, "second", new StartOrchestrationOptions { InstanceId = id, DedupeStatuses = ["Completed"] }));

        Output.WriteLine($"scheduling a completed id with dedupe status Completed: {refused?.GetType().FullName ?? "no exception"}: {refused?.Message}");
        Assert.NotNull(refused);
        var after = await Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal("first", after!.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Purging_by_id_removes_a_completed_instance()
    {
        var id = await StartAsync(FlowOrchestrations.CallEcho, "to purge", NewId("purge-id"));
        await Client.CompletionAsync(id);

        var result = await Client.PurgeInstanceAsync(id);

        Assert.Equal(1, result.PurgedInstanceCount);
        Assert.Null(await Client.GetInstanceAsync(id));
    }

    [Fact]
    public async Task Purging_by_age_removes_only_the_instances_created_in_the_range()
    {
        // Tests of a class run one after another, so the range [start, between] holds only this test's old instances.
        var start = await Waits.TimeMarkAsync();
        var prefix = NewId("purge-age");
        var old = Enumerable.Range(0, 3).Select(i => $"{prefix}-old-{i}").ToList();
        var recent = Enumerable.Range(0, 2).Select(i => $"{prefix}-recent-{i}").ToList();
        await RunToCompletionAsync(old);
        var between = await Waits.TimeMarkAsync();
        await RunToCompletionAsync(recent);

        var result = await Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedFrom: start, CreatedTo: between, Statuses: [OrchestrationRuntimeStatus.Completed]));

        Assert.Equal(3, result.PurgedInstanceCount);
        foreach (var id in old)
        {
            Assert.Null(await Client.GetInstanceAsync(id));
        }

        foreach (var id in recent)
        {
            Assert.NotNull(await Client.GetInstanceAsync(id));
        }
    }

    [Fact]
    public async Task History_lists_the_events_of_a_run_in_order()
    {
        var id = await StartAsync(FlowOrchestrations.CallEcho, "history", NewId("history"));
        await Client.CompletionAsync(id);
        if (Backend.Deviations.HistoryUnavailable is { } reason)
        {
            // The recorded deviation is checked, not skipped: the backend really cannot serve history.
            Output.WriteLine($"deviation: {reason}");
            await Assert.ThrowsAnyAsync<Exception>(() => Client.GetOrchestrationHistoryAsync(id));
            return;
        }

        var history = await Client.GetOrchestrationHistoryAsync(id);

        var kinds = history.Select(e => e.EventType.ToString()).ToList();
        Output.WriteLine(string.Join(", ", kinds));
        Assert.Equal(
            ["ExecutionStarted", "TaskScheduled", "TaskCompleted", "ExecutionCompleted"],
            kinds.Where(k => k is not ("OrchestratorStarted" or "OrchestratorCompleted")));
    }

    private async Task RunToCompletionAsync(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            await StartAsync(FlowOrchestrations.CallEcho, id, id);
            await Client.CompletionAsync(id);
        }
    }
}
