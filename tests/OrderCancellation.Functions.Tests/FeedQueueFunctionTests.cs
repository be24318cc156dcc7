using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using OrderCancellation.Api.Engine;
using OrderCancellation.Api.Feeds;
using OrderCancellation.Functions.Functions;
using OrderCancellation.Functions.Tests.Infrastructure;
using OrderCancellation.Store.Queues;
using StoreQueueMessage = OrderCancellation.Store.Queues.QueueMessage;

namespace OrderCancellation.Functions.Tests;

/// <summary>The feed queue triggers hand each message to the shared <see cref="IFeedMessageHandler"/>: its text, its dequeue count, the binding's client.</summary>
public sealed class FeedQueueFunctionTests
{
    [Fact]
    public async Task A_delivery_is_handled_with_its_text_its_dequeue_count_and_the_bindings_client()
    {
        var client = new Mock<DurableTaskClient>(MockBehavior.Strict, "binding").Object;
        DurableTaskClient? seen = null;
        var handler = new Mock<IFeedMessageHandler>(MockBehavior.Strict);
        await using var app = FunctionsTestApp.Create(services => services.Replace(ServiceDescriptor.Singleton(handler.Object)));
        handler.Setup(h => h.HandleAsync("""{"feedId":"f1"}""", 3, It.IsAny<CancellationToken>()))
            .Callback(() => seen = app.Services.GetRequiredService<IDurableClientSource>().Client)
            .Returns(Task.CompletedTask);
        using var cancellation = new CancellationTokenSource();
        var context = FunctionContexts.For("FeedQueueTrigger", app.Services, cancellationToken: cancellation.Token);

        await FeedFunctions.FeedQueueTrigger(Message("""{"feedId":"f1"}""", dequeueCount: 3), client, context.Object);

        handler.Verify(h => h.HandleAsync("""{"feedId":"f1"}""", 3, cancellation.Token), Times.Once);
        Assert.Same(client, seen);
        Assert.Throws<InvalidOperationException>(() => app.Services.GetRequiredService<IDurableClientSource>().Client); // only during the invocation
    }

    [Fact]
    public async Task A_failed_delivery_throws_so_the_host_delivers_it_again()
    {
        var handler = new Mock<IFeedMessageHandler>();
        handler.Setup(h => h.HandleAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException("store busy"));
        await using var app = FunctionsTestApp.Create(services => services.Replace(ServiceDescriptor.Singleton(handler.Object)));
        var context = FunctionContexts.For("FeedQueueTrigger", app.Services);

        await Assert.ThrowsAsync<TimeoutException>(() => FeedFunctions.FeedQueueTrigger(Message("{}", 1), new Mock<DurableTaskClient>("b").Object, context.Object));
    }

