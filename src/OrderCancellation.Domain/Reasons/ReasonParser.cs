using OrderCancellation.Domain.Model;

namespace OrderCancellation.Domain.Reasons;

/// <summary>A reason as the caller gave it, checked against what that caller may say.</summary>
public sealed record ParsedReason(CancellationReason? Code, string? Text);

public static class ReasonParser
{
    /// <summary>
    /// Parses <paramref name="raw"/> for <paramref name="role"/>; null when it is not allowed.
    /// Sellers must give a reason; Support and the Marketplace default to GeneralAdjustment.
    /// The payment-adjustment feed's <c>CustomerCancel</c> is accepted from feeds as BuyerCanceled.
    /// </summary>
    public static ParsedReason? Parse(ActorRole role, string? raw, CancelSource source)
    {
        if (role == ActorRole.Buyer)
        {
            return raw is null || raw.Length <= ReasonCatalog.BuyerReasonMaxLength ? new ParsedReason(null, raw) : null;
        }

        if (string.IsNullOrWhiteSpace(raw))
        {
            return role == ActorRole.Seller ? null : new ParsedReason(CancellationReason.GeneralAdjustment, null);
        }

        var trimmed = raw.Trim();
        if (source == CancelSource.Feed && trimmed.Equals("CustomerCancel", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = nameof(CancellationReason.BuyerCanceled);
        }

        var allowed = ReasonCatalog.Allowed(role, source);
        var code = allowed.Where(r => r.ToString().Equals(trimmed, StringComparison.OrdinalIgnoreCase)).Cast<CancellationReason?>().FirstOrDefault();
        return code is null ? null : new ParsedReason(code, null);
    }
}
