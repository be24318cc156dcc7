using OrderCancellation.Api.Orders;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Pages.Seller;

/// <summary>What Manage Orders searches by; every field is optional and they all must hold.</summary>
/// <param name="PurchasedFrom">First purchase day (UTC), inclusive.</param>
/// <param name="PurchasedTo">Last purchase day (UTC), inclusive.</param>
public sealed record SellerOrderFilter(
    string? OrderId = null, string? BuyerId = null, string? Sku = null, DateOnly? PurchasedFrom = null, DateOnly? PurchasedTo = null,
    OrderStatus? Status = null, bool BuyerRequestedCancel = false);

/// <param name="Next">Where the next page resumes (an order id), or null at the end.</param>
public sealed record SellerOrderResults(IReadOnlyList<StoredOrder> Orders, string? Next);

/// <summary>
/// Manage Orders for one seller, from the read model. Status and "buyer requested cancellation" are the read model's
/// seller tags (the scan starts from that seller's matching orders); buyer, SKU and purchase dates are checked on the
/// orders read, a bounded number per page, so a rare match costs a few short pages ("More") instead of one long scan.
/// An order id is read from its orchestration (read-your-writes) and shown only when it is the seller's.
/// </summary>
public sealed class SellerOrderSearch(OrderReader reader)
{
    public const int PageSize = 25;
    private const int Batch = 200;
    private const int MaxScannedPerPage = 2000;

    public async Task<SellerOrderResults> FindAsync(string sellerId, SellerOrderFilter filter, string? after, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(filter.OrderId))
        {
            var one = OrderIds.IsValid(filter.OrderId.Trim()) ? await reader.GetAsync(filter.OrderId.Trim(), cancellationToken) : null;
            return new SellerOrderResults(one is not null && one.Order.SellerId == sellerId && Matches(one.Order, filter) ? [one] : [], null);
        }

        var tags = Tags(sellerId, filter);
        var found = new List<StoredOrder>();
        var scanned = 0;
        while (true)
        {
            var batch = await reader.QueryAsync(tags, after, Batch, cancellationToken);
            foreach (var order in batch)
            {
                scanned++;
                after = order.Order.OrderId;
                if (Matches(order.Order, filter))
                {
                    found.Add(order);
                    if (found.Count == PageSize)
                    {
                        return new SellerOrderResults(found, after);
                    }
                }
            }

            if (batch.Count < Batch)
            {
                return new SellerOrderResults(found, null);
            }

            if (scanned >= MaxScannedPerPage)
            {
                return new SellerOrderResults(found, after);
            }
        }
    }

    /// <summary>The seller's combined tags when a status or the request filter is given, else the seller's own tag.</summary>
    internal static Dictionary<string, string> Tags(string sellerId, SellerOrderFilter filter)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (filter.BuyerRequestedCancel)
        {
            tags[OrderTags.SellerBuyerRequestedCancel] = OrderTags.Combine(sellerId, OrderTags.Bool(true));
        }

        if (filter.Status is { } status)
        {
            tags[OrderTags.SellerOrderStatus] = OrderTags.Combine(sellerId, status.ToString());
        }

        if (tags.Count == 0)
        {
            tags[OrderTags.SellerId] = sellerId;
        }

        return tags;
    }

    internal static bool Matches(OrderState order, SellerOrderFilter filter)
    {
        var day = DateOnly.FromDateTime(order.PurchaseDate.UtcDateTime);
        return (string.IsNullOrWhiteSpace(filter.BuyerId) || order.BuyerId == filter.BuyerId.Trim())
            && (string.IsNullOrWhiteSpace(filter.Sku) || order.Lines.Any(l => string.Equals(l.Sku, filter.Sku.Trim(), StringComparison.OrdinalIgnoreCase)))
            && (filter.PurchasedFrom is not { } from || day >= from)
            && (filter.PurchasedTo is not { } to || day <= to)
            && (filter.Status is not { } status || order.OrderStatus == status)
            && (!filter.BuyerRequestedCancel || OrderTags.BuyerRequested(order));
    }
}