    [Fact]
    public async Task A_poisoned_message_marks_its_feed_with_the_reason()
    {
        var handler = new Mock<IFeedMessageHandler>(MockBehavior.Strict);
        handler.Setup(h => h.MarkPoisonedAsync("""{"feedId":"f2"}""", It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        await using var app = FunctionsTestApp.Create(services => services.Replace(ServiceDescriptor.Singleton(handler.Object)));
        var context = FunctionContexts.For("FeedPoisonQueueTrigger", app.Services);

        await FeedFunctions.FeedPoisonQueueTrigger(Message("""{"feedId":"f2"}""", 1), context.Object);

        handler.Verify(h => h.MarkPoisonedAsync(
            """{"feedId":"f2"}""",
            It.Is<string>(r => r.Contains("5 deliveries", StringComparison.Ordinal) && r.Contains(FeedFunctions.PoisonQueueName, StringComparison.Ordinal)),
            It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task A_submitted_feed_is_processed_by_the_queue_trigger_on_the_orders_orchestrations()
    {
        await using var app = await FunctionsTestApp.StartAsync();
        var durable = new FakeOrderOrchestrations();
        var orderId = $"222-{Random.Shared.Next(1_000_000, 9_999_999)}-0000001";
        var request = app.Request("POST", "/api/orders", FunctionsTestApp.User("marketplace", "M1"), OrderBodies.Place(orderId));
        Assert.Equal(201, (await FunctionsTestApp.RunAsync(request, await OrderFunctions.PlaceOrder(request, durable.Object))).Status);

        request = app.Request("POST", $"/api/orders/{orderId}/payment", FunctionsTestApp.User("marketplace", "M1"), """{"status":"Verified"}""");
        Assert.Equal(200, (await FunctionsTestApp.RunAsync(request, await OrderFunctions.ReportPayment(request, orderId, durable.Object))).Status);

        var seller = FunctionsTestApp.User("seller", "S1");
        var feed = $$"""{"messages":[{"messageId":1,"orderId":"{{orderId}}","reason":"NoInventory"},{"messageId":2,"orderId":"999-9999999-9999999","reason":"NoInventory"}]}""";
        request = app.Request("POST", "/api/feeds", seller, feed, query: "?feedType=JSON_ORDER_CANCELLATION");
        var accepted = await FunctionsTestApp.RunAsync(request, await FeedFunctions.SubmitFeed(request));
        Assert.Equal(202, accepted.Status);
        var feedId = accepted.Json.GetProperty("feedId").GetString()!;

        // What POST /api/feeds queued, delivered by the host's trigger.
        var queued = await ReceiveAsync(app);
        Assert.Contains(feedId, queued.Body, StringComparison.Ordinal);
        await FeedFunctions.FeedQueueTrigger(Message(queued.Body, queued.DequeueCount), durable.Object, FunctionContexts.For("FeedQueueTrigger", app.Services).Object);

        request = app.Request("GET", $"/api/feeds/{feedId}", seller);
        var done = (await FunctionsTestApp.RunAsync(request, await FeedFunctions.GetFeed(request, feedId))).Json;
        Assert.Equal("DONE", done.GetProperty("processingStatus").GetString());
        Assert.Equal(2, done.GetProperty("summary").GetProperty("messagesProcessed").GetInt32());
        request = app.Request("GET", $"/api/feeds/{feedId}/report", seller);
        var report = (await FunctionsTestApp.RunAsync(request, await FeedFunctions.GetFeedReport(request, feedId))).Body;
        Assert.True(done.GetProperty("summary").GetProperty("messagesSuccessful").GetInt32() == 1, report);
        Assert.Equal("Canceled", durable.Snapshot(orderId)!.Order!.OrderStatus.ToString());
    }

    [Fact]
    public async Task A_submitted_feed_whose_message_is_poisoned_becomes_FATAL()
    {
        await using var app = await FunctionsTestApp.StartAsync();
        var seller = FunctionsTestApp.User("seller", "S1");
        var request = app.Request("POST", "/api/feeds", seller, """{"messages":[]}""", query: "?feedType=JSON_ORDER_CANCELLATION");
        var feedId = (await FunctionsTestApp.RunAsync(request, await FeedFunctions.SubmitFeed(request))).Json.GetProperty("feedId").GetString()!;
        var queued = await ReceiveAsync(app);

        await FeedFunctions.FeedPoisonQueueTrigger(Message(queued.Body, 1), FunctionContexts.For("FeedPoisonQueueTrigger", app.Services).Object);

        request = app.Request("GET", $"/api/feeds/{feedId}", seller);
        var fatal = (await FunctionsTestApp.RunAsync(request, await FeedFunctions.GetFeed(request, feedId))).Json;
        Assert.Equal("FATAL", fatal.GetProperty("processingStatus").GetString());
        Assert.Contains(FeedFunctions.PoisonQueueName, fatal.GetProperty("fatalReason").GetString(), StringComparison.Ordinal);
    }

    private static Azure.Storage.Queues.Models.QueueMessage Message(string body, long dequeueCount) =>
        QueuesModelFactory.QueueMessage("m1", "pop", BinaryData.FromString(body), dequeueCount, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(7));

    private static async Task<StoreQueueMessage> ReceiveAsync(FunctionsTestApp app)
    {
        var messages = await app.Services.GetRequiredService<IQueueTransport>().ReceiveAsync(FeedFunctions.QueueName, 1, TimeSpan.FromMinutes(1));
        return Assert.Single(messages);
    }
}
