namespace OrderCancellation.Domain.Policy;

/// <summary>
/// The whole policy: defaults plus per-marketplace overrides, shaped like the <c>Cancellation</c>
/// configuration section (<c>Cancellation:Marketplaces:&lt;marketplaceId&gt;:BuyerSelfCancelWindow</c>, …).
/// The domain takes whatever overrides it is given.
/// </summary>
public sealed record CancellationPolicy
{
    public CancellationOptions Defaults { get; init; } = CancellationOptions.Default;

    public IReadOnlyDictionary<string, CancellationOverrides> Marketplaces { get; init; } =
        new Dictionary<string, CancellationOverrides>();

    public static CancellationPolicy Default { get; } = new();

    /// <summary>The effective options for one marketplace (the defaults when it has no overrides).</summary>
    public CancellationOptions For(string marketplaceId) =>
        Marketplaces.TryGetValue(marketplaceId, out var overrides) ? overrides.ApplyTo(Defaults) : Defaults;
}
