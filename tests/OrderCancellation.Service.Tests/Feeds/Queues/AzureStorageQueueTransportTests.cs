using System.Net;
using System.Text;
using Azure;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Store.Queues;
using OrderCancellation.Api.Feeds.Queues;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Feeds.Queues;

/// <summary>The SDK-based transport against a real Azurite, started for this class.</summary>
public sealed class AzureStorageQueueTransportTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>
{
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
        var messageText = Assert.Single((await PlainQueue(queue).PeekMessagesAsync(32)).Value).Body.ToString();

        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes(body)), messageText);
        // What the host's queue trigger does with messageEncoding "base64" (the default):
        Assert.Equal(body, Encoding.UTF8.GetString(Convert.FromBase64String(messageText)));
    }

    [Fact]
    public async Task A_message_put_without_base64_by_another_producer_goes_to_the_poison_queue_as_the_Functions_host_does()
    {
        var transport = Transport();
        var queue = await NewQueueAsync(transport);
        const string plain = """{"feedId":"raw"}""";
        await PlainQueue(queue).SendMessageAsync(plain);
        await transport.SendAsync(queue, """{"feedId":"encoded"}""");

        var received = await transport.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30));

        Assert.Equal("""{"feedId":"encoded"}""", Assert.Single(received).Body); // the rest of the batch is unaffected
        var poisoned = Assert.Single(await transport.ReceiveAsync(queue + AzureStorageQueueTransport.PoisonQueueSuffix, 32, TimeSpan.FromSeconds(30)));
        Assert.Equal(plain, poisoned.Body);
        Assert.Empty((await PlainQueue(queue).PeekMessagesAsync(32)).Value); // deleted, not merely hidden
    }

    [Fact]
    public async Task A_storage_error_is_the_SDKs_RequestFailedException_with_the_service_error_code_and_message()
    {
        var transport = Transport();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => transport.ReceiveAsync(NewQueueName(), 1, TimeSpan.FromSeconds(1)));

        Assert.Equal(((int)HttpStatusCode.NotFound, "QueueNotFound"), (error.Status, error.ErrorCode));
        Assert.Contains("The specified queue does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_account_key_is_refused_as_AuthenticationFailed_without_retrying()
    {
        var wrongKey = azurite.ConnectionString.Replace(AzuriteServer.DevelopmentAccountKey, Convert.ToBase64String("not the key"u8), StringComparison.Ordinal);
        var counting = new CountingHandler(failFirst: 0);
        var transport = new AzureStorageQueueTransport(wrongKey, Through(counting));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => transport.CreateIfNotExistsAsync(NewQueueName()));

        Assert.Equal(((int)HttpStatusCode.Forbidden, "AuthenticationFailed", 1), (error.Status, error.ErrorCode, counting.Requests));
        Assert.DoesNotContain(AzuriteServer.DevelopmentAccountKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transient_server_errors_are_retried_until_the_service_answers()
    {
        var flaky = new CountingHandler(failFirst: 2);
        var transport = new AzureStorageQueueTransport(azurite.ConnectionString, Through(flaky));

        await transport.CreateIfNotExistsAsync(NewQueueName());

        Assert.Equal(3, flaky.Requests);
    }

    [Fact]
    public async Task Persistent_server_errors_fail_after_the_retries_with_the_status()
    {
        var broken = new CountingHandler(failFirst: int.MaxValue);
        var transport = new AzureStorageQueueTransport(azurite.ConnectionString, Through(broken, maxRetries: 2));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => transport.SendAsync("order-cancellation-feeds", "x"));

        Assert.Equal(((int)HttpStatusCode.ServiceUnavailable, "ServerBusy", 3), (error.Status, error.ErrorCode, broken.Requests));
    }

    [Fact]
    public async Task A_server_that_does_not_listen_is_retried_then_reported()
    {
        var nowhere = azurite.ConnectionString.Replace(azurite.QueueEndpoint.AbsoluteUri.TrimEnd('/'), "http://127.0.0.1:9/devstoreaccount1", StringComparison.Ordinal);
        var transport = new AzureStorageQueueTransport(nowhere, new AzureStorageQueueOptions { MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(10) });

        // The SDK's retry policy gives up with every attempt's failure.
        var error = await Assert.ThrowsAsync<AggregateException>(() => transport.CreateIfNotExistsAsync("order-cancellation-feeds"));

        Assert.Equal(2, error.InnerExceptions.Count);
        Assert.All(error.InnerExceptions, e => Assert.IsType<HttpRequestException>(Assert.IsType<RequestFailedException>(e).InnerException));
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
        // Azurite's default queue port is 10001; this test's Azurite listens elsewhere, so the requests, signed for
        // http://127.0.0.1:10001/devstoreaccount1, are sent on to it (the signature covers the path, not the port).
        var transport = new AzureStorageQueueTransport("UseDevelopmentStorage=true", Through(new PortRedirect(10001, azurite.Port)));
        Assert.Equal((AzuriteServer.DevelopmentAccountName, new Uri("http://127.0.0.1:10001/devstoreaccount1")), (transport.AccountName, transport.QueueEndpoint));

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

        Assert.Equal(azurite.QueueEndpoint.AbsoluteUri.TrimEnd('/'), transport.QueueEndpoint.AbsoluteUri.TrimEnd('/'));
        Assert.Equal("""{"feedId":"f-1"}""", Assert.Single(await transport.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(5))).Body);
    }

    [Fact]
    public void An_unusable_AzureWebJobsStorage_fails_at_registration_without_echoing_the_key()
    {
        const string key = "a2V5LWJ5dGVzLWZvci10ZXN0cw==";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = $"AccountKey={key}" }).Build();

        var error = Assert.Throws<FormatException>(() => new ServiceCollection().TryAddAzureStorageQueueTransport(configuration));

        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_AzureWebJobsStorage_nothing_is_registered()
    {
        var services = new ServiceCollection();

        Assert.False(services.TryAddAzureStorageQueueTransport(new ConfigurationBuilder().Build()));
        Assert.Empty(services);
    }

    private AzureStorageQueueTransport Transport() => new(azurite.ConnectionString);

    /// <summary>A client outside the transport, without the base64 encoding, to see and put what is on the wire.</summary>
    private QueueClient PlainQueue(string queue) =>
        new(azurite.ConnectionString, queue, new QueueClientOptions(AzureStorageQueueTransport.ServiceVersion) { MessageEncoding = QueueMessageEncoding.None });

    private static AzureStorageQueueOptions Through(HttpMessageHandler handler, int maxRetries = 3) => new()
    {
        MaxRetries = maxRetries,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        Transport = new HttpClientTransport(new HttpClient(handler)),
    };

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
                Content = new StringContent("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ServerBusy</Code><Message>The server is busy.</Message></Error>", Encoding.UTF8, "application/xml"),
            };
            busy.Headers.Add("x-ms-error-code", "ServerBusy");
            return Task.FromResult(busy);
        }
    }

    /// <summary>Sends requests for one loopback port on to another.</summary>
    private sealed class PortRedirect(int from, int to) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { IsLoopback: true } uri && uri.Port == from)
            {
                request.RequestUri = new UriBuilder(uri) { Port = to }.Uri;
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
