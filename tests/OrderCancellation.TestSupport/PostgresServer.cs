using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OrderCancellation.TestSupport;

/// <summary>
/// A private PostgreSQL server for one test run (or one bench run): <c>initdb</c> into a temp folder,
/// <c>pg_ctl start</c> on a free loopback port with trust auth, stopped and deleted on dispose.
/// initdb and pg_ctl refuse to run as root, so as root they run as the <c>postgres</c> user (runuser) on a
/// folder chowned to it. Binaries: <c>PG_BIN</c>, else the newest <c>/usr/lib/postgresql/*/bin</c>
/// (installed by scripts/install-test-deps.sh).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _root;
    private readonly bool _asPostgresUser;
    private int _databases;

    private PostgresServer(string bin, string root, bool asPostgresUser, int port)
    {
        _bin = bin;
        _root = root;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Starts a server. <paramref name="fsync"/> false (tests) skips fsync: safe against a killed client or
    /// server process, not against an OS crash; the bench keeps it on.</summary>
    public static async Task<PostgresServer> StartAsync(bool fsync = false, CancellationToken cancellationToken = default)
    {
        var bin = FindBin();
        var asPostgresUser = Environment.UserName == "root"; // the effective user on Unix
        var root = Path.Combine(Path.GetTempPath(), $"oc-pg-{Guid.NewGuid():N}"[..20]);
        Directory.CreateDirectory(root);
        if (asPostgresUser)
        {
            await RunAsync("chown", ["-R", "postgres", root], cancellationToken);
        }

        var server = new PostgresServer(bin, root, asPostgresUser, FreePort());
        try
        {
            await server.PgAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], cancellationToken);
            var settings = string.Join(' ', new[]
            {
                $"-p {server.Port}",
                "-c listen_addresses=127.0.0.1",
                $"-c unix_socket_directories={root}",
                "-c max_connections=300",
                "-c shared_buffers=128MB",
                $"-c fsync={(fsync ? "on" : "off")}",
                $"-c full_page_writes={(fsync ? "on" : "off")}",
            });
            await server.PgAsync("pg_ctl", ["-D", server.DataDirectory, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", settings, "start"], cancellationToken);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Pooling = true,
            MaxPoolSize = 50,
            Timeout = 30,
            CommandTimeout = 60,
        }.ConnectionString;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null, CancellationToken cancellationToken = default)
    {
        var full = $"{prefix ?? "test"}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        var name = full[..Math.Min(40, full.Length)].ToLowerInvariant(); // a short prefix makes it shorter than 40
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Task.Run(Stop);
    }

    private void Stop()
    {
        if (!Directory.Exists(_root))
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                PgAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None).GetAwaiter().GetResult();
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        // The server's last processes may still be removing their files for a moment after pg_ctl returns.
        for (var attempt = 0; attempt < 20 && Directory.Exists(_root); attempt++)
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(100);
            }
        }
    }

    private Task PgAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        _asPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args], cancellationToken)
            : RunAsync(Path.Combine(_bin, tool), args, cancellationToken);

    private static async Task RunAsync(string file, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        // pg_ctl start leaves the server holding inherited pipes; read to end only until the tool exits.
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            var error = await Task.WhenAny(stderr, Task.Delay(1000, cancellationToken)) == stderr ? await stderr : string.Empty;
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {error}");
        }
    }

    private static string FindBin()
    {
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }

        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .ToList()
            : [];
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL binaries not found: run scripts/install-test-deps.sh or set PG_BIN.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
