using System.Reflection;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Functions.Functions;
using OrderCancellation.Functions.Tests.Infrastructure;
using OrderCancellation.Workflow;
using OrderCancellation.Workflow.Activities;
using OrderCancellation.Workflow.Contracts;
using OrderCancellation.Workflow.Ports;

namespace OrderCancellation.Functions.Tests;

/// <summary>
/// The orchestration and activity functions are one-line wrappers around the Workflow's classes: the orchestration
/// runs <see cref="OrderOrchestration"/> on the trigger's context with its input and the host's options; each activity
/// creates its class with the ports from the invocation's services and runs it on its input. And what crosses the
/// Durable boundary survives the worker's own serializer (the Functions host's data converter).
/// </summary>
public sealed class WorkflowFunctionTests
{
    private const string OrderId = "333-0000000-0000001";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_orchestration_function_runs_the_order_orchestration_on_its_context_input_and_options()
    {
        var options = OrderWorkflowOptions.Default with { EffectMaxAttempts = 3 };
        var cancel = new CommandEnvelope("cancel-1", new OrderCommand.Cancel(Actor.Buyer("B1"), Now, "changed my mind"));
        var events = new Queue<CommandEnvelope>([cancel]);
        var activities = new List<(string Name, TaskOptions? Options)>();
        var statuses = new List<JsonElement>();
        var context = new Mock<TaskOrchestrationContext>(MockBehavior.Loose) { CallBase = true };
        context.SetupGet(c => c.InstanceId).Returns(OrderId);
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(Now.UtcDateTime);
        context.Setup(c => c.GetInput<OrderInput>()).Returns(OrderInput.Start("place-1", Place(), CancellationPolicy.Default));
        context.Setup(c => c.WaitForExternalEvent<CommandEnvelope>(OrderOrchestration.CommandEvent, It.IsAny<CancellationToken>()))
            .Returns(() => events.Count > 0 ? Task.FromResult(events.Dequeue()) : new TaskCompletionSource<CommandEnvelope>().Task);
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns(new TaskCompletionSource().Task);
        context.Setup(c => c.CallActivityAsync<string>(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<TaskOptions>()))
            .Returns((TaskName name, object _, TaskOptions o) =>
            {
                activities.Add((name.Name, o));
                return Task.FromResult(name.Name);
            });
        context.Setup(c => c.CallActivityAsync<IReadOnlyList<string>>(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<TaskOptions>()))
            .Returns((TaskName name, object _, TaskOptions o) =>
            {
                activities.Add((name.Name, o));
                return Task.FromResult<IReadOnlyList<string>>([]);
            });
        context.Setup(c => c.SetCustomStatus(It.IsAny<object>())).Callback((object? status) => statuses.Add((JsonElement)status!));

        var output = await Task.Run(() => new WorkflowFunctions(options).RunOrderOrchestration(context.Object)).WaitAsync(TimeSpan.FromSeconds(30));

        // Placed, then cancelled by the buyer in the window: closed, nothing pending, so it completed with its snapshot.
        var snapshot = OrderSnapshot.Parse(output.GetRawText())!;
        Assert.Equal(OrderStatus.Canceled, snapshot.Order!.OrderStatus);
        Assert.Equal(["place-1", "cancel-1"], snapshot.Commands.Select(c => c.CommandId));
        Assert.NotEmpty(statuses);
        Assert.Contains(activities, a => a.Name == EffectNames.ProjectOrder);
        Assert.All(activities, a => Assert.Equal(3, a.Options?.Retry?.Policy?.MaxNumberOfAttempts));
    }

