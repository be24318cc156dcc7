using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrderCancellation.Service.Tests.Crash;

/// <summary>What the service shows of one order at the end: the order (read-your-writes), its audit trail (read model), its runtime status.</summary>
public sealed record OrderReads(string OrderId, Reply Order, Reply History, Reply Runtime)
{
    public JsonElement View => Order.Json;

    public long Version => View.GetProperty("version").GetInt64();

    public IReadOnlyList<JsonElement> Events =>
        History.Json.ValueKind == JsonValueKind.Object && History.Json.TryGetProperty("events", out var events) ? [.. events.EnumerateArray()] : [];

    public long ProjectedVersion => Events.Select(e => e.GetProperty("version").GetInt64()).DefaultIfEmpty(0).Max();

    public int PendingEffects => Runtime.Json.GetProperty("pendingEffects").GetInt32();

    public IEnumerable<(string Name, DateTimeOffset Due)> PendingTimers =>
        Runtime.Json.GetProperty("pendingTimers").EnumerateArray().Select(t => (t.GetProperty("name").GetString()!, t.GetProperty("dueAt").GetDateTimeOffset()));

    public IEnumerable<(string LineId, string Sku, int Quantity, int Shipped, int Canceled, decimal Price)> Lines =>
        View.GetProperty("lines").EnumerateArray().Select(l => (
            l.GetProperty("lineId").GetString()!,
            l.GetProperty("sku").GetString()!,
            l.GetProperty("quantity").GetInt32(),
            l.GetProperty("quantityShipped").GetInt32(),
            l.GetProperty("quantityCanceled").GetInt32(),
            l.GetProperty("unitPrice").GetProperty("amount").GetDecimal()));

    public bool IsOpen => Lines.Any(l => l.Quantity - l.Shipped - l.Canceled > 0);

    public DateTimeOffset? Deadline(string name) =>
        View.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetDateTimeOffset() : null;
}

/// <summary>One payment or inventory effect as the receiver saw it (the first call with its key), with how often the key came.</summary>
public sealed record ReceivedEffect(string Key, string OrderId, long Version, string Type, decimal? Amount, string? Sku, int? Quantity, int Deliveries, bool BodiesAgree);

/// <summary>
/// DESIGN §10 after a kill -9 and a restart: checks what the service shows against every answer the clients got, the
/// downstream calls the receiver saw and the ledger rows. Collects every violation (none stops the others).
/// </summary>
public sealed class CrashAudit(TimeSpan warningBefore)
{
    private readonly List<string> _failures = [];

    public IReadOnlyList<string> Failures => _failures;

    /// <summary>Why the service is not yet quiet, or nothing: effects done, no short timer left to fire, history caught up, ledger = receiver.</summary>
    public static List<string> NotQuiet(IReadOnlyList<OrderReads> orders, IReadOnlyList<EffectCall> received, IReadOnlyList<LedgerRow> ledger, DateTimeOffset now)
    {
        var waiting = new List<string>();
        foreach (var o in orders)
        {
            if (o.Order.Status != 200 || o.History.Status != 200 || o.Runtime.Status != 200)
            {
                waiting.Add($"{o.OrderId}: reads answered {o.Order.Status}/{o.History.Status}/{o.Runtime.Status}");
                continue;
            }

            if (o.PendingEffects > 0)
            {
                waiting.Add($"{o.OrderId}: {o.PendingEffects} effects running");
            }

            // Short timers (seconds) still to fire, overdue or not; the long ones (days) stay.
            foreach (var (name, due) in o.PendingTimers.Where(t => t.Due < now + TimeSpan.FromMinutes(1)))
            {
                waiting.Add($"{o.OrderId}: timer {name} due {due:O} still pending at {now:O}");
            }

            if (o.ProjectedVersion < o.Version)
            {
                waiting.Add($"{o.OrderId}: history at version {o.ProjectedVersion}, order at {o.Version}");
            }
        }

        var delivered = received.Select(r => r.IdempotencyKey).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var recorded = ledger.Select(r => r.ActivityId).ToHashSet(StringComparer.Ordinal);
        if (!delivered.SetEquals(recorded))
        {
            waiting.Add($"ledger and receiver differ: {delivered.Except(recorded).Count()} delivered not recorded, {recorded.Except(delivered).Count()} recorded not delivered");
        }

        return waiting;
    }

