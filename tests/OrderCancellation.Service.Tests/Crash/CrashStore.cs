using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.TestSupport;

namespace OrderCancellation.Service.Tests.Crash;

/// <summary>One row of <c>ledger_entries</c>, read straight from the store (no endpoint serves it).</summary>
public sealed record LedgerRow(string ActivityId, string OrderId, string Kind, string? Sku, int? Quantity, decimal? Amount);

/// <summary>The database the killed and the restarted service share, and what the test reads from it directly.</summary>
public abstract class CrashStore : IAsyncDisposable
{
    private const string SelectLedger = "SELECT activity_id, order_id, kind, sku, quantity, amount FROM ledger_entries";

    public abstract string Name { get; }

    /// <summary>The settings that point the service at this store.</summary>
    public abstract IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>A folder of this run's own: the child's working directory.</summary>
    public abstract string Folder { get; }

    public async Task<IReadOnlyList<LedgerRow>> LedgerAsync()
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = SelectLedger;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<LedgerRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new LedgerRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : Convert.ToInt32(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(5) ? null : decimal.Parse(reader.GetString(5), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    public abstract ValueTask DisposeAsync();

    protected abstract DbConnection Open();
}

public sealed class SqliteCrashStore : CrashStore
{
    private readonly SqliteTempFile _file = new("crash.db");

    public override string Name => "sqlite";

    public override string Folder => _file.Folder;

    public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Store:Provider"] = "sqlite",
        ["ConnectionStrings:Store"] = _file.ConnectionString,
    };

    public override ValueTask DisposeAsync()
    {
        _file.Dispose();
        return ValueTask.CompletedTask;
    }

    // Read-only and unpooled: the test never holds the file the service writes (WAL lets both read at once).
    protected override DbConnection Open() => new SqliteConnection($"Data Source={_file.FilePath};Mode=ReadOnly;Pooling=False");
}

public sealed class PostgresCrashStore : CrashStore
{
    private readonly string _connectionString;
    private readonly string _folder = Directory.CreateTempSubdirectory("oc-crash-pg-").FullName;

    private PostgresCrashStore(string connectionString) => _connectionString = connectionString;

    public override string Name => "postgres";

    public override string Folder => _folder;

    public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Store:Provider"] = "postgres",
        ["ConnectionStrings:Store"] = _connectionString,
    };

    public static async Task<PostgresCrashStore> CreateAsync() => new(await SharedPostgres.CreateDatabaseAsync());

    public override ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }

    protected override DbConnection Open() => new NpgsqlConnection(_connectionString);
}
