using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Reasons;

namespace OrderCancellation.Api.Orders;

// Request bodies (§5). Every member is nullable so that a missing field is a 400 naming it, not a 500;
// an unknown enum value fails to bind and is a 400 naming the field too (see JsonBody).

public sealed record PlaceOrderRequest(
    string? OrderId,
    string? MarketplaceId,
    string? BuyerId,
    string? SellerId,
    FulfillmentChannel? FulfillmentChannel,
    DateTimeOffset? PurchaseDate,
    DateTimeOffset? LatestShipDate,
    IReadOnlyList<OrderLineRequest?>? Lines);

public sealed record OrderLineRequest(string? LineId, string? Sku, int? Quantity, MoneyRequest? UnitPrice);

public sealed record MoneyRequest(decimal? Amount, string? CurrencyCode);

public sealed record LineQuantityRequest(string? LineId, int? Quantity);

public sealed record CancelRequest(string? Reason, IReadOnlyList<LineQuantityRequest?>? Lines, string? Note);

public sealed record DeclineRequest(string? Message);

public sealed record PaymentRequest(PaymentStatus? Status);

public sealed record ShippingLabelRequest(LabelAction? Action);

public sealed record ShipmentRequest(IReadOnlyList<LineQuantityRequest?>? Lines, string? Carrier, string? TrackingId);

public sealed record FulfillmentStageRequest(FulfillmentStage? Stage);

/// <summary>Field checks of the request bodies: every error at once, keyed by the JSON path of the field.</summary>
internal sealed class FieldErrors
{
    public const int MaxIdLength = 100;
    public const int MaxLines = 1000;
    public const int MaxNoteLength = 1000;
    public const int MaxMessageLength = 1000;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public string Required(string field, string? value, int maxLength = MaxIdLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{field} is required.");
            return string.Empty;
        }

        MaxLength(field, value, maxLength);
        return value;
    }

    public void MaxLength(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(field, $"{field} is longer than {maxLength} characters.");
        }
    }

    public T Required<T>(string field, T? value)
        where T : struct
    {
        if (value is null)
        {
            Add(field, $"{field} is required.");
        }

        return value.GetValueOrDefault();
    }

    /// <summary>Lines of a cancel (optional) or a shipment (required): each names a line once with a positive quantity.</summary>
    public IReadOnlyList<LineQuantity>? Lines(IReadOnlyList<LineQuantityRequest?>? lines, bool required)
    {
        if (lines is null || lines.Count == 0)
        {
            if (required)
            {
                Add("lines", "lines is required: at least one {lineId, quantity}.");
            }

            return null;
        }

        if (lines.Count > MaxLines)
        {
            Add("lines", $"At most {MaxLines} lines.");
        }

        var result = new List<LineQuantity>();
        for (var n = 0; n < lines.Count; n++)
        {
            var path = $"lines[{n}]";
            if (lines[n] is not { } line)
            {
                Add(path, $"{path} must be an object {{lineId, quantity}}.");
                continue;
            }

            var lineId = Required($"{path}.lineId", line.LineId);
            var quantity = Required($"{path}.quantity", line.Quantity);
            if (line.Quantity is <= 0)
            {
                Add($"{path}.quantity", $"{path}.quantity must be a positive whole number.");
            }

            result.Add(new LineQuantity(lineId, quantity));
        }

        foreach (var duplicate in result.GroupBy(l => l.LineId).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            Add("lines", $"Line {duplicate.Key} is named more than once.");
        }

        return result;
    }
}

