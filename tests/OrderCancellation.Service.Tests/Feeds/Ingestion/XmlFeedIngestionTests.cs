using System.Net;
using System.Text.Json;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Feeds.Processing;
using OrderCancellation.Domain.Model;
using OrderCancellation.Service.Tests.Infrastructure;
using static OrderCancellation.Service.Tests.Feeds.Ingestion.FeedClient;

namespace OrderCancellation.Service.Tests.Feeds.Ingestion;

/// <summary>Amazon's XML feeds end to end: posted over HTTP as XML by a seller (or queued inline), applied to the orders, reported like the flat files.</summary>
public abstract class XmlFeedIngestionTests(HostFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    private static string NewSeller() => $"S-{Guid.NewGuid():N}"[..12];

    [Fact]
    public async Task An_XML_acknowledgement_feed_posted_as_text_xml_cancels_orders_and_yields_the_report_by_MessageID()
    {
        var sellerId = NewSeller();
        var ids = await FeedOrders.PlaceAsync(Host, sellerId, 4, sellerId);
        using var seller = Host.As(Roles.Seller, sellerId);
        var content = Envelope("OrderAcknowledgement",
            Ack(10, ids[0], "Failure", "<CancelReason>NoInventory</CancelReason>") +
            Ack(20, ids[1], "Failure", "<Item><AmazonOrderItemCode>L1</AmazonOrderItemCode><CancelReason>BuyerCanceled</CancelReason></Item><Item><AmazonOrderItemCode>L2</AmazonOrderItemCode></Item>") +
            Ack(30, ids[2], "Success", "<Item><AmazonOrderItemCode>L1</AmazonOrderItemCode><MerchantOrderItemID>MI-1</MerchantOrderItemID></Item>") +
            Ack(40, "111-0000000-0000000", "Failure", "<CancelReason>NoInventory</CancelReason>") +
            Ack(50, ids[3], "Failure", ""));

        var feedId = await SubmitAsync(seller, XmlAck, content);
        var feed = await WaitForEndAsync(seller, feedId);

        Assert.Equal(("DONE", (5L, 3L, 2L, 0L)), (Status(feed), Summary(feed)));
        Assert.Equal("POST_ORDER_ACKNOWLEDGEMENT_DATA", feed.GetProperty("feedType").GetString());
        var whole = await FeedOrders.GetAsync(Host, ids[0]);
        Assert.Equal((OrderStatus.Canceled, "NoInventory"), (whole.OrderStatus, Assert.Single(whole.Cancellations).Reason));
        var item = await FeedOrders.GetAsync(Host, ids[1]);
        Assert.Equal([2, 0], item.Lines.Select(l => l.QuantityCanceled));
        Assert.Equal((ActorRole.Seller, "BuyerCanceled"), (Assert.Single(item.Cancellations).By, item.Cancellations[0].Reason));
        Assert.Empty((await FeedOrders.GetAsync(Host, ids[2])).Cancellations);
        Assert.Empty((await FeedOrders.GetAsync(Host, ids[3])).Cancellations);
        var rows = TsvRows(await ReportTsvAsync(seller, feedId));
        Assert.Equal([("40", "111-0000000-0000000", "order-not-found", "Error"), ("50", ids[3], "missing-reason", "Error")], rows.Select(r => (r.Record, r.OrderId, r.Code, r.Type)));
        var json = await ReportJsonAsync(seller, feedId);
        Assert.Equal([40L, 50L], json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("originalRecordNumber").GetInt64()));
    }

    [Fact]
    public async Task An_XML_payment_adjustment_feed_posted_as_application_xml_cancels_the_quantities()
    {
        var sellerId = NewSeller();
        var ids = await FeedOrders.PlaceAsync(Host, sellerId, 1, sellerId);
        using var seller = Host.As(Roles.Seller, sellerId);
        var content = Envelope("OrderAdjustment", $"""
            <Message><MessageID>1</MessageID><OrderAdjustment><AmazonOrderID>{ids[0]}</AmazonOrderID>
              <AdjustedItem><AmazonOrderItemCode>L1</AmazonOrderItemCode><AdjustmentReason>CustomerCancel</AdjustmentReason>
                <ItemPriceAdjustments><Component><Type>Principal</Type><Amount currency="USD">-10.00</Amount></Component></ItemPriceAdjustments>
                <QuantityCancelled>1</QuantityCancelled></AdjustedItem>
            </OrderAdjustment></Message>
            """);

        var feed = await WaitForEndAsync(seller, await SubmitAsync(seller, XmlAdjustment, content, contentType: "application/xml"));

        Assert.Equal(("DONE", (1L, 1L, 0L, 0L)), (Status(feed), Summary(feed)));
        var order = await FeedOrders.GetAsync(Host, ids[0]);
        Assert.Equal([1, 0], order.Lines.Select(l => l.QuantityCanceled));
        Assert.Equal("BuyerCanceled", Assert.Single(order.Cancellations).Reason);
    }

    [Fact]
    public async Task A_posted_XML_feed_with_a_DTD_is_FATAL_with_its_reason_and_cancels_nothing()
    {
        var sellerId = NewSeller();
        var ids = await FeedOrders.PlaceAsync(Host, sellerId, 1, sellerId);
        using var seller = Host.As(Roles.Seller, sellerId);
        var content = "<?xml version=\"1.0\"?>\n<!DOCTYPE AmazonEnvelope [ <!ENTITY id \"" + ids[0] + "\"> ]>\n" +
                      Envelope("OrderAcknowledgement", Ack(1, "&id;", "Failure", "<CancelReason>NoInventory</CancelReason>"));

        var feedId = await SubmitAsync(seller, XmlAck, content);
        var feed = await WaitForEndAsync(seller, feedId);

        Assert.Equal(("FATAL", (0L, 0L, 0L, 0L)), (Status(feed), Summary(feed)));
        Assert.Contains("dtd-prohibited", feed.GetProperty("fatalReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(("0", "dtd-prohibited", "Fatal"), TsvRows(await ReportTsvAsync(seller, feedId)).Select(r => (r.Record, r.Code, r.Type)).Single());
        Assert.Empty((await FeedOrders.GetAsync(Host, ids[0])).Cancellations);
    }

    [Theory]
    [InlineData("POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA", "text/xml")]
    [InlineData("JSON_ORDER_CANCELLATION", "application/xml")]
    [InlineData("POST_ORDER_ACKNOWLEDGEMENT_DATA", "text/tab-separated-values")]
    [InlineData("POST_PAYMENT_ADJUSTMENT_DATA", "application/json")]
    public async Task A_content_type_that_does_not_fit_the_feed_type_is_415_and_nothing_is_stored(string feedType, string contentType)
    {
        using var seller = Host.As(Roles.Seller, NewSeller());

        using var response = await PostAsync(seller, feedType, Envelope("OrderAcknowledgement", ""), contentType: contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unsupported-media-type", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_inline_XML_feed_on_the_queue_is_processed_like_a_posted_one()
    {
        var sellerId = NewSeller();
        var ids = await FeedOrders.PlaceAsync(Host, sellerId, 1, sellerId);
        var body = JsonSerializer.Serialize(new
        {
            sellerId,
            feedType = XmlAck,
            content = Envelope("OrderAcknowledgement", Ack(1, ids[0], "Failure", "<CancelReason>NoInventory</CancelReason>")),
        });
        using var seller = Host.As(Roles.Seller, sellerId);

        using var delivery = await FeedTrigger.DeliverAsync(Host, body, 1);

        Assert.Equal(HttpStatusCode.OK, delivery.StatusCode);
        var feed = await GetAsync(seller, FeedMessage.InlineFeedId(body));
        Assert.Equal(("DONE", (1L, 1L, 0L, 0L)), (Status(feed), Summary(feed)));
        Assert.Equal(OrderStatus.Canceled, (await FeedOrders.GetAsync(Host, ids[0])).OrderStatus);
    }

    private static string Envelope(string messageType, string messages) =>
        $"<AmazonEnvelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"amzn-envelope.xsd\">" +
        $"<Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>M_SELLER</MerchantIdentifier></Header><MessageType>{messageType}</MessageType>{messages}</AmazonEnvelope>";

    private static string Ack(long messageId, string orderId, string status, string rest) =>
        $"<Message><MessageID>{messageId}</MessageID><OrderAcknowledgement><AmazonOrderID>{orderId}</AmazonOrderID><StatusCode>{status}</StatusCode>{rest}</OrderAcknowledgement></Message>";
}

public sealed class SqliteXmlFeedIngestionTests(SqliteHost fixture) : XmlFeedIngestionTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresXmlFeedIngestionTests(PostgresHost fixture) : XmlFeedIngestionTests(fixture), IClassFixture<PostgresHost>;
