using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OrderCancellation.Api.Auth;

namespace OrderCancellation.Service.Tests.Crash;

public enum CommandKind { Place, Payment, Cancel, Shipment }

/// <summary>An HTTP answer as a client saw it.</summary>
public sealed record Reply(int Status, string Body, JsonElement Json)
{
    public string? Outcome => Text("outcome");

    public string? Code => Text("code");

    /// <summary>202 with <c>{commandId, status: "Pending", location}</c>: raised, outcome not known yet (Orders:AnswerTimeout).</summary>
    public bool IsPending => Status == 202 && Text("status") == "Pending" && Text("commandId") is not null;

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The order a command answer carries (201/200 of a placing: the body itself).</summary>
    public JsonElement? Order =>
        Json.ValueKind != JsonValueKind.Object ? null
        : Json.TryGetProperty("order", out var order) ? order
        : Json.TryGetProperty("orderId", out _) && Json.TryGetProperty("lines", out _) ? Json
        : null;

    public override string ToString() => $"{Status} {(Body.Length > 300 ? Body[..300] + "…" : Body)}";

    private string? Text(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>One command a client sent with an Idempotency-Key, and every answer it got.</summary>
public sealed class SentCommand
{
    public required string OrderId { get; init; }

    public required CommandKind Kind { get; init; }

    public required string Role { get; init; }

    public required string Subject { get; init; }

    public required string Path { get; init; }

    /// <summary>The JSON body, serialized once: every retry sends the same bytes.</summary>
    public required string Body { get; init; }

    /// <summary>The raw Idempotency-Key; also written in the command's note / tracking id / buyer reason, so its events can be found.</summary>
    public required string Key { get; init; }

    public IReadOnlyList<(string LineId, int Quantity)> Lines { get; init; } = [];

    /// <summary>The first definitive answer to the POST (any status but 5xx): it may be a 202 Pending.</summary>
    public Reply? Answer { get; set; }

    /// <summary>For a 202 Pending: the outcome read at its Location, without raising the command again.</summary>
    public Reply? Resolved { get; set; }

    /// <summary>Attempts that ended with no answer (connection refused or reset: the service was down or killed) or a 5xx.</summary>
    public int FailedAttempts { get; set; }

    public List<string> Notes { get; } = [];

    /// <summary>How often the Location of this 202'd placing answered 404 order-not-found before the outcome was there.</summary>
    public int NotFoundWhilePending { get; set; }

    /// <summary>What the command came to: the POST's answer, or for a 202 Pending the outcome recorded later.</summary>
    public Reply? Final => Answer is { IsPending: true } ? Resolved : Answer;

    public bool Accepted => Final is { IsSuccess: true };

    public override string ToString() => $"{Kind} {Path} key={Key} as {Role}:{Subject}";
}

/// <summary>
/// Several concurrent clients driving the service over HTTP through a kill and a restart: every command carries an
/// Idempotency-Key and is sent again with the same key and bytes until it gets an answer (the service may be down, or be
/// killed with the request in flight); a 202 Pending is followed at its Location. Every command and answer is kept.
/// </summary>
public sealed class CrashDriver : IDisposable
{
    public const string Seller = "S-crash";
    public const string Marketplace = "M1";
    public const string MarketplaceId = "ATVPDKIKX0DER";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly string _signingKey;
    private readonly ConcurrentDictionary<(string Role, string Subject), string> _tokens = new();
    private readonly ConcurrentQueue<SentCommand> _commands = new();
    private readonly ConcurrentQueue<string> _orders = new();
    private readonly TimeSpan _commandDeadline;
    private Uri? _base;
    private int _answered;

    public CrashDriver(string signingKey, TimeSpan commandDeadline)
    {
        _signingKey = signingKey;
        _commandDeadline = commandDeadline;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>Definitive answers to command POSTs so far (2xx, 4xx; a 202 Pending included).</summary>
    public int Answered => Volatile.Read(ref _answered);

    public IReadOnlyList<SentCommand> Commands => [.. _commands];

    public IReadOnlyList<string> Orders => [.. _orders];

    /// <summary>Where the service answers; null while it is down (clients wait).</summary>
    public Uri? Target
    {
        get => Volatile.Read(ref _base);
        set => Volatile.Write(ref _base, value);
    }

    /// <summary>
    /// One client: <paramref name="orders"/> orders one after the other, each with its own script (kind = index), the
    /// commands of one order in sequence except the race of kind 4.
    /// </summary>
    public async Task RunClientAsync(int client, int orders, CancellationToken cancellationToken)
    {
        for (var n = 0; n < orders; n++)
        {
            var kind = (client + n) % OrderScripts.Kinds;
            var orderId = $"C{client}-{n}-{Guid.NewGuid():N}"[..24];
            _orders.Enqueue(orderId);
            await OrderScripts.RunAsync(this, kind, orderId, $"B-crash-{client}", cancellationToken);
        }
    }

    public SentCommand Command(string orderId, CommandKind kind, string role, string subject, string path, object body, string key, IReadOnlyList<(string, int)>? lines = null) => new()
    {
        OrderId = orderId,
        Kind = kind,
        Role = role,
        Subject = subject,
        Path = path,
        Body = JsonSerializer.Serialize(body, Json),
        Key = key,
        Lines = lines ?? [],
    };

    /// <summary>Sends until a definitive answer (never a 5xx or no answer); a 202 Pending is then followed until decided.</summary>
    public async Task<SentCommand> SendAsync(SentCommand command, CancellationToken cancellationToken)
    {
        _commands.Enqueue(command);
        var deadline = DateTime.UtcNow + _commandDeadline;
        while (command.Answer is null)
        {
            var reply = await TryAsync(HttpMethod.Post, command.Path, command.Role, command.Subject, command.Body, command.Key, cancellationToken);
            if (reply is { Status: < 500 })
            {
                command.Answer = reply;
                Interlocked.Increment(ref _answered);
                break;
            }

            command.FailedAttempts++;
            if (reply is not null)
            {
                command.Notes.Add($"attempt answered {reply}");
            }

            if (DateTime.UtcNow > deadline)
            {
                command.Notes.Add($"no answer within {_commandDeadline}");
                return command;
            }

            await Task.Delay(100, cancellationToken);
        }

        if (command.Answer.IsPending)
        {
            command.Resolved = await FollowAsync(command, deadline, cancellationToken);
        }

        return command;
    }

    /// <summary>The same request again (same key, same bytes): what it answers now.</summary>
    public async Task<Reply?> ReplayAsync(SentCommand command, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _commandDeadline;
        while (DateTime.UtcNow < deadline)
        {
            var reply = await TryAsync(HttpMethod.Post, command.Path, command.Role, command.Subject, command.Body, command.Key, cancellationToken);
            if (reply is { Status: < 500 } && !reply.IsPending)
            {
                return reply;
            }

            await Task.Delay(100, cancellationToken);
        }

        return null;
    }

    /// <summary>A GET as the marketplace, until it answers (any status but 5xx).</summary>
    public async Task<Reply> GetAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _commandDeadline;
        while (true)
        {
            var reply = await TryAsync(HttpMethod.Get, path, "marketplace", Marketplace, null, null, cancellationToken);
            if (reply is { Status: < 500 })
            {
                return reply;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"GET {path} got no answer within {_commandDeadline} (last: {reply?.ToString() ?? "no answer"}).");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Reads the 202's Location (GET, as the caller) until the orchestration has recorded the command's answer.</summary>
    private async Task<Reply?> FollowAsync(SentCommand command, DateTime deadline, CancellationToken cancellationToken)
    {
        var location = command.Answer!.Json.GetProperty("location").GetString()!;
        while (true)
        {
            var reply = await TryAsync(HttpMethod.Get, location, command.Role, command.Subject, null, null, cancellationToken);
            if (reply is { Code: "order-not-found" } && command.Kind == CommandKind.Place)
            {
                // The service answers 202 Pending at the Location until the placing is decided; a 404 here would be the
                // ambiguity it was changed to avoid (a refused placing answers the same): counted, and read as "not yet".
                command.NotFoundWhilePending++;
            }
            else if (reply is { Status: < 500 } && !reply.IsPending && reply.Code != "command-not-found")
            {
                return reply;
            }

            if (DateTime.UtcNow > deadline)
            {
                command.Notes.Add($"202 Pending, and {location} had no answer within {_commandDeadline} (last: {reply?.ToString() ?? "no answer"})");
                return null;
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private async Task<Reply?> TryAsync(HttpMethod method, string path, string role, string subject, string? body, string? key, CancellationToken cancellationToken)
    {
        if (Target is not { } target)
        {
            return null; // down: the caller waits and tries again
        }

        using var request = new HttpRequestMessage(method, new Uri(target, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, subject));
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var json = text.Length > 0 && (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) ?? false)
                ? JsonDocument.Parse(text).RootElement.Clone()
                : default;
            return new Reply((int)response.StatusCode, text, json);
        }
        catch (HttpRequestException)
        {
            return null; // refused (down) or reset (killed with the request in flight)
        }
        catch (IOException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // the client's timeout
        }
    }

    private string Token(string role, string subject) =>
        _tokens.GetOrAdd((role, subject), k => DevTokenIssuer.Issue(new AuthOptions { SigningKey = _signingKey }, k.Role, k.Subject, TimeSpan.FromHours(1), DateTimeOffset.UtcNow));
}

/// <summary>
/// The orders' scripts. Two lines each: L1 (SKU-1) × 2 at 10.00 and L2 (SKU-2) × 1 at 5.00; Merchant; paid.
/// 0: seller cancels L1 × 1 (NoInventory: no restock), then L1 × 1 and L2 × 1 ship.
/// 1: the buyer cancels L2 (at once inside the short window, else a request), then L1 × 2 ships.
/// 2: the latest ship date is the purchase: L2 ships, the auto-cancel (short timer) takes what is left.
/// 3: the seller cancels everything line by line (restocked); a later buyer cancel is refused.
/// 4: a race: the seller cancels L1 × 2 while the marketplace ships L1 × 2 (one of them wins), then L2 ships.
/// </summary>
public static class OrderScripts
{
    public const int Kinds = 5;

    /// <summary>Orders of kind 2 have their latest ship date at purchase, so their auto-cancel is due after the short delay.</summary>
    public const int AutoCancelKind = 2;

    public static async Task RunAsync(CrashDriver driver, int kind, string orderId, string buyer, CancellationToken ct)
    {
        var purchased = DateTimeOffset.UtcNow;
        var order = new
        {
            orderId,
            marketplaceId = CrashDriver.MarketplaceId,
            buyerId = buyer,
            sellerId = CrashDriver.Seller,
            fulfillmentChannel = "Merchant",
            purchaseDate = purchased,
            latestShipDate = kind == AutoCancelKind ? purchased : purchased.AddDays(2),
            lines = new object[]
            {
                new { lineId = "L1", sku = "SKU-1", quantity = 2, unitPrice = new { amount = 10.00m, currencyCode = "USD" } },
                new { lineId = "L2", sku = "SKU-2", quantity = 1, unitPrice = new { amount = 5.00m, currencyCode = "USD" } },
            },
        };
        var placed = await driver.SendAsync(driver.Command(orderId, CommandKind.Place, "marketplace", CrashDriver.Marketplace, "/api/orders", order, $"{orderId}.place"), ct);
        if (!placed.Accepted)
        {
            return;
        }

        var paid = await driver.SendAsync(driver.Command(orderId, CommandKind.Payment, "marketplace", CrashDriver.Marketplace, Path(orderId, "payment"), new { status = "Verified" }, $"{orderId}.pay"), ct);
        if (!paid.Accepted)
        {
            return;
        }

        switch (kind)
        {
            case 0:
                await SellerCancelAsync(driver, orderId, "cancel", "NoInventory", ct, ("L1", 1));
                await ShipAsync(driver, orderId, "ship1", "seller", CrashDriver.Seller, ct, ("L1", 1));
                await ShipAsync(driver, orderId, "ship2", "seller", CrashDriver.Seller, ct, ("L2", 1));
                break;
            case 1:
                await BuyerCancelAsync(driver, orderId, buyer, "cancel", ct, ("L2", 1));
                await ShipAsync(driver, orderId, "ship1", "seller", CrashDriver.Seller, ct, ("L1", 2));
                break;
            case AutoCancelKind:
                await ShipAsync(driver, orderId, "ship1", "seller", CrashDriver.Seller, ct, ("L2", 1));
                break;
            case 3:
                await SellerCancelAsync(driver, orderId, "cancel", "GeneralAdjustment", ct, ("L1", 2), ("L2", 1));
                await BuyerCancelAsync(driver, orderId, buyer, "late-cancel", ct, ("L1", 1));
                break;
            default:
                await Task.WhenAll(
                    SellerCancelAsync(driver, orderId, "race-cancel", "BuyerCanceled", ct, ("L1", 2)),
                    ShipAsync(driver, orderId, "race-ship", "marketplace", CrashDriver.Marketplace, ct, ("L1", 2)));
                await ShipAsync(driver, orderId, "ship2", "seller", CrashDriver.Seller, ct, ("L2", 1));
                break;
        }
    }

    private static string Path(string orderId, string operation) => $"/api/orders/{orderId}/{operation}";

    private static object Lines((string LineId, int Quantity)[] lines) => lines.Select(l => new { lineId = l.LineId, quantity = l.Quantity }).ToArray();

    private static Task<SentCommand> SellerCancelAsync(CrashDriver driver, string orderId, string step, string reason, CancellationToken ct, params (string, int)[] lines)
    {
        var key = $"{orderId}.{step}";
        return driver.SendAsync(driver.Command(orderId, CommandKind.Cancel, "seller", CrashDriver.Seller, Path(orderId, "cancel"), new { reason, lines = Lines(lines), note = key }, key, lines), ct);
    }

    private static Task<SentCommand> BuyerCancelAsync(CrashDriver driver, string orderId, string buyer, string step, CancellationToken ct, params (string, int)[] lines)
    {
        var key = $"{orderId}.{step}";
        return driver.SendAsync(driver.Command(orderId, CommandKind.Cancel, "buyer", buyer, Path(orderId, "cancel"), new { reason = key, lines = Lines(lines), note = key }, key, lines), ct);
    }

    private static Task<SentCommand> ShipAsync(CrashDriver driver, string orderId, string step, string role, string subject, CancellationToken ct, params (string, int)[] lines)
    {
        var key = $"{orderId}.{step}";
        return driver.SendAsync(driver.Command(orderId, CommandKind.Shipment, role, subject, Path(orderId, "shipments"), new { lines = Lines(lines), carrier = "UPS", trackingId = key }, key, lines), ct);
    }
}
