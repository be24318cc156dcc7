using System.Globalization;
using OrderCancellation.Domain.Metrics;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Http;
using OrderCancellation.Api.Http.OpenApi;
using OrderCancellation.Api.Orders;
using OrderCancellation.Api.ReadModel;

namespace OrderCancellation.Api.Metrics;

/// <summary>GET /api/sellers/{sellerId}/metrics/cancellation-rate (§4.7): the seller's own, or anyone's for the marketplace.</summary>
public static class CancellationRateEndpoints
{
    private const int PageSize = 500;

    public static IEndpointRouteBuilder MapCancellationRate(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sellers/{sellerId}/metrics/cancellation-rate", GetAsync)
            .RequireAuthorization(Policies.SellerOrMarketplace)
            .WithTags("Metrics").WithName("GetCancellationRate").WithSummary("Read a seller's Cancellation Rate")
            .WithDescription("The Cancellation Rate (docs/policy.md): the rate over the policy's window with its threshold and status, and the daily series of the last `days` (1–90) days when given; `marketplaceId` narrows it to one marketplace. A seller reads only their own (403).")
            .Produces<CancellationRateReport>().ProducesProblems(400, 403);
        return app;
    }

    /// <param name="marketplaceId">Optional: only that marketplace's orders, with its window and threshold.</param>
    /// <param name="days">Optional, 1 to 90: the daily series of the last that many days (UTC), each day's point the window ending when that day ends.</param>
    internal static async Task<IResult> GetAsync(
        string sellerId, string? marketplaceId, string? days, HttpContext http, OrderReader reader, CountedCancellations counted, CancellationPolicy policy, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = http.User.ToActor();
        if (caller.Role == ActorRole.Seller && caller.Id != sellerId)
        {
            return Problems.Result(StatusCodes.Status403Forbidden, "not-allowed", "Not allowed", "A seller may read only their own Cancellation Rate.");
        }

        int? series = null;
        if (!string.IsNullOrEmpty(days))
        {
            if (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > CancellationRate.MaxDays)
            {
                return Problems.Validation(new Dictionary<string, string[]> { ["days"] = [$"days must be 1 to {CancellationRate.MaxDays}."] });
            }

            series = n;
        }

        return TypedResults.Ok(await ComputeAsync(sellerId, marketplaceId, series, reader, counted, policy, time, cancellationToken));
    }

    /// <summary>The seller's rate now, with the daily series of the last <paramref name="days"/> days when given (the endpoint and the seller's page).</summary>
    internal static async Task<CancellationRateReport> ComputeAsync(
        string sellerId, string? marketplaceId, int? days, OrderReader reader, CountedCancellations counted, CancellationPolicy policy, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var options = marketplaceId is null ? policy.Defaults : policy.For(marketplaceId);
        var now = time.GetUtcNow();
        var from = CancellationRate.EarliestNeeded(now, options, days);

        // The orders placed in the span, then those that received a counted cancellation in it but were placed earlier.
        var summaries = new List<OrderSummary>(await PlacedAsync(sellerId, marketplaceId, from, now, reader, cancellationToken));
        summaries.AddRange(await counted.ListAsync(sellerId, marketplaceId, from, now, cancellationToken));
        return CancellationRate.Compute(sellerId, summaries, now, options, days);
    }

    /// <summary>One tag per purchase day of the seller's Merchant orders: only the days of the span are read.</summary>
    private static async Task<List<OrderSummary>> PlacedAsync(
        string sellerId, string? marketplaceId, DateTimeOffset from, DateTimeOffset now, OrderReader reader, CancellationToken cancellationToken)
    {
        var summaries = new List<OrderSummary>();
        for (var day = from.UtcDateTime.Date; day <= now.UtcDateTime.Date; day = day.AddDays(1))
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

        return summaries;
    }
}
