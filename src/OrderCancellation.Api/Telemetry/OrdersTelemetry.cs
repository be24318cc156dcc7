using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrderCancellation.Api.Orders;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Api.Telemetry;

/// <summary>
/// The command gateway's span and instruments (meter <see cref="Name"/>). Created through <see cref="IMeterFactory"/>, so
/// each host (and each test host) has its own instruments.
/// </summary>
public sealed class OrdersTelemetry
{
    /// <summary>The name of both the <see cref="ActivitySource"/> and the <see cref="Meter"/>.</summary>
    public const string Name = "OrderCancellation.Orders";

    private static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> decided;
    private readonly Counter<long> cancellations;
    private readonly Counter<long> pending;

    public OrdersTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        decided = meter.CreateCounter<long>("ordercancellation.commands.decided", "{command}", "Commands answered, by command kind and outcome (or problem code).");
        cancellations = meter.CreateCounter<long>("ordercancellation.cancellations", "{cancellation}", "Cancellations done (wholly or partly), by actor and reason code.");
        pending = meter.CreateCounter<long>("ordercancellation.commands.pending", "{command}", "Commands not answered within the answer timeout: answered 202, read later.");
    }

    /// <summary>The span of one command through the gateway; its id travels in the raised event (the decision's parent).</summary>
    public static Activity? StartCommand(string orderId, OrderCommand command) =>
        Source.StartActivity("order.command", ActivityKind.Internal, default(ActivityContext), [new("ordercancellation.order_id", orderId), new("ordercancellation.command", command.GetType().Name)]);

    /// <summary>Counts one command's answer. A replayed answer was counted the first time; nothing new was decided.</summary>
    public void Answered(OrderCommand command, OrderCommandResult result)
    {
        var kind = new KeyValuePair<string, object?>("ordercancellation.command", command.GetType().Name);
        switch (result.Status)
        {
            case OrderCommandStatus.Replayed:
                return;
            case OrderCommandStatus.Pending:
                pending.Add(1, kind);
                return;
        }

        decided.Add(1, kind, new("ordercancellation.outcome", result.Outcome?.ToString() ?? result.Problem?.Code ?? "unknown"));
        if (command is OrderCommand.Cancel cancel && result.Outcome is Outcome.Canceled or Outcome.PartiallyCanceled)
        {
            // A buyer's reason is free text: a tag value must come from a small set, so it is not one.
            var reason = cancel.By.Role == ActorRole.Buyer ? "buyer" : cancel.Reason ?? "none";
            cancellations.Add(1, new KeyValuePair<string, object?>("ordercancellation.actor", cancel.By.Role.ToString()), new("ordercancellation.reason", reason));
        }
    }
}
