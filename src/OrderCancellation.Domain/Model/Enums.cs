namespace OrderCancellation.Domain.Model;

/// <summary>Who ships the order: the seller (MFN), Amazon (FBA) or Amazon for an off-platform sale (MCF).</summary>
public enum FulfillmentChannel { Merchant, Amazon, MultiChannel }

/// <summary>SP-API order status names. <see cref="Canceled"/> is terminal: a canceled order is never reinstated.</summary>
public enum OrderStatus { Pending, Unshipped, PartiallyShipped, Shipped, Canceled }

/// <summary>Where the fulfillment network is with an Amazon or MultiChannel order.</summary>
public enum FulfillmentStage { Received, Planning, Processing, Shipped, Unfulfillable }

public enum ActorRole { Buyer, Seller, Marketplace, Support }

public enum RequestStatus { Open, Approved, Declined, Lapsed }

public enum AttemptStatus { Open, Succeeded, Failed }
