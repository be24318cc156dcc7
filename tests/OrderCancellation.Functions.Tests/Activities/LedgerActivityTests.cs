using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Durable.Activities;
using OrderCancellation.Functions.Activities;
using OrderCancellation.Functions.Ledger;
using OrderCancellation.Functions.Tests.Activities.Support;
using OrderCancellation.Functions.Tests.Infrastructure;

namespace OrderCancellation.Functions.Tests.Activities;

/// <summary>Payment and inventory activities with no endpoint configured: the ledger table is the effect.</summary>
public sealed class LedgerActivityTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_seller_cancel_releases_the_whole_authorization_and_restocks_every_line(StoreKind store)
    {
        await using var host = await ActivityHost.StartAsync(store);
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId());
        var (canceled, activities) = OrderScenario.SellerCancels(order);

        await host.PutOrderAsync(canceled, activities);
        var left = await host.WaitForActivitiesAsync(order.OrderId);

        Assert.Empty(left);
        var ledger = await host.Ledger.ListForOrderAsync(order.OrderId, default);
        var release = Assert.Single(ledger, e => e.Kind == LedgerKind.ReleaseAuthorization);
        Assert.Equal(45.00m, release.Amount);
        Assert.Equal("USD", release.Currency);
        Assert.Null(release.Endpoint);
        Assert.Equal(
            [("SKU-1", 2), ("SKU-2", 1)],
            ledger.Where(e => e.Kind == LedgerKind.Restock).Select(e => (e.Sku!, e.Quantity!.Value)).Order());
        Assert.Equal(3, ledger.Select(e => e.ActivityId).Distinct().Count());
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_shipment_captures_the_shipped_amount(StoreKind store)
    {
        await using var host = await ActivityHost.StartAsync(store);
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId());
        var (shipped, activities) = OrderScenario.Ships(order, "L1", 1);

        await host.PutOrderAsync(shipped, activities);
        await host.WaitForActivitiesAsync(order.OrderId);

        var capture = Assert.Single(await host.Ledger.ListForOrderAsync(order.OrderId, default), e => e.Kind == LedgerKind.CapturePayment);
        Assert.Equal(10.00m, capture.Amount);
        Assert.Equal("USD", capture.Currency);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Each_ledger_activity_run_twice_with_the_same_context_records_one_row(StoreKind store)
    {
        await using var host = await ActivityHost.StartAsync(store);
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId());
        await host.PutOrderAsync(order);
        Activity[] activities =
        [
            new Activity.ReleaseAuthorization(new Money(12.34m, "EUR")),
            new Activity.CapturePayment(new Money(0.01m, "EUR")),
            new Activity.Restock("SKU-9", 3),
        ];

        foreach (var (activity, n) in activities.Select((a, n) => (a, n)))
        {
            var context = new ActivityContext($"redelivered-{n}", order.OrderId, activity.Name, ActivityPayload.Serialize(activity), 1);
            await host.Handler(activity.Name).ExecuteAsync(context, default);
            await host.Handler(activity.Name).ExecuteAsync(context with { Attempt = 2 }, default);
        }

        var ledger = await host.Ledger.ListForOrderAsync(order.OrderId, default);
        Assert.Equal(["redelivered-0", "redelivered-1", "redelivered-2"], ledger.Select(e => e.ActivityId).Order());
        Assert.Equal(12.34m, ledger.Single(e => e.ActivityId == "redelivered-0").Amount);
        Assert.Equal(0.01m, ledger.Single(e => e.ActivityId == "redelivered-1").Amount);
        Assert.Equal(("SKU-9", 3), ledger.Where(e => e.ActivityId == "redelivered-2").Select(e => (e.Sku, e.Quantity!.Value)).Single());
    }
}