    /// <summary>The receiver's requests by Idempotency-Key.</summary>
    public static IReadOnlyList<ReceivedEffect> Effects(IReadOnlyList<EffectCall> received) =>
    [
        .. received.GroupBy(r => r.IdempotencyKey ?? "(none)", StringComparer.Ordinal).Select(g =>
        {
            var first = g.First();
            using var json = JsonDocument.Parse(first.Body);
            var root = json.RootElement;
            var (orderId, version) = ParseEffectId(g.Key);
            return new ReceivedEffect(
                g.Key,
                orderId,
                version,
                root.GetProperty("type").GetString()!,
                root.TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Object ? a.GetProperty("amount").GetDecimal() : null,
                root.TryGetProperty("sku", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null,
                root.TryGetProperty("quantity", out var q) && q.ValueKind == JsonValueKind.Number ? q.GetInt32() : null,
                g.Count(),
                g.All(r => r.Body == first.Body));
        }),
    ];

    /// <summary><c>{orderId}:{version}:{index}</c>; version -1 when the key is not of that form.</summary>
    public static (string OrderId, long Version) ParseEffectId(string key)
    {
        var parts = key.Split(':');
        return parts.Length >= 3 && long.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var version) && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? (string.Join(':', parts[..^2]), version)
            : (key, -1);
    }

    /// <summary>Every command's answer against the order, its history and its effects.</summary>
    public void Check(
        IReadOnlyList<SentCommand> commands,
        IReadOnlyList<OrderReads> orders,
        IReadOnlyDictionary<string, Reply> notifications,
        IReadOnlyList<ReceivedEffect> effects,
        IReadOnlyList<EffectCall> received,
        IReadOnlyList<LedgerRow> ledger)
    {
        var byOrder = orders.ToDictionary(o => o.OrderId, StringComparer.Ordinal);
        foreach (var command in commands)
        {
            CheckCommand(command, byOrder.GetValueOrDefault(command.OrderId));
        }

        foreach (var o in orders.Where(o => o.Order.Status == 200))
        {
            CheckOrder(o);
            CheckEffects(o, effects.Where(e => e.OrderId == o.OrderId).ToList());
            CheckTimers(o);
            if (notifications.TryGetValue(o.OrderId, out var notices))
            {
                CheckNotices(o, notices);
            }
        }

        var known = byOrder.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var e in effects.Where(e => !known.Contains(e.OrderId)))
        {
            Fail($"the receiver got {e.Type} with key {e.Key}, which is no effect of any order placed");
        }

        foreach (var r in received.Where(r => string.IsNullOrEmpty(r.IdempotencyKey)))
        {
            Fail($"a call to {r.Path} came without an Idempotency-Key: {r.Body}");
        }

        foreach (var e in effects.Where(e => !e.BodiesAgree))
        {
            Fail($"the key {e.Key} was delivered {e.Deliveries} times with different bodies");
        }

