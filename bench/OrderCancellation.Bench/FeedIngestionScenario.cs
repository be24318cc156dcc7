using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Model;
using OrderCancellation.Durable;
using OrderCancellation.Functions.Feeds;
using OrderCancellation.Functions.Feeds.Processing;
using OrderCancellation.Functions.Feeds.Store;
using OrderCancellation.Functions.Orders;
using OrderCancellation.Bench.Scenarios;
using OrderCancellation.TestSupport;

namespace OrderCancellation.Bench;

/// <summary>
/// <c>feeds [sqlite|postgres|all] [records] [repeat]</c>: feed ingestion throughput and memory. Places orders (4 records
/// each: three cancel, the fourth finds the order canceled), stores an adjustment feed, then times
/// <see cref="FeedProcessor.ProcessAsync"/> alone (the queue carries one message per feed; it is not what
/// costs). Pollers are off so activities do not compete. Three 20,000-record feeds run first, unreported (warm-up).
/// Prints one JSON line per (store, size): records/s, the raw store ceiling measured in the same run, the
/// process' CPU time (and its kernel share), managed allocations and file bytes written and read per record (all its threads), the
/// CPU time of the PostgreSQL server's processes per record, the machine's idle and stolen (hypervisor) CPU share, the
/// garbage collections during processing, and the peak managed heap sampled every 20 ms during processing, for a 10,000-record
/// feed and the large one (<c>repeat</c> times: on a shared VM one run can be slowed by steal).
/// </summary>
internal static class FeedIngestionScenario
{
    public const string Name = "feeds";

    public static async Task<int> RunAsync(string[] args)
    {
        var stores = args.Length > 0 && args[0] != "all" ? [args[0]] : new[] { "sqlite", "postgres" };
        var records = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var repeat = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1;
        foreach (var store in stores)
        {
            await using var database = await Database.StartAsync(store);

            // A service ingests feeds all day: unreported feeds first let the JIT tier the hot paths up, so the figures
            // below are the steady state, not the first seconds of a process. Three, because code that runs once per
            // batch of 1,000 records is promoted after 30 calls: one 20,000-record feed left it unoptimized, and the
            // JIT still took ≈ 5 % of the measured feed's CPU.
            for (var warmUp = 0; warmUp < 3; warmUp++)
            {
                await MeasureAsync(store, database.ConnectionString, 20_000, ceiling: 0);
            }

            var ceiling = await CeilingAsync(store, database.ConnectionString);
            foreach (var size in new[] { 10_000 }.Concat(Enumerable.Repeat(records, repeat)))
            {
                Console.WriteLine(JsonSerializer.Serialize(await MeasureAsync(store, database.ConnectionString, size, ceiling)));
            }
        }

        return 0;
    }

    /// <summary>The raw store's ceiling in this run: single-row UPDATE transactions/s, one writer, on the same database.</summary>
    private static async Task<double> CeilingAsync(string store, string connectionString)
    {
        using var host = Build(store, connectionString);
        await host.StartAsync();
        var ceiling = await StoreCeiling.MeasureAsync(host.Services.GetRequiredService<OrderCancellation.Durable.Storage.IStoreConnectionFactory>(), 1, TimeSpan.FromSeconds(3));
        await host.StopAsync();
        return ceiling;
    }

