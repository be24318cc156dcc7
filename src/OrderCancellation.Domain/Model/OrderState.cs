namespace OrderCancellation.Domain.Model;

/// <summary>
/// Everything known about one placed order. Before the order is placed there is no state at all
/// (<c>null</c>). The record round-trips through System.Text.Json (camelCase, string enums):
/// the runtime stores it as JSON. Computed properties are serialized for readers and ignored when read back.
/// </summary>
public sealed record OrderState
{
    public required string OrderId { get; init; }
    public required string MarketplaceId { get; init; }
    public required string BuyerId { get; init; }
    public required string SellerId { get; init; }
    public required FulfillmentChannel FulfillmentChannel { get; init; }
    public required DateTimeOffset PurchaseDate { get; init; }
    public required DateTimeOffset LatestShipDate { get; init; }
    public required IReadOnlyList<LineState> Lines { get; init; }

    /// <summary>False while the order is Pending; true from the start for a Multi-Channel order (no marketplace payment).</summary>
    public bool PaymentVerified { get; init; }

    /// <summary>Amazon and MultiChannel orders only.</summary>
    public FulfillmentStage? FulfillmentStage { get; init; }

    /// <summary>Merchant orders only: the order is "in the shipping process" (soft point of no return).</summary>
    public bool ShippingLabelPurchased { get; init; }

    /// <summary>Fixed when the order is placed, with the marketplace's options of that moment.</summary>
    public required OrderDeadlines Deadlines { get; init; }

    /// <summary>The latest buyer request (open or answered); at most one is open.</summary>
    public CancellationRequest? CancellationRequest { get; init; }

    /// <summary>The latest cancellation attempt (open or resolved); at most one is open.</summary>
    public CancellationAttempt? CancellationAttempt { get; init; }

    public IReadOnlyList<Cancellation> Cancellations { get; init; } = [];

    public IReadOnlyList<ActivityFailure> FailedActivities { get; init; } = [];

    /// <summary>Set when the BuyerWindowCloses timer fired; decisions never depend on it (they use the time).</summary>
    public bool BuyerCancelWindowClosed { get; init; }

    public bool AutoCancelWarningSent { get; init; }

    public OrderStatus OrderStatus => OrderStatusRules.Derive(this);

    /// <summary>GET order's deadline (Merchant only). A cancel at exactly this instant is still inside the window.</summary>
    public DateTimeOffset? BuyerCancelWindowEndsAt => Deadlines.BuyerCancelWindowEndsAt;

    /// <summary>GET order's deadline (Merchant only): when the unshipped rest is cancelled.</summary>
    public DateTimeOffset? AutoCancelAt => Deadlines.AutoCancelAt;

    /// <summary>Some quantity can still be shipped or cancelled: the order is not Shipped nor Canceled.</summary>
    public bool IsOpen => AnyLine(static l => l.QuantityCancelable > 0);

    public LineState? Line(string lineId)
    {
        for (var i = 0; i < Lines.Count; i++)
        {
            if (Lines[i].LineId == lineId)
            {
                return Lines[i];
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a line matches, by index: a decision asks the status (and so this) several times, and LINQ's
    /// <c>Any</c> over the interface allocated an enumerator each time (≈ 5 % of a feed's allocations).
    /// </summary>
    public bool AnyLine(Func<LineState, bool> predicate)
    {
        for (var i = 0; i < Lines.Count; i++)
        {
            if (predicate(Lines[i]))
            {
                return true;
            }
        }

        return false;
    }
}
