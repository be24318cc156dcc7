using OrderCancellation.Domain.Metrics;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Http;
using OrderCancellation.Api.Orders;

namespace OrderCancellation.Api.Metrics;

/// <summary>GET /api/sellers/{sellerId}/metrics/cancellation-rate (§4.7): the seller's own, or anyone's for the marketplace.</summary>
public static class CancellationRateEndpoints
{
    private const int PageSize = 500;

    public static IEndpointRouteBuilder MapCancellationRate(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sellers/{sellerId}/metrics/cancellation-rate", GetAsync)
            .RequireAuthorization(Policies.SellerOrMarketplace)
            .WithTags("Metrics").WithName("GetCancellationRate").Produces<CancellationRateReport>();
        return app;
    }

    /// <param name="marketplaceId">Optional: only that marketplace's orders, with its window and threshold.</param>
    internal static async Task<IResult> GetAsync(
        string sellerId, string? marketplaceId, HttpContext http, OrderReader reader, CancellationPolicy policy, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = http.User.ToActor();
        if (caller.Role == ActorRole.Seller && caller.Id != sellerId)
        {
            return Problems.Result(StatusCodes.Status403Forbidden, "not-allowed", "Not allowed", "A seller may read only their own Cancellation Rate.");
        }

        var options = marketplaceId is null ? policy.Defaults : policy.For(marketplaceId);
        var now = time.GetUtcNow();
        var summaries = new List<OrderSummary>();

        // One tag per purchase day of the seller's Merchant orders: only the days in the window are read.
        for (var day = (now - options.CancellationRateWindow).UtcDateTime.Date; day <= now.UtcDateTime.Date; day = day.AddDays(1))
        {
            var tags = new Dictionary<string, string> { [OrderTags.MerchantPurchaseDay] = OrderTags.PurchaseDay(sellerId, new DateTimeOffset(day, TimeSpan.Zero)) };
            string? after = null;
            while (true)
            {
                var page = await reader.QueryAsync(tags, after, PageSize, cancellationToken);
                summaries.AddRange(page.Where(o => marketplaceId is null || o.Order.MarketplaceId == marketplaceId).Select(o => OrderSummary.From(o.Order)));
                if (page.Count < PageSize)
                {
                    break;
                }

                after = page[^1].Order.OrderId;
            }
        }

        return TypedResults.Ok(CancellationRate.Compute(sellerId, summaries, now, options));
    }
}
