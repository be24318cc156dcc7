using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using OrderCancellation.Service.Tests.Infrastructure;
using static OrderCancellation.Service.Tests.Feeds.Ingestion.FeedClient;

namespace OrderCancellation.Service.Tests.Limits;

/// <summary>Feeds of at most 1000 bytes, 2000 bytes per seller a day, reports of at most 5 rows, batches of 4 records.</summary>
public abstract class FeedLimitHost : HostFixture
{
    public const long DailyBytes = 2000;
    public const int ReportRows = 5;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(QuietActivities())
    {
        ["Feeds:MaxDocumentBytes"] = "1000",
        ["Feeds:MaxBytesPerSellerPerDay"] = DailyBytes.ToString(CultureInfo.InvariantCulture),
        ["Feeds:MaxErrorRowsPerReport"] = ReportRows.ToString(CultureInfo.InvariantCulture),
        ["Feeds:BatchSize"] = "4",
    };
}

public sealed class FeedLimitSqliteHost : FeedLimitHost
{
    public override StoreKind Store => StoreKind.Sqlite;
}

public sealed class FeedLimitPostgresHost : FeedLimitHost
{
    public override StoreKind Store => StoreKind.Postgres;
}

public abstract class FeedLimitTests(FeedLimitHost fixture)
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task A_feed_past_the_sellers_daily_bytes_is_refused()
    {
        var seller = $"Q-{Guid.NewGuid():N}";
        using var client = Host.As("seller", seller);
        var feed = AckFeed(records: 22); // ≈ 800 bytes: two fit in the day, a third does not
        Assert.InRange(Encoding.UTF8.GetByteCount(feed), 700, 1000);

        await SubmitAsync(client, Ack, feed);
        await SubmitAsync(client, Ack, feed);
        using var refused = await PostAsync(client, Ack, feed);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("feed-quota-exceeded", problem.RootElement.GetProperty("code").GetString());
        var retryAfter = long.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, TimeSpan.FromHours(23).TotalSeconds, TimeSpan.FromDays(1).TotalSeconds); // when the first feed leaves the day

        using var otherSeller = Host.As("seller", $"Q-{Guid.NewGuid():N}");
        await SubmitAsync(otherSeller, Ack, feed); // the quota is the seller's own
    }

    [Fact]
    public async Task Concurrent_feeds_of_one_seller_never_pass_the_quota_together()
    {
        using var client = Host.As("seller", $"Q-{Guid.NewGuid():N}");
        var feed = AckFeed(records: 22); // two fit in the day

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await PostAsync(client, Ack, feed);
            return response.StatusCode;
        }));

        Assert.Equal(2, answers.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(4, answers.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task A_repeat_of_an_accepted_feed_is_answered_even_when_the_quota_is_used_up()
    {
        using var client = Host.As("seller", $"Q-{Guid.NewGuid():N}");
        var feed = AckFeed(records: 22);
        var first = await SubmitAsync(client, Ack, feed, idempotencyKey: "quota-repeat");
        await SubmitAsync(client, Ack, feed);

        var again = await SubmitAsync(client, Ack, feed, idempotencyKey: "quota-repeat");

        Assert.Equal(first, again);
    }

    [Fact]
    public async Task The_report_keeps_at_most_the_configured_error_rows()
    {
        using var client = Host.As("seller", $"Q-{Guid.NewGuid():N}");

        var feedId = await SubmitAsync(client, Ack, AckFeed(records: 12)); // 12 unknown orders: 12 errors, in 3 batches
        var done = await WaitForEndAsync(client, feedId);

        Assert.Equal((12L, 0L, 12L, 0L), Summary(done)); // every record is counted
        var tsv = await ReportTsvAsync(client, feedId);
        Assert.Equal(FeedLimitHost.ReportRows, TsvRows(tsv).Count);
        Assert.Contains("\tReport truncated: records with error or warning not listed\t\t7\n", tsv, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 5).Select(n => n.ToString(CultureInfo.InvariantCulture)), TsvRows(tsv).Select(r => r.Record)); // the first ones
        var json = await ReportJsonAsync(client, feedId);
        Assert.True(json.GetProperty("reportTruncated").GetBoolean());
        Assert.Equal(7, json.GetProperty("recordsNotListed").GetInt64());
        Assert.Equal(FeedLimitHost.ReportRows, json.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task A_report_within_the_cap_is_complete_and_says_so()
    {
        using var client = Host.As("seller", $"Q-{Guid.NewGuid():N}");

        var feedId = await SubmitAsync(client, Ack, AckFeed(records: 3));
        await WaitForEndAsync(client, feedId);

        var json = await ReportJsonAsync(client, feedId);
        Assert.False(json.GetProperty("reportTruncated").GetBoolean());
        Assert.False(json.TryGetProperty("recordsNotListed", out _));
        Assert.Equal(3, json.GetProperty("errors").GetArrayLength());
        Assert.DoesNotContain("Report truncated", await ReportTsvAsync(client, feedId), StringComparison.Ordinal);
    }

    /// <summary>An acknowledgement feed cancelling <paramref name="records"/> orders that do not exist (each an order-not-found).</summary>
    private static string AckFeed(int records)
    {
        var text = new StringBuilder("order-id\tamazon-order-item-code\tcancellation-reason-code\n");
        for (var i = 1; i <= records; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"999-{i:D7}-{Random.Shared.Next(0, 9_999_999):D7}\t\tNoInventory\n");
        }

        return text.ToString();
    }
}

public sealed class FeedLimitSqliteTests(FeedLimitSqliteHost fixture) : FeedLimitTests(fixture), IClassFixture<FeedLimitSqliteHost>;

public sealed class FeedLimitPostgresTests(FeedLimitPostgresHost fixture) : FeedLimitTests(fixture), IClassFixture<FeedLimitPostgresHost>;
