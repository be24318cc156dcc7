using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderCancellation.Durable;
using OrderCancellation.TestSupport;

namespace OrderCancellation.Bench;

/// <summary>
/// Where the scenarios run: a fresh store per scenario (a SQLite file in a temp folder, or a database on a
/// PostgreSQL started here with fsync on, or on --pg), and a real runtime host around it.
/// </summary>
public sealed class BenchEnvironment : IAsyncDisposable
{
    private readonly PostgresServer? _server;
    private readonly List<SqliteTempFile> _files = [];

    private BenchEnvironment(BenchOptions options, PostgresServer? server)
    {
        Options = options;
        _server = server;
    }

    public BenchOptions Options { get; }

    public string Provider => Options.Store == "postgres" ? "postgres" : "sqlite";

    public static async Task<BenchEnvironment> CreateAsync(BenchOptions options)
    {
        var server = options.Store == "postgres" && options.PostgresConnectionString is null
            ? await PostgresServer.StartAsync(fsync: true)
            : null;
        return new BenchEnvironment(options, server);
    }

    /// <summary>A new empty store; returns its connection string.</summary>
    public async Task<string> NewStoreAsync(string name)
    {
        if (Provider == "sqlite")
        {
            var file = new SqliteTempFile($"{name}.db");
            _files.Add(file);
            return file.ConnectionString;
        }

        if (_server is not null)
        {
            return await _server.CreateDatabaseAsync(name.Replace('-', '_'));
        }

        // --pg: a fresh database on the given server.
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(Options.PostgresConnectionString);
        var database = $"bench_{name.Replace('-', '_')}_{Guid.NewGuid():N}"[..40];
        await using (var connection = new Npgsql.NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection).ExecuteNonQueryAsync();
        }

        builder.Database = database;
        return builder.ConnectionString;
    }

    /// <summary>Starts a runtime host on the store; pollers off unless settings turn them on.</summary>
    public async Task<IHost> StartHostAsync(string connectionString, Action<IServiceCollection> configure, IDictionary<string, string?>? settings = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Provider"] = Provider,
            ["ConnectionStrings:Store"] = connectionString,
            ["Durable:PollersEnabled"] = "false",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDurableRuntime(builder.Configuration);
        configure(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Prints one JSON line, with the store and the process' memory.</summary>
    public void Report(string scenario, object values)
    {
        var line = new Dictionary<string, object?> { ["scenario"] = scenario, ["store"] = Provider };
        foreach (var property in values.GetType().GetProperties())
        {
            line[property.Name] = property.GetValue(values);
        }

        using var process = Process.GetCurrentProcess();
        line["workingSetMb"] = Math.Round(process.WorkingSet64 / 1048576.0, 1);
        line["machine"] = $"{Environment.ProcessorCount} cores";
        Console.Out.WriteLine(JsonSerializer.Serialize(line));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
