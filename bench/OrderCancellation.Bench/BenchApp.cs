using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using DurableTask.Core;
using DurableTask.Relational;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OrderCancellation.Api.Auth;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Bench;

/// <summary>
/// The real app (its <c>Program</c>: HTTP API, auth, read model, feeds with the in-process queue consumer, the Durable
/// Task worker and client on our provider) in this process, on Kestrel on a free 127.0.0.1 port, so requests go over
/// real sockets through the whole ASP.NET Core pipeline. Production environment, app logs at Warning on stderr.
/// </summary>
internal sealed class BenchApp : WebApplicationFactory<Program>
{
    public const string SigningKey = "bench-signing-key-0123456789abcdef0123456789";

    private readonly Dictionary<string, string?> _settings;
    private readonly string? _sqliteEngineFile;

    private BenchApp(string provider, string connectionString, int port, IDictionary<string, string?>? extra, string? sqliteEngineFile)
    {
        Provider = provider;
        ConnectionString = connectionString;
        EngineConnectionString = sqliteEngineFile is null ? connectionString : $"Data Source={sqliteEngineFile}";
        _sqliteEngineFile = sqliteEngineFile;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        _settings = new Dictionary<string, string?>
        {
            ["Store:Provider"] = provider,
            ["ConnectionStrings:Store"] = connectionString,
            ["Auth:SigningKey"] = SigningKey,
            ["RateLimits:Enabled"] = "false", // the bench's few callers send thousands of requests a second by design
            ["urls"] = BaseAddress.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(o => o.Listen(IPAddress.Loopback, port));
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    /// <summary>Where the Durable Task provider's tables are: the app's database, unless the experiment of
    /// <c>--sqlite-engine-file separate</c> put them in a file of their own.</summary>
    public string EngineConnectionString { get; }

    public Uri BaseAddress { get; }

    /// <summary>How long the app's own store writes waited to begin (set when the app resolves its connections).</summary>
    public StoreWriteTimings? StoreWrites { get; private set; }

    /// <summary>Starts the app (migrations, the worker, the consumer) and waits until <c>/health/ready</c> answers 200.</summary>
    /// <param name="sqliteEngineFile">An experiment, not how the app runs: the provider on this SQLite file instead of the
    /// app's (its own writer then never waits for the app's, and the other way round).</param>
    public static async Task<BenchApp> StartAsync(string provider, string connectionString, IDictionary<string, string?>? settings = null, string? sqliteEngineFile = null)
    {
        var app = new BenchApp(provider, connectionString, FreePort(), settings, sqliteEngineFile);
        try
        {
            app.StartServer();
            using var probe = new HttpClient { BaseAddress = app.BaseAddress };
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var ready = await probe.GetAsync(new Uri("/health/ready", UriKind.Relative));
                    if (ready.IsSuccessStatusCode)
                    {
                        return app;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }

                if (deadline.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException("the app did not become ready within 60 s");
                }

                await Task.Delay(100);
            }
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client over real sockets to the app's Kestrel, carrying a dev token for <paramref name="role"/>.</summary>
    public HttpClient Client(string role, string subject)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };
        var token = DevTokenIssuer.Issue(new AuthOptions { SigningKey = SigningKey }, role, subject, TimeSpan.FromHours(8), DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// Places <paramref name="ids"/> over HTTP (POST /api/orders, then POST …/payment Verified), 16 at a time: every
    /// order open and paid, its buyer's self-cancel window open. Returns orders placed per second.
    /// </summary>
    public static async Task<double> PlaceAsync(HttpClient marketplace, IReadOnlyList<string> ids, string sellerId)
    {
        var watch = Stopwatch.StartNew();
        var done = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            var order = new
            {
                orderId = id,
                marketplaceId = "ATVPDKIKX0DER",
                buyerId = "B1",
                sellerId,
                fulfillmentChannel = "Merchant",
                purchaseDate = now,
                latestShipDate = now.AddDays(2),
                lines = new[]
                {
                    new { lineId = "L1", sku = "SKU-1", quantity = 2, unitPrice = new { amount = 10.00m, currencyCode = "USD" } },
                    new { lineId = "L2", sku = "SKU-2", quantity = 1, unitPrice = new { amount = 5.00m, currencyCode = "USD" } },
                },
            };
            await PostAsync(marketplace, "/api/orders", order, HttpStatusCode.Created, ct);
            await PostAsync(marketplace, $"/api/orders/{id}/payment", new { status = "Verified" }, HttpStatusCode.OK, ct);
            if (Interlocked.Increment(ref done) % 5000 == 0)
            {
                Report.Progress($"  placed {done} of {ids.Count}");
            }
        });
        return Math.Round(ids.Count / watch.Elapsed.TotalSeconds);
    }

    private static async Task PostAsync(HttpClient http, string path, object body, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, cancellationToken);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>
    /// Waits (up to <paramref name="timeout"/>) until the engine has nothing left to do now: no activity work item and
    /// no orchestration message due (durable timers due later do not count), read from the provider's tables. Returns
    /// how long that took (to 200 ms), or null on time-out.
    /// </summary>
    public async Task<TimeSpan?> WaitUntilIdleAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        var (activities, messages) = Provider == "sqlite" ? ("dt_activities", "dt_messages") : ("dt.activities", "dt.messages");
        await using var connection = OpenEngineDatabase();
        await connection.OpenAsync();
        while (true)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT (SELECT count(*) FROM {activities}) + (SELECT count(*) FROM {messages} WHERE visible_at <= @now)";
            var now = command.CreateParameter();
            now.ParameterName = "@now";
            now.Value = DateTime.UtcNow.Ticks;
            command.Parameters.Add(now);
            if (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return watch.Elapsed;
            }

            if (watch.Elapsed > timeout)
            {
                return null;
            }

            await Task.Delay(200); // each poll is a scan of both tables: PostgreSQL's per-cancel counters include them
        }
    }

    /// <summary>A connection of the bench's own to the app's database (reads only).</summary>
    public DbConnection OpenDatabase() =>
        Provider == "sqlite" ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);

    /// <summary>A connection of the bench's own to the provider's tables (reads only).</summary>
    public DbConnection OpenEngineDatabase() =>
        Provider == "sqlite" ? new SqliteConnection(EngineConnectionString) : new NpgsqlConnection(EngineConnectionString);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseContentRoot(AppContentRoot());
        // Program reads some keys while registering services (Auth:SigningKey), before ConfigureAppConfiguration applies.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
        builder.ConfigureServices(services =>
            services.AddSingleton<IStoreConnectionFactory>(sp => StoreWrites = new StoreWriteTimings(sp.GetRequiredService<StoreConnectionFactory>())));
        if (_sqliteEngineFile is { } engineFile)
        {
            // After the app's registrations (ConfigureTestServices), so this provider replaces the app's.
            builder.ConfigureTestServices(services => services.AddSingleton<IOrchestrationService>(sp => new RelationalOrchestrationService(
                new SqliteProviderOptions { ConnectionString = $"Data Source={engineFile}", TaskHub = "OrderCancellation" },
                sp.GetRequiredService<ILoggerFactory>(),
                sp.GetRequiredService<TimeProvider>())));
        }
        builder.ConfigureLogging(logging =>
        {
            // stdout carries only the bench's JSON lines.
            logging.ClearProviders();
            logging.AddSimpleConsole(o => o.SingleLine = true);
            logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
    }

    /// <summary>
    /// The app project's folder, from the manifest Mvc.Testing writes beside this assembly (WebApplicationFactory looks
    /// for it in the working directory only, which under <c>dotnet run --project</c> is wherever the bench was started);
    /// else this assembly's folder, which holds a copy of the app's appsettings.json.
    /// </summary>
    private static string AppContentRoot()
    {
        var manifest = Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json");
        if (File.Exists(manifest)
            && System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(manifest)) is { } roots
            && roots.TryGetValue(typeof(Program).Assembly.FullName!, out var root)
            && Directory.Exists(root))
        {
            return root;
        }

        return AppContext.BaseDirectory;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
