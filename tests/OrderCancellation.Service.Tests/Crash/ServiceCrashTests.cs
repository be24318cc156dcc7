using System.Globalization;
using Xunit.Abstractions;

namespace OrderCancellation.Service.Tests.Crash;

/// <summary>The crash tests run one at a time: each drives a service process of its own, and a 2-core machine is shared.</summary>
[CollectionDefinition(Name)]
public sealed class CrashCollection
{
    public const string Name = "Service crash";
}

/// <summary>
/// DESIGN §10: "2xx = durable; nothing accepted is lost on kill -9; no effect applied twice after a restart; no timer fires
/// early". The real service runs as a child process on a store of its own, its payment and inventory endpoints pointing at
/// a receiver in the test (<see cref="EffectReceiver"/>: it answers 200 after a short pause, so kills land mid-call). Eight
/// clients place and pay orders, cancel (seller and buyer, partial and whole) and ship, every command with an
/// Idempotency-Key, while short timers (buyer window, auto-cancel warning, auto-cancel) come due. Once the clients have had
/// a number of answers and the receiver a number of calls, the service is killed with SIGKILL (whole tree) mid-load and
/// started again on the same database; the clients go on, sending what got no answer again with the same key and bytes.
/// Then, waiting only for observed conditions: every command got an answer (a 202 Pending: its outcome appears at its
/// Location, the command never raised again); every answered command's effect is in the order and in its history exactly
/// once (found by the key it carries in its note, tracking id or reason) and nothing refused is; every key replays its
/// answer (byte for byte, except a 202'd command's, which was never kept: the same decision); each shipment is captured
/// once, each restocked cancellation restocked once, the authorization released once when the order closed; the ledger
/// holds exactly what the receiver got, one row per effect id, and a key delivered again carried the same body; every short
/// timer that came due fired, and no timer-made event is dated or recorded before its deadline. Latency is never asserted.
/// A restarted service waits out the leases the killed one held (the provider's LockTimeout, 1 minute by default, which
/// the app does not configure), so clients see 202s and waits of up to a minute after the restart.
/// </summary>
[Collection(CrashCollection.Name)]
public abstract class ServiceCrashTests(ITestOutputHelper output)
{
    public const string SigningKey = "crash-test-signing-key-0123456789abcdef0123";

    public static readonly TimeSpan BuyerWindow = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan AutoCancelAfter = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan WarningBefore = TimeSpan.FromSeconds(3);

    private const int Clients = 8;
    private const int OrdersPerClient = 5; // ≈ 170 commands in all

    /// <summary>Answers seen before the kill, drawn in [45, 95) for each run (of ≈ 170): the kill lands anywhere in the first half of the load.</summary>
    private static int KillAfter() => Random.Shared.Next(45, 95);

