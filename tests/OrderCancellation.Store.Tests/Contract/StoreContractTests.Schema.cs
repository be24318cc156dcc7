using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Store.Schema;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Store.Tests.Contract;

public abstract partial class StoreContractTests
{
    /// <summary>The test component: Schema/{Sqlite,Postgres}/NNNN-*.sql embedded in this assembly.</summary>
    private static SchemaComponent TestComponent { get; } = new("test-app", typeof(StoreContractTests).Assembly, "OrderCancellation.Store.Tests.Schema");

    [Fact]
    public async Task Migrations_run_again_and_concurrently_without_effect()
    {
        await using var second = await StartHostAsync();

        var reruns = await Task.WhenAll(
            Host.Migrator.MigrateAsync(SchemaComponent.Queue),
            second.Migrator.MigrateAsync(SchemaComponent.Queue));
        await Task.WhenAll(Host.Migrator.MigrateAllAsync(), second.Migrator.MigrateAllAsync());

        Assert.Equal([0, 0], reruns);
        Assert.Equal(["queue/1"], await VersionsAsync());
    }

    [Fact]
    public async Task Another_components_scripts_are_applied_after_the_stores_own_and_its_rows_are_written_in_write_transactions()
    {
        // A fresh store: the host's start migrates the store's tables, then the component's, whose last script uses them.
        await using var host = await StartHostAsync(await CreateStoreAsync(), configure: services => services.AddStoreSchema(TestComponent));
        var reapplied = await host.Migrator.MigrateAsync(TestComponent);

        await using (var tx = await host.Connections.BeginWriteAsync())
        {
            await tx.Command("INSERT INTO app_notes (note_id, note) VALUES (@id, @note)").With("@id", "n1").With("@note", "kept").ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }

        await using (var tx = await host.Connections.BeginWriteAsync(WritePriority.Interactive))
        {
            await tx.Command("INSERT INTO app_notes (note_id, note) VALUES (@id, @note)").With("@id", "n2").With("@note", "rolled back").ExecuteNonQueryAsync();
            // Disposed without a commit: rolled back.
        }

        Assert.Equal(0, reapplied);
        Assert.Equal(["queue/1", "test-app/1", "test-app/2", "test-app/3"], await VersionsAsync(host));
        await host.Queue.SendAsync("notes", "the component's queue exists");
        await using var connection = await host.Connections.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT note_id, note FROM app_notes ORDER BY note_id";
        await using var reader = await command.ExecuteReaderAsync();
        var notes = new List<string>();
        while (await reader.ReadAsync())
        {
            notes.Add($"{reader.GetString(0)}:{reader.GetString(1)}");
        }

        Assert.Equal(["n1:kept"], notes);
    }

    /// <summary>Every row of schema_versions as component/version.</summary>
    private async Task<List<string>> VersionsAsync(Support.TestHost? host = null)
    {
        await using var connection = await (host ?? Host).Connections.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT component, version FROM schema_versions ORDER BY component, version";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(FormattableString.Invariant($"{reader.GetString(0)}/{reader.GetInt64(1)}"));
        }

        return rows;
    }
}
