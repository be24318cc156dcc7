namespace OrderCancellation.Api.Ledger;

/// <summary>A downstream service the activities call. Without an <see cref="Endpoint"/> the call is only recorded in the ledger table.</summary>
public abstract class DownstreamOptions
{
    /// <summary>Absolute http(s) URL the calls are POSTed to. Default unset: record in the ledger only.</summary>
    public string? Endpoint { get; set; }

    /// <summary>How long one call may take. Default 00:00:10.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    internal Uri? EndpointUri => string.IsNullOrWhiteSpace(Endpoint) ? null : new Uri(Endpoint, UriKind.Absolute);

    internal bool IsValid() =>
        Timeout > TimeSpan.Zero
        && (string.IsNullOrWhiteSpace(Endpoint)
            || (Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)));
}

/// <summary>The payment service (<c>Payments</c> section): authorization release and capture.</summary>
public sealed class PaymentsOptions : DownstreamOptions
{
    public const string SectionName = "Payments";
}

/// <summary>The inventory service (<c>Inventory</c> section): restock.</summary>
public sealed class InventoryOptions : DownstreamOptions
{
    public const string SectionName = "Inventory";
}
