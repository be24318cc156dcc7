using OrderCancellation.Api.Feeds.Parsing;
using OrderCancellation.Api.Feeds.Submitting;

namespace OrderCancellation.Service.Tests.Feeds.Submitting;

/// <summary>The content types a feed may come as, the one rule of the API and the Feeds page.</summary>
public sealed class FeedContentTypesTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("text/plain")]
    [InlineData("application/octet-stream")]
    public void A_document_without_a_stated_type_or_as_plain_bytes_fits_every_feed_type(string? contentType)
    {
        Assert.All(FeedTypes.All, type => Assert.True(FeedContentTypes.Fits(contentType, type)));
    }

    [Fact]
    public void XML_fits_the_XML_feed_types_only_and_TSV_the_others_only()
    {
        Assert.True(FeedContentTypes.Fits("text/xml; charset=utf-8", FeedType.POST_ORDER_ACKNOWLEDGEMENT_DATA));
        Assert.False(FeedContentTypes.Fits("text/xml", FeedType.POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA));
        Assert.True(FeedContentTypes.Fits("text/tab-separated-values", FeedType.POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA));
        Assert.False(FeedContentTypes.Fits("text/tab-separated-values", FeedType.POST_ORDER_ACKNOWLEDGEMENT_DATA));
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/csv")]
    [InlineData("not a media type")]
    public void A_type_no_feed_names_fits_none_and_is_not_known(string contentType)
    {
        Assert.All(FeedTypes.All, type => Assert.False(FeedContentTypes.Fits(contentType, type)));
        Assert.False(FeedContentTypes.IsKnown(contentType));
    }

    [Fact]
    public void Each_feed_type_lists_its_own_content_type_first()
    {
        Assert.Equal("text/xml", FeedContentTypes.For(FeedType.POST_PAYMENT_ADJUSTMENT_DATA)[0]);
        Assert.Equal("application/json", FeedContentTypes.For(FeedType.JSON_ORDER_CANCELLATION)[0]);
        Assert.Equal("text/tab-separated-values", FeedContentTypes.For(FeedType.POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA)[0]);
    }
}
