using Microsoft.Extensions.Options;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Retention;

public sealed class RetentionHostingTests
{
    [Fact]
    public async Task The_standalone_host_purges_in_the_background()
    {
        var settings = HostFixture.QuietActivities();
        settings["Retention:Interval"] = "00:00:01";
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, settings);
        var rows = new RetentionRowsWriter(host);
        var old = await rows.IdempotencyRecordAsync(DateTimeOffset.UtcNow.AddDays(-31)); // past the default 30 days
        var young = await rows.IdempotencyRecordAsync(DateTimeOffset.UtcNow.AddDays(-29));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await rows.CountAsync("command_answers", "order_id", old) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The old idempotency record was not purged within 30 s.");
            await Task.Delay(100);
        }

        Assert.Equal(1, await rows.CountAsync("command_answers", "order_id", young));
    }

    [Theory]
    [InlineData("Retention:Notices", "00:10:00", "Retention:Notices must be at least")]
    [InlineData("Retention:FeedDocuments", "100.00:00:00", "Retention:FeedDocuments must not be longer than Retention:Feeds")]
    [InlineData("Retention:BatchSize", "0", "Retention:BatchSize must be between")]
    [InlineData("Retention:Interval", "00:00:00", "Retention:Interval must be between")]
    public async Task Retention_settings_are_validated_at_start(string key, string value, string error)
    {
        var settings = HostFixture.QuietActivities();
        settings[key] = value;

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ServiceHost.StartAsync(StoreKind.Sqlite, settings));

        var validation = Assert.IsType<OptionsValidationException>(failure.GetBaseException());
        Assert.Contains(error, validation.Message, StringComparison.Ordinal);
    }
}
