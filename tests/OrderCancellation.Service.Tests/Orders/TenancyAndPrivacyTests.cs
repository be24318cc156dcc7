using System.Net;
using System.Text.Json;
using OrderCancellation.Api.Http;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Orders;

/// <summary>
/// A buyer's reads of their own order leave out what is the seller's business (§5, issue 18): whether a cancellation
/// counts against the seller, notes the buyer did not write, notices addressed to others. Every read: the order, a
/// command's answer, its replay, its outcome read later, the history, the notices.
/// </summary>
public abstract class TenancyAndPrivacyTests(HostFixture fixture)
{
    private const string SellerNote = "supplier let us down, do not tell the buyer";

    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task A_buyer_does_not_see_whether_a_cancellation_counts_against_the_seller()
    {
        using var order = await SellerCanceledOneAsync();
        var (id, buyer, seller) = (order.Id, order.Buyer, order.Seller);

        var asBuyer = (await buyer.GetApiAsync($"/api/orders/{id}")).Json.GetProperty("cancellations")[0];
        var asSeller = (await seller.GetApiAsync($"/api/orders/{id}")).Json.GetProperty("cancellations")[0];

        Assert.False(asBuyer.TryGetProperty("countsAgainstSeller", out _), asBuyer.ToString());
        Assert.True(asSeller.GetProperty("countsAgainstSeller").GetBoolean());
        Assert.Equal(("Seller", "NoInventory"), (asBuyer.GetProperty("by").GetString(), asBuyer.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task A_buyer_does_not_see_the_sellers_note()
    {
        using var order = await SellerCanceledOneAsync();
        var (id, buyer, seller) = (order.Id, order.Buyer, order.Seller);

        var asBuyer = await buyer.GetApiAsync($"/api/orders/{id}");
        var asSeller = await seller.GetApiAsync($"/api/orders/{id}");

        Assert.DoesNotContain(SellerNote, asBuyer.Body, StringComparison.Ordinal);
        Assert.False(asBuyer.Json.GetProperty("cancellations")[0].TryGetProperty("note", out _));
        Assert.Equal(SellerNote, asSeller.Json.GetProperty("cancellations")[0].GetProperty("note").GetString());
    }

    [Fact]
    public async Task A_buyer_sees_the_note_they_wrote_on_their_own_cancel()
    {
        using var order = await NewOrderAsync();
        var (id, buyer) = (order.Id, order.Buyer);

        var canceled = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "Ordered by mistake", note = "my own words" });

        Assert.Equal("Canceled", canceled.Outcome);
        var cancellation = canceled.Order.GetProperty("cancellations")[0];
        Assert.Equal("my own words", cancellation.GetProperty("note").GetString());
        Assert.False(cancellation.TryGetProperty("countsAgainstSeller", out _));
    }

    [Fact]
    public async Task A_buyers_command_answer_leaves_out_the_sellers_business()
    {
        using var order = await SellerCanceledOneAsync();
        var (id, buyer) = (order.Id, order.Buyer);

        var canceled = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { });

        Assert.Equal("Canceled", canceled.Outcome);
        AssertBuyerView(canceled.Order, cancellations: 2);
    }

