using System.Net;
using System.Text;
using OrderCancellation.Api.Auth;
using OrderCancellation.Service.Tests.Infrastructure;
using static OrderCancellation.Service.Tests.Feeds.Ingestion.FeedClient;

namespace OrderCancellation.Service.Tests.Feeds.Ingestion;

/// <summary>Submitting feeds over HTTP and what comes back for feeds that never reach an order: FATAL, malformed records, limits, access.</summary>
public abstract class FeedSubmissionTests(FeedHostFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    private static string NewSeller() => $"S-{Guid.NewGuid():N}"[..12];

    [Fact]
    public async Task A_feed_missing_a_required_column_is_FATAL_with_the_reason_in_the_status_and_the_report()
    {
        using var seller = Host.As(Roles.Seller, NewSeller());

        var feedId = await SubmitAsync(seller, Ack, "order-id\tcancellation-reason-code\n111-0000001-0000001\tNoInventory\n");
        var feed = await WaitForEndAsync(seller, feedId);

        Assert.Equal("FATAL", Status(feed));
        Assert.Contains("missing-column", feed.GetProperty("fatalReason").GetString(), StringComparison.Ordinal);
        Assert.Contains("amazon-order-item-code", feed.GetProperty("fatalReason").GetString(), StringComparison.Ordinal);
        Assert.True(feed.TryGetProperty("processingEndTime", out _));
        Assert.Equal((0, 0, 0, 0), Summary(feed));
        var row = Assert.Single(TsvRows(await ReportTsvAsync(seller, feedId)));
        Assert.Equal(("0", "missing-column", "Fatal"), (row.Record, row.Code, row.Type));
        var json = await ReportJsonAsync(seller, feedId);
        Assert.Equal("FATAL", json.GetProperty("processingStatus").GetString());
        Assert.Equal("missing-column", Assert.Single(json.GetProperty("errors").EnumerateArray()).GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Malformed_records_are_errors_in_the_report_and_the_feed_is_still_DONE()
    {
        using var seller = Host.As(Roles.Seller, NewSeller());
        var content = "order-id\torder-item-id\tadjustment-reason-code\tquantity-cancelled\n" +
                      "111-0000001-0000001\tL1\tNoInventory\tzero\n" +
                      "111-0000001-0000002\t\tNoInventory\t1\n" +
                      "111-0000001-0000003\tL1\tDamaged\t1\n";

        var feedId = await SubmitAsync(seller, Adjustment, content);
        var feed = await WaitForEndAsync(seller, feedId);

        Assert.Equal("DONE", Status(feed));
        Assert.Equal((3, 0, 3, 0), Summary(feed));
        var report = await ReportTsvAsync(seller, feedId);
        Assert.StartsWith("Feed Processing Summary:\n\tNumber of records processed\t\t3\n\tNumber of records successful\t\t0\n", report, StringComparison.Ordinal);
        Assert.Equal(
            [("1", "111-0000001-0000001", "L1", "invalid-quantity", "Error"), ("2", "111-0000001-0000002", "", "missing-line-id", "Error"), ("3", "111-0000001-0000003", "L1", "invalid-reason", "Error")],
            TsvRows(report));
        var json = await ReportJsonAsync(seller, feedId);
        Assert.Equal(["invalid-quantity", "missing-line-id", "invalid-reason"], json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("errorCode").GetString()));
        Assert.Equal(3, json.GetProperty("summary").GetProperty("messagesWithError").GetInt64());
    }

    [Fact]
    public async Task A_feed_over_10_MB_is_refused_with_413_and_nothing_is_stored()
    {
        using var seller = Host.As(Roles.Seller, NewSeller());
        var content = new string('x', (10 * 1024 * 1024) + 1);

        using var response = await PostAsync(seller, Ack, content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("payload-too-large", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunked_feed_over_10_MB_without_a_length_is_refused_with_413_too()
    {
        using var seller = Host.As(Roles.Seller, NewSeller());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/feeds?feedType={Ack}")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string('x', (10 * 1024 * 1024) + 10)))),
        };
        request.Headers.TransferEncodingChunked = true;

        using var response = await seller.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("POST_FLAT_FILE_INVENTORY_LOADER")]
    [InlineData("")]
    [InlineData("3")]
    public async Task An_unknown_feed_type_is_a_400_problem_naming_the_field(string feedType)
    {
        using var seller = Host.As(Roles.Seller, NewSeller());

        using var response = await PostAsync(seller, feedType, "order-id\n");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("feedType", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_seller_cannot_see_another_sellers_feed_a_buyer_is_forbidden_and_the_marketplace_sees_all()
    {
        var owner = NewSeller();
        using var seller = Host.As(Roles.Seller, owner);
        var feedId = await SubmitAsync(seller, Ack, "order-id\tamazon-order-item-code\n");
        using var other = Host.As(Roles.Seller, NewSeller());
        using var buyer = Host.As(Roles.Buyer, "B-1");
        using var marketplace = Host.As(Roles.Marketplace, "ops");
        using var anonymous = Host.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/api/feeds/{feedId}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/api/feeds/{feedId}/report", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await seller.GetAsync(new Uri("/api/feeds/no-such-feed", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync(new Uri($"/api/feeds/{feedId}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(buyer, Ack, "order-id\n")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(marketplace, Ack, "order-id\n")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri($"/api/feeds/{feedId}", UriKind.Relative))).StatusCode);
        var seen = await GetAsync(marketplace, feedId);
        Assert.Equal(owner, seen.GetProperty("sellerId").GetString());
        Assert.Equal(Ack, seen.GetProperty("feedType").GetString());
    }

    [Fact]
    public async Task An_idempotency_key_returns_the_first_feed_and_refuses_another_document()
    {
        using var seller = Host.As(Roles.Seller, NewSeller());
        const string content = "order-id\tamazon-order-item-code\tcancellation-reason-code\n";

        var first = await SubmitAsync(seller, Ack, content, "batch-42");
        var again = await SubmitAsync(seller, Ack, content, "batch-42");
        using var different = await PostAsync(seller, Ack, content + "111-0000001-0000001\t\tNoInventory\n", "batch-42");
        var otherKey = await SubmitAsync(seller, Ack, content, "batch-43");

        Assert.Equal(first, again);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
        Assert.Contains("idempotency-key-reused", await different.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(first, otherKey);
    }

    [Fact]
    public async Task An_empty_body_is_a_400_problem()
    {
        using var seller = Host.As(Roles.Seller, NewSeller());

        using var response = await PostAsync(seller, Json, "");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

public sealed class SqliteFeedSubmissionTests(SqliteFeedHost fixture) : FeedSubmissionTests(fixture), IClassFixture<SqliteFeedHost>;

public sealed class PostgresFeedSubmissionTests(PostgresFeedHost fixture) : FeedSubmissionTests(fixture), IClassFixture<PostgresFeedHost>;
