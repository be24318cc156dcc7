using Microsoft.DurableTask.Client;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Domain.Reasons;
using OrderCancellation.Workflow.Contracts;
using OrderCancellation.Workflow.Tests.Support;

namespace OrderCancellation.Workflow.Tests.EndToEnd;

/// <summary>The real orchestration on DurableTask.Hosting over a temporary SQLite DurableTask.Relational store.</summary>
public sealed class EndToEndTests
{
    private static readonly OrderWorkflowOptions Options = new() { EffectFirstRetryInterval = TimeSpan.FromMilliseconds(200), EffectMaxRetryInterval = TimeSpan.FromSeconds(1) };

    private static DateTimeOffset Now => DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    [Fact]
    public async Task A_buyer_cancel_within_the_window_cancels_the_order_runs_its_effects_and_completes_the_orchestration()
    {
        await using var host = await WorkflowHost.StartAsync(Options);
        const string orderId = "111-0000000-0000101";
        await host.Start(orderId, OrderInput.Start("place", Orders.Place(orderId: orderId, purchasedAt: Now), CancellationPolicy.Default));
        var (placed, _) = await host.AnswerAsync(orderId, "place");
        Assert.Equal(1, placed.Version);

        await host.Client.RaiseEventAsync(orderId, OrderOrchestration.CommandEvent, Orders.BuyerCancel("k-cancel"));
        var (_, answer) = await host.AnswerAsync(orderId, "k-cancel");
        var completed = await host.CompletionAsync(orderId);

        Assert.Equal((Outcome.Canceled, 2L), (answer.Outcome!.Value, answer.Version));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        var final = OrderSnapshot.Parse(completed.SerializedOutput)!;
        Assert.Equal(OrderStatus.Canceled, final.Order!.OrderStatus);
        Assert.Equal(0, final.PendingEffects);
        var restock = Assert.Single(host.Ports.Restocked);
        Assert.Equal(("SKU-1", 2), (restock.Sku, restock.Quantity));
        Assert.StartsWith($"{orderId}:2:", restock.IdempotencyKey);
        Assert.Equal(new Money(20m, "USD"), Assert.Single(host.Ports.Released).Amount);
        var notice = Assert.Single(host.Ports.Sent);
        Assert.Equal((NotificationKind.OrderCanceled, Actor.Buyer(Orders.BuyerId)), (notice.Kind, notice.Recipient));
        Assert.Equal($"{Assert.Single(host.Ports.Changes).NotificationId}:sub-1", Assert.Single(host.Ports.Deliveries).DeliveryId);
        Assert.Equal(2, host.Ports.Projections.Max(p => p.Version));
    }

    [Fact]
    public async Task The_pending_payment_timer_fires_and_cancels_an_unpaid_order()
    {
        await using var host = await WorkflowHost.StartAsync(Options);
        const string orderId = "111-0000000-0000102";
        var policy = new CancellationPolicy { Defaults = new CancellationOptions { PendingPaymentTimeout = TimeSpan.FromSeconds(2) } };
        var placedAt = Now;
        await host.Start(orderId, OrderInput.Start("place", Orders.Place(FulfillmentChannel.Amazon, orderId, placedAt), policy));

        var completed = await host.CompletionAsync(orderId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        var order = OrderSnapshot.Parse(completed.SerializedOutput)!.Order!;
        Assert.Equal(OrderStatus.Canceled, order.OrderStatus);
        var cancellation = Assert.Single(order.Cancellations);
        Assert.Equal(CancellationReason.PaymentNotVerified.ToString(), cancellation.Reason);
        Assert.True(cancellation.At >= placedAt.AddSeconds(2));
        Assert.Contains(host.Ports.Sent, n => n.Kind == NotificationKind.OrderCanceled);
    }

    [Fact]
    public async Task Commands_raised_across_continue_as_new_are_all_answered_in_order()
    {
        await using var host = await WorkflowHost.StartAsync(Options with { CommandsPerGeneration = 2 });
        const string orderId = "111-0000000-0000103";
        await host.Start(orderId, OrderInput.Start("place", Orders.Place(orderId: orderId, purchasedAt: Now), CancellationPolicy.Default));

        List<CommandEnvelope> commands =
            [Orders.Pay(), .. Enumerable.Range(1, 5).Select(i => Orders.Label(i % 2 == 1 ? LabelAction.Purchased : LabelAction.Voided, $"label-{i}"))];
        foreach (var command in commands)
        {
            await host.Client.RaiseEventAsync(orderId, OrderOrchestration.CommandEvent, command);
        }

        var (snapshot, last) = await host.AnswerAsync(orderId, "label-5");
        Assert.Equal((Outcome.Accepted, 7L), (last.Outcome!.Value, last.Version));
        Assert.Equal(["place", .. commands.Select(c => c.CommandId)], snapshot.Commands.Select(c => c.CommandId));
        Assert.Equal(Enumerable.Range(1, 7).Select(v => (long)v), snapshot.Commands.Select(c => c.Version));
        Assert.True(snapshot.Order!.ShippingLabelPurchased);
        await host.Client.TerminateInstanceAsync(orderId);
    }
}
