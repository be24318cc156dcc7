using OrderCancellation.Api.Auth;

namespace OrderCancellation.Api.Orders;

/// <summary>The order resource (§5). Role checks are the policies here; ownership is checked per order (404 for strangers).</summary>
public static class OrdersEndpoints
{
    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders").WithTags("Orders");

        orders.MapPost(string.Empty, OrderMutations.PlaceAsync).RequireAuthorization(Policies.Marketplace)
            .WithName("PlaceOrder").Produces<OrderView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest);
        orders.MapGet(string.Empty, OrderQueries.ListAsync).RequireAuthorization(Policies.BuyerSellerOrMarketplace)
            .WithName("ListOrders").Produces<OrderPage>();
        orders.MapGet("/{orderId}", OrderQueries.GetAsync).RequireAuthorization(Policies.AnyRole)
            .WithName("GetOrder").Produces<OrderView>().ProducesProblem(StatusCodes.Status404NotFound);
        orders.MapGet("/{orderId}/history", OrderQueries.HistoryAsync).RequireAuthorization(Policies.AnyRole)
            .WithName("GetOrderHistory").Produces<OrderHistory>();
        orders.MapGet("/{orderId}/commands/{commandId}", OrderQueries.CommandAsync).RequireAuthorization(Policies.AnyRole)
            .WithName("GetCommandOutcome").Produces<CommandAnswer>().ProducesProblem(StatusCodes.Status404NotFound);
        orders.MapGet("/{orderId}/notifications", OrderQueries.NotificationsAsync).RequireAuthorization(Policies.AnyRole)
            .WithName("GetOrderNotifications").Produces<OrderNotifications>();

        orders.MapPost("/{orderId}/cancel", OrderMutations.CancelAsync).RequireAuthorization(Policies.AnyRole)
            .WithName("CancelOrder").Produces<CommandAnswer>().Produces<CommandAnswer>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status409Conflict);
        orders.MapPost("/{orderId}/cancellation-request/decline", OrderMutations.DeclineAsync).RequireAuthorization(Policies.Seller)
            .WithName("DeclineCancellationRequest").Produces<CommandAnswer>();
        orders.MapPost("/{orderId}/payment", OrderMutations.PaymentAsync).RequireAuthorization(Policies.Marketplace)
            .WithName("ReportPayment").Produces<CommandAnswer>();
        orders.MapPost("/{orderId}/shipping-label", OrderMutations.ShippingLabelAsync).RequireAuthorization(Policies.Seller)
            .WithName("ReportShippingLabel").Produces<CommandAnswer>();
        orders.MapPost("/{orderId}/shipments", OrderMutations.ShipmentAsync).RequireAuthorization(Policies.SellerOrMarketplace)
            .WithName("ConfirmShipment").Produces<CommandAnswer>();
        orders.MapPost("/{orderId}/fulfillment-stage", OrderMutations.FulfillmentStageAsync).RequireAuthorization(Policies.Marketplace)
            .WithName("ChangeFulfillmentStage").Produces<CommandAnswer>();
        return app;
    }
}
