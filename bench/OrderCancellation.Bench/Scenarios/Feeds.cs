using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using OrderCancellation.Api.Orders;

namespace OrderCancellation.Bench.Scenarios;

/// <summary>
/// Feed ingestion through the real app: orders placed over HTTP (4 records each in the feed), then
/// <c>POST /api/feeds?feedType=POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA</c> as their seller and
/// <c>GET /api/feeds/{id}</c> every 100 ms until it is DONE (the app's own queue consumer picks it up). Per feed: records/s
/// from the submission until DONE, the process' memory sampled every 50 ms while it ran (working set and managed heap,
/// against a baseline after a full collection), and the read model's lag: from the feed's DONE until the read model
/// shows every cancellation (the last order's history over HTTP; the whole feed in the read model's tables, then
/// confirmed by listing the seller's canceled orders over HTTP).
/// </summary>
internal sealed class Feeds : IScenario
{
    private const string FeedType = "POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA";

    /// <summary>Records per order that cancel something (<see cref="AdjustmentFeed"/>): the fourth finds nothing left.</summary>
    private const int ExpectedCancels = 3;

    public string Name => "feeds";

    public string Description => "a 10,000- and a 100,000-record feed over HTTP: records/s until DONE, memory, read model lag";

    public async Task RunAsync(BenchRun run)
    {
        var backend = run.Backend.Name;
        var store = await run.Backend.NewStoreAsync("feeds");
        await using var app = await BenchApp.StartAsync(backend, store, sqliteEngineFile: CancelLatency.EngineFile(run, store));
        using var marketplace = app.Client("marketplace", "M1");
        var runId = Guid.NewGuid().ToString("N")[..6];

        Report.Progress($"warm-up feed: {run.Options.WarmupRecords} records");
        await MeasureAsync(run, app, marketplace, $"W{runId}", run.Options.WarmupRecords, report: false);
        foreach (var records in new[] { run.Options.SmallRecords, run.Options.Records })
        {
            await MeasureAsync(run, app, marketplace, $"S{runId}{records}", records, report: true);
        }
    }