    /// <summary>Downstream calls seen before the kill: effects are under way when it lands.</summary>
    private const int CallsBeforeKill = 15;

    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);

    /// <summary>How long one command may take to be answered and decided, across the kill, the restart and the lease wait.</summary>
    private static readonly TimeSpan CommandDeadline = TimeSpan.FromSeconds(150);

    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(120);

    protected abstract Task<CrashStore> CreateStoreAsync();

    [Fact]
    public async Task Killed_mid_load_and_restarted_it_keeps_every_answer_applies_no_effect_twice_and_fires_no_timer_early()
    {
        await using var store = await CreateStoreAsync();
        await using var receiver = await EffectReceiver.StartAsync(TimeSpan.FromMilliseconds(150));
        using var driver = new CrashDriver(SigningKey, CommandDeadline);
        using var stop = new CancellationTokenSource();
        var settings = Settings(store, receiver);
        ServiceProcess? service = null;
        var load = Task.CompletedTask;
        try
        {
            service = await ServiceProcess.StartAsync("first", settings, store.Folder, Startup);
            driver.Target = service.BaseAddress;
            load = Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(() => driver.RunClientAsync(c, OrdersPerClient, stop.Token))));

            var first = service;
            var killAfter = KillAfter();
            await UntilAsync(() => Task.FromResult((driver.Answered >= killAfter && receiver.Calls.Count >= CallsBeforeKill) || load.IsCompleted), Startup,
                () => Task.FromResult($"{driver.Answered} of {killAfter} answers and {receiver.Calls.Count} of {CallsBeforeKill} downstream calls before the kill; the service's last lines:\n{first.Tail()}"));
            if (load.IsCompleted)
            {
                await load; // its exception, if it failed
                Assert.Fail($"The load finished before {killAfter} answers and {CallsBeforeKill} downstream calls: nothing was in flight at the kill.");
            }

            driver.Target = null;
            await service.KillAsync();
            var answeredAtKill = driver.Answered;
            output.WriteLine($"{store.Name}: killed pid {service.Id} (SIGKILL, whole tree) at {answeredAtKill} answers (threshold {killAfter}), {receiver.Calls.Count} downstream calls");
            await service.DisposeAsync();
            service = null;

            var clock = System.Diagnostics.Stopwatch.StartNew();
            service = await ServiceProcess.StartAsync("restarted", settings, store.Folder, Startup);
            driver.Target = service.BaseAddress;
            output.WriteLine($"restarted on the same database as pid {service.Id} at {service.BaseAddress} after {clock.Elapsed.TotalSeconds:0.0} s");
            await load.WaitAsync(CommandDeadline + TimeSpan.FromSeconds(30));
            output.WriteLine($"every client done {clock.Elapsed.TotalSeconds:0.0} s after the restart");

            var commands = driver.Commands;
            var audit = new CrashAudit(WarningBefore);
            await ReplayAsync(driver, commands, audit, stop.Token);

            var restarted = service;
            var (orders, received, ledger) = await QuietAsync(driver, receiver, store, restarted, stop.Token);
            var notifications = new Dictionary<string, Reply>(StringComparer.Ordinal);
            foreach (var id in driver.Orders)
            {
                notifications[id] = await driver.GetAsync($"/api/orders/{id}/notifications", stop.Token);
            }

            output.WriteLine($"quiet (effects done, short timers fired, history caught up, ledger = receiver) {clock.Elapsed.TotalSeconds:0.0} s after the restart");
            var effects = CrashAudit.Effects(received);
            audit.Check(commands, orders, notifications, effects, received, ledger);

            output.WriteLine(Summary(commands, orders, effects, received, ledger, answeredAtKill));
            Assert.True(commands.All(c => c.NotFoundWhilePending == 0), "A placing's Location answered 404 order-not-found before its outcome (it must answer 202 Pending).");
            Assert.True(audit.Failures.Count == 0, $"{audit.Report()}\n{Summary(commands, orders, effects, received, ledger, answeredAtKill)}\nThe restarted service's last lines:\n{restarted.Tail()}");
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(30))); // the clients stop; a failure of theirs was reported above

            if (service is not null)
            {
                await service.DisposeAsync();
            }
        }
    }

    public static Dictionary<string, string> Settings(CrashStore store, EffectReceiver receiver)
    {
        var settings = new Dictionary<string, string>(store.Settings)
        {
            ["Auth:SigningKey"] = SigningKey,
            ["Payments:Endpoint"] = receiver.Url("payments").AbsoluteUri,
            ["Inventory:Endpoint"] = receiver.Url("inventory").AbsoluteUri,
            ["Cancellation:BuyerSelfCancelWindow"] = BuyerWindow.ToString("c", CultureInfo.InvariantCulture),
            ["Cancellation:AutoCancelAfterLatestShipDate"] = AutoCancelAfter.ToString("c", CultureInfo.InvariantCulture),
            ["Cancellation:AutoCancelWarningBefore"] = WarningBefore.ToString("c", CultureInfo.InvariantCulture),
            // The restarted host waits out the killed one's leases: the shortest allowed keeps the test short.
            ["Workflow:LockTimeout"] = "00:00:10",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        return settings;
    }

    /// <summary>Every command answered (a 202 Pending: once decided) is sent again with its key and bytes: the same answer comes back.</summary>
    private static async Task ReplayAsync(CrashDriver driver, IReadOnlyList<SentCommand> commands, CrashAudit audit, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(commands.Where(c => c.Final is not null), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (c, ct) =>
        {
            var replay = await driver.ReplayAsync(c, ct);
            lock (audit)
            {
                if (replay is null)
                {
                    audit.Fail($"{c}: no answer to its replay");
                }
                else if (!c.Answer!.IsPending && (replay.Status != c.Answer.Status || replay.Body != c.Answer.Body))
                {
                    audit.Fail($"{c}: answered {c.Answer}, its replay {replay}");
                }
                // A 202'd command was not kept: its replay is answered from the orchestration's record (a placing: 201 and the order,
                // where its Location answered 200 {outcome, order}): the same decision, not the same bytes.
                else if (c.Answer.IsPending && (replay.IsSuccess != c.Final!.IsSuccess || replay.Code != c.Final.Code
                    || (c.Kind != CommandKind.Place && replay.Outcome != c.Final.Outcome)))
                {
                    audit.Fail($"{c}: decided {c.Final} (after a 202), its replay {replay}");
                }
            }
        });
    }

    /// <summary>Reads every order until the service is quiet (see <see cref="CrashAudit.NotQuiet"/>); the last reads are the audit's.</summary>
    private static async Task<(IReadOnlyList<OrderReads>, IReadOnlyList<EffectCall>, IReadOnlyList<LedgerRow>)> QuietAsync(
        CrashDriver driver, EffectReceiver receiver, CrashStore store, ServiceProcess service, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Quiet;
        while (true)
        {
            var orders = new List<OrderReads>();
            foreach (var id in driver.Orders)
            {
                orders.Add(new OrderReads(
                    id,
                    await driver.GetAsync($"/api/orders/{id}", cancellationToken),
                    await driver.GetAsync($"/api/orders/{id}/history", cancellationToken),
                    await driver.GetAsync($"/runtime/instances/{id}", cancellationToken)));
            }

            var received = receiver.Calls;
            var ledger = await store.LedgerAsync();
            var waiting = CrashAudit.NotQuiet(orders, received, ledger, DateTimeOffset.UtcNow);
            if (waiting.Count == 0)
            {
                return (orders, received, ledger);
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not quiet within {Quiet}:\n{string.Join('\n', waiting.Take(40))}\nThe service's last lines:\n{service.Tail()}");
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    private static string Summary(
        IReadOnlyList<SentCommand> commands, IReadOnlyList<OrderReads> orders, IReadOnlyList<ReceivedEffect> effects,
        IReadOnlyList<EffectCall> received, IReadOnlyList<LedgerRow> ledger, int answeredAtKill)
    {
        var statuses = string.Join(", ", commands.GroupBy(c => c.Final?.Status ?? 0).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"));
        var outcomes = string.Join(", ", commands.GroupBy(c => $"{c.Kind} {c.Final?.Outcome ?? c.Final?.Code}").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));
        return string.Join('\n',
            $"{orders.Count} orders, {commands.Count} commands ({statuses}); {answeredAtKill} answered before the kill",
            $"  {commands.Count(c => c.FailedAttempts > 0)} sent again after no answer (in flight at the kill, or sent while down), {commands.Count(c => c.Answer?.IsPending == true)} answered 202 Pending ({commands.Count(c => c.NotFoundWhilePending > 0)} placings whose Location said order-not-found before their outcome; expected 0)",
            $"  outcomes: {outcomes}",
            $"  orders: {string.Join(", ", orders.GroupBy(o => o.View.GetProperty("orderStatus").GetString()).Select(g => $"{g.Key}: {g.Count()}"))}",
            $"  downstream: {received.Count} calls, {effects.Count} effect ids ({string.Join(", ", effects.GroupBy(e => e.Type).Select(g => $"{g.Key}: {g.Count()}"))}), {effects.Count(e => e.Deliveries > 1)} delivered more than once; ledger {ledger.Count} rows",
            $"  timers: {orders.Sum(o => o.Events.Count(e => e.GetProperty("eventType").GetString() == "BuyerCancelWindowClosed"))} windows closed, {orders.Sum(o => o.Events.Count(e => e.GetProperty("eventType").GetString() == "AutoCancelWarned"))} warnings, {orders.Sum(o => o.Events.Count(e => e.TryGetProperty("reason", out var r) && r.ValueKind == System.Text.Json.JsonValueKind.String && r.GetString() == "AutoCanceledNotShipped"))} auto-cancels");
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, Func<Task<string>> describe)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not reached within {within}: {await describe()}");
            }

            await Task.Delay(50);
        }
    }
}

public sealed class SqliteServiceCrashTests(ITestOutputHelper output) : ServiceCrashTests(output)
{
    protected override Task<CrashStore> CreateStoreAsync() => Task.FromResult<CrashStore>(new SqliteCrashStore());
}

public sealed class PostgresServiceCrashTests(ITestOutputHelper output) : ServiceCrashTests(output)
{
    protected override async Task<CrashStore> CreateStoreAsync() => await PostgresCrashStore.CreateAsync();
}
