using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Model;
using OrderCancellation.Durable.Storage;
using OrderCancellation.Functions.Auth;
using OrderCancellation.Functions.Orders;

namespace OrderCancellation.Bench.Scenarios;

/// <summary>
/// Latency of <c>POST /api/orders/{id}/cancel</c> (a buyer self-cancel within the window: one step that
/// writes the state, history, deletes four timers, enqueues five activities and rewrites the tags) at 1, 16
/// and 64 concurrent clients, against the real app in its own process on Kestrel (127.0.0.1), over real
/// sockets, with its pollers running. Each cancel hits its own order, placed and paid beforehand. The raw
/// store ceiling (single-row UPDATE transactions through the runtime's connection factory) is measured in
/// the same run, on a store of its own, before the app starts.
/// </summary>
public sealed class CancelLatencyScenario : IScenario
{
    private const string SigningKey = "bench-signing-key-0123456789abcdef0123456789";
    private static readonly int[] Concurrencies = [1, 16, 64];

    public string Name => "cancel-latency";

    public string Description => "POST /api/orders/{id}/cancel p50/p90/p99 and throughput at 1, 16, 64 clients (app on Kestrel, own process)";

    public async Task RunAsync(BenchEnvironment environment)
    {
        var cancels = CancelsPerLevel();
        await MeasureCeilingAsync(environment);
        await MeasureCommandServiceAsync(environment, cancels);

        var store = await environment.NewStoreAsync("cancel-latency");
        using var app = await AppProcess.StartAsync(environment.Provider, store, SigningKey);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = app.BaseAddress,
        };
        var marketplace = Token("marketplace", "M1");
        var buyer = Token("buyer", "B1");

        // Warm-up: the JIT's tiers (a service runs optimized code after its first seconds), connection pools, caches.
        await CancelAllAsync(http, buyer, await PlaceAsync(http, marketplace, WarmUpCancels(), "warm"), 16);

