using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using OrderCancellation.Api.Auth;
using Xunit.Abstractions;

namespace OrderCancellation.Service.Tests.Crash;

/// <summary>
/// Issue 18, point 7: SIGTERM finishes the request in flight and hands the unfinished work back at once. The real service
/// runs as a child process with a 10-minute <c>Workflow:LockTimeout</c>, its payment and inventory calls held by
/// <see cref="HoldingReceiver"/> (so the cancellation's effect activities are running when the signal lands), and a
/// seller's cancel whose body is sent in two halves (so it is inside Kestrel when the signal lands). The request is
/// answered with its outcome, the process exits on its own, and a second instance (the same 10-minute lease) applies the
/// held effects within 2 minutes: only the stopped instance's hand-back lets it, since its leases had 10 minutes to run.
/// </summary>
[Collection(CrashCollection.Name)]
public abstract class ServiceShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2); // much shorter than the lease below
    private const string Lease = "00:10:00";

    protected abstract Task<CrashStore> CreateStoreAsync();

    [Fact]
    public async Task Sigterm_finishes_the_request_in_flight_and_the_next_instance_takes_the_unfinished_work_at_once()
    {
        await using var store = await CreateStoreAsync();
        await using var receiver = await HoldingReceiver.StartAsync();
        using var driver = new CrashDriver(ServiceCrashTests.SigningKey, TimeSpan.FromSeconds(60));
        var settings = Settings(store, receiver);
        await using var first = await ServiceProcess.StartAsync("first", settings, store.Folder, Startup);
        driver.Target = first.BaseAddress;
        var (held, inFlight) = ($"SD-1-{Guid.NewGuid():N}"[..20], $"SD-2-{Guid.NewGuid():N}"[..20]);
        await PlaceAndPayAsync(driver, held);
        await PlaceAndPayAsync(driver, inFlight);

        // The first order's cancellation starts its effects (authorization release, restock), which the receiver holds.
        receiver.Holding = true;
        var canceled = await driver.SendAsync(driver.Command(held, CommandKind.Cancel, "seller", CrashDriver.Seller,
            $"/api/orders/{held}/cancel", new { reason = "NoInventory" }, $"{held}.cancel"), default);
        Assert.Equal("Canceled", canceled.Final?.Outcome);
        await UntilAsync(() => receiver.Calls.Any(c => c.Body.Contains(held, StringComparison.Ordinal)), first, "the first order's effects reach the receiver");

        // The second order's cancel: headers and half the body are in, then the signal, then the rest.
        var rest = new TaskCompletionSource();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(90) };
        var cancel = http.SendAsync(SellerCancel(first.BaseAddress, inFlight, rest.Task));
        await UntilAsync(() => first.Tail(400).Contains($"POST {first.BaseAddress.AbsoluteUri.TrimEnd('/')}/api/orders/{inFlight}/cancel", StringComparison.Ordinal),
            first, "the cancel is inside Kestrel");
        Terminate(first.Id);
        await UntilAsync(() => first.Tail(400).Contains("Application is shutting down", StringComparison.Ordinal), first, "the service saw SIGTERM");
        rest.SetResult();

        using var answer = await cancel;
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"the in-flight cancel answered {(int)answer.StatusCode} {text}");
        Assert.Equal("Canceled", JsonDocument.Parse(text).RootElement.GetProperty("outcome").GetString());
        Assert.True(await first.WaitForExitAsync(TimeSpan.FromSeconds(90)), $"the service did not exit after SIGTERM; its last lines:\n{first.Tail()}");
        var heldKeys = receiver.Calls.Select(c => c.IdempotencyKey!).Distinct().ToList();
        output.WriteLine($"first instance exited after SIGTERM; {heldKeys.Count} effect call(s) were held: {string.Join(", ", heldKeys)}");

        receiver.Holding = false;
        driver.Target = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var second = await ServiceProcess.StartAsync("second", settings, store.Folder, Startup);
        await UntilAsync(async () => (await store.LedgerAsync()).Select(r => r.ActivityId).ToHashSet().IsSupersetOf(heldKeys), second,
            $"every held effect ({heldKeys.Count}) is applied by the second instance");
        output.WriteLine($"the second instance applied them {clock.Elapsed.TotalSeconds:0.0} s after it was started (the lease was {Lease})");
    }

    private static Dictionary<string, string> Settings(CrashStore store, HoldingReceiver receiver) => new(store.Settings)
    {
        ["Auth:SigningKey"] = ServiceCrashTests.SigningKey,
        ["Payments:Endpoint"] = receiver.Url("payments").AbsoluteUri,
        ["Inventory:Endpoint"] = receiver.Url("inventory").AbsoluteUri,
        // A held call must outlast the stop: the activity is still running when its lease is handed back.
        ["Payments:Timeout"] = "00:05:00",
        ["Inventory:Timeout"] = "00:05:00",
        ["Workflow:LockTimeout"] = Lease,
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information", // "Request starting …"
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information", // "Application is shutting down…"
        ["Logging:LogLevel:DurableTask.Relational"] = "Information",
    };

    private static async Task PlaceAndPayAsync(CrashDriver driver, string orderId)
    {
        var now = DateTimeOffset.UtcNow;
        var order = new
        {
            orderId,
            marketplaceId = CrashDriver.MarketplaceId,
            buyerId = "B-shutdown",
            sellerId = CrashDriver.Seller,
            fulfillmentChannel = "Merchant",
            purchaseDate = now,
            latestShipDate = now.AddDays(2),
            lines = new object[] { new { lineId = "L1", sku = "SKU-1", quantity = 2, unitPrice = new { amount = 10.00m, currencyCode = "USD" } } },
        };
        var placed = await driver.SendAsync(driver.Command(orderId, CommandKind.Place, "marketplace", CrashDriver.Marketplace, "/api/orders", order, $"{orderId}.place"), default);
        Assert.True(placed.Accepted, $"placing {orderId}: {placed.Final}");
        var paid = await driver.SendAsync(driver.Command(orderId, CommandKind.Payment, "marketplace", CrashDriver.Marketplace,
            $"/api/orders/{orderId}/payment", new { status = "Verified" }, $"{orderId}.pay"), default);
        Assert.True(paid.Accepted, $"paying {orderId}: {paid.Final}");
    }

    private static HttpRequestMessage SellerCancel(Uri service, string orderId, Task rest)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(service, $"/api/orders/{orderId}/cancel"))
        {
            Content = new TwoHalvesContent(Encoding.UTF8.GetBytes("""{"reason":"NoInventory"}"""), rest),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            DevTokenIssuer.Issue(new AuthOptions { SigningKey = ServiceCrashTests.SigningKey }, "seller", CrashDriver.Seller, TimeSpan.FromHours(1), DateTimeOffset.UtcNow));
        request.Headers.Add("Idempotency-Key", $"{orderId}.cancel");
        return request;
    }

    private static async Task UntilAsync(Func<bool> condition, ServiceProcess service, string what) =>
        await UntilAsync(() => Task.FromResult(condition()), service, what);

    private static async Task UntilAsync(Func<Task<bool>> condition, ServiceProcess service, string what)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not reached within {Generous}: {what}. {service.Name}'s last lines:\n{service.Tail()}");
            }

            await Task.Delay(50);
        }
    }

    private static void Terminate(int pid)
    {
        if (Kill(pid, Sigterm) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private const int Sigterm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>A JSON body whose second half is sent only when <c>rest</c> completes (the first half is flushed with the headers).</summary>
    private sealed class TwoHalvesContent : HttpContent
    {
        private readonly byte[] _body;
        private readonly Task _rest;

        public TwoHalvesContent(byte[] body, Task rest)
        {
            _body = body;
            _rest = rest;
            Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = _body.Length / 2;
            await stream.WriteAsync(_body.AsMemory(0, half));
            await stream.FlushAsync();
            await _rest;
            await stream.WriteAsync(_body.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Length;
            return true;
        }
    }
}

public sealed class SqliteServiceShutdownTests(ITestOutputHelper output) : ServiceShutdownTests(output)
{
    protected override Task<CrashStore> CreateStoreAsync() => Task.FromResult<CrashStore>(new SqliteCrashStore());
}

public sealed class PostgresServiceShutdownTests(ITestOutputHelper output) : ServiceShutdownTests(output)
{
    protected override async Task<CrashStore> CreateStoreAsync() => await PostgresCrashStore.CreateAsync();
}
