using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Serializing;
using DurableTask.Relational.WorkerHost;

namespace DurableTask.Relational.Tests.Faults;

/// <summary>
/// What every fault test asserts once the work is done: each instance Completed exactly once with the right
/// output; its history holds one start, one completion, one timer, and each of the three steps scheduled and
/// completed exactly once (no orchestration step applied twice); every activity execution in the side table belongs
/// to a task of that history (a re-run has the same instance and step). Problems are collected, then reported together.
/// </summary>
internal static class FaultAudit
{
    private static readonly DataConverter HistoryConverter = JsonDataConverter.Default;

    public static async Task<AuditReport> VerifyAsync(FaultClient client, IReadOnlyDictionary<string, FaultInput> expected, bool activitiesExactlyOnce)
    {
        var store = client.Store;
        var problems = new List<string>();
        var states = (await store.QueryAsync($"SELECT instance_id, status, output FROM {store.Instances}"))
            .ToDictionary(r => (string)r[0]!, r => (Status: (string)r[1]!, Output: (string?)r[2]));
        foreach (var (id, input) in expected)
        {
            var want = FaultOrchestration.Expected(input.Value).ToString(CultureInfo.InvariantCulture);
            if (!states.TryGetValue(id, out var state))
            {
                problems.Add($"{id}: lost (no instance row)");
            }
            else if (state.Status != nameof(OrchestrationStatus.Completed) || state.Output != want)
            {
                problems.Add($"{id}: {state.Status}, output {state.Output ?? "none"}, expected Completed with {want}");
            }
        }

        var scheduled = new System.Collections.Concurrent.ConcurrentDictionary<(string Instance, int Step), int>();
        var historyProblems = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(expected.Keys, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) =>
        {
            var json = await client.Service.GetOrchestrationHistoryAsync(id, executionId: null);
            var events = HistoryConverter.Deserialize<List<HistoryEvent>>(json);
            foreach (var problem in CheckHistory(id, events, scheduled))
            {
                historyProblems.Add($"{id}: {problem}\n    history: {Describe(events)}");
            }
        });
        problems.AddRange(historyProblems.Order(StringComparer.Ordinal));

        var executions = (await store.QueryAsync($"SELECT instance_id, step, worker_id FROM {ExecutionLog.Table}"))
            .Select(r => (Instance: (string)r[0]!, Step: Convert.ToInt32(r[1], CultureInfo.InvariantCulture), Worker: (string)r[2]!))
            .ToList();
        var byTask = executions.GroupBy(e => (e.Instance, e.Step)).ToDictionary(g => g.Key, g => g.Select(e => e.Worker).ToList());
        foreach (var (task, workers) in byTask)
        {
            if (!scheduled.ContainsKey(task))
            {
                problems.Add($"{task.Instance}: step {task.Step} ran ({string.Join(", ", workers)}) but its history has no such task");
            }
            else if (activitiesExactlyOnce && workers.Count != 1)
            {
                problems.Add($"{task.Instance}: step {task.Step} ran {workers.Count} times ({string.Join(", ", workers)}) with no fault injected");
            }
        }

        foreach (var task in scheduled.Keys.Where(t => !byTask.ContainsKey(t)))
        {
            problems.Add($"{task.Instance}: step {task.Step} completed in history but never ran");
        }

        Assert.True(problems.Count == 0, $"{problems.Count} problem(s):\n{string.Join('\n', problems.Take(20))}");
        return new AuditReport(
            expected.Count,
            executions.Count,
            byTask.Where(t => t.Value.Count > 1).ToDictionary(t => t.Key, t => (IReadOnlyList<string>)t.Value),
            executions.GroupBy(e => e.Worker).ToDictionary(g => g.Key, g => g.Count()));
    }

    private static IEnumerable<string> CheckHistory(string id, List<HistoryEvent> events, System.Collections.Concurrent.ConcurrentDictionary<(string, int), int> scheduled)
    {
        int Count<T>() => events.OfType<T>().Count();
        if (Count<ExecutionStartedEvent>() != 1)
        {
            yield return $"{Count<ExecutionStartedEvent>()} ExecutionStarted";
        }

        var completions = events.OfType<ExecutionCompletedEvent>().ToList();
        if (completions.Count != 1 || completions[0].OrchestrationStatus != OrchestrationStatus.Completed)
        {
            yield return $"{completions.Count} ExecutionCompleted ({string.Join(", ", completions.Select(c => c.OrchestrationStatus))})";
        }

        if (Count<TimerCreatedEvent>() != 1 || Count<TimerFiredEvent>() != 1)
        {
            yield return $"{Count<TimerCreatedEvent>()} TimerCreated and {Count<TimerFiredEvent>()} TimerFired";
        }

        // DTFx keeps no task input in history; in a chain the n-th TaskScheduled is step n.
        var tasks = events.OfType<TaskScheduledEvent>().ToList();
        if (tasks.Count != FaultOrchestration.Steps || tasks.Select(t => t.EventId).Distinct().Count() != tasks.Count)
        {
            yield return $"TaskScheduled ids [{string.Join(", ", tasks.Select(t => t.EventId))}]";
        }

        var done = events.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).ToList();
        if (done.Distinct().Count() != done.Count || done.Count != FaultOrchestration.Steps || done.Any(d => tasks.All(t => t.EventId != d)))
        {
            yield return $"TaskCompleted for scheduled ids [{string.Join(", ", done)}]";
        }

        if (Count<TaskFailedEvent>() != 0)
        {
            yield return $"{Count<TaskFailedEvent>()} TaskFailed";
        }

        for (var i = 0; i < tasks.Count; i++)
        {
            scheduled.TryAdd((id, i + 1), tasks[i].EventId);
        }
    }

    private static string Describe(List<HistoryEvent> events) =>
        string.Join(", ", events.Select(e => e switch
        {
            TaskScheduledEvent s => $"TaskScheduled#{s.EventId}",
            TaskCompletedEvent c => $"TaskCompleted(#{c.TaskScheduledId})",
            TimerFiredEvent f => $"TimerFired(#{f.TimerId})",
            _ => e.EventType.ToString(),
        }));
}

/// <summary>What a passing audit saw: activity executions, the tasks that ran more than once (and where), per worker.</summary>
internal sealed record AuditReport(int Instances, int Executions, IReadOnlyDictionary<(string Instance, int Step), IReadOnlyList<string>> ReRuns, IReadOnlyDictionary<string, int> ByWorker)
{
    public override string ToString() =>
        $"{Instances} instances, {Executions} activity executions, {ReRuns.Count} task(s) re-run " +
        $"[{string.Join("; ", ReRuns.Take(5).Select(r => $"{r.Key.Instance} step {r.Key.Step}: {string.Join(", ", r.Value)}"))}], " +
        $"by worker: {string.Join(", ", ByWorker.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key} {w.Value}"))}";
}