        foreach (var concurrency in Concurrencies)
        {
            var count = concurrency == 1 ? Math.Min(cancels, 1000) : cancels;
            var orders = await PlaceAsync(http, marketplace, count, $"c{concurrency}");

            // Each level starts with an empty outbox: the activities of the warm-up, of placing the orders and of the
            // previous level would otherwise still be running, and the level would pay for work that is not its own.
            var drained = await Outbox.WaitUntilEmptyAsync(environment.Provider, store);
            var watch = Stopwatch.StartNew();
            var (latencies, errors) = await CancelAllAsync(http, buyer, orders, concurrency);
            var seconds = watch.Elapsed.TotalSeconds;
            var sorted = latencies.Order().ToArray();
            var p99 = Percentile(sorted, 0.99);
            environment.Report(Name, new
            {
                server = $"kestrel {app.BaseAddress.Authority} (separate process)",
                concurrency,
                requests = sorted.Length,
                errors,
                seconds = Math.Round(seconds, 2),
                throughputPerSecond = Math.Round(sorted.Length / seconds, 0),
                p50Ms = Percentile(sorted, 0.50),
                p90Ms = Percentile(sorted, 0.90),
                p99Ms = p99,
                maxMs = sorted.Length == 0 ? double.NaN : Math.Round(sorted[^1], 2),
                targetP99Ms = environment.Provider == "sqlite" && concurrency == 16 ? 20 : (int?)null,
                meetsTarget = environment.Provider == "sqlite" && concurrency == 16 ? p99 < 20 : (bool?)null,
                outboxDrainSeconds = Math.Round(drained.TotalSeconds, 1),
                appWorkingSetMb = app.WorkingSetMb(),
            });
        }
    }

    private static int CancelsPerLevel() => IntArgument("--cancels", 4000);

    private static int WarmUpCancels() => IntArgument("--warmup", 4000);

    private static int IntArgument(string name, int fallback)
    {
        var args = Environment.GetCommandLineArgs();
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The store's ceiling on this machine: single-row UPDATE transactions, as the durable bench measures it.</summary>
    private static async Task MeasureCeilingAsync(BenchEnvironment environment)
    {
        var store = await environment.NewStoreAsync("cancel-ceiling");
        using var host = await environment.StartHostAsync(store, _ => { });
        var connections = host.Services.GetRequiredService<IStoreConnectionFactory>();
        const int rows = 64 * 64;
        await using (var tx = await connections.BeginWriteAsync())
        {
            await tx.Command("CREATE TABLE bench_ceiling (id integer PRIMARY KEY, n bigint NOT NULL)").ExecuteNonQueryAsync();
            for (var id = 0; id < rows; id++)
            {
                await tx.Command("INSERT INTO bench_ceiling (id, n) VALUES (@id, 0)").With("@id", id).ExecuteNonQueryAsync();
            }

            await tx.CommitAsync();
        }

        foreach (var concurrency in Concurrencies)
        {
            var latencies = new List<double>[concurrency];
            var end = Stopwatch.GetTimestamp() + (3 * Stopwatch.Frequency);
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
            {
                var mine = latencies[worker] = [];
                for (var n = 0; Stopwatch.GetTimestamp() < end; n++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await using var tx = await connections.BeginWriteAsync();
                    await tx.Command("UPDATE bench_ceiling SET n = n + 1 WHERE id = @id").With("@id", (worker * 64) + (n % 64)).ExecuteNonQueryAsync();
                    await tx.CommitAsync();
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            })));
            var sorted = latencies.SelectMany(l => l).Order().ToArray();
            environment.Report("store-ceiling", new
            {
                concurrency,
                txPerSecond = Math.Round(sorted.Length / watch.Elapsed.TotalSeconds, 0),
                p50Ms = Percentile(sorted, 0.50),
                p99Ms = Percentile(sorted, 0.99),
                what = "single-row UPDATE transaction (raw store ceiling, same run)",
            });
        }
    }

    /// <summary>
    /// The same cancels through <see cref="OrderCommands"/> in this process (no HTTP, no auth, no JSON body):
    /// what the durable step itself costs, to tell the store's share of the HTTP latency from the rest.
    /// </summary>
    private static async Task MeasureCommandServiceAsync(BenchEnvironment environment, int cancels)
    {
        var store = await environment.NewStoreAsync("cancel-steps");
        using var host = await environment.StartHostAsync(store, s => s.AddOrders(new ConfigurationBuilder().Build()));
        var commands = host.Services.GetRequiredService<OrderCommands>();
        var buyer = Actor.Buyer("B1");
        // Level 0 is the warm-up (16 clients, not reported): the JIT's tiers, pools, caches.
        foreach (var concurrency in Concurrencies.Prepend(0))
        {
            var count = concurrency switch { 0 => WarmUpCancels(), 1 => Math.Min(cancels, 1000), _ => cancels };
            var clients = concurrency == 0 ? 16 : concurrency;
            var ids = Enumerable.Range(0, count).Select(n => $"STEP-c{concurrency}-{n:D6}").ToArray();
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, ct) =>
            {
                var now = DateTimeOffset.UtcNow;
                var placed = await commands.ExecuteAsync(id, new OrderCommand.PlaceOrder(
                    Actor.Marketplace("M1"), now, id, "ATVPDKIKX0DER", "B1", "S1", FulfillmentChannel.Merchant, now, now.AddDays(2),
                    [new OrderLine("L1", "SKU-1", 2, new Money(10m, "USD")), new OrderLine("L2", "SKU-2", 1, new Money(5m, "USD"))]), cancellationToken: ct);
                var paid = await commands.ExecuteAsync(id, new OrderCommand.Payment(Actor.Marketplace("M1"), now, PaymentStatus.Verified), cancellationToken: ct);
                if (!placed.Succeeded || !paid.Succeeded)
                {
                    throw new InvalidOperationException($"{id}: {placed.Response.Body} {paid.Response.Body}");
                }
            });

            var next = -1;
            var latencies = new List<double>[clients];
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(worker => Task.Run(async () =>
            {
                var mine = latencies[worker] = [];
                int n;
                while ((n = Interlocked.Increment(ref next)) < ids.Length)
                {
                    var start = Stopwatch.GetTimestamp();
                    var result = await commands.ExecuteAsync(ids[n], new OrderCommand.Cancel(buyer, DateTimeOffset.UtcNow, "Ordered by mistake"));
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    if (result.Outcome != Outcome.Canceled)
                    {
                        throw new InvalidOperationException(result.Response.Body);
                    }
                }
            })));
            if (concurrency == 0)
            {
                continue;
            }

            var sorted = latencies.SelectMany(l => l).Order().ToArray();
            environment.Report("cancel-step", new
            {
                concurrency,
                requests = sorted.Length,
                stepsPerSecond = Math.Round(sorted.Length / watch.Elapsed.TotalSeconds, 0),
                p50Ms = Percentile(sorted, 0.50),
                p90Ms = Percentile(sorted, 0.90),
                p99Ms = Percentile(sorted, 0.99),
                what = "OrderCommands.ExecuteAsync(Cancel) in process, pollers off: the step without HTTP",
            });
        }
    }

    private static async Task<string[]> PlaceAsync(HttpClient http, string token, int count, string prefix)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var ids = Enumerable.Range(0, count).Select(n => $"BENCH-{prefix}-{run}-{n:D6}").ToArray();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            var order = new
            {
                orderId = id,
                marketplaceId = "ATVPDKIKX0DER",
                buyerId = "B1",
                sellerId = "S1",
                fulfillmentChannel = "Merchant",
                purchaseDate = now,
                latestShipDate = now.AddDays(2),
                lines = new[]
                {
                    new { lineId = "L1", sku = "SKU-1", quantity = 2, unitPrice = new { amount = 10.00m, currencyCode = "USD" } },
                    new { lineId = "L2", sku = "SKU-2", quantity = 1, unitPrice = new { amount = 5.00m, currencyCode = "USD" } },
                },
            };
            await SendAsync(http, token, "/api/orders", order, HttpStatusCode.Created, ct);
            await SendAsync(http, token, $"/api/orders/{id}/payment", new { status = "Verified" }, HttpStatusCode.OK, ct);
        });
        return ids;
    }

    private static async Task<(List<double> Latencies, int Errors)> CancelAllAsync(HttpClient http, string token, string[] orders, int concurrency)
    {
        var next = -1;
        var errors = 0;
        var latencies = new List<double>[concurrency];
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = [];
            int n;
            while ((n = Interlocked.Increment(ref next)) < orders.Length)
            {
                var start = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/orders/{orders[n]}/cancel") { Content = JsonContent.Create(new { reason = "Ordered by mistake" }) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        return ([.. latencies.SelectMany(l => l)], errors);
    }

    private static async Task SendAsync(HttpClient http, string token, string path, object body, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static string Token(string role, string subject) =>
        DevTokenIssuer.Issue(new AuthOptions { SigningKey = SigningKey }, role, subject, TimeSpan.FromHours(4), DateTimeOffset.UtcNow);

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))], 2);

    /// <summary>The app as deployed standalone: its own process (the Release build beside this one), Kestrel on a free loopback port.</summary>
    private sealed class AppProcess : IDisposable
    {
        private readonly Process _process;

        private AppProcess(Process process, Uri baseAddress)
        {
            _process = process;
            BaseAddress = baseAddress;
        }

        public Uri BaseAddress { get; }

        public static async Task<AppProcess> StartAsync(string provider, string connectionString, string signingKey)
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "OrderCancellation.Functions.dll");
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet", [dll])
            {
                WorkingDirectory = AppContext.BaseDirectory,
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var env = start.Environment;
            env["ASPNETCORE_ENVIRONMENT"] = "Production";
            env["DOTNET_ENVIRONMENT"] = "Production";
            env["Urls"] = $"http://127.0.0.1:{port}";
            env["Store__Provider"] = provider;
            env["ConnectionStrings__Store"] = connectionString;
            env["Auth__SigningKey"] = signingKey;
            env["Logging__LogLevel__Default"] = "Warning";
            env["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";

            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the app");
            process.OutputDataReceived += (_, e) => { };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    Console.Error.WriteLine($"[app] {e.Data}");
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"));
            using var probe = new HttpClient { BaseAddress = app.BaseAddress };
            var deadline = DateTime.UtcNow.AddSeconds(60);
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

                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    app.Dispose();
                    throw new InvalidOperationException("the app did not become ready");
                }

                await Task.Delay(200);
            }
        }

        public double WorkingSetMb()
        {
            _process.Refresh();
            return Math.Round(_process.WorkingSet64 / 1048576.0, 1);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
