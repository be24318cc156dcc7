using OrderCancellation.Domain.Model;

namespace OrderCancellation.Domain.Decisions;

internal static partial class CancelDecision
{
    /// <summary>Rows 8–13.</summary>
    private static Decision Seller(Ask ask)
    {
        var order = ask.Order;
        if (order.OrderStatus == OrderStatus.Pending)
        {
            return Decision.Refuse(Problems.PaymentPending); // row 8
        }

        switch (order.FulfillmentChannel)
        {
            case FulfillmentChannel.Amazon:
                return Decision.Refuse(Problems.FbaOrder); // row 9
            case FulfillmentChannel.MultiChannel:
                return order.FulfillmentStage switch
                {
                    FulfillmentStage.Received or FulfillmentStage.Planning => CancelNow(ask), // row 10, as SP-API's cancelFulfillmentOrder
                    FulfillmentStage.Unfulfillable => Decision.Refuse(Problems.FulfillmentUnfulfillable), // row 11
                    _ => Decision.Refuse(Problems.FulfillmentProcessing), // row 11: Processing, or Shipped before the shipment is confirmed
                };
        }

        if (order.ShippingLabelPurchased && !AnswersOpenAttempt(ask))
        {
            return Decision.Refuse(Problems.LabelPurchased); // row 12
        }

        return CancelNow(ask); // row 12 with an open attempt on those lines (it succeeds), row 13
    }

    /// <summary>Row 14. In Processing, Support may still answer an open attempt (the fulfillment network's cancel).</summary>
    private static Decision Support(Ask ask)
    {
        if (ask.Order.FulfillmentChannel != FulfillmentChannel.Amazon)
        {
            return Decision.Refuse(Problems.NotAllowed("Support cancels Amazon-fulfilled orders only."));
        }

        if (ask.Order.InShippingProcess() && !AnswersOpenAttempt(ask))
        {
            return Decision.Refuse(Problems.FulfillmentProcessing);
        }

        return CancelNow(ask);
    }

    private static bool AnswersOpenAttempt(Ask ask) =>
        ask.Order.CancellationAttempt is { IsOpen: true } attempt && CancelTargets.Within(ask.Lines, attempt.Lines);
}
