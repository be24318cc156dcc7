using OrderCancellation.Domain.Effects;
using OrderCancellation.Durable.Activities;
using OrderCancellation.Functions.Ledger;

namespace OrderCancellation.Functions.Activities;

/// <summary>Releases the uncaptured authorization for cancelled amounts (§4.6).</summary>
internal sealed class ReleaseAuthorizationHandler(LedgerGateway ledger) : IActivityHandler
{
    public string Name => nameof(Activity.ReleaseAuthorization);

    public Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ledger.PayAsync(context.ActivityId, context.InstanceId, LedgerKind.ReleaseAuthorization, ActivityPayload.Read<Activity.ReleaseAuthorization>(context).Amount, cancellationToken);
}

/// <summary>Charges the buyer for what shipped (§4.6).</summary>
internal sealed class CapturePaymentHandler(LedgerGateway ledger) : IActivityHandler
{
    public string Name => nameof(Activity.CapturePayment);

    public Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ledger.PayAsync(context.ActivityId, context.InstanceId, LedgerKind.CapturePayment, ActivityPayload.Read<Activity.CapturePayment>(context).Amount, cancellationToken);
}

/// <summary>Puts a cancelled quantity back into inventory (§4.6; the domain leaves it out for NoInventory).</summary>
internal sealed class RestockHandler(LedgerGateway ledger) : IActivityHandler
{
    public string Name => nameof(Activity.Restock);

    public Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var restock = ActivityPayload.Read<Activity.Restock>(context);
        return ledger.RestockAsync(context.ActivityId, context.InstanceId, restock.Sku, restock.Quantity, cancellationToken);
    }
}
