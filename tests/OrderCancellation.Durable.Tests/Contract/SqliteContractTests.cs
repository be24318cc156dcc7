using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Tests.Support;
using OrderCancellation.TestSupport;

namespace OrderCancellation.Durable.Tests.Contract;

/// <summary>The contract on a real SQLite file (WAL), one file per test; plus what only SQLite does: batches decided before they take the writer.</summary>
public sealed class SqliteContractTests : DurableContractTests
{
    private readonly SqliteTempFile _file = new();

    protected override string Provider => "sqlite";

    protected override Task<string> CreateStoreAsync() => Task.FromResult(_file.ConnectionString);

    [Fact]
    public async Task A_batch_planned_before_another_writer_moved_its_instance_is_decided_again_under_the_writer()
    {
        var id = NewId();
        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment());

        var results = await Runtime.ExecuteStepsAsync([(Request(id, "mine", "f"), Racing(() => Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(10))))]);

        Assert.Equal((StepOutcome.Applied, 3L, "12"), (results[0].Outcome, results[0].Version, results[0].Response!.Body));
        Assert.Equal(12, (await StateOf(id)).Count);
    }

    [Fact]
    public async Task A_batch_planned_before_another_writer_created_its_instance_is_decided_again_under_the_writer()
    {
        var id = NewId();

        var results = await Runtime.ExecuteStepsAsync([(Request(id, "mine", "f"), Racing(() => Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(10))))]);

        Assert.Equal((StepOutcome.Applied, 2L, "11"), (results[0].Outcome, results[0].Version, results[0].Response!.Body));
        Assert.Equal(11, (await StateOf(id)).Count);
    }

    [Fact]
    public async Task A_batch_planned_before_another_writer_stored_its_key_replays_that_answer()
    {
        var id = NewId();
        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment());

        var results = await Runtime.ExecuteStepsAsync([(Request(id, "mine", "f"), Racing(() => Runtime.ExecuteStepAsync(Request(id, "mine", "f"), CounterWorkflow.Refuse(409))))]);

        Assert.Equal((StepOutcome.Replayed, 409), (results[0].Outcome, results[0].Response!.StatusCode));
        Assert.Equal(1, (await StateOf(id)).Count);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }

    /// <summary>
    /// Adds one; the first time it is called (planning, which holds no lock on SQLite) another writer's step
    /// commits first, as a concurrent request would.
    /// </summary>
    private static Decide Racing(Func<Task<StepResult>> otherWriter)
    {
        var calls = 0;
        return current =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                otherWriter().GetAwaiter().GetResult();
            }

            return CounterWorkflow.Increment()(current);
        };
    }
}
