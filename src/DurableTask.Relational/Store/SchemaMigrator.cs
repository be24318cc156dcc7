using System.Data.Common;
using System.Security.Cryptography;
using System.Text;

namespace DurableTask.Relational.Store;

/// <summary>
/// Applies the embedded, versioned schema scripts (<c>{Database}/Scripts/NNNN-name.sql</c>) that a database has
/// not applied yet, and refuses to start when an applied script was changed afterwards (scripts are immutable:
/// the recorded SHA-256 must match). The caller holds the database's schema lock for the transaction.
/// </summary>
internal static class SchemaMigrator
{
    public static async Task ApplyAsync(DbTransaction transaction, string scriptFolder, SqlDialect dialect)
    {
        var versions = dialect.Tables + "schema_versions";
        await transaction.ExecuteAsync($"""
            CREATE TABLE IF NOT EXISTS {versions} (
                version integer NOT NULL PRIMARY KEY, name text NOT NULL, sha256 text NOT NULL, applied_at bigint NOT NULL)
            """);
        var applied = new Dictionary<int, string>();
        await using (var command = transaction.Command($"SELECT version, sha256 FROM {versions}"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                applied[reader.GetInt32(0)] = reader.GetString(1);
            }
        }

        foreach (var script in Scripts(scriptFolder))
        {
            if (applied.TryGetValue(script.Version, out var hash))
            {
                if (hash != script.Sha256)
                {
                    throw new InvalidOperationException(
                        $"Schema script {script.Name} changed after it was applied (scripts are immutable; add a new one).");
                }

                continue;
            }

            await transaction.ExecuteAsync(dialect.Apply(script.Text));
            await transaction.ExecuteAsync(
                $"INSERT INTO {versions} (version, name, sha256, applied_at) VALUES (@v, @n, @h, @at)",
                ("@v", script.Version), ("@n", script.Name), ("@h", script.Sha256), ("@at", DateTime.UtcNow.Ticks));
        }
    }

    private static IEnumerable<Script> Scripts(string folder)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.{folder}.Scripts.";
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = reader.ReadToEnd();
            var name = resource[prefix.Length..];
            yield return new Script(int.Parse(name[..4], System.Globalization.CultureInfo.InvariantCulture), name, text,
                Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
        }
    }

    private sealed record Script(int Version, string Name, string Text, string Sha256);
}
