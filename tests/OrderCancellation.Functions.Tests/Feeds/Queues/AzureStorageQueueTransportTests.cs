using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Durable.Queues;
using OrderCancellation.Functions.Feeds.Queues;
using OrderCancellation.Functions.Tests.Infrastructure;

namespace OrderCancellation.Functions.Tests.Feeds.Queues;

/// <summary>The REST client against a real Azurite, started for this class.</summary>
public sealed class AzureStorageQueueTransportTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>, IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_message_goes_round_trip_create_put_get_delete()
    {
        var transport = Transport();
        var queue = NewQueueName();
        var body = """{"sellerId":"S1","feedType":"JSON_ORDER_CANCELLATION","content":"Grüße ✓ <&>"}""";
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        await transport.CreateIfNotExistsAsync(queue);
        await transport.CreateIfNotExistsAsync(queue); // 204: already there
        await transport.SendAsync(queue, body);
        var received = Assert.Single(await transport.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30)));

        Assert.Equal((queue, body, 1), (received.QueueName, received.Body, received.DequeueCount));
        Assert.False(string.IsNullOrEmpty(received.MessageId));
        Assert.False(string.IsNullOrEmpty(received.PopReceipt));
        Assert.InRange(received.InsertedAt, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Empty(await transport.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30)));
        Assert.True(await transport.DeleteAsync(received));
        Assert.False(await transport.DeleteAsync(received));
    }

    [Fact]
    public async Task Several_messages_are_received_in_one_call_up_to_the_number_asked()
    {
        var transport = Transport();
        var queue = await NewQueueAsync(transport);
        for (var i = 1; i <= 5; i++)
        {
            await transport.SendAsync(queue, $$"""{"feedId":"feed-{{i}}"}""");
        }

        var first = await transport.ReceiveAsync(queue, 3, TimeSpan.FromSeconds(30));
        var rest = await transport.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30));

        Assert.Equal(3, first.Count);
        Assert.Equal(2, rest.Count);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $$"""{"feedId":"feed-{{i}}"}"""), first.Concat(rest).Select(m => m.Body).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_received_message_not_deleted_reappears_after_its_visibility_timeout_with_dequeue_count_2()
    {
        var transport = Transport();
        var queue = await NewQueueAsync(transport);
        await transport.SendAsync(queue, "feed-1");

        var first = Assert.Single(await transport.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(1)));
        Assert.Empty(await transport.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(1)));
        var second = await ReceiveOneWithinAsync(transport, queue, TimeSpan.FromSeconds(10));

        Assert.Equal((first.MessageId, "feed-1", 1, 2), (second.MessageId, second.Body, first.DequeueCount, second.DequeueCount));
        Assert.NotEqual(first.PopReceipt, second.PopReceipt);
        Assert.Equal(first.InsertedAt, second.InsertedAt);
    }

    [Fact]
    public async Task Deleting_with_a_stale_pop_receipt_returns_false_and_leaves_the_message_to_its_new_holder()
    {
        var transport = Transport();
        var queue = await NewQueueAsync(transport);
        await transport.SendAsync(queue, "feed-1");
        var stale = Assert.Single(await transport.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(1)));
        var current = await ReceiveOneWithinAsync(transport, queue, TimeSpan.FromSeconds(10));

        Assert.False(await transport.DeleteAsync(stale));
        Assert.True(await transport.DeleteAsync(current));
    }

    [Fact]
    public async Task Update_Message_extends_a_received_message_under_the_new_pop_receipt_it_returns()
    {
        var transport = Transport();
        var queue = await NewQueueAsync(transport);
        await transport.SendAsync(queue, "feed-1");
        var received = Assert.Single(await transport.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(1)));

        var extended = await transport.ExtendAsync(received, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // past the visibility it was received with
        var hidden = await transport.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30));
        var staleExtend = await transport.ExtendAsync(received, TimeSpan.FromSeconds(30));
        var staleDelete = await transport.DeleteAsync(received);
        var shortened = await transport.ExtendAsync(extended!, TimeSpan.FromSeconds(1));
        var again = await ReceiveOneWithinAsync(transport, queue, TimeSpan.FromSeconds(10));

        Assert.NotNull(extended);
        Assert.Equal((received.MessageId, "feed-1", 1), (extended.MessageId, extended.Body, extended.DequeueCount));
        Assert.NotEqual(received.PopReceipt, extended.PopReceipt);
        Assert.Empty(hidden);
        Assert.Null(staleExtend);
        Assert.False(staleDelete);
        Assert.NotNull(shortened);
        Assert.Equal((received.MessageId, 2), (again.MessageId, again.DequeueCount));
        Assert.True(await transport.DeleteAsync(again));
    }

    [Fact]
    public async Task Messages_are_base64_UTF8_on_the_wire_as_the_Functions_host_decodes_them()
    {
        var transport = Transport();
        var queue = await NewQueueAsync(transport);
        var body = """{"feedId":"f-ü-1"}""";

        await transport.SendAsync(queue, body);
        using var response = await RawAsync(HttpMethod.Get, $"{queue}/messages?peekonly=true", null);
        var messageText = (string?)XDocument.Parse(await response.Content.ReadAsStringAsync()).Descendants("MessageText").Single();

        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes(body)), messageText);
        // What the host's queue trigger does with messageEncoding "base64" (the default):
        Assert.Equal(body, Encoding.UTF8.GetString(Convert.FromBase64String(messageText!)));
    }

    [Fact]
    public async Task A_message_put_without_base64_by_another_producer_is_received_as_it_is()
    {
        var transport = Transport();
        var queue = await NewQueueAsync(transport);
        const string plain = """{"feedId":"raw"}""";
        var xml = new XElement("QueueMessage", new XElement("MessageText", plain)).ToString(SaveOptions.DisableFormatting);

        using (var put = await RawAsync(HttpMethod.Post, $"{queue}/messages", Encoding.UTF8.GetBytes(xml)))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        Assert.Equal(plain, Assert.Single(await transport.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30))).Body);
    }

    [Fact]
    public async Task A_storage_error_carries_the_service_error_code_and_message()
    {
        var transport = Transport();

        var error = await Assert.ThrowsAsync<AzureStorageQueueException>(() => transport.ReceiveAsync(NewQueueName(), 1, TimeSpan.FromSeconds(1)));

        Assert.Equal((HttpStatusCode.NotFound, "QueueNotFound"), (error.StatusCode, error.ErrorCode));
        Assert.Contains("QueueNotFound", error.Message, StringComparison.Ordinal);
        Assert.Contains("The specified queue does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_account_key_is_refused_as_AuthenticationFailed_without_retrying()
    {
        var wrongKey = StorageConnectionString.Parse(azurite.ConnectionString) with { AccountKey = Encoding.UTF8.GetBytes("not the key") };
        var counting = new CountingHandler(failFirst: 0);
        using var http = new HttpClient(counting);
        var transport = new AzureStorageQueueTransport(http, wrongKey);

        var error = await Assert.ThrowsAsync<AzureStorageQueueException>(() => transport.CreateIfNotExistsAsync(NewQueueName()));

        Assert.Equal((HttpStatusCode.Forbidden, "AuthenticationFailed", 1), (error.StatusCode, error.ErrorCode, counting.Requests));
        Assert.DoesNotContain(StorageConnectionString.DevelopmentAccountKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transient_server_errors_are_retried_until_the_service_answers()
    {
        var flaky = new CountingHandler(failFirst: 2);
        using var http = new HttpClient(flaky);
        var transport = new AzureStorageQueueTransport(http, Account(), new AzureStorageQueueOptions { RetryDelay = TimeSpan.FromMilliseconds(10) });

        await transport.CreateIfNotExistsAsync(NewQueueName());

        Assert.Equal(3, flaky.Requests);
    }

    [Fact]
    public async Task Persistent_server_errors_fail_after_the_retries_with_the_status()
    {
        var broken = new CountingHandler(failFirst: int.MaxValue);
        using var http = new HttpClient(broken);
        var transport = new AzureStorageQueueTransport(http, Account(), new AzureStorageQueueOptions { MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(10) });

        var error = await Assert.ThrowsAsync<AzureStorageQueueException>(() => transport.SendAsync("order-cancellation-feeds", "x"));

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "ServerBusy", 3), (error.StatusCode, error.ErrorCode, broken.Requests));
    }

    [Fact]
    public async Task A_server_that_does_not_listen_is_retried_then_reported()
    {
        var nowhere = Account() with { QueueEndpoint = new Uri("http://127.0.0.1:9/devstoreaccount1") };
        var transport = new AzureStorageQueueTransport(_http, nowhere, new AzureStorageQueueOptions { MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(10) });

        await Assert.ThrowsAsync<HttpRequestException>(() => transport.CreateIfNotExistsAsync("order-cancellation-feeds"));
    }

    [Fact]
    public async Task A_message_too_large_for_the_queue_is_refused_before_sending()
    {
        var transport = Transport();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => transport.SendAsync("order-cancellation-feeds", new string('x', 49_153)));

        Assert.Contains("65536", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Order-Feeds")]
    [InlineData("order--feeds")]
    [InlineData("-order-feeds")]
    [InlineData("order_feeds")]
    public async Task An_invalid_queue_name_is_refused_before_sending(string queueName) =>
        await Assert.ThrowsAsync<ArgumentException>(() => Transport().CreateIfNotExistsAsync(queueName));

    [Fact]
    public async Task UseDevelopmentStorage_means_the_well_known_Azurite_account_whose_key_Azurite_accepts()
    {
        var development = StorageConnectionString.Parse("UseDevelopmentStorage=true");
        Assert.Equal(("devstoreaccount1", new Uri("http://127.0.0.1:10001/devstoreaccount1")), (development.AccountName, development.QueueEndpoint));

        // Same account and key, on this test's Azurite port instead of 10001.
        var transport = new AzureStorageQueueTransport(_http, development with { QueueEndpoint = azurite.QueueEndpoint });
        var queue = NewQueueName();
        await transport.CreateIfNotExistsAsync(queue);
        await transport.SendAsync(queue, "hello");

        Assert.Equal("hello", Assert.Single(await transport.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(5))).Body);
    }

    [Fact]
    public async Task AzureWebJobsStorage_in_configuration_registers_a_working_transport()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString }).Build();
        var services = new ServiceCollection();

        Assert.True(services.TryAddAzureStorageQueueTransport(configuration));
        await using var provider = services.BuildServiceProvider();
        var transport = provider.GetRequiredService<AzureStorageQueueTransport>();
        var queue = NewQueueName();
        await transport.CreateIfNotExistsAsync(queue);
        await transport.SendAsync(queue, """{"feedId":"f-1"}""");

        Assert.Equal("""{"feedId":"f-1"}""", Assert.Single(await transport.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(5))).Body);
    }

    [Fact]
    public void Without_AzureWebJobsStorage_nothing_is_registered()
    {
        var services = new ServiceCollection();

        Assert.False(services.TryAddAzureStorageQueueTransport(new ConfigurationBuilder().Build()));
        Assert.Empty(services);
    }

    private AzureStorageQueueTransport Transport() => new(_http, Account());

    private StorageConnectionString Account() => StorageConnectionString.Parse(azurite.ConnectionString);

    private static string NewQueueName() => "test-" + Guid.NewGuid().ToString("N")[..20];

    private static async Task<string> NewQueueAsync(IQueueTransport transport)
    {
        var queue = NewQueueName();
        await transport.CreateIfNotExistsAsync(queue);
        return queue;
    }

    private static async Task<QueueMessage> ReceiveOneWithinAsync(IQueueTransport transport, string queue, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            var messages = await transport.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30));
            if (messages.Count == 1)
            {
                return messages[0];
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No message reappeared on {queue} within {within}.");
    }

    /// <summary>A request outside the transport, signed the same way, to see what is on the wire.</summary>
    private async Task<HttpResponseMessage> RawAsync(HttpMethod method, string pathAndQuery, byte[]? body)
    {
        var account = Account();
        var uri = new Uri($"{account.QueueEndpoint.AbsoluteUri.TrimEnd('/')}/{pathAndQuery}");
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml");
        }

        request.Headers.TryAddWithoutValidation("x-ms-date", DateTimeOffset.UtcNow.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("x-ms-version", AzureStorageQueueTransport.ApiVersion);
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        SharedKeySigner.Sign(request, account, query.AllKeys.Select(k => new KeyValuePair<string, string>(k!, query[k]!)).ToList());
        return await _http.SendAsync(request);
    }

    /// <summary>Fault injection on the wire: answers 503 ServerBusy to the first requests, then lets them through to Azurite.</summary>
    private sealed class CountingHandler(int failFirst) : DelegatingHandler(new HttpClientHandler())
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (++Requests > failFirst)
            {
                return base.SendAsync(request, cancellationToken);
            }

            var busy = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            {
                Content = new StringContent("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ServerBusy</Code><Message>The server is busy.</Message></Error>"),
            };
            return Task.FromResult(busy);
        }
    }
}