    [Fact]
    public async Task SendNotification_stores_the_notice_and_hands_it_to_every_sink()
    {
        var stored = new Notice($"{OrderId}:1:0", OrderId, NotificationKind.OrderCanceled, Actor.Buyer("B1"), "Canceled", "Your order was canceled.", Now);
        var store = new Mock<INoticeStore>(MockBehavior.Strict);
        store.Setup(s => s.AddAsync(It.Is<Notice>(n => n.NotificationId == stored.NotificationId && n.OrderId == OrderId && n.Kind == NotificationKind.OrderCanceled && n.CreatedAt == Now), It.IsAny<CancellationToken>()))
            .ReturnsAsync(stored);
        var sink = new Mock<INoticeSink>(MockBehavior.Strict);
        sink.Setup(s => s.DeliverAsync(stored, It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        var context = Context(s => s.AddSingleton(store.Object).AddSingleton(sink.Object));

        var answer = await WorkflowFunctions.SendNotification(
            new EffectInput<Activity.SendNotification>(OrderId, stored.NotificationId, Now, new Activity.SendNotification(NotificationKind.OrderCanceled, Actor.Buyer("B1"), "Canceled", "Your order was canceled.")),
            OrderId,
            context);

        Assert.Equal(stored.NotificationId, answer);
        sink.Verify(s => s.DeliverAsync(stored, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task The_payment_activities_call_the_gateway_with_the_effect_id_as_idempotency_key()
    {
        var payments = new Mock<IPaymentGateway>(MockBehavior.Strict);
        payments.Setup(p => p.ReleaseAuthorizationAsync(new PaymentInstruction("e-1", OrderId, new Money(5m, "USD")), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        payments.Setup(p => p.CaptureAsync(new PaymentInstruction("e-2", OrderId, new Money(20m, "USD")), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        var context = Context(s => s.AddSingleton(payments.Object));

        Assert.Equal("e-1", await WorkflowFunctions.ReleaseAuthorization(new(OrderId, "e-1", Now, new Activity.ReleaseAuthorization(new Money(5m, "USD"))), OrderId, context));
        Assert.Equal("e-2", await WorkflowFunctions.CapturePayment(new(OrderId, "e-2", Now, new Activity.CapturePayment(new Money(20m, "USD"))), OrderId, context));
        payments.VerifyAll();
    }

    [Fact]
    public async Task Restock_puts_the_quantity_back_into_inventory()
    {
        var inventory = new Mock<IInventory>(MockBehavior.Strict);
        inventory.Setup(i => i.RestockAsync(new RestockInstruction("e-3", OrderId, "SKU-1", 2), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        Assert.Equal("e-3", await WorkflowFunctions.Restock(new(OrderId, "e-3", Now, new Activity.Restock("SKU-1", 2)), OrderId, Context(s => s.AddSingleton(inventory.Object))));
        inventory.VerifyAll();
    }

    [Fact]
    public async Task The_order_change_activities_prepare_and_deliver_through_the_publisher()
    {
        var change = new OrderChange("n-1", Placed(), 1, new Activity.PublishOrderChange(OrderChangeType.OrderStatusChange, OrderStatus.Pending, "placed"), Now);
        var delivery = new OrderChangeDelivery("d-1", "n-1", OrderId, "sub-1");
        var publisher = new Mock<IOrderChangePublisher>(MockBehavior.Strict);
        publisher.Setup(p => p.PrepareAsync(change, It.IsAny<CancellationToken>())).ReturnsAsync(["sub-1", "sub-2"]);
        publisher.Setup(p => p.DeliverAsync(delivery, It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        var context = Context(s => s.AddSingleton(publisher.Object));

        Assert.Equal(["sub-1", "sub-2"], await WorkflowFunctions.PrepareOrderChange(change, OrderId, context));
        Assert.Equal("d-1", await WorkflowFunctions.DeliverOrderChange(delivery, OrderId, context));
        publisher.VerifyAll();
    }

    [Fact]
    public async Task ProjectOrder_writes_the_order_to_the_read_model()
    {
        var projection = new OrderProjection(OrderId, 1, Placed(), [], Actor.Marketplace("M1"));
        var readModel = new Mock<IOrderProjection>(MockBehavior.Strict);
        readModel.Setup(r => r.ProjectAsync(projection, It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        Assert.Equal($"{OrderId}:1", await WorkflowFunctions.ProjectOrder(projection, OrderId, Context(s => s.AddSingleton(readModel.Object))));
        readModel.VerifyAll();
    }

    [Fact]
    public async Task Under_the_worker_the_activities_get_the_apps_ports()
    {
        await using var app = FunctionsTestApp.Create();
        var services = app.Services.CreateScope().ServiceProvider;
        foreach (var type in new[] { typeof(SendNotificationActivity), typeof(ReleaseAuthorizationActivity), typeof(CapturePaymentActivity), typeof(RestockActivity), typeof(PrepareOrderChangeActivity), typeof(DeliverOrderChangeActivity), typeof(ProjectOrderActivity) })
        {
            Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance(services, type));
        }

        Assert.Same(services.GetRequiredService<OrderWorkflowOptions>(), services.GetRequiredService<OrderWorkflowOptions>());
    }

    [Fact]
    public async Task What_crosses_the_durable_boundary_survives_the_workers_data_converter()
    {
        await using var app = FunctionsTestApp.Create();
        var converter = app.Services.GetRequiredService<IOptionsMonitor<DurableTaskClientOptions>>().Get(Options.DefaultName).DataConverter;
        Assert.NotEqual(typeof(Microsoft.DurableTask.Converters.JsonDataConverter), converter.GetType()); // the worker's ObjectSerializer, not the SDK default

        var order = Placed();
        var samples = new object[]
        {
            OrderInput.Start("place-1", Place(), CancellationPolicy.Default),
            new CommandEnvelope("c-1", new OrderCommand.Cancel(Actor.Seller("S1"), Now, "NoInventory", [new LineQuantity("L1", 1)]), 3),
            new EffectInput<Activity.SendNotification>(OrderId, "e-0", Now, new Activity.SendNotification(NotificationKind.OrderCanceled, Actor.Buyer("B1"), "s", "b")),
            new EffectInput<Activity.ReleaseAuthorization>(OrderId, "e-1", Now, new Activity.ReleaseAuthorization(new Money(5m, "USD"))),
            new EffectInput<Activity.CapturePayment>(OrderId, "e-2", Now, new Activity.CapturePayment(new Money(5m, "USD"))),
            new EffectInput<Activity.Restock>(OrderId, "e-3", Now, new Activity.Restock("SKU-1", 1)),
            new OrderChange("n-1", order, 1, new Activity.PublishOrderChange(OrderChangeType.OrderStatusChange, OrderStatus.Pending, "placed"), Now),
            new OrderChangeDelivery("d-1", "n-1", OrderId, "sub-1"),
            new OrderProjection(OrderId, 1, order, [], Actor.Marketplace("M1")),
        };
        foreach (var sample in samples)
        {
            var json = converter.Serialize(sample);
            var back = converter.Deserialize(json, sample.GetType());
            Assert.True(WorkflowJson.Serialize(sample) == WorkflowJson.Serialize(back), $"{sample.GetType().Name}: {json}\n{WorkflowJson.Serialize(sample)}\n{WorkflowJson.Serialize(back)}");
        }

        // The custom status and output are finished JSON elements: whatever the converter's escaping, the edge reads the same snapshot.
        var snapshot = new OrderSnapshot(order, 1, [new CommandRecord("place-1", 1, Outcome.Accepted, null, "f")], new Dictionary<TimerKind, DateTimeOffset>(), 0);
        Assert.Equal(WorkflowJson.Serialize(snapshot), WorkflowJson.Serialize(OrderSnapshot.Parse(converter.Serialize(snapshot.ToJson()))));
    }

    private static Microsoft.Azure.Functions.Worker.FunctionContext Context(Action<IServiceCollection> ports)
    {
        var services = new ServiceCollection();
        ports(services);
        return FunctionContexts.For("activity", services.BuildServiceProvider()).Object;
    }

    private static OrderCommand.PlaceOrder Place() =>
        new(Actor.Marketplace("M1"), Now, OrderId, "ATVPDKIKX0DER", "B1", "S1", FulfillmentChannel.Merchant, Now, Now.AddDays(2), [new OrderLine("L1", "SKU-1", 2, new Money(10m, "USD"))]);

    private static OrderState Placed() => ((Decision.Accepted)OrderDecider.Decide(Place(), null, CancellationPolicy.Default)).After!;
}
