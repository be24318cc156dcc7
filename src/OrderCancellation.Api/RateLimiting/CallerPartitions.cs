using System.Threading.RateLimiting;
using OrderCancellation.Api.Auth;

namespace OrderCancellation.Api.RateLimiting;

/// <summary>Which bucket a request draws from: one per authenticated caller (role + sub), else one per remote IP.</summary>
internal static class CallerPartitions
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    public static RateLimitPartition<string> For(HttpContext context, RateLimitsOptions options)
    {
        // Probes must never be refused: a 429 on readiness would take a healthy instance out of rotation.
        if (context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
        {
            return RateLimitPartition.GetNoLimiter("health");
        }

        var user = context.User;
        var role = user.FindFirst(Roles.ClaimType)?.Value;
        var subject = user.FindFirst(Roles.SubjectClaimType)?.Value;
        if (user.Identity?.IsAuthenticated == true && Roles.IsKnown(role) && !string.IsNullOrEmpty(subject))
        {
            return role == Roles.Marketplace
                ? Bucket($"{role}:{subject}", options.MarketplacePermitsPerSecond, options.MarketplaceBurst)
                : Bucket($"{role}:{subject}", options.PermitsPerSecond, options.Burst);
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return Bucket($"ip:{address}", options.AnonymousPermitsPerSecond, options.AnonymousBurst);
    }

    private static RateLimitPartition<string> Bucket(string key, int perSecond, int burst) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = Second,
            QueueLimit = 0, // refuse at once with Retry-After rather than hold a request (and its connection) in a queue
            AutoReplenishment = true,
        });
}