    [Fact]
    public async Task A_replayed_answer_for_a_buyer_is_the_buyers_own_even_when_the_seller_used_the_same_key()
    {
        using var order = await NewOrderAsync();
        var (id, buyer, seller) = (order.Id, order.Buyer, order.Seller);
        var sellers = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory", note = SellerNote, lines = new[] { new { lineId = "L1", quantity = 1 } } }, idempotencyKey: "same-key");
        Assert.True(sellers.Order.GetProperty("cancellations")[0].GetProperty("countsAgainstSeller").GetBoolean());

        var first = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { }, idempotencyKey: "same-key");
        var replay = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { }, idempotencyKey: "same-key");

        Assert.Equal(HttpStatusCode.OK, replay.Status);
        Assert.Equal(first.Body, replay.Body);
        AssertBuyerView(replay.Order, cancellations: 2);
    }

    [Fact]
    public async Task A_command_outcome_read_later_by_a_buyer_is_the_buyers_view()
    {
        using var order = await SellerCanceledOneAsync();
        var (id, buyer) = (order.Id, order.Buyer);
        var answered = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { }, idempotencyKey: "read-later");
        var commandId = IdempotencyKeys.Scoped("read-later", $"Buyer:{BuyerOf(id)}", "cancel");

        var outcome = await buyer.GetApiAsync($"/api/orders/{id}/commands/{Uri.EscapeDataString(commandId)}");

        Assert.True(outcome.Status == HttpStatusCode.OK, outcome.ToString());
        Assert.Equal(answered.Body, outcome.Body);
        AssertBuyerView(outcome.Order, cancellations: 2);
    }

    [Fact]
    public async Task A_buyers_history_leaves_out_the_sellers_note_and_whether_it_counts_but_keeps_their_own_note()
    {
        using var order = await SellerCanceledOneAsync();
        var (id, buyer) = (order.Id, order.Buyer);
        Assert.Equal("Canceled", (await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { note = "my own words" })).Outcome);
        var full = (await Host.HistoryAsync(id)).EnumerateArray().Where(e => e.GetProperty("eventType").GetString() == "LinesCanceled").ToList();

        var history = await buyer.GetApiAsync($"/api/orders/{id}/history");

        var canceled = history.Json.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("eventType").GetString() == "LinesCanceled").ToList();
        Assert.Equal(2, canceled.Count);
        Assert.DoesNotContain(SellerNote, history.Body, StringComparison.Ordinal);
        Assert.All(canceled, e => Assert.False(e.GetProperty("data").TryGetProperty("countsAgainstSeller", out _), e.ToString()));
        Assert.False(canceled[0].GetProperty("data").TryGetProperty("note", out _));
        Assert.Equal("my own words", canceled[1].GetProperty("data").GetProperty("note").GetString());
        Assert.Equal(SellerNote, full[0].GetProperty("data").GetProperty("note").GetString());
        Assert.True(full[0].GetProperty("data").GetProperty("countsAgainstSeller").GetBoolean());
    }

    [Fact]
    public async Task A_buyer_lists_only_the_notices_addressed_to_them()
    {
        using var order = await RequestDeclinedAsync("We shipped it already");
        var (id, buyer, seller) = (order.Id, order.Buyer, order.Seller);
        var buyerRecipient = $"buyer:{BuyerOf(id)}";
        await Host.NotificationEventuallyAsync(id, n => n.GetProperty("recipient").GetString()!.StartsWith("seller:", StringComparison.Ordinal));
        await Host.NotificationEventuallyAsync(id, n => n.GetProperty("recipient").GetString() == buyerRecipient);

        var asBuyer = await buyer.GetApiAsync($"/api/orders/{id}/notifications");
        var asSeller = await seller.GetApiAsync($"/api/orders/{id}/notifications");

        var buyers = asBuyer.Json.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("recipient").GetString()).ToList();
        Assert.NotEmpty(buyers);
        Assert.All(buyers, r => Assert.Equal(buyerRecipient, r));
        Assert.Contains(asSeller.Json.GetProperty("notifications").EnumerateArray(), n => n.GetProperty("recipient").GetString()!.StartsWith("seller:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_buyer_reads_the_sellers_decline_message_because_it_is_written_to_them()
    {
        using var order = await RequestDeclinedAsync("We shipped it already");
        var (id, buyer) = (order.Id, order.Buyer);

        var view = await buyer.GetApiAsync($"/api/orders/{id}");

        var request = view.Json.GetProperty("cancellationRequest");
        Assert.Equal(("Declined", "We shipped it already"), (request.GetProperty("status").GetString(), request.GetProperty("sellerMessage").GetString()));
        var notice = await Host.NotificationEventuallyAsync(id, n => n.GetProperty("kind").GetString() == "CancellationRequestDeclined");
        Assert.Contains("We shipped it already", notice.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A buyer's view: no cancellation says whether it counts, and the seller's note is nowhere.</summary>
    private static void AssertBuyerView(JsonElement order, int cancellations)
    {
        var all = order.GetProperty("cancellations").EnumerateArray().ToList();
        Assert.Equal(cancellations, all.Count);
        Assert.All(all, c => Assert.False(c.TryGetProperty("countsAgainstSeller", out _), c.ToString()));
        Assert.DoesNotContain(SellerNote, order.GetRawText(), StringComparison.Ordinal);
    }

    private static string BuyerOf(string orderId) => $"B-{orderId}"[..20];

    /// <summary>A fresh Merchant order of a buyer and a seller of its own, with clients for both.</summary>
    private async Task<TestOrder> NewOrderAsync(DateTimeOffset? purchaseDate = null)
    {
        var id = OrderApi.NewId();
        var sellerId = $"S-{id}"[..20];
        await Host.PlaceAsync(OrderApi.Order(orderId: id, buyerId: BuyerOf(id), sellerId: sellerId, purchaseDate: purchaseDate));
        return new TestOrder(id, Host.As("buyer", BuyerOf(id)), Host.As("seller", sellerId));
    }

    /// <summary>The seller cancels one L1 with a note, NoInventory (it counts against them); the order stays open.</summary>
    private async Task<TestOrder> SellerCanceledOneAsync()
    {
        var order = await NewOrderAsync();
        var canceled = await order.Seller.PostApiAsync(
            $"/api/orders/{order.Id}/cancel", new { reason = "NoInventory", note = SellerNote, lines = new[] { new { lineId = "L1", quantity = 1 } } });
        Assert.True(canceled.Outcome == "PartiallyCanceled", canceled.ToString());
        return order;
    }

    /// <summary>The buyer asks after the window (a request to the seller, who is notified), and the seller declines it.</summary>
    private async Task<TestOrder> RequestDeclinedAsync(string message)
    {
        var order = await NewOrderAsync(DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal("CancellationRequested", (await order.Buyer.PostApiAsync($"/api/orders/{order.Id}/cancel", new { })).Outcome);
        var declined = await order.Seller.PostApiAsync($"/api/orders/{order.Id}/cancellation-request/decline", new { message });
        Assert.True(declined.Status == HttpStatusCode.OK, declined.ToString());
        return order;
    }
}

/// <summary>An order of a buyer and a seller of its own, with a client for each.</summary>
internal sealed record TestOrder(string Id, HttpClient Buyer, HttpClient Seller) : IDisposable
{
    public void Dispose()
    {
        Buyer.Dispose();
        Seller.Dispose();
    }
}

public sealed class TenancyAndPrivacySqliteTests(SqliteHost fixture) : TenancyAndPrivacyTests(fixture), IClassFixture<SqliteHost>;

public sealed class TenancyAndPrivacyPostgresTests(PostgresHost fixture) : TenancyAndPrivacyTests(fixture), IClassFixture<PostgresHost>;
