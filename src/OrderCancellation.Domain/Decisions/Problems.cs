namespace OrderCancellation.Domain.Decisions;

/// <summary>Every refusal the domain gives, by code.</summary>
public static class Problems
{
    public static Problem OrderNotFound { get; } = new("order-not-found", 404, "Order not found", "No order has this id.");
    public static Problem NotYourOrder { get; } = new("not-your-order", 404, "Order not found", "No order of yours has this id.");
    public static Problem OrderExists { get; } = new("order-exists", 409, "Order exists", "An order with this id exists with different content.");
    public static Problem OrderCanceled { get; } = new("order-canceled", 409, "Order canceled", "The order is canceled; a canceled order is never reinstated. Place a new order.");
    public static Problem OrderShipped { get; } = new("order-shipped", 409, "Already shipped", "The quantity has already shipped and cannot be canceled: refuse the delivery or return it for a refund.");
    public static Problem PaymentPending { get; } = new("payment-pending", 409, "Payment pending", "The order is Pending until its payment is verified; the seller cannot act on it yet.");
    public static Problem FbaOrder { get; } = new("fba-order", 409, "Amazon-fulfilled order", "Sellers cannot cancel Amazon-fulfilled (FBA) orders: ask Support to cancel FBA orders.");
    public static Problem FulfillmentProcessing { get; } = new("fulfillment-processing", 409, "Fulfillment in progress", "The fulfillment network is processing the order; it can no longer be canceled.");
    public static Problem FulfillmentUnfulfillable { get; } = new("fulfillment-unfulfillable", 409, "Fulfillment order unfulfillable", "The fulfillment network cannot fulfil the order now; a Multi-Channel order can be canceled only while Received or Planning. It stays Unfulfillable until stock returns.");
    public static Problem NoMarketplacePayment { get; } = new("no-marketplace-payment", 409, "No marketplace payment", "A Multi-Channel order was paid on the seller's own channel: it has no marketplace payment to verify or decline.");
    public static Problem LabelPurchased { get; } = new("label-purchased", 409, "Shipping label purchased", "A shipping label was purchased for this order: void the label first.");
    public static Problem RequestAlreadyOpen { get; } = new("cancellation-already-requested", 409, "Cancellation already requested", "A different cancellation request or attempt is open; wait for its answer.");
    public static Problem NoOpenRequest { get; } = new("no-open-request", 409, "No open request", "The order has no open buyer cancellation request.");
    public static Problem PaymentAlreadyVerified { get; } = new("payment-already-verified", 409, "Payment verified", "The payment was already verified.");
    public static Problem NotMerchantOrder { get; } = new("not-merchant-order", 409, "Not seller-fulfilled", "Only seller-fulfilled (Merchant) orders have shipping labels.");
    public static Problem NotAmazonFulfilled { get; } = new("not-amazon-fulfilled", 409, "Seller-fulfilled order", "Merchant orders have no fulfillment stage.");
    public static Problem QuantityNotShippable { get; } = new("quantity-not-shippable", 409, "Quantity not shippable", "The shipment is more than the quantity still open (ordered − shipped − canceled).");
    public static Problem InvalidReason { get; } = new("invalid-reason", 422, "Invalid reason", "The cancellation reason is missing or not one this caller may give.");
    public static Problem InvalidMessage { get; } = new("invalid-message", 422, "Invalid message", "A message of 1 to 1000 characters is required.");

    public static Problem NotAllowed(string detail) => new("not-allowed", 403, "Not allowed", detail);
    public static Problem QuantityNotCancelable(string lineId) => new("quantity-not-cancelable", 422, "Quantity not cancelable", $"Line {lineId} has less cancelable quantity than requested (it was already canceled).");
    public static Problem LineNotFound(string lineId) => new("line-not-found", 404, "Line not found", $"The order has no line {lineId}.");
    public static Problem InvalidQuantity(string detail) => new("invalid-quantity", 422, "Invalid quantity", detail);
    public static Problem InvalidOrder(string detail) => new("invalid-order", 422, "Invalid order", detail);
}