        CheckLedger(effects, ledger);
    }

    public void Fail(string failure) => _failures.Add(failure);

    public string Report()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{_failures.Count} violations:");
        foreach (var failure in _failures.Take(60))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {failure}");
        }

        return text.ToString();
    }

    private void CheckCommand(SentCommand c, OrderReads? order)
    {
        if (c.Answer is null)
        {
            Fail($"{c}: never answered ({c.FailedAttempts} attempts failed; {string.Join("; ", c.Notes)})");
            return;
        }

        if (c.Final is not { } final)
        {
            Fail($"{c}: answered {c.Answer} (2xx: raised durably), but its outcome was never recorded ({string.Join("; ", c.Notes)})");
            return;
        }

        if (order is null || order.Order.Status != 200)
        {
            if (c.Kind == CommandKind.Place && final.IsSuccess)
            {
                Fail($"{c}: answered {final}, but the order reads {order?.Order.ToString() ?? "(not read)"}");
            }

            return;
        }

        // An answered 2xx is visible: the order is at least at the version it answered with, nothing it showed undone.
        if (final.IsSuccess && final.Order is { } answered)
        {
            if (answered.GetProperty("version").GetInt64() > order.Version)
            {
                Fail($"{c}: answered at version {answered.GetProperty("version").GetInt64()}, the order is at {order.Version} now");
            }

            foreach (var line in answered.GetProperty("lines").EnumerateArray())
            {
                var now = order.Lines.First(l => l.LineId == line.GetProperty("lineId").GetString());
                if (line.GetProperty("quantityShipped").GetInt32() > now.Shipped || line.GetProperty("quantityCanceled").GetInt32() > now.Canceled)
                {
                    Fail($"{c}: answered with line {now.LineId} shipped {line.GetProperty("quantityShipped")} canceled {line.GetProperty("quantityCanceled")}; it is {now.Shipped}/{now.Canceled} now");
                }
            }
        }

        var tagged = order.Events.Where(e => Tagged(e, c.Key)).ToList();
        switch (c.Kind)
        {
            case CommandKind.Place:
                Expect(c, final, order.Events.Count(e => Type(e) == "OrderPlaced"), final.IsSuccess ? 1 : -1, "OrderPlaced events");
                break;
            case CommandKind.Payment:
                Expect(c, final, order.Events.Count(e => Type(e) == "PaymentVerified"), final.IsSuccess ? 1 : -1, "PaymentVerified events");
                break;
            case CommandKind.Cancel:
                var expectedType = final.Outcome switch
                {
                    "Canceled" or "PartiallyCanceled" => "LinesCanceled",
                    "CancellationRequested" => "CancellationRequested",
                    "AttemptingToCancel" => "CancellationAttemptStarted",
                    _ => null,
                };
                Expect(c, final, tagged.Count, expectedType is null ? 0 : 1, $"events carrying its key ({string.Join(", ", tagged.Select(Type))})");
                if (expectedType is not null && tagged.Count == 1)
                {
                    if (Type(tagged[0]) != expectedType)
                    {
                        Fail($"{c}: answered {final.Outcome}, its event is {Type(tagged[0])}");
                    }

                    ExpectLines(c, tagged[0]);
                }

                break;
            case CommandKind.Shipment:
                Expect(c, final, tagged.Count, final.IsSuccess ? 1 : 0, "ShipmentConfirmed events carrying its key");
                if (final.IsSuccess && tagged.Count == 1)
                {
                    ExpectLines(c, tagged[0]);
                }

                break;
        }
    }

    /// <param name="expected">-1: at most one (another command may have made it).</param>
    private void Expect(SentCommand c, Reply final, int actual, int expected, string what)
    {
        if (expected >= 0 ? actual != expected : actual > 1)
        {
            Fail($"{c}: answered {final.Status} {final.Outcome ?? final.Code}; the history has {actual} {what}, expected {(expected >= 0 ? expected.ToString(CultureInfo.InvariantCulture) : "at most 1")}");
        }
    }

    private void ExpectLines(SentCommand c, JsonElement @event)
    {
        var lines = Lines(@event).OrderBy(l => l.LineId, StringComparer.Ordinal).ToList();
        var asked = c.Lines.OrderBy(l => l.LineId, StringComparer.Ordinal).ToList();
        if (!lines.SequenceEqual(asked))
        {
            Fail($"{c}: asked for {string.Join(",", asked)}, its event has {string.Join(",", lines)}");
        }
    }

    private void CheckOrder(OrderReads o)
    {
        var events = o.Events;
        var versions = events.Select(e => e.GetProperty("version").GetInt64()).Distinct().Order().ToList();
        if (!versions.SequenceEqual(Enumerable.Range(1, (int)o.Version).Select(v => (long)v)))
        {
            Fail($"{o.OrderId}: at version {o.Version}, its history has versions [{string.Join(",", versions)}]");
        }

        foreach (var failed in events.Where(e => Type(e) == "ActivityFailed"))
        {
            Fail($"{o.OrderId}: an effect failed for good: {failed.GetProperty("data")}");
        }

        foreach (var line in o.Lines)
        {
            var canceled = events.Where(e => Type(e) == "LinesCanceled").SelectMany(Lines).Where(l => l.LineId == line.LineId).Sum(l => l.Quantity);
            var shipped = events.Where(e => Type(e) == "ShipmentConfirmed").SelectMany(Lines).Where(l => l.LineId == line.LineId).Sum(l => l.Quantity);
            if (canceled != line.Canceled || shipped != line.Shipped || line.Canceled + line.Shipped > line.Quantity)
            {
                Fail($"{o.OrderId} line {line.LineId}: the order shows {line.Quantity} ordered, {line.Shipped} shipped, {line.Canceled} canceled; its history {shipped} shipped, {canceled} canceled");
            }
        }
    }

    /// <summary>One capture per shipment, one restock per restocked canceled line, one release when the order closes: no fewer, no more.</summary>
    private void CheckEffects(OrderReads o, IReadOnlyList<ReceivedEffect> effects)
    {
        var lines = o.Lines.ToDictionary(l => l.LineId, StringComparer.Ordinal);
        var expectedCaptures = o.Events.Where(e => Type(e) == "ShipmentConfirmed")
            .Select(e => (Version: e.GetProperty("version").GetInt64(), Amount: Lines(e).Sum(l => lines[l.LineId].Price * l.Quantity)))
            .Select(x => $"v{x.Version}:{x.Amount:0.00}").Order(StringComparer.Ordinal).ToList();
        var captures = effects.Where(e => e.Type == "CapturePayment").Select(e => $"v{e.Version}:{e.Amount:0.00}").Order(StringComparer.Ordinal).ToList();
        if (!captures.SequenceEqual(expectedCaptures))
        {
            Fail($"{o.OrderId}: captures [{string.Join(" ", captures)}], its shipments ask for [{string.Join(" ", expectedCaptures)}]");
        }

        var expectedRestocks = o.Events.Where(e => Type(e) == "LinesCanceled" && e.GetProperty("data").TryGetProperty("restock", out var r) && r.GetBoolean())
            .SelectMany(e => Lines(e).Select(l => $"v{e.GetProperty("version").GetInt64()}:{lines[l.LineId].Sku}x{l.Quantity}"))
            .Order(StringComparer.Ordinal).ToList();
        var restocks = effects.Where(e => e.Type == "Restock").Select(e => $"v{e.Version}:{e.Sku}x{e.Quantity}").Order(StringComparer.Ordinal).ToList();
        if (!restocks.SequenceEqual(expectedRestocks))
        {
            Fail($"{o.OrderId}: restocks [{string.Join(" ", restocks)}], its cancellations ask for [{string.Join(" ", expectedRestocks)}]");
        }

        var canceledAmount = o.Lines.Sum(l => l.Price * l.Canceled);
        var releases = effects.Where(e => e.Type == "ReleaseAuthorization").ToList();
        var expectRelease = !o.IsOpen && canceledAmount > 0;
        if (releases.Count != (expectRelease ? 1 : 0) || (expectRelease && releases[0].Amount != canceledAmount))
        {
            Fail($"{o.OrderId}: {(o.IsOpen ? "open" : "closed")} with {canceledAmount:0.00} canceled; releases [{string.Join(" ", releases.Select(r => $"{r.Key}={r.Amount:0.00}"))}]");
        }

        var versions = o.Events.Select(e => e.GetProperty("version").GetInt64()).ToHashSet();
        foreach (var e in effects.Where(e => !versions.Contains(e.Version)))
        {
            Fail($"{o.OrderId}: effect {e.Key} ({e.Type}) names a version the order's history does not have");
        }
    }

    /// <summary>Timer-made events are never dated, nor recorded, before their deadline; an order left open has seen its window close.</summary>
    private void CheckTimers(OrderReads o)
    {
        var windowEnd = o.Deadline("buyerCancelWindowEndsAt");
        var autoCancelAt = o.Deadline("autoCancelAt");
        var now = DateTimeOffset.UtcNow;
        var closed = o.Events.Where(e => Type(e) == "BuyerCancelWindowClosed").ToList();
        var warned = o.Events.Where(e => Type(e) == "AutoCancelWarned").ToList();
        var autoCanceled = o.Events.Where(e => Type(e) == "LinesCanceled" && Reason(e) == "AutoCanceledNotShipped").ToList();
        NotEarly(o, closed, windowEnd, "BuyerCancelWindowClosed");
        NotEarly(o, warned, autoCancelAt - warningBefore, "AutoCancelWarned");
        NotEarly(o, autoCanceled, autoCancelAt, "auto-cancel");

        if (o.IsOpen && windowEnd < now && closed.Count == 0)
        {
            Fail($"{o.OrderId}: open, its buyer window ended {windowEnd:O}, and no BuyerCancelWindowClosed");
        }

        if (o.IsOpen && autoCancelAt < now)
        {
            Fail($"{o.OrderId}: still open though its auto-cancel was due {autoCancelAt:O}");
        }
    }

    private void NotEarly(OrderReads o, List<JsonElement> events, DateTimeOffset? deadline, string what)
    {
        if (events.Count > 1)
        {
            Fail($"{o.OrderId}: {events.Count} {what} events");
        }

        foreach (var e in events)
        {
            var at = e.GetProperty("at").GetDateTimeOffset();
            var recorded = e.GetProperty("recordedAt").GetDateTimeOffset();
            if (deadline is not { } due || at < due || recorded < due)
            {
                Fail($"{o.OrderId}: {what} at {at:O} (recorded {recorded:O}), its deadline {deadline:O}");
            }
        }
    }

    /// <summary>A notice is the effect of a recorded decision: its id is <c>{order}:{version}:{index}</c> of a version in the history.</summary>
    private void CheckNotices(OrderReads o, Reply notices)
    {
        if (notices.Status != 200)
        {
            Fail($"{o.OrderId}: notifications answered {notices}");
            return;
        }

        var versions = o.Events.Select(e => e.GetProperty("version").GetInt64()).ToHashSet();
        var ids = notices.Json.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("notificationId").GetString()!).ToList();
        foreach (var id in ids.GroupBy(i => i, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            Fail($"{o.OrderId}: notice {id.Key} stored {id.Count()} times");
        }

        foreach (var id in ids)
        {
            var (orderId, version) = ParseEffectId(id);
            if (orderId != o.OrderId || !versions.Contains(version))
            {
                Fail($"{o.OrderId}: notice {id} is no effect of a version in its history");
            }
        }
    }

    /// <summary>The ledger records exactly the effects the receiver got (each was answered 200, if not always heard), one row each, as sent.</summary>
    private void CheckLedger(IReadOnlyList<ReceivedEffect> effects, IReadOnlyList<LedgerRow> ledger)
    {
        foreach (var row in ledger.GroupBy(r => r.ActivityId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            Fail($"ledger: {row.Count()} rows for effect {row.Key}");
        }

        var sent = effects.ToDictionary(e => e.Key, StringComparer.Ordinal);
        foreach (var row in ledger)
        {
            if (!sent.TryGetValue(row.ActivityId, out var effect))
            {
                Fail($"ledger: {row.Kind} {row.ActivityId} was recorded but never sent to the receiver");
            }
            else if (effect.Type != row.Kind || effect.Amount != row.Amount || effect.Sku != row.Sku || effect.Quantity != row.Quantity)
            {
                Fail($"ledger: {row} differs from what was sent: {effect}");
            }
        }

        var recorded = ledger.Select(r => r.ActivityId).ToHashSet(StringComparer.Ordinal);
        foreach (var effect in effects.Where(e => !recorded.Contains(e.Key)))
        {
            Fail($"ledger: {effect.Type} {effect.Key} was delivered but is not in the ledger");
        }
    }

    private static bool Tagged(JsonElement e, string key)
    {
        var data = e.GetProperty("data");
        return Text(data, "note") == key || Text(data, "trackingId") == key || Text(data, "reason") == key || Text(e, "reason") == key;
    }

    private static string? Type(JsonElement e) => Text(e, "eventType");

    private static string? Reason(JsonElement e) => Text(e, "reason") ?? Text(e.GetProperty("data"), "reason");

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<(string LineId, int Quantity)> Lines(JsonElement e) =>
        e.GetProperty("data").TryGetProperty("lines", out var lines)
            ? lines.EnumerateArray().Select(l => (l.GetProperty("lineId").GetString()!, l.GetProperty("quantity").GetInt32()))
            : [];
}
