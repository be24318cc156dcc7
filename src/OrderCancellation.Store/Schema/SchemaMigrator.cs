using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Store.Schema;

/// <summary>
/// Versions live in <c>schema_versions</c> (component, version, name, checksum). The lock:
/// PostgreSQL <c>pg_advisory_xact_lock</c> held by the migrating transaction (DDL is transactional);
/// SQLite <c>BEGIN EXCLUSIVE</c> (and the in-process writer lock).
/// </summary>
internal sealed class SchemaMigrator(
    StoreConnectionFactory connections,
    IEnumerable<SchemaComponent> registered,
    ILogger<SchemaMigrator> logger) : ISchemaMigrator
{
    /// <summary>Arbitrary constant shared by every process that migrates this database.</summary>
    private const long AdvisoryLockKey = 0x0DC0_5C4E_3A11;

    private const string VersionsTable = """
        CREATE TABLE IF NOT EXISTS schema_versions (
            component  text   NOT NULL,
            version    bigint NOT NULL,
            name       text   NOT NULL,
            checksum   text   NOT NULL,
            applied_at bigint NOT NULL,
            PRIMARY KEY (component, version)
        );
        """;

    public async Task MigrateAllAsync(CancellationToken cancellationToken = default)
    {
        await MigrateAsync(SchemaComponent.Queue, cancellationToken);
        foreach (var component in registered.Where(c => c != SchemaComponent.Queue))
        {
            await MigrateAsync(component, cancellationToken);
        }

        Log.SchemaUpToDate(logger, connections.Provider.ToString());
    }

    public Task<int> MigrateAsync(SchemaComponent component, CancellationToken cancellationToken = default)
    {
        var scripts = LoadScripts(component, connections.Provider);
        return connections.Provider == StoreProvider.Postgres
            ? MigratePostgresAsync(component, scripts, cancellationToken)
            : connections.WithSqliteWriterLockAsync(() => MigrateSqliteAsync(component, scripts, cancellationToken), cancellationToken);
    }

    private async Task<int> MigratePostgresAsync(SchemaComponent component, IReadOnlyList<Script> scripts, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = connection.Sql("SELECT pg_advisory_xact_lock(@key)"))
        {
            lockCommand.Transaction = transaction;
            await lockCommand.With("@key", AdvisoryLockKey).ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = await ApplyAsync(connection, transaction, component, scripts, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    private async Task<int> MigrateSqliteAsync(SchemaComponent component, IReadOnlyList<Script> scripts, CancellationToken cancellationToken)
    {
        await using var connection = connections.OpenSqlite();
        await using (var wal = connection.Sql("PRAGMA journal_mode = WAL;"))
        {
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var begin = connection.Sql("BEGIN EXCLUSIVE;"))
        {
            await begin.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var applied = await ApplyAsync(connection, null, component, scripts, cancellationToken);
            await using var commit = connection.Sql("COMMIT;");
            await commit.ExecuteNonQueryAsync(cancellationToken);
            return applied;
        }
        catch
        {
            await using var rollback = connection.Sql("ROLLBACK;");
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
            throw;
        }
    }

    private async Task<int> ApplyAsync(DbConnection connection, DbTransaction? transaction, SchemaComponent component, IReadOnlyList<Script> scripts, CancellationToken cancellationToken)
    {
        await using (var create = connection.Sql(VersionsTable))
        {
            create.Transaction = transaction;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var done = new Dictionary<long, string>();
        await using (var select = connection.Sql("SELECT version, checksum FROM schema_versions WHERE component = @component"))
        {
            select.Transaction = transaction;
            await using var reader = await select.With("@component", component.Name).ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                done[reader.GetInt64(0)] = reader.GetString(1);
            }
        }

        var count = 0;
        foreach (var script in scripts)
        {
            if (done.TryGetValue(script.Version, out var checksum))
            {
                if (checksum != script.Checksum)
                {
                    throw new InvalidOperationException($"Schema script {component.Name}/{script.Name} changed after it was applied; add a new script instead.");
                }

                continue;
            }

            await using (var run = connection.Sql(script.Text))
            {
                run.Transaction = transaction;
                await run.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = connection.Sql("INSERT INTO schema_versions (component, version, name, checksum, applied_at) VALUES (@component, @version, @name, @checksum, @at)"))
            {
                record.Transaction = transaction;
                await record.With("@component", component.Name).With("@version", script.Version).With("@name", script.Name)
                    .With("@checksum", script.Checksum).With("@at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())
                    .ExecuteNonQueryAsync(cancellationToken);
            }

            Log.SchemaScriptApplied(logger, component.Name, script.Name);
            count++;
        }

        return count;
    }

    internal static IReadOnlyList<Script> LoadScripts(SchemaComponent component, StoreProvider provider)
    {
        var folder = provider == StoreProvider.Postgres ? "Postgres" : "Sqlite";
        var prefix = $"{component.ResourcePrefix}.{folder}.";
        var scripts = new List<Script>();
        foreach (var resource in component.Assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[prefix.Length..];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !long.TryParse(name[..dash], out var version))
            {
                throw new InvalidOperationException($"Schema script '{resource}' must be named NNNN-description.sql.");
            }

            using var stream = component.Assembly.GetManifestResourceStream(resource)!;
            using var text = new StreamReader(stream, Encoding.UTF8);
            var sql = text.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            scripts.Add(new Script(version, name, sql, checksum));
        }

        if (scripts.Count == 0)
        {
            throw new InvalidOperationException($"No schema scripts found under '{prefix}' in {component.Assembly.GetName().Name}.");
        }

        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Schema component {component.Name} has two scripts with version {duplicate.Key}.");
        }

        return [.. scripts.OrderBy(s => s.Version)];
    }

    internal sealed record Script(long Version, string Name, string Text, string Checksum);
}
