using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Http.OpenApi;

namespace OrderCancellation.Api.Orders;

/// <summary>The order resource (§5). Role checks are the policies here; ownership is checked per order (404 for strangers).</summary>
public static class OrdersEndpoints
{
    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders").WithTags("Orders");

        orders.MapPost(string.Empty, OrderMutations.PlaceAsync).RequireAuthorization(Policies.Marketplace)
            .WithName("PlaceOrder").WithSummary("Place an order (marketplace)")
            .WithDescription("Starts the order's workflow: 201 with `Location` and `ETag`; 200 when the same order was placed before; 409 `order-exists` when the id holds other content. Without `orderId` the order gets one (derived from `Idempotency-Key` when given).")
            .AcceptsJson<PlaceOrderRequest>()
            .Produces<OrderView>(StatusCodes.Status201Created).Produces<OrderView>().Produces<PendingCommand>(StatusCodes.Status202Accepted)
            .ProducesProblems(400, 403, 404, 409, 412, 413, 422).WithIdempotencyKey()
            .WithResponseHeader(StatusCodes.Status201Created, "Location", "The order.").WithResponseHeader(StatusCodes.Status201Created, "ETag", "The order's version.")
            .WithResponseHeader(StatusCodes.Status202Accepted, "Location", "Where to read the placement's outcome.");
        orders.MapGet(string.Empty, OrderQueries.ListAsync).RequireAuthorization(Policies.BuyerSellerOrMarketplace)
            .WithName("ListOrders").WithSummary("List orders (Manage Orders; a buyer's Your Orders)")
            .WithDescription("Sellers see their own, the marketplace anyone's (filters `sellerId`, `status`, `buyerRequestedCancel`), a buyer their own newest first. Paged by `pageSize` (1–100, default 50) and `pageToken`.")
            .WithQuery("sellerId", "The seller's orders (a seller: only their own).").WithQuery("buyerId", "A buyer may give only their own id.")
            .WithQuery("status", "An order status, e.g. `Unshipped`.").WithQuery("buyerRequestedCancel", "`true` or `false`.")
            .WithQuery("pageSize", "1 to 100, default 50.").WithQuery("pageToken", "The `nextPageToken` of the page before.")
            .Produces<OrderPage>().ProducesProblems(400, 403);
        orders.MapGet("/{orderId}", OrderQueries.GetAsync).RequireAuthorization(Policies.AnyRole)
            .WithName("GetOrder").WithSummary("Read an order")
            .WithDescription("The order with its deadlines, open request or attempt, cancellations and the caller's `allowedActions`; `ETag` is its version. Someone else's order is 404.")
            .Produces<OrderView>().ProducesProblems(404).WithResponseHeader(StatusCodes.Status200OK, "ETag", "The order's version, for `If-Match`.");
        orders.MapGet("/{orderId}/history", OrderQueries.HistoryAsync).RequireAuthorization(Policies.AnyRole)
            .WithName("GetOrderHistory").WithSummary("Read an order's audit trail").WithDescription("Every event with actor, time and reason (from the read model: it may lag the order briefly).")
            .Produces<OrderHistory>().ProducesProblems(404);
        orders.MapGet("/{orderId}/commands/{commandId}", OrderQueries.CommandAsync).RequireAuthorization(Policies.AnyRole)
            .WithName("GetCommandOutcome").WithSummary("Read the outcome of a command answered 202")
            .WithDescription("Answers what the command answers once decided (its status and body, a placement's 201 or 200 included, or its refusal); 202 again while it is not.")
            .Produces<CommandAnswer>().OrProduces<OrderView>(StatusCodes.Status200OK)
            .Produces<OrderView>(StatusCodes.Status201Created)
            .Produces<PendingCommand>(StatusCodes.Status202Accepted).OrProduces<CommandAnswer>(StatusCodes.Status202Accepted)
            .ProducesProblems(403, 404, 409, 412, 422).WithResponseHeader(StatusCodes.Status202Accepted, "Location", "Where to read the outcome again.");
        orders.MapGet("/{orderId}/notifications", OrderQueries.NotificationsAsync).RequireAuthorization(Policies.AnyRole)
            .WithName("GetOrderNotifications").WithSummary("Read the notices produced for an order").WithDescription("A buyer sees only those addressed to them.")
            .Produces<OrderNotifications>().ProducesProblems(404, 503);

        orders.MapPost("/{orderId}/cancel", OrderMutations.CancelAsync).RequireAuthorization(Policies.AnyRole)
            .WithName("CancelOrder").WithSummary("Cancel an order, some lines, or request its cancellation")
            .WithDescription("200 `Canceled`/`PartiallyCanceled`; 202 `AttemptingToCancel`/`CancellationRequested` when someone else must answer first, or a pending command when the order did not answer in time. The body may be empty.")
            .ProducesOrderCommand<CancelRequest>(optionalBody: true).OrProduces<CommandAnswer>(StatusCodes.Status202Accepted);
        orders.MapPost("/{orderId}/cancellation-request/decline", OrderMutations.DeclineAsync).RequireAuthorization(Policies.Seller)
            .WithName("DeclineCancellationRequest").WithSummary("Decline the buyer's cancellation request (seller)")
            .ProducesOrderCommand<DeclineRequest>();
        orders.MapPost("/{orderId}/payment", OrderMutations.PaymentAsync).RequireAuthorization(Policies.Marketplace)
            .WithName("ReportPayment").WithSummary("Report the payment's verification (marketplace)")
            .ProducesOrderCommand<PaymentRequest>();
        orders.MapPost("/{orderId}/shipping-label", OrderMutations.ShippingLabelAsync).RequireAuthorization(Policies.Seller)
            .WithName("ReportShippingLabel").WithSummary("Report a shipping label purchased or voided (seller)")
            .ProducesOrderCommand<ShippingLabelRequest>();
        orders.MapPost("/{orderId}/shipments", OrderMutations.ShipmentAsync).RequireAuthorization(Policies.SellerOrMarketplace)
            .WithName("ConfirmShipment").WithSummary("Confirm a shipment of some lines")
            .ProducesOrderCommand<ShipmentRequest>();
        orders.MapPost("/{orderId}/fulfillment-stage", OrderMutations.FulfillmentStageAsync).RequireAuthorization(Policies.Marketplace)
            .WithName("ChangeFulfillmentStage").WithSummary("Report the fulfillment network's stage of an Amazon-fulfilled order (marketplace)")
            .ProducesOrderCommand<FulfillmentStageRequest>();
        return app;
    }
}