    private async Task MeasureAsync(BenchRun run, BenchApp app, HttpClient marketplace, string sellerId, int records, bool report)
    {
        var backend = run.Backend.Name;
        using var seller = app.Client("seller", sellerId);
        var ids = Enumerable.Range(1, records / 4).Select(i => $"{sellerId}-{i:D7}").ToArray();
        Report.Progress($"{records} records: placing {ids.Length} orders for {sellerId}");
        var placedPerSecond = await BenchApp.PlaceAsync(marketplace, ids, sellerId);
        var idleBefore = await app.WaitUntilIdleAsync(TimeSpan.FromMinutes(10));
        var document = Encoding.UTF8.GetBytes(AdjustmentFeed(ids));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baselineManaged = GC.GetTotalMemory(true);
        var baselineWorkingSet = Environment.WorkingSet;
        var memory = new MemorySampler();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var wal = backend == "postgres" ? await WalPositionAsync(app) : (long?)null;

        Report.Progress($"{records} records: submitting the feed ({document.Length} bytes)");
        app.StoreWrites?.TakeSummary();
        await DatabaseStats.SettleAsync(app);
        var stats = await DatabaseStats.ReadAsync(app);
        var period = new MeasuredPeriod();
        using var content = new ByteArrayContent(document);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/tab-separated-values");
        using var submitted = await seller.PostAsync(new Uri($"/api/feeds?feedType={FeedType}", UriKind.Relative), content);
        if (submitted.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST /api/feeds: {(int)submitted.StatusCode} {await submitted.Content.ReadAsStringAsync()}");
        }

        var feedId = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("feedId").GetString()!;
        JsonElement feed;
        var lastProgress = Stopwatch.StartNew();
        while (true)
        {
            feed = await GetJsonAsync(seller, $"/api/feeds/{feedId}");
            var status = feed.GetProperty("processingStatus").GetString();
            if (status is "DONE" or "FATAL" || period.Elapsed > run.Options.FeedTimeout)
            {
                break;
            }

            if (lastProgress.Elapsed > TimeSpan.FromSeconds(15))
            {
                Report.Progress($"  {status}: {feed.GetProperty("summary").GetProperty("messagesProcessed").GetInt64()} of {records} after {period.Elapsed.TotalSeconds:F0} s");
                lastProgress.Restart();
            }

            await Task.Delay(100);
        }

        period.Stop();
        var seconds = period.Elapsed.TotalSeconds;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var gcs = new { gen0 = GC.CollectionCount(0) - collections.Item1, gen1 = GC.CollectionCount(1) - collections.Item2, gen2 = GC.CollectionCount(2) - collections.Item3 };
        wal = backend == "postgres" ? await WalPositionAsync(app) - wal : null;
        var peak = memory.Stop();
        var storeWrites = app.StoreWrites?.TakeSummary();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var liveAtDone = GC.GetTotalMemory(true); // what is still referenced at DONE, while the effects' backlog drains
        var finalStatus = feed.GetProperty("processingStatus").GetString();
        var summary = feed.GetProperty("summary");
        var processed = summary.GetProperty("messagesProcessed").GetInt64();
        var successful = summary.GetProperty("messagesSuccessful").GetInt64();
        var done = finalStatus == "DONE";
        Report.Progress($"{records} records: {finalStatus} after {seconds:F1} s ({processed} processed)");

        // The read model's lag after DONE (measured from the feed's own end time, which the app stamped when it wrote DONE).
        object? lag = null;
        if (done)
        {
            var endedAt = feed.GetProperty("processingEndTime").GetDateTimeOffset();
            lag = await ReadModelLagAsync(app, seller, sellerId, ids, ExpectedCancels * ids.Length, endedAt, run.Options.LagTimeout);
        }

        var idleAfter = await app.WaitUntilIdleAsync(TimeSpan.FromMinutes(10));
        await DatabaseStats.SettleAsync(app);

        var serverPerRecord = (await DatabaseStats.ReadAsync(app))?.Per(stats, records);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var afterManaged = GC.GetTotalMemory(true);
        if (!report)
        {
            return;
        }

        var started = feed.TryGetProperty("processingStartTime", out var s) && s.ValueKind == JsonValueKind.String ? s.GetDateTimeOffset() : (DateTimeOffset?)null;
        var ended = feed.TryGetProperty("processingEndTime", out var e) && e.ValueKind == JsonValueKind.String ? e.GetDateTimeOffset() : (DateTimeOffset?)null;
        var perSecond = Math.Round((done ? records : processed) / seconds);
        var target = backend == "sqlite" ? 5000 : 2000;
        var serverCpu = period.ServerCpuTime();
        Report.Line(Name, backend, run.Ceiling, period, new
        {
            records,
            experiment = app.EngineConnectionString != app.ConnectionString ? "provider on its own SQLite file (--sqlite-engine-file separate), not as the app runs" : null,
            orders = ids.Length,
            documentBytes = document.Length,
            status = finalStatus,
            processed,
            successful,
            withError = summary.GetProperty("messagesWithError").GetInt64(),
            expectedSuccessful = ExpectedCancels * ids.Length,
            successfulButNotApplied = done && successful > ExpectedCancels * ids.Length ? successful - (ExpectedCancels * ids.Length) : (long?)null,
            seconds = Math.Round(seconds, 2),
            recordsPerSecond = perSecond,
            partial = done ? null : $"stopped waiting after {run.Options.FeedTimeout.TotalMinutes:F0} min: recordsPerSecond is processed / seconds so far",
            processingRecordsPerSecond = started is { } a && ended is { } b && b > a ? Math.Round(records / (b - a).TotalSeconds) : (double?)null,
            target = new { recordsPerSecond = target, met = done && perSecond >= target },
            readModelLag = lag,
            appStoreWritesUntilDone = storeWrites,
            memory = new
            {
                baselineWorkingSetMb = Report.Mb(baselineWorkingSet),
                peakWorkingSetMb = Report.Mb(peak.WorkingSet),
                baselineManagedMb = Report.Mb(baselineManaged),
                peakManagedMb = Report.Mb(peak.Managed),
                liveManagedAtDoneMb = Report.Mb(liveAtDone),
                afterManagedMb = Report.Mb(afterManaged),
                what = "peak: sampled every 50 ms while the feed ran (managed: GC.GetTotalMemory(false), garbage included); live: after a full collection, at DONE and after the read model caught up",
                samples = peak.Samples,
            },
            allocatedBytesPerRecord = allocated / records,
            garbageCollections = gcs,
            processCpuUsPerRecord = Math.Round(period.ProcessCpu().TotalMicroseconds / Math.Max(processed, 1), 1),
            serverCpuUsPerRecord = serverCpu is { } server ? Math.Round(server.TotalMicroseconds / Math.Max(processed, 1), 1) : (double?)null,
            serverWalBytesPerRecord = wal / Math.Max(processed, 1),
            engineIdleSecondsAfterDone = idleAfter is { } i ? Math.Round(i.TotalSeconds, 1) : (double?)null,
            idleBeforeSeconds = idleBefore is { } j ? Math.Round(j.TotalSeconds, 1) : (double?)null,
            placedOrdersPerSecond = placedPerSecond,
            perOrder = await EngineHistory.AfterLastEventRaisedAsync(app, ids[ids.Length / 2]),
            serverPerRecord,
        });
    }

