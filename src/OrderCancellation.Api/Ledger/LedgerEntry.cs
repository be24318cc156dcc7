namespace OrderCancellation.Api.Ledger;

public enum LedgerKind { ReleaseAuthorization, CapturePayment, Restock }

/// <summary>
/// One payment or inventory call, keyed by the activity id that is also its downstream idempotency key.
/// <paramref name="Endpoint"/> is where it was sent; null when no endpoint is configured and the ledger stands in.
/// </summary>
public sealed record LedgerEntry(
    string ActivityId,
    string OrderId,
    LedgerKind Kind,
    string? Sku,
    int? Quantity,
    decimal? Amount,
    string? Currency,
    string? Endpoint,
    DateTimeOffset At);
