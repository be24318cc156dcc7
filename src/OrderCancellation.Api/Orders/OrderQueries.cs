using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Api.ReadModel;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Http;
using OrderCancellation.Api.Notifications;

namespace OrderCancellation.Api.Orders;

public sealed record OrderPage(IReadOnlyList<OrderView> Orders, string? NextPageToken);

public sealed record OrderHistory(string OrderId, IReadOnlyList<OrderHistoryEvent> Events);

/// <param name="At">When it happened (the command's time); <paramref name="RecordedAt"/> is when the store committed it.</param>
public sealed record OrderHistoryEvent(
    long Sequence, long Version, string EventType, DateTimeOffset At, Actor? Actor, string? Reason, JsonObject Data, DateTimeOffset RecordedAt);

public sealed record OrderNotifications(string OrderId, IReadOnlyList<StoredNotification> Notifications);

/// <summary>The reading order endpoints. An order the caller may not see answers 404 exactly like a missing one.</summary>
internal static class OrderQueries
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    public static async Task<IResult> GetAsync(string orderId, HttpContext http, OrderReader reader, CancellationPolicy policy, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = http.User.ToActor();
        if (await VisibleAsync(orderId, caller, reader, cancellationToken) is not { } stored)
        {
            return OrderAnswers.NotFound;
        }

        var view = OrderView.Of(stored.Order, stored.Version, caller, time.GetUtcNow(), policy);
        return new JsonAnswer(200, OrderJson.Body(view), [new("ETag", ETags.For(stored.Version))]);
    }

    /// <summary>The audit trail, from the read model: it lags the order by the projection activity.</summary>
    public static async Task<IResult> HistoryAsync(string orderId, HttpContext http, OrderReader reader, OrderReadModel readModel, CancellationToken cancellationToken)
    {
        var caller = http.User.ToActor();
        if (await VisibleAsync(orderId, caller, reader, cancellationToken) is null)
        {
            return OrderAnswers.NotFound;
        }

        var events = await readModel.EventsAsync(orderId, cancellationToken);
        return TypedResults.Ok(new OrderHistory(orderId, [.. events.Select((e, n) => ToEvent(n + 1, e, caller))]));
    }

    /// <summary>
    /// GET /api/orders/{id}/commands/{commandId}: the answer of a command answered 202 (its caller, Marketplace, Support);
    /// 202 again while the order's orchestration has not recorded it (a placement included: the order is not there yet).
    /// </summary>
    public static async Task<IResult> CommandAsync(string orderId, string commandId, HttpContext http, OrderSnapshots snapshots, OrderCommands commands, CancellationToken cancellationToken)
    {
        var caller = http.User.ToActor();
        var own = commandId.StartsWith(IdempotencyKeys.CallerScope($"{caller.Role}:{caller.Id}"), StringComparison.Ordinal);
        if (!OrderIds.IsValid(orderId) || (!own && caller.Role is not (ActorRole.Marketplace or ActorRole.Support))
            || await snapshots.GetAsync(orderId, cancellationToken) is not { } instance
            || (instance.Snapshot?.Order is { } order && !OrderAccess.CanSee(caller, order)))
        {
            return OrderAnswers.NotFound;
        }

        if (await commands.FindAsync(orderId, commandId, caller, cancellationToken) is { } result)
        {
            return OrderAnswers.From(result, orderId);
        }

        if (instance.Snapshot?.Order is null && !own)
        {
            return OrderAnswers.NotFound; // not placed (yet): only the placing caller learns that it is under way
        }

        return instance.Finished
            ? Problems.Result(StatusCodes.Status404NotFound, "command-not-found", "Command not found", "No answer is recorded for this command: the order is closed, and the command never reached it or is older than the answers kept.")
            : OrderAnswers.From(OrderCommands.Pending(orderId, commandId), orderId);
    }

    public static async Task<IResult> NotificationsAsync(string orderId, HttpContext http, OrderReader reader, CancellationToken cancellationToken)
    {
        var caller = http.User.ToActor();
        if (await VisibleAsync(orderId, caller, reader, cancellationToken) is null)
        {
            return OrderAnswers.NotFound;
        }

        // The notification store belongs to the activities area; resolved per request so this area does not depend on its registration.
        if (http.RequestServices.GetService<INotificationStore>() is not { } store)
        {
            return Problems.Result(StatusCodes.Status503ServiceUnavailable, "notifications-unavailable", "Notifications are not available.", "No notification store is configured in this build.");
        }

        var notifications = await store.ListForOrderAsync(orderId, cancellationToken);
        return TypedResults.Ok(new OrderNotifications(orderId, OrderPrivacy.Notices(notifications, caller)));
    }

    /// <summary>
    /// Manage Orders: sellers see their own, the marketplace anyone's, keyset-paged by order id. A buyer's Your Orders:
    /// their own only (the other filters narrow them), newest first, cancelled ones included.
    /// </summary>
    public static async Task<IResult> ListAsync(
        HttpContext http, OrderReader reader, BuyerOrders buyerOrders, CancellationPolicy policy, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = http.User.ToActor();
        var query = http.Request.Query;
        var errors = new FieldErrors();
        var sellerId = query["sellerId"].ToString() is { Length: > 0 } s ? s : null;
        if (caller.Role == ActorRole.Seller)
        {
            if (sellerId is not null && sellerId != caller.Id)
            {
                return Problems.Result(StatusCodes.Status403Forbidden, "not-allowed", "Not allowed", "A seller may list only their own orders.");
            }

            sellerId = caller.Id;
        }

        var buyer = caller.Role == ActorRole.Buyer;
        if (buyer && query["buyerId"].ToString() is { Length: > 0 } buyerId && buyerId != caller.Id)
        {
            return Problems.Result(StatusCodes.Status403Forbidden, "not-allowed", "Not allowed", "A buyer may list only their own orders.");
        }

        var status = Parse<OrderStatus>(query["status"], "status", errors);
        var buyerRequested = ParseBool(query["buyerRequestedCancel"], "buyerRequestedCancel", errors);
        var pageSize = ParsePageSize(query["pageSize"], errors);
        var after = buyer ? null : ParsePageToken(query["pageToken"], errors);
        var buyerAfter = buyer ? BuyerPageTokens.Parse(query["pageToken"], errors) : null;
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var tags = ListTags(sellerId, status, buyerRequested);
        var now = time.GetUtcNow();
        if (buyer)
        {
            // The buyer id is the caller's, whatever the query says: the read is of their own rows only.
            var own = await buyerOrders.ListAsync(caller.Id, tags, buyerAfter, pageSize + 1, cancellationToken);
            var ownPage = own.Take(pageSize).ToList();
            var ownNext = own.Count > pageSize ? BuyerPageTokens.For(ownPage[^1].Key) : null;
            return TypedResults.Ok(new OrderPage([.. ownPage.Select(o => OrderView.Of(o.Projected.Order, o.Projected.Version, caller, now, policy))], ownNext));
        }

        var found = await reader.QueryAsync(tags, after, pageSize + 1, cancellationToken);
        var page = found.Take(pageSize).ToList();
        var next = found.Count > pageSize ? PageToken(page[^1].Order.OrderId) : null;
        return TypedResults.Ok(new OrderPage([.. page.Select(o => OrderView.Of(o.Order, o.Version, caller, now, policy))], next));
    }

    /// <summary>A seller's filters use the combined tags, so the scan starts from that seller's orders.</summary>
    private static Dictionary<string, string> ListTags(string? sellerId, OrderStatus? status, bool? buyerRequested)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (sellerId is not null && (status is not null || buyerRequested is not null))
        {
            if (status is { } st)
            {
                tags[OrderTags.SellerOrderStatus] = OrderTags.Combine(sellerId, st.ToString());
            }

            if (buyerRequested is { } br)
            {
                tags[OrderTags.SellerBuyerRequestedCancel] = OrderTags.Combine(sellerId, OrderTags.Bool(br));
            }

            return tags;
        }

        if (sellerId is not null)
        {
            tags[OrderTags.SellerId] = sellerId;
        }

        if (status is { } s)
        {
            tags[OrderTags.OrderStatus] = s.ToString();
        }

        if (buyerRequested is { } b)
        {
            tags[OrderTags.BuyerRequestedCancel] = OrderTags.Bool(b);
        }

        return tags;
    }

    private static async Task<StoredOrder?> VisibleAsync(string orderId, Actor caller, OrderReader reader, CancellationToken cancellationToken) =>
        OrderIds.IsValid(orderId) && await reader.GetAsync(orderId, cancellationToken) is { } stored && OrderAccess.CanSee(caller, stored.Order)
            ? stored
            : null;

    private static OrderHistoryEvent ToEvent(long sequence, ProjectedEvent record, Actor caller)
    {
        var data = JsonNode.Parse(record.Data)?.AsObject() ?? [];
        var at = data["at"]?.GetValue<DateTimeOffset>() ?? record.RecordedAt;
        var actor = data["actor"] is { } a ? a.Deserialize<Actor>(ApiJson.Options) : null;
        var reason = data["reason"] is JsonValue r && r.TryGetValue<string>(out var text) ? text : null;
        return new OrderHistoryEvent(sequence, record.Version, record.EventType, at, actor, reason, OrderPrivacy.HistoryData(data, actor, caller), record.RecordedAt);
    }

    private static T? Parse<T>(string? raw, string field, FieldErrors errors)
        where T : struct, Enum
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        if (Enum.TryParse<T>(raw, ignoreCase: false, out var value) && Enum.IsDefined(value) && !char.IsAsciiDigit(raw[0]))
        {
            return value;
        }

        errors.Add(field, $"{field} must be one of {string.Join(", ", Enum.GetNames<T>())}.");
        return null;
    }

    private static bool? ParseBool(string? raw, string field, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        if (bool.TryParse(raw, out var value))
        {
            return value;
        }

        errors.Add(field, $"{field} must be true or false.");
        return null;
    }

    private static int ParsePageSize(string? raw, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return DefaultPageSize;
        }

        if (int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= MaxPageSize)
        {
            return size;
        }

        errors.Add("pageSize", $"pageSize must be 1 to {MaxPageSize}.");
        return DefaultPageSize;
    }

    private static string PageToken(string lastOrderId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(lastOrderId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? ParsePageToken(string? raw, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        try
        {
            var base64 = raw.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var id = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            if (OrderIds.IsValid(id))
            {
                return id;
            }
        }
        catch (FormatException)
        {
            // falls through to the field error
        }

        errors.Add("pageToken", "pageToken is not one this service gave.");
        return null;
    }
}