/// <summary>Turns a valid request body into the domain command for the caller.</summary>
internal static class OrderRequestMapping
{
    public static OrderCommand.PlaceOrder? ToCommand(this PlaceOrderRequest r, string orderId, Actor by, DateTimeOffset now, FieldErrors errors)
    {
        if (r.OrderId is not null && !OrderIds.IsValid(r.OrderId))
        {
            errors.Add("orderId", $"orderId must be 1 to {OrderIds.MaxLength} letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        var marketplaceId = errors.Required("marketplaceId", r.MarketplaceId);
        var buyerId = errors.Required("buyerId", r.BuyerId);
        var sellerId = errors.Required("sellerId", r.SellerId);
        var channel = errors.Required("fulfillmentChannel", r.FulfillmentChannel);
        var latestShipDate = errors.Required("latestShipDate", r.LatestShipDate);
        var lines = new List<OrderLine>();
        if (r.Lines is null || r.Lines.Count == 0)
        {
            errors.Add("lines", "lines is required: at least one {lineId, sku, quantity, unitPrice}.");
        }
        else if (r.Lines.Count > FieldErrors.MaxLines)
        {
            errors.Add("lines", $"At most {FieldErrors.MaxLines} lines.");
        }
        else
        {
            for (var n = 0; n < r.Lines.Count; n++)
            {
                if (Line(r.Lines[n], $"lines[{n}]", errors) is { } line)
                {
                    lines.Add(line);
                }
            }

            foreach (var duplicate in lines.GroupBy(l => l.LineId).Where(g => g.Key.Length > 0 && g.Count() > 1))
            {
                errors.Add("lines", $"Line {duplicate.Key} is named more than once.");
            }

            if (lines.Select(l => l.UnitPrice.CurrencyCode).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                errors.Add("lines", "All lines must be in one currency.");
            }
        }

        var purchaseDate = r.PurchaseDate ?? now;
        if (r.LatestShipDate < purchaseDate)
        {
            errors.Add("latestShipDate", "latestShipDate is before purchaseDate.");
        }

        return errors.Any ? null : new OrderCommand.PlaceOrder(by, now, orderId, marketplaceId, buyerId, sellerId, channel, purchaseDate, latestShipDate, lines);
    }

    public static OrderCommand.Cancel? ToCommand(this CancelRequest r, Actor by, DateTimeOffset now, FieldErrors errors)
    {
        errors.MaxLength("reason", r.Reason, by.Role == ActorRole.Buyer ? ReasonCatalog.BuyerReasonMaxLength : FieldErrors.MaxIdLength);
        errors.MaxLength("note", r.Note, FieldErrors.MaxNoteLength);
        var lines = errors.Lines(r.Lines, required: false);
        return errors.Any ? null : new OrderCommand.Cancel(by, now, r.Reason, lines, r.Note, CancelSource.Api);
    }

    public static OrderCommand.DeclineCancellationRequest? ToCommand(this DeclineRequest r, Actor by, DateTimeOffset now, FieldErrors errors)
    {
        var message = errors.Required("message", r.Message, FieldErrors.MaxMessageLength);
        return errors.Any ? null : new OrderCommand.DeclineCancellationRequest(by, now, message);
    }

    public static OrderCommand.Payment? ToCommand(this PaymentRequest r, Actor by, DateTimeOffset now, FieldErrors errors)
    {
        var status = errors.Required("status", r.Status);
        return errors.Any ? null : new OrderCommand.Payment(by, now, status);
    }

    public static OrderCommand.ShippingLabel? ToCommand(this ShippingLabelRequest r, Actor by, DateTimeOffset now, FieldErrors errors)
    {
        var action = errors.Required("action", r.Action);
        return errors.Any ? null : new OrderCommand.ShippingLabel(by, now, action);
    }

    public static OrderCommand.ConfirmShipment? ToCommand(this ShipmentRequest r, Actor by, DateTimeOffset now, FieldErrors errors)
    {
        var lines = errors.Lines(r.Lines, required: true);
        errors.MaxLength("carrier", r.Carrier, FieldErrors.MaxIdLength);
        errors.MaxLength("trackingId", r.TrackingId, FieldErrors.MaxIdLength);
        return errors.Any ? null : new OrderCommand.ConfirmShipment(by, now, lines!, r.Carrier, r.TrackingId);
    }

    public static OrderCommand.ChangeFulfillmentStage? ToCommand(this FulfillmentStageRequest r, Actor by, DateTimeOffset now, FieldErrors errors)
    {
        var stage = errors.Required("stage", r.Stage);
        return errors.Any ? null : new OrderCommand.ChangeFulfillmentStage(by, now, stage);
    }

    private static OrderLine? Line(OrderLineRequest? line, string path, FieldErrors errors)
    {
        if (line is null)
        {
            errors.Add(path, $"{path} must be an object {{lineId, sku, quantity, unitPrice}}.");
            return null;
        }

        var lineId = errors.Required($"{path}.lineId", line.LineId);
        var sku = errors.Required($"{path}.sku", line.Sku);
        var quantity = errors.Required($"{path}.quantity", line.Quantity);
        if (line.Quantity is <= 0)
        {
            errors.Add($"{path}.quantity", $"{path}.quantity must be a positive whole number.");
        }

        if (line.UnitPrice is not { } price)
        {
            errors.Add($"{path}.unitPrice", $"{path}.unitPrice is required: {{amount, currencyCode}}.");
            return null;
        }

        var amount = errors.Required($"{path}.unitPrice.amount", price.Amount);
        if (price.Amount < 0)
        {
            errors.Add($"{path}.unitPrice.amount", $"{path}.unitPrice.amount must not be negative.");
        }

        var currency = errors.Required($"{path}.unitPrice.currencyCode", price.CurrencyCode);
        if (currency.Length > 0 && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
        {
            errors.Add($"{path}.unitPrice.currencyCode", $"{path}.unitPrice.currencyCode must be an ISO 4217 code such as USD.");
        }

        return new OrderLine(lineId, sku, quantity, new Money(amount, currency));
    }
}
