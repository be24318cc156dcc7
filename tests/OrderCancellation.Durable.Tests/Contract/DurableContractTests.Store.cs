using OrderCancellation.Durable.Queues;
using OrderCancellation.Durable.Schema;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Storage;
using OrderCancellation.Durable.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace OrderCancellation.Durable.Tests.Contract;

public abstract partial class DurableContractTests
{
    [Fact]
    public async Task A_step_replaces_the_tag_set_dropping_keys_changing_values_and_keeping_the_rest()
    {
        var id = NewId();
        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(tags: new Dictionary<string, string> { ["seller"] = "S1", ["status"] = "Unshipped", ["flag"] = "x" }));

        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(tags: new Dictionary<string, string> { ["seller"] = "S1", ["status"] = "Canceled", ["new"] = "y" }));

        async Task<bool> Finds(string key, string value) =>
            (await Runtime.QueryInstancesAsync(new InstanceQuery(CounterWorkflow.WorkflowName, new Dictionary<string, string> { [key] = value }, null, 10)))
            .Any(i => i.InstanceId == id);
        Assert.Equal(
            (true, true, false, false, true),
            (await Finds("seller", "S1"), await Finds("status", "Canceled"), await Finds("status", "Unshipped"), await Finds("flag", "x"), await Finds("new", "y")));

        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(tags: new Dictionary<string, string>()));
        Assert.False(await Finds("seller", "S1"));
    }

    [Fact]
    public async Task Tags_are_queried_as_an_AND_of_pairs_and_paged_by_instance_id()
    {
        for (var n = 0; n < 7; n++)
        {
            var tags = new Dictionary<string, string> { ["seller"] = n % 2 == 0 ? "S1" : "S2", ["status"] = n < 5 ? "Unshipped" : "Shipped" };
            await Runtime.ExecuteStepAsync(Request($"order-{n}"), CounterWorkflow.Increment(tags: tags));
        }

        // order-0 moves to Shipped: tags are replaced as a whole.
        await Runtime.ExecuteStepAsync(Request("order-0"), CounterWorkflow.Increment(tags: new Dictionary<string, string> { ["seller"] = "S1", ["status"] = "Shipped" }));
        var filter = new Dictionary<string, string> { ["seller"] = "S1", ["status"] = "Unshipped" };
        var page1 = await Runtime.QueryInstancesAsync(new InstanceQuery(CounterWorkflow.WorkflowName, filter, null, 1));
        var page2 = await Runtime.QueryInstancesAsync(new InstanceQuery(CounterWorkflow.WorkflowName, filter, page1[^1].InstanceId, 1));
        var page3 = await Runtime.QueryInstancesAsync(new InstanceQuery(CounterWorkflow.WorkflowName, filter, page2[^1].InstanceId, 1));
        var shipped = await Runtime.QueryInstancesAsync(new InstanceQuery(CounterWorkflow.WorkflowName, new Dictionary<string, string> { ["status"] = "Shipped" }, null, 10));
        var all = await Runtime.QueryInstancesAsync(new InstanceQuery(CounterWorkflow.WorkflowName, new Dictionary<string, string>(), "order-4", 10));
        var otherWorkflow = await Runtime.QueryInstancesAsync(new InstanceQuery("other", filter, null, 10));

        Assert.Equal(["order-2", "order-4"], page1.Concat(page2).Select(i => i.InstanceId));
        Assert.Empty(page3);
        Assert.Equal(["order-0", "order-5", "order-6"], shipped.Select(i => i.InstanceId));
        Assert.Equal(["order-5", "order-6"], all.Select(i => i.InstanceId));
        Assert.Empty(otherWorkflow);
    }

    [Fact]
    public async Task The_embedded_queue_hides_received_messages_counts_dequeues_and_honours_pop_receipts()
    {
        var queue = Host.Queue;
        await queue.CreateIfNotExistsAsync("feeds");
        await queue.CreateIfNotExistsAsync("feeds");
        await queue.SendAsync("feeds", "one");
        await queue.SendAsync("feeds", "two");

        var first = await queue.ReceiveAsync("feeds", 1, TimeSpan.FromSeconds(30));
        var second = await queue.ReceiveAsync("feeds", 5, TimeSpan.FromSeconds(30));
        var none = await queue.ReceiveAsync("feeds", 5, TimeSpan.FromSeconds(30));
        Clock.Advance(TimeSpan.FromSeconds(31));
        var again = await queue.ReceiveAsync("feeds", 1, TimeSpan.FromSeconds(30));
        var staleDelete = await queue.DeleteAsync(first[0]);
        var delete = await queue.DeleteAsync(again[0]);
        Clock.Advance(TimeSpan.FromMinutes(5));
        var rest = await queue.ReceiveAsync("feeds", 5, TimeSpan.FromSeconds(30));

        Assert.Equal(("one", 1), (first.Single().Body, first[0].DequeueCount));
        Assert.Equal("two", second.Single().Body);
        Assert.Empty(none);
        Assert.Equal((first[0].MessageId, 2), (again.Single().MessageId, again[0].DequeueCount));
        Assert.NotEqual(first[0].PopReceipt, again[0].PopReceipt);
        Assert.False(staleDelete);
        Assert.True(delete);
        Assert.Equal(("two", 2), (rest.Single().Body, rest[0].DequeueCount));
        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.SendAsync("never-created", "x"));
    }

    [Fact]
    public async Task The_embedded_queue_extends_a_received_message_under_a_new_pop_receipt()
    {
        var queue = Host.Queue;
        await queue.CreateIfNotExistsAsync("feeds");
        await queue.SendAsync("feeds", "one");
        var received = (await queue.ReceiveAsync("feeds", 1, TimeSpan.FromSeconds(30))).Single();

        Clock.Advance(TimeSpan.FromSeconds(20));
        var extended = await queue.ExtendAsync(received, TimeSpan.FromSeconds(30));
        Clock.Advance(TimeSpan.FromSeconds(20)); // 40 s after the receive, 20 s into the extension
        var hidden = await queue.ReceiveAsync("feeds", 1, TimeSpan.FromSeconds(30));
        var staleExtend = await queue.ExtendAsync(received, TimeSpan.FromSeconds(30));
        var staleDelete = await queue.DeleteAsync(received);
        Clock.Advance(TimeSpan.FromSeconds(11)); // past the extension
        var again = (await queue.ReceiveAsync("feeds", 1, TimeSpan.FromSeconds(30))).Single();
        var lostExtend = await queue.ExtendAsync(extended!, TimeSpan.FromSeconds(30));

        Assert.NotNull(extended);
        Assert.Equal((received.MessageId, "one", 1), (extended.MessageId, extended.Body, extended.DequeueCount));
        Assert.NotEqual(received.PopReceipt, extended.PopReceipt);
        Assert.Empty(hidden);
        Assert.Null(staleExtend);
        Assert.False(staleDelete);
        Assert.Equal((received.MessageId, 2), (again.MessageId, again.DequeueCount));
        Assert.Null(lostExtend);
        Assert.True(await queue.DeleteAsync(again));
    }

    [Fact]
    public async Task Purge_deletes_finished_instances_older_than_the_cutoff_with_everything_they_own()
    {
        var old = NewId();
        var busy = NewId();
        var running = NewId();
        var recent = NewId();
        await Runtime.ExecuteStepAsync(Request(old, "k"), CounterWorkflow.Increment(status: InstanceStatus.Completed, tags: new Dictionary<string, string> { ["a"] = "b" }));
        await Runtime.ExecuteStepAsync(Request(busy), CounterWorkflow.Increment(status: InstanceStatus.Completed, activities: [new ActivityRequest("record", "")]));
        await Runtime.ExecuteStepAsync(Request(running), CounterWorkflow.Increment());
        await Runtime.ExecuteStepAsync(Request("ghost", "k"), CounterWorkflow.Refuse(404));
        Clock.Advance(TimeSpan.FromDays(40));
        await Runtime.ExecuteStepAsync(Request(recent), CounterWorkflow.Increment(status: InstanceStatus.Terminated));

        var purged = await Runtime.PurgeAsync(Clock.GetUtcNow().AddDays(-30));

        Assert.Equal(1, purged);
        Assert.Null(await Runtime.GetInstanceAsync(old));
        Assert.Empty(await Runtime.GetHistoryAsync(old));
        Assert.NotNull(await Runtime.GetInstanceAsync(busy));
        Assert.NotNull(await Runtime.GetInstanceAsync(running));
        Assert.NotNull(await Runtime.GetInstanceAsync(recent));
        Assert.Empty(await Runtime.QueryInstancesAsync(new InstanceQuery(CounterWorkflow.WorkflowName, new Dictionary<string, string> { ["a"] = "b" }, null, 10)));
        // The purged instance's key is gone (the id could start afresh), and so is the orphan key of "ghost".
        var reborn = await Runtime.ExecuteStepAsync(Request(old, "k"), CounterWorkflow.Increment());
        var ghost = await Runtime.ExecuteStepAsync(Request("ghost", "k"), CounterWorkflow.Increment());
        Assert.Equal((StepOutcome.Applied, 1L), (reborn.Outcome, reborn.Version));
        Assert.Equal((StepOutcome.Applied, 1L), (ghost.Outcome, ghost.Version));
    }

    [Fact]
    public async Task Completed_is_reported_only_once_nothing_is_pending()
    {
        var id = NewId();
        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(status: InstanceStatus.Completed, activities: [new ActivityRequest("record", "")]));

        var before = await Runtime.GetStatusAsync(id);
        await Runtime.RunDueActivitiesAsync();
        var after = await Runtime.GetStatusAsync(id);

        Assert.Equal((InstanceStatus.Completed, InstanceStatus.Running), (before!.Instance.Status, before.RuntimeStatus));
        Assert.Equal(InstanceStatus.Completed, after!.RuntimeStatus);
        Assert.Equal("count=1", after.Instance.CustomStatus);
    }

    [Fact]
    public async Task Migrations_run_again_and_concurrently_without_effect()
    {
        var migrator = Host.Services.GetRequiredService<ISchemaMigrator>();
        await using var second = await StartHostAsync();

        var reruns = await Task.WhenAll(
            migrator.MigrateAsync(SchemaComponent.Durable),
            second.Services.GetRequiredService<ISchemaMigrator>().MigrateAsync(SchemaComponent.Durable));

        Assert.Equal([0, 0], reruns);
        await using var connection = await Host.Services.GetRequiredService<IStoreConnectionFactory>().OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM durable_schema_versions";
        Assert.Equal(1L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Another_component_migrates_its_own_scripts_and_writes_its_rows_in_the_step_transaction()
    {
        var component = new SchemaComponent("test-app", typeof(DurableContractTests).Assembly, "OrderCancellation.Durable.Tests.Schema");
        var migrator = Host.Services.GetRequiredService<ISchemaMigrator>();
        var applied = await migrator.MigrateAsync(component);
        var reapplied = await migrator.MigrateAsync(component);
        var id = NewId();

        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(writes: (tx, ct) =>
            tx.Command("INSERT INTO app_notes (instance_id, note) VALUES (@id, @note)").With("@id", id).With("@note", "kept").ExecuteNonQueryAsync(ct)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(writes: async (tx, ct) =>
        {
            await tx.Command("INSERT INTO app_notes (instance_id, note) VALUES (@id, @note)").With("@id", id).With("@note", "rolled back").ExecuteNonQueryAsync(ct);
            throw new InvalidOperationException("the app refuses");
        })));

        Assert.Equal((2, 0), (applied, reapplied));
        Assert.Equal(1, (await StateOf(id)).Count);
        await using var connection = await Host.Services.GetRequiredService<IStoreConnectionFactory>().OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT note FROM app_notes";
        await using var reader = await command.ExecuteReaderAsync();
        var notes = new List<string>();
        while (await reader.ReadAsync())
        {
            notes.Add(reader.GetString(0));
        }

        Assert.Equal(["kept"], notes);
    }

    [Fact]
    public async Task The_ready_health_check_reports_the_store()
    {
        var health = Host.Services.GetRequiredService<HealthCheckService>();

        var report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Contains("durable-store", report.Entries.Keys);
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_at_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => Support.TestHost.StartAsync(Provider, ConnectionString, Clock, new Dictionary<string, string?>
        {
            ["Durable:MaxActivityAttempts"] = "0",
        }));

        Assert.Contains("MaxActivityAttempts", error.Message, StringComparison.Ordinal);
    }
}