    private static async Task<object> MeasureAsync(string store, string connectionString, int records, double ceiling)
    {
        using var host = Build(store, connectionString);
        await host.StartAsync();
        var services = host.Services;
        var sellerId = $"bench-{Guid.NewGuid():N}"[..14];
        var orders = records / 4;
        var setup = Stopwatch.StartNew();
        var ids = await PlaceAsync(services.GetRequiredService<OrderCommands>(), sellerId, orders);
        var document = FeedDocuments.FromBytes(Encoding.UTF8.GetBytes(AdjustmentFeed(ids)));
        var feedId = Guid.CreateVersion7().ToString("N");
        var feedStore = services.GetRequiredService<FeedStore>();
        await feedStore.CreateAsync(new NewFeed(feedId, sellerId, "POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA", DateTimeOffset.UtcNow), document, default);
        var setupSeconds = setup.Elapsed.TotalSeconds;
        var documentBytes = document.Length;
        document = null;
        ids = null;

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(true);
        long peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(20);
            }
        });
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var collections = GC.CollectionCount(0);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var kernelCpu = Process.GetCurrentProcess().PrivilegedProcessorTime;
        var serverCpu = store == "postgres" ? ServerCpu.Now() : null;
        var wal = store == "postgres" ? await ServerWal.PositionAsync(connectionString) : (long?)null;
        var io = ProcessIo.Now();
        var machine = MachineCpu.Now();
        Console.Error.WriteLine($"{store}: measuring a {records}-record feed");
        var clock = Stopwatch.StartNew();
        await services.GetRequiredService<FeedProcessor>().ProcessAsync(feedId, default);
        var seconds = clock.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"{store}: measured in {seconds:F1} s");
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        kernelCpu = Process.GetCurrentProcess().PrivilegedProcessorTime - kernelCpu;
        serverCpu = store == "postgres" ? ServerCpu.Now() - serverCpu : null;
        wal = store == "postgres" ? await ServerWal.PositionAsync(connectionString) - wal : null;
        io = ProcessIo.Now() - io;
        machine = MachineCpu.Now() - machine;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        collections = GC.CollectionCount(0) - collections;
        await sampling.CancelAsync();
        await sampler;
        var feed = (await feedStore.GetAsync(feedId, default))!;
        await host.StopAsync();
        return new
        {
            scenario = "feed-ingestion",
            store,
            records,
            documentBytes,
            status = feed.Status.ToString(),
            processed = feed.Summary.MessagesProcessed,
            successful = feed.Summary.MessagesSuccessful,
            withError = feed.Summary.MessagesWithError,
            seconds = Math.Round(seconds, 2),
            recordsPerSecond = Math.Round(records / seconds),
            targetRecordsPerSecond = store == "sqlite" ? 20_000 : 10_000,
            ceilingTxPerSecond = ceiling,
            ceilingWhat = "single-row UPDATE transactions/s, one writer, same store and run",
            appCpuMicrosecondsPerRecord = Math.Round(cpu.TotalMicroseconds / records, 1),
            appKernelCpuMicrosecondsPerRecord = Math.Round(kernelCpu.TotalMicroseconds / records, 1),
            serverCpuMicrosecondsPerRecord = serverCpu is { } server ? Math.Round(server.Total.TotalMicroseconds / records, 1) : (double?)null,
            serverKernelCpuMicrosecondsPerRecord = serverCpu is { } serverKernel ? Math.Round(serverKernel.Kernel.TotalMicroseconds / records, 1) : (double?)null,
            allocatedBytesPerRecord = allocated / records,
            garbageCollections = collections,
            serverWalBytesPerRecord = wal / records,
            machineIdlePercent = machine?.IdlePercent,
            machineStealPercent = machine?.StealPercent,
            fileBytesWrittenPerRecord = io?.Written / records,
            fileBytesReadPerRecord = io?.Read / records,
            baselineManagedMb = Math.Round(baseline / 1048576.0, 1),
            peakManagedMb = Math.Round(peak / 1048576.0, 1),
            peakWorkingSetMb = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
            setupSeconds = Math.Round(setupSeconds, 1),
        };
    }

    private static IHost Build(string store, string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Provider"] = store,
            ["ConnectionStrings:Store"] = connectionString,
            ["Durable:PollersEnabled"] = "false",
            ["Feeds:ConsumerEnabled"] = "false",
        });
        builder.Services.AddDurableRuntime(builder.Configuration);
        builder.Services.AddOrders(builder.Configuration);
        builder.Services.AddFeeds(builder.Configuration);
        return builder.Build();
    }

    private static async Task<List<string>> PlaceAsync(OrderCommands commands, string sellerId, int count)
    {
        var ids = Enumerable.Range(1, count).Select(i => $"{sellerId}-{i:D7}").ToList();
        var marketplace = Actor.Marketplace("bench");
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, token) =>
        {
            var now = DateTimeOffset.UtcNow;
            var place = new OrderCommand.PlaceOrder(marketplace, now, id, "ATVPDKIKX0DER", "B1", sellerId, FulfillmentChannel.Merchant, now, now.AddDays(2),
                [new OrderLine("L1", "SKU-1", 2, new Money(10m, "USD")), new OrderLine("L2", "SKU-2", 1, new Money(5m, "USD"))]);
            await commands.ExecuteAsync(id, place, cancellationToken: token);
            await commands.ExecuteAsync(id, new OrderCommand.Payment(marketplace, now, PaymentStatus.Verified), cancellationToken: token);
        });
        return ids;
    }

    private static string AdjustmentFeed(IEnumerable<string> ids)
    {
        var text = new StringBuilder("order-id\torder-item-id\tadjustment-reason-code\tquantity-cancelled\n");
        foreach (var id in ids)
        {
            text.Append(id).Append("\tL1\tNoInventory\t1\n").Append(id).Append("\tL1\tCustomerCancel\t1\n")
                .Append(id).Append("\tL2\tNoInventory\t1\n").Append(id).Append("\tL1\tNoInventory\t1\n");
        }

        return text.ToString();
    }

    /// <summary>A SQLite temp file, or a private PostgreSQL server (fsync on) with one database.</summary>
    private sealed class Database : IAsyncDisposable
    {
        private SqliteTempFile? _sqlite;
        private PostgresServer? _postgres;

        public string ConnectionString { get; private set; } = string.Empty;

        public static async Task<Database> StartAsync(string store)
        {
            var database = new Database();
            if (store == "sqlite")
            {
                database._sqlite = new SqliteTempFile();
                database.ConnectionString = database._sqlite.ConnectionString;
            }
            else
            {
                database._postgres = await PostgresServer.StartAsync(fsync: true);
                database.ConnectionString = await database._postgres.CreateDatabaseAsync("bench_feeds");
            }

            return database;
        }

        public async ValueTask DisposeAsync()
        {
            _sqlite?.Dispose();
            if (_postgres is not null)
            {
                await _postgres.DisposeAsync();
            }
        }
    }
}
