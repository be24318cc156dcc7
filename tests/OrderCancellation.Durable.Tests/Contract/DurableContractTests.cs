using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Tests.Support;
using OrderCancellation.TestSupport;

namespace OrderCancellation.Durable.Tests.Contract;

/// <summary>
/// The store contract, run against SQLite and PostgreSQL alike (see the two derived classes). Every test
/// gets a fresh store, a real host and a clock it moves by hand.
/// </summary>
public abstract partial class DurableContractTests : IAsyncLifetime
{
    protected ManualTimeProvider Clock { get; } = new();

    protected TestHost Host { get; private set; } = null!;

    protected string ConnectionString { get; private set; } = null!;

    protected IDurableRuntime Runtime => Host.Runtime;

    protected abstract string Provider { get; }

    /// <summary>A new empty store; returns its connection string.</summary>
    protected abstract Task<string> CreateStoreAsync();

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Durable:MaxActivityAttempts"] = "3",
        ["Durable:ActivityRetryBaseDelay"] = "00:00:10",
        ["Durable:ActivityLease"] = "00:01:00",
    };

    public async Task InitializeAsync()
    {
        ConnectionString = await CreateStoreAsync();
        Host = await StartHostAsync();
    }

    public virtual async Task DisposeAsync() => await Host.DisposeAsync();

    protected Task<TestHost> StartHostAsync() => TestHost.StartAsync(Provider, ConnectionString, Clock, Settings);

    protected static StepRequest Request(string id, string? key = null, string? fingerprint = null, long? expectedVersion = null) =>
        new(id, CounterWorkflow.WorkflowName, key, fingerprint, expectedVersion);

    protected async Task<CounterState> StateOf(string id) => CounterState.Parse((await Runtime.GetInstanceAsync(id))!.State);

    protected static string NewId() => $"i-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_step_creates_the_instance_at_version_1_and_the_next_bumps_it()
    {
        var id = NewId();

        var first = await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment());
        var second = await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(5));

        Assert.Equal((StepOutcome.Applied, 1L, "1"), (first.Outcome, first.Version, first.Response!.Body));
        Assert.Equal((StepOutcome.Applied, 2L, "6"), (second.Outcome, second.Version, second.Response!.Body));
        var instance = await Runtime.GetInstanceAsync(id);
        Assert.Equal((CounterWorkflow.WorkflowName, 2L, InstanceStatus.Running, "count=6"), (instance!.WorkflowName, instance.Version, instance.Status, instance.CustomStatus));
        var history = await Runtime.GetHistoryAsync(id);
        Assert.Equal(["1", "5"], history.Select(h => h.Data));
        Assert.Equal([1L, 2L], history.Select(h => h.Version));
    }

    [Fact]
    public async Task A_replayed_idempotency_key_returns_the_first_response_and_changes_nothing()
    {
        var id = NewId();
        var first = await Runtime.ExecuteStepAsync(Request(id, "k1", "f1"), CounterWorkflow.Increment(3));

        var replay = await Runtime.ExecuteStepAsync(Request(id, "k1", "f1"), CounterWorkflow.Increment(100));

        Assert.Equal(StepOutcome.Replayed, replay.Outcome);
        Assert.Equal(first.Response, replay.Response);
        Assert.Equal(1L, replay.Version);
        Assert.Equal(3, (await StateOf(id)).Count);
        Assert.Single(await Runtime.GetHistoryAsync(id));
    }

    [Fact]
    public async Task The_same_key_with_another_fingerprint_is_refused_without_effect()
    {
        var id = NewId();
        await Runtime.ExecuteStepAsync(Request(id, "k1", "f1"), CounterWorkflow.Increment());

        var reused = await Runtime.ExecuteStepAsync(Request(id, "k1", "f2"), CounterWorkflow.Increment());

        Assert.Equal(StepOutcome.IdempotencyKeyReused, reused.Outcome);
        Assert.Null(reused.Response);
        Assert.Equal(1, (await StateOf(id)).Count);
    }

    [Fact]
    public async Task A_refusal_keeps_the_version_and_its_response_is_replayed()
    {
        var id = NewId();
        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment());

        var refused = await Runtime.ExecuteStepAsync(Request(id, "k"), CounterWorkflow.Refuse(409));
        var replay = await Runtime.ExecuteStepAsync(Request(id, "k"), CounterWorkflow.Increment());

        Assert.Equal((StepOutcome.Applied, 1L, 409), (refused.Outcome, refused.Version, refused.Response!.StatusCode));
        Assert.Equal((StepOutcome.Replayed, 409), (replay.Outcome, replay.Response!.StatusCode));
        Assert.Equal(1L, (await Runtime.GetInstanceAsync(id))!.Version);
    }

    [Fact]
    public async Task A_refusal_of_a_missing_instance_leaves_it_missing()
    {
        var id = NewId();

        var refused = await Runtime.ExecuteStepAsync(Request(id, "k"), CounterWorkflow.Refuse(404));

        Assert.Equal((StepOutcome.Applied, 0L, 404), (refused.Outcome, refused.Version, refused.Response!.StatusCode));
        Assert.Null(await Runtime.GetInstanceAsync(id));
    }

    [Fact]
    public async Task An_unexpected_version_is_a_conflict_and_changes_nothing()
    {
        var id = NewId();
        var create = await Runtime.ExecuteStepAsync(Request(id, expectedVersion: 0), CounterWorkflow.Increment());
        var createAgain = await Runtime.ExecuteStepAsync(Request(id, expectedVersion: 0), CounterWorkflow.Increment());
        var stale = await Runtime.ExecuteStepAsync(Request(id, "k", "f", expectedVersion: 7), CounterWorkflow.Increment());
        var matching = await Runtime.ExecuteStepAsync(Request(id, "k", "f", expectedVersion: 1), CounterWorkflow.Increment());

        Assert.Equal(StepOutcome.Applied, create.Outcome);
        Assert.Equal((StepOutcome.VersionConflict, 1L), (createAgain.Outcome, createAgain.Version));
        Assert.Equal((StepOutcome.VersionConflict, 1L), (stale.Outcome, stale.Version));
        Assert.Equal((StepOutcome.Applied, 2L), (matching.Outcome, matching.Version)); // the conflict did not burn the key
        Assert.Equal(2, (await StateOf(id)).Count);
    }

    [Fact]
    public async Task Concurrent_steps_on_one_instance_lose_no_update()
    {
        var id = NewId();
        const int Writers = 8, StepsEach = 10;

        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var versions = new List<long>();
            for (var n = 0; n < StepsEach; n++)
            {
                versions.Add((await Runtime.ExecuteStepAsync(Request(id, $"w{w}-{n}", "f"), CounterWorkflow.Increment())).Version);
            }

            return versions;
        })));

        Assert.Equal(Writers * StepsEach, (await StateOf(id)).Count);
        Assert.Equal(Enumerable.Range(1, Writers * StepsEach).Select(v => (long)v), results.SelectMany(v => v).Order());
        Assert.Equal(Writers * StepsEach, (await Runtime.GetHistoryAsync(id)).Count);
    }

    [Fact]
    public async Task Concurrent_steps_with_one_key_apply_once()
    {
        var id = NewId();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() =>
            Runtime.ExecuteStepAsync(Request(id, "same", "f"), CounterWorkflow.Increment()))));

        Assert.Single(results, r => r.Outcome == StepOutcome.Applied);
        Assert.All(results, r => Assert.Equal("1", r.Response!.Body));
        Assert.Equal(1, (await StateOf(id)).Count);
    }

    [Fact]
    public async Task A_step_that_throws_fails_alone_while_concurrent_steps_commit()
    {
        var id = NewId();
        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 24).Select(n => Task.Run(async () =>
        {
            Decide decide = n % 3 == 0 ? _ => throw new InvalidOperationException("a bug in Decide") : CounterWorkflow.Increment();
            try
            {
                return (await Runtime.ExecuteStepAsync(Request(id, $"k{n}", "f"), decide)).Outcome.ToString();
            }
            catch (InvalidOperationException)
            {
                return "threw";
            }
        })));

        Assert.Equal(8, outcomes.Count(o => o == "threw"));
        Assert.Equal(16, outcomes.Count(o => o == nameof(StepOutcome.Applied)));
        Assert.Equal(17, (await StateOf(id)).Count);
        Assert.Equal(17L, (await Runtime.GetInstanceAsync(id))!.Version);
        // The failed steps left no key behind: the same key applies now.
        Assert.Equal(StepOutcome.Applied, (await Runtime.ExecuteStepAsync(Request(id, "k0", "f"), CounterWorkflow.Increment())).Outcome);
    }
}
