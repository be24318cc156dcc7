namespace OrderCancellation.Api.RateLimiting;

/// <summary>
/// Per-caller request limits (a token bucket per caller), bound from the <c>RateLimits</c> section and validated at
/// start. A caller is the token's <c>role</c> and <c>sub</c>, or the remote IP address for a request without a valid
/// token. The bucket holds <c>Burst</c> requests and refills at <c>PermitsPerSecond</c>.
/// </summary>
public sealed class RateLimitsOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Off, nothing is limited (a load test, or a gateway in front that limits already). Default <c>true</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sustained requests per second of one buyer, seller or Support caller. Default 20.</summary>
    public int PermitsPerSecond { get; set; } = 20;

    /// <summary>Requests such a caller may send at once, above the sustained rate. Default 100.</summary>
    public int Burst { get; set; } = 100;

    /// <summary>
    /// Sustained requests per second of one Marketplace caller: the marketplace's backend is one principal that places
    /// every order and reports every payment and fulfillment stage, so it gets a platform's budget, not a seller's.
    /// Default 1000.
    /// </summary>
    public int MarketplacePermitsPerSecond { get; set; } = 1000;

    /// <summary>Burst of one Marketplace caller. Default 2000.</summary>
    public int MarketplaceBurst { get; set; } = 2000;

    /// <summary>
    /// Sustained requests per second from one remote IP address without a valid token (all of them are refused with
    /// 401 except the OpenAPI document; this bounds what a stranger costs). Behind a proxy, forward the client address
    /// (<c>ForwardedHeaders</c>) or every stranger shares the proxy's budget. Default 10.
    /// </summary>
    public int AnonymousPermitsPerSecond { get; set; } = 10;

    /// <summary>Burst from one remote IP address without a valid token. Default 50.</summary>
    public int AnonymousBurst { get; set; } = 50;

    internal bool IsValid() =>
        PermitsPerSecond >= 1 && Burst >= 1 && MarketplacePermitsPerSecond >= 1 && MarketplaceBurst >= 1
        && AnonymousPermitsPerSecond >= 1 && AnonymousBurst >= 1;
}
