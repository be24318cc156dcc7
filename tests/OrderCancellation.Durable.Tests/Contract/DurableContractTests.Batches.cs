using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Tests.Support;

namespace OrderCancellation.Durable.Tests.Contract;

/// <summary><see cref="IDurableRuntime.ExecuteStepsAsync"/>: many steps, one transaction, each with a lone step's semantics.</summary>
public abstract partial class DurableContractTests
{
    [Fact]
    public async Task A_batch_runs_its_steps_in_order_each_seeing_the_ones_before()
    {
        var (a, b) = (NewId(), NewId());

        var results = await Runtime.ExecuteStepsAsync(
        [
            (Request(a, "k1", "f"), CounterWorkflow.Increment(2)),
            (Request(b), CounterWorkflow.Increment(10)),
            (Request(a, "k2", "f", expectedVersion: 1), CounterWorkflow.Increment(3)),
        ]);

        Assert.Equal(
            [(StepOutcome.Applied, 1L, "2"), (StepOutcome.Applied, 1L, "10"), (StepOutcome.Applied, 2L, "5")],
            results.Select(r => (r.Outcome, r.Version, r.Response!.Body)));
        Assert.Equal(5, (await StateOf(a)).Count);
        Assert.Equal(10, (await StateOf(b)).Count);
        Assert.Equal(["2", "3"], (await Runtime.GetHistoryAsync(a)).Select(h => h.Data));
        var replay = await Runtime.ExecuteStepAsync(Request(a, "k2", "f"), CounterWorkflow.Increment(100));
        Assert.Equal((StepOutcome.Replayed, "5"), (replay.Outcome, replay.Response!.Body));
    }

    [Fact]
    public async Task A_batch_replays_refuses_and_conflicts_exactly_like_lone_steps()
    {
        var id = NewId();
        await Runtime.ExecuteStepAsync(Request(id, "seen", "f"), CounterWorkflow.Increment());

        var results = await Runtime.ExecuteStepsAsync(
        [
            (Request(id, "seen", "f"), CounterWorkflow.Increment(100)),
            (Request(id, "seen", "other"), CounterWorkflow.Increment(100)),
            (Request(id, "stale", "f", expectedVersion: 7), CounterWorkflow.Increment(100)),
            (Request(id, "refused", "f"), CounterWorkflow.Refuse(409)),
            (Request(id, "twice", "f"), CounterWorkflow.Increment(2)),
            (Request(id, "twice", "f"), CounterWorkflow.Increment(100)),
        ]);

        Assert.Equal(
            [
                (StepOutcome.Replayed, 1L), (StepOutcome.IdempotencyKeyReused, 1L), (StepOutcome.VersionConflict, 1L),
                (StepOutcome.Applied, 1L), (StepOutcome.Applied, 2L), (StepOutcome.Replayed, 2L),
            ],
            results.Select(r => (r.Outcome, r.Version)));
        Assert.Equal(409, results[3].Response!.StatusCode);
        Assert.Equal(3, (await StateOf(id)).Count);
        // The refusal is stored; the conflict did not burn its key.
        Assert.Equal((StepOutcome.Replayed, 409), await Outcome(Request(id, "refused", "f")));
        var retried = await Runtime.ExecuteStepAsync(Request(id, "stale", "f", expectedVersion: 2), CounterWorkflow.Increment());
        Assert.Equal((StepOutcome.Applied, 3L), (retried.Outcome, retried.Version));
    }

    [Fact]
    public async Task A_batch_naming_each_key_once_replays_refuses_conflicts_and_creates_like_lone_steps()
    {
        // No key twice: on PostgreSQL this batch reads, claims and writes in a fixed number of round trips.
        var id = NewId();
        var created = NewId();
        await Runtime.ExecuteStepAsync(Request(id, "seen", "f"), CounterWorkflow.Increment());
        await Runtime.ExecuteStepAsync(Request(id, "reused", "f"), CounterWorkflow.Increment());

        var results = await Runtime.ExecuteStepsAsync(
        [
            (Request(id, "seen", "f"), CounterWorkflow.Increment(100)),
            (Request(id, "reused", "other"), CounterWorkflow.Increment(100)),
            (Request(id, "stale", "f", expectedVersion: 7), CounterWorkflow.Increment(100)),
            (Request(id, "refused", "f"), CounterWorkflow.Refuse(409)),
            (Request(created, "new-1", "f"), CounterWorkflow.Increment(4)),
            (Request(id, "next", "f", expectedVersion: 2), CounterWorkflow.Increment(3)),
            (Request(created, "new-2", "f", expectedVersion: 1), CounterWorkflow.Increment(5)),
            (Request(id), CounterWorkflow.Increment()),
        ]);

        Assert.Equal(
            [
                (StepOutcome.Replayed, 1L), (StepOutcome.IdempotencyKeyReused, 2L), (StepOutcome.VersionConflict, 2L), (StepOutcome.Applied, 2L),
                (StepOutcome.Applied, 1L), (StepOutcome.Applied, 3L), (StepOutcome.Applied, 2L), (StepOutcome.Applied, 4L),
            ],
            results.Select(r => (r.Outcome, r.Version)));
        Assert.Equal((6, 9), ((await StateOf(id)).Count, (await StateOf(created)).Count));
        Assert.Equal((StepOutcome.Replayed, 409), await Outcome(Request(id, "refused", "f")));
        Assert.Equal((StepOutcome.Replayed, 200), await Outcome(Request(created, "new-2", "f")));
        var retried = await Runtime.ExecuteStepAsync(Request(id, "stale", "f", expectedVersion: 4), CounterWorkflow.Increment());
        Assert.Equal((StepOutcome.Applied, 5L), (retried.Outcome, retried.Version));
    }

