using OrderCancellation.Api.Feeds.Parsing;

namespace OrderCancellation.Service.Tests.Feeds.Parsing;

public sealed class GoldenFeedTests
{
    public static TheoryData<string> Files() => new(Golden.Inputs());

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Each_golden_feed_parses_to_its_expected_entries(string file)
    {
        await using var content = Golden.Open(file);

        var actual = await FeedRendering.ParseToTextAsync(FeedParsers.For(Golden.TypeOf(file)), content);

        if (Golden.Updating)
        {
            Golden.Update(file, actual);
            return;
        }

        var expected = Golden.Expected(file);
        Assert.True(expected is not null, $"{file}.expected is missing; run with UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_feed_type_has_good_and_malformed_golden_files()
    {
        var files = Golden.Inputs().ToList();
        foreach (var prefix in new[] { "ack-", "adjustment-", "json-", "xml-ack-", "xml-adjustment-" })
        {
            Assert.Contains(files, f => f.StartsWith(prefix + "good", StringComparison.Ordinal));
            Assert.Contains(files, f => f.StartsWith(prefix + "malformed", StringComparison.Ordinal));
        }
    }
}