    /// <summary>
    /// Polls every 50 ms until the read model shows every cancellation of the feed: the last order's history over HTTP
    /// (<c>GET /api/orders/{id}/history</c>: its three <c>LinesCanceled</c>), and every order of the feed in the read
    /// model's tables (each order tagged Canceled for its seller, and three <c>LinesCanceled</c> events per order: not the
    /// feed summary's successful count, which may count records answered 202 Pending as successes). Then walks <c>GET /api/orders?status=Canceled</c> as the seller to confirm the API lists them all.
    /// </summary>
    private static async Task<object> ReadModelLagAsync(
        BenchApp app, HttpClient seller, string sellerId, string[] ids, long expectedEvents, DateTimeOffset endedAt, TimeSpan timeout)
    {
        double? lastOrderMs = null, allMs = null;
        long events = 0, canceled = 0;
        var watch = Stopwatch.StartNew();
        await using var connection = app.OpenDatabase();
        await connection.OpenAsync();
        while ((lastOrderMs is null || allMs is null) && watch.Elapsed < timeout)
        {
            if (lastOrderMs is null)
            {
                var history = await GetJsonAsync(seller, $"/api/orders/{ids[^1]}/history");
                if (history.GetProperty("events").EnumerateArray().Count(x => x.GetProperty("eventType").GetString() == "LinesCanceled") >= 3)
                {
                    lastOrderMs = Math.Round((DateTimeOffset.UtcNow - endedAt).TotalMilliseconds);
                }
            }

            if (allMs is null)
            {
                (events, canceled) = await CountAsync(connection, sellerId);
                if (events >= expectedEvents && canceled >= ids.Length)
                {
                    allMs = Math.Round((DateTimeOffset.UtcNow - endedAt).TotalMilliseconds);
                }
            }

            await Task.Delay(50);
        }

        var walk = Stopwatch.StartNew();
        var listed = 0;
        string? token = null;
        do
        {
            var page = await GetJsonAsync(seller, $"/api/orders?status=Canceled&pageSize=100{(token is null ? string.Empty : $"&pageToken={Uri.EscapeDataString(token)}")}");
            listed += page.GetProperty("orders").GetArrayLength();
            token = page.TryGetProperty("nextPageToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (token is not null);

        return new
        {
            lastOrderHistoryMs = lastOrderMs,
            allCancellationsMs = allMs,
            timedOut = lastOrderMs is null || allMs is null,
            linesCanceledEvents = events,
            canceledOrders = canceled,
            listedCanceledOverHttp = listed,
            listWalkMs = Math.Round(walk.Elapsed.TotalMilliseconds),
            what = "ms from the feed's processingEndTime (DONE) until the read model showed them",
        };
    }

    private static async Task<(long Events, long Canceled)> CountAsync(DbConnection connection, string sellerId)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM order_events WHERE order_id >= @lo AND order_id < @hi AND event_type = 'LinesCanceled'),
                   (SELECT count(*) FROM order_view_tags WHERE name = @name AND value = @value)
            """;
        Add(command, "@lo", sellerId + "-");
        Add(command, "@hi", sellerId + ".");
        Add(command, "@name", OrderTags.SellerOrderStatus);
        Add(command, "@value", OrderTags.Combine(sellerId, "Canceled"));
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task<long> WalPositionAsync(BenchApp app)
    {
        await using var connection = app.OpenDatabase();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Per order: L1 NoInventory 1, L1 CustomerCancel 1, L2 NoInventory 1 (the order is now canceled), and
    /// L1 NoInventory 1 again, which fails (nothing left): 3 successes and 1 error per order, as the retired bench's feed.</summary>
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

    /// <summary>The process' working set and managed heap, sampled every 50 ms until stopped; keeps the peaks.</summary>
    private sealed class MemorySampler
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampling;
        private long _workingSet;
        private long _managed;
        private int _samples;

        public MemorySampler() => _sampling = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _workingSet = Math.Max(_workingSet, Environment.WorkingSet);
                _managed = Math.Max(_managed, GC.GetTotalMemory(false));
                _samples++;
                try
                {
                    await Task.Delay(50, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });

        public (long WorkingSet, long Managed, int Samples) Stop()
        {
            _stop.Cancel();
            _sampling.GetAwaiter().GetResult();
            _stop.Dispose();
            return (_workingSet, _managed, _samples);
        }
    }
}