    [Fact]
    public async Task A_large_batch_over_many_instances_keeps_each_instances_order_and_fails_as_its_first_failing_step()
    {
        // 120 steps over 12 instances, interleaved, each expecting the version its instance's previous step left.
        var ids = Enumerable.Range(0, 12).Select(_ => NewId()).ToArray();
        var steps = Enumerable.Range(0, 120)
            .Select(n => (Request(ids[n % 12], $"k{n}", "f", expectedVersion: n / 12), CounterWorkflow.Increment(n)))
            .ToArray();

        var results = await Runtime.ExecuteStepsAsync(steps);

        Assert.All(results.Select((r, n) => (r, n)), x => Assert.Equal((StepOutcome.Applied, (long)(x.n / 12) + 1), (x.r.Outcome, x.r.Version)));
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(Enumerable.Range(0, 10).Sum(k => (k * 12) + i), (await StateOf(ids[i])).Count);
        }

        var failing = steps.Select((s, n) => n == 77 ? (Request(ids[n % 12], $"x{n}"), _ => throw new InvalidOperationException("a bug in Decide")) : (Request(ids[n % 12], $"x{n}"), s.Item2)).ToArray();
        await Assert.ThrowsAsync<InvalidOperationException>(() => Runtime.ExecuteStepsAsync(failing));
        Assert.Equal(10L, (await Runtime.GetInstanceAsync(ids[0]))!.Version);
    }

    [Fact]
    public async Task Batches_racing_to_create_one_instance_under_one_key_apply_it_once_and_the_others_replay()
    {
        for (var round = 0; round < 5; round++)
        {
            var id = NewId();
            var other = NewId();

            var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
                Runtime.ExecuteStepsAsync([(Request(other), CounterWorkflow.Increment()), (Request(id, "create", "f"), CounterWorkflow.Increment(7))]))));

            Assert.Equal(1, results.Count(r => r[1].Outcome == StepOutcome.Applied));
            Assert.Equal(3, results.Count(r => r[1].Outcome == StepOutcome.Replayed && r[1].Response!.Body == "7"));
            Assert.Equal((7, 1L), ((await StateOf(id)).Count, (await Runtime.GetInstanceAsync(id))!.Version));
            Assert.Equal(4, (await StateOf(other)).Count);
        }
    }

    [Fact]
    public async Task A_batch_with_nothing_to_keep_writes_nothing()
    {
        var id = NewId();
        await Runtime.ExecuteStepAsync(Request(id, "k", "f"), CounterWorkflow.Increment());

        var results = await Runtime.ExecuteStepsAsync(
            [(Request(id, "k", "f"), CounterWorkflow.Increment()), (Request(id, "new", "f", expectedVersion: 5), CounterWorkflow.Increment())]);

        Assert.Equal([StepOutcome.Replayed, StepOutcome.VersionConflict], results.Select(r => r.Outcome));
        Assert.Equal(StepOutcome.Applied, (await Runtime.ExecuteStepAsync(Request(id, "new", "f"), CounterWorkflow.Increment())).Outcome);
    }

    [Fact]
    public async Task A_step_that_throws_commits_none_of_its_batch()
    {
        var (a, b) = (NewId(), NewId());
        await Runtime.ExecuteStepAsync(Request(a), CounterWorkflow.Increment());

        await Assert.ThrowsAsync<InvalidOperationException>(() => Runtime.ExecuteStepsAsync(
        [
            (Request(a, "k1", "f"), CounterWorkflow.Increment()),
            (Request(b, "k2", "f"), CounterWorkflow.Increment()),
            (Request(a, "k3", "f"), _ => throw new InvalidOperationException("a bug in Decide")),
        ]));

        Assert.Equal(1, (await StateOf(a)).Count);
        Assert.Null(await Runtime.GetInstanceAsync(b));
        Assert.Equal(StepOutcome.Applied, (await Runtime.ExecuteStepAsync(Request(a, "k1", "f"), CounterWorkflow.Increment())).Outcome);
    }

    [Fact]
    public async Task Concurrent_batches_over_the_same_instances_lose_no_update()
    {
        var ids = Enumerable.Range(0, 6).Select(_ => NewId()).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(n => Task.Run(() =>
            Runtime.ExecuteStepsAsync([.. (n % 2 == 0 ? ids : Enumerable.Reverse(ids)).Select(id => (Request(id, $"k{n}", "f"), CounterWorkflow.Increment()))]))));

        foreach (var id in ids)
        {
            Assert.Equal(8, (await StateOf(id)).Count);
        }
    }

    private async Task<(StepOutcome, int)> Outcome(StepRequest request)
    {
        var result = await Runtime.ExecuteStepAsync(request, CounterWorkflow.Increment());
        return (result.Outcome, result.Response!.StatusCode);
    }
}
