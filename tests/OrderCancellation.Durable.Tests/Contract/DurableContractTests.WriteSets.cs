using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Storage;
using OrderCancellation.Durable.Tests.Support;

namespace OrderCancellation.Durable.Tests.Contract;

/// <summary>
/// A batch writes its steps' rows merged (one statement per kind of row); what it leaves in the store must be
/// exactly what the same steps leave when they run one by one.
/// </summary>
public abstract partial class DurableContractTests
{
    [Fact]
    public async Task A_batch_leaves_the_store_exactly_as_its_steps_run_one_by_one()
    {
        var (batched, lone) = ((NewId(), NewId(), NewId()), (NewId(), NewId(), NewId()));
        foreach (var (x, y, _) in new[] { batched, lone })
        {
            await Runtime.ExecuteStepAsync(Request(x), CounterWorkflow.Increment(tags: Tags(("s", "new"), ("q", "z"))));
            await Runtime.ExecuteStepAsync(Request(y), CounterWorkflow.Increment(timers: [Timer("t9", 9)], tags: Tags(("s", "new"))));
        }

        await Runtime.ExecuteStepsAsync(Steps(batched));
        foreach (var step in Steps(lone))
        {
            await Runtime.ExecuteStepAsync(step.Request, step.Decide);
        }

        Assert.Equal(await DumpAsync(lone), await DumpAsync(batched));
    }

    [Fact]
    public async Task A_batch_with_the_apps_own_writes_is_written_step_by_step_and_still_leaves_the_same_store()
    {
        await Host.Services.GetRequiredService<Schema.ISchemaMigrator>().MigrateAsync(
            new Schema.SchemaComponent("test-app", typeof(DurableContractTests).Assembly, "OrderCancellation.Durable.Tests.Schema"));
        var (batched, lone) = ((NewId(), NewId(), NewId()), (NewId(), NewId(), NewId()));
        foreach (var (x, y, _) in new[] { batched, lone })
        {
            await Runtime.ExecuteStepAsync(Request(x), CounterWorkflow.Increment(tags: Tags(("s", "new"), ("q", "z"))));
            await Runtime.ExecuteStepAsync(Request(y), CounterWorkflow.Increment(timers: [Timer("t9", 9)], tags: Tags(("s", "new"))));
        }

        await Runtime.ExecuteStepsAsync([.. Steps(batched), Noted(batched.Item1)]);
        foreach (var step in Steps(lone).Append(Noted(lone.Item1)))
        {
            await Runtime.ExecuteStepAsync(step.Request, step.Decide);
        }

        Assert.Equal(await DumpAsync(lone), await DumpAsync(batched));
        Assert.Equal(2L, await NotesAsync(batched.Item1, lone.Item1));
    }

    /// <summary>A step that also writes the app's own row (<c>app_notes</c>) in the step's transaction.</summary>
    private static (StepRequest Request, Decide Decide) Noted(string id) =>
        (Request(id, "noted", "f"), CounterWorkflow.Increment(writes: (tx, ct) =>
            tx.Command("INSERT INTO app_notes (instance_id, note) VALUES (@id, 'noted')").With("@id", id).ExecuteNonQueryAsync(ct)));

    private async Task<long> NotesAsync(params string[] ids)
    {
        await using var connection = await Host.Services.GetRequiredService<IStoreConnectionFactory>().OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM app_notes WHERE instance_id IN ('{string.Join("', '", ids)}')";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Creates, updates, refuses, completes; timers scheduled, moved, cancelled, re-scheduled; activities; tags changed, dropped, emptied.</summary>
    private List<(StepRequest Request, Decide Decide)> Steps((string X, string Y, string Z) ids)
    {
        var (x, y, z) = ids;
        return
        [
            (Request(x, "k1", "f"), CounterWorkflow.Increment(1, timers: [Timer("t1", 1), Timer("t2", 2)], tags: Tags(("s", "open"), ("q", "z")))),
            (Request(z, "k1", "f"), CounterWorkflow.Increment(7, activities: [Work("a0")], tags: Tags(("s", "created")))),
            (Request(y), CounterWorkflow.Increment(2, activities: [Work("a1")], cancel: ["t9"])),
            (Request(x, "k2", "f"), CounterWorkflow.Increment(3, timers: [Timer("t2", 3), Timer("t3", 4)], cancel: ["t1"], activities: [Work("a2"), Work("a3")], tags: Tags(("s", "closing")))),
            (Request(x, "k3", "f"), CounterWorkflow.Refuse(409)),
            (Request(y, "k4", "f"), CounterWorkflow.Increment(4, timers: [Timer("t4", 5)], tags: Tags(), status: InstanceStatus.Completed)),
            (Request(x, "k5", "f"), CounterWorkflow.Increment(5, timers: [Timer("t1", 6)], cancel: ["t3"], tags: Tags(("s", "done"), ("p", "x")))),
            (Request(z, "k6", "f"), CounterWorkflow.Increment(1, timers: [Timer("t5", 7)], cancel: ["t5"])),
        ];
    }

    private TimerRequest Timer(string name, int hours) => new(name, Clock.GetUtcNow().AddHours(hours), $"payload-{name}");

    private static ActivityRequest Work(string payload) => new(RecordingActivity.DefaultName, payload);

    private static Dictionary<string, string> Tags(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    /// <summary>Every row the runtime keeps for the three instances, with their ids replaced by x, y, z.</summary>
    private async Task<List<string>> DumpAsync((string X, string Y, string Z) ids)
    {
        var names = new Dictionary<string, string> { [ids.X] = "x", [ids.Y] = "y", [ids.Z] = "z" };
        var rows = new List<string>();
        await using var connection = await Host.Services.GetRequiredService<IStoreConnectionFactory>().OpenConnectionAsync();
        foreach (var (table, columns) in new[]
        {
            ("durable_instances", "workflow_name, state, version, status, custom_status, created_at, updated_at"),
            ("durable_history", "version, position, event_type, data, at"),
            ("durable_timers", "name, due_at, payload"),
            ("durable_activities", "name, payload, state, attempts, claim_token, next_attempt_at, created_at"),
            ("durable_tags", "tag_key, tag_value"),
            ("durable_idempotency", "idempotency_key, fingerprint, status_code, body, version, created_at"),
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT instance_id, {columns} FROM {table} WHERE instance_id IN ('{ids.X}', '{ids.Y}', '{ids.Z}')";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add($"{table}: {names[reader.GetString(0)]} " + string.Join(" | ", Enumerable.Range(1, reader.FieldCount - 1).Select(c => Value(reader, c))));
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string Value(DbDataReader reader, int column) => reader.IsDBNull(column) ? "NULL" : Convert.ToString(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture)!;
}
