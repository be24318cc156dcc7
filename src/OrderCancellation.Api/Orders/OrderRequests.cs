using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Reasons;
using OrderCancellation.Api.Http;

namespace OrderCancellation.Api.Orders;

// Request bodies (§5). Every member is nullable so that a missing field is a 400 naming it, not a 500;
// an unknown enum value, or a number sent as a string, fails to bind and is a 400 naming the field too (see JsonBody).
// The bounds of each field are InputBounds' (ids, quantities, prices, dates, text), checked by FieldErrors.

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

/// <summary>Turns a valid request body into the domain command for the caller.</summary>
internal static class OrderRequestMapping
{
    public static OrderCommand.PlaceOrder? ToCommand(this PlaceOrderRequest r, string orderId, Actor by, DateTimeOffset now, FieldErrors errors)
    {
        if (r.OrderId is not null)
        {
            errors.Id("orderId", r.OrderId);
        }

        var marketplaceId = errors.Id("marketplaceId", r.MarketplaceId);
        var buyerId = errors.Id("buyerId", r.BuyerId);
        var sellerId = errors.Id("sellerId", r.SellerId);
        var channel = errors.Required("fulfillmentChannel", r.FulfillmentChannel);
        var purchaseDate = errors.Date("purchaseDate", r.PurchaseDate) ?? now;
        var latestShipDate = r.LatestShipDate is null
            ? errors.Required("latestShipDate", r.LatestShipDate)
            : errors.Date("latestShipDate", r.LatestShipDate).GetValueOrDefault();
        if (latestShipDate != default && latestShipDate < purchaseDate)
        {
            errors.Add("latestShipDate", "latestShipDate is before purchaseDate.");
        }

        var lines = new List<OrderLine>();
        if (errors.LineCount(r.Lines, required: true, "{lineId, sku, quantity, unitPrice}"))
        {
            for (var n = 0; n < r.Lines!.Count; n++)
            {
                if (Line(r.Lines[n], $"lines[{n}]", errors) is { } line)
                {
                    lines.Add(line);
                }
            }

            errors.DistinctLineIds(lines.Select(l => l.LineId));
            if (lines.Select(l => l.UnitPrice.CurrencyCode).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                errors.Add("lines", "All lines must be in one currency.");
            }
        }

        return errors.Any ? null : new OrderCommand.PlaceOrder(by, now, orderId, marketplaceId, buyerId, sellerId, channel, purchaseDate, latestShipDate, lines);
    }

    public static OrderCommand.Cancel? ToCommand(this CancelRequest r, Actor by, DateTimeOffset now, FieldErrors errors)
    {
        // A buyer writes a reason in words; the others give a reason code.
        errors.Text("reason", r.Reason, by.Role == ActorRole.Buyer ? ReasonCatalog.BuyerReasonMaxLength : InputBounds.MaxLabelLength, multiLine: false);
        errors.Text("note", r.Note, InputBounds.MaxTextLength, multiLine: true);
        var lines = errors.Lines(r.Lines, required: false);
        return errors.Any ? null : new OrderCommand.Cancel(by, now, r.Reason, lines, r.Note, CancelSource.Api);
    }

    public static OrderCommand.DeclineCancellationRequest? ToCommand(this DeclineRequest r, Actor by, DateTimeOffset now, FieldErrors errors)
    {
        var message = errors.Text("message", r.Message, InputBounds.MaxTextLength, multiLine: true, required: true);
        return errors.Any ? null : new OrderCommand.DeclineCancellationRequest(by, now, message!);
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
        errors.Text("carrier", r.Carrier, InputBounds.MaxLabelLength, multiLine: false);
        errors.Text("trackingId", r.TrackingId, InputBounds.MaxLabelLength, multiLine: false);
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

        var lineId = errors.Id($"{path}.lineId", line.LineId);
        var sku = errors.Id($"{path}.sku", line.Sku);
        var quantity = errors.Quantity($"{path}.quantity", line.Quantity);
        if (line.UnitPrice is not { } price)
        {
            errors.Add($"{path}.unitPrice", $"{path}.unitPrice is required: {{amount, currencyCode}}.");
            return null;
        }

        var amount = errors.Price($"{path}.unitPrice.amount", price.Amount);
        var currency = price.CurrencyCode ?? string.Empty;
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            errors.Add($"{path}.unitPrice.currencyCode", $"{path}.unitPrice.currencyCode must be an ISO 4217 code such as USD.");
        }

        return new OrderLine(lineId, sku, quantity, new Money(amount, currency));
    }
}
