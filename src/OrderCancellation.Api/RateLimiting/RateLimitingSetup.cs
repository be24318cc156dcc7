using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OrderCancellation.Api.Http;

namespace OrderCancellation.Api.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter as one global, per-caller limiter (<see cref="CallerPartitions"/>): over the limit is
/// 429 <c>rate-limited</c> with <c>Retry-After</c> in seconds. The standalone host runs it as middleware
/// (<c>UseRateLimiter()</c> after <c>UseAuthentication()</c>, so callers are known); the Functions host, whose HTTP
/// functions do not pass through ASP.NET Core middleware the app can add, calls <see cref="AdmitAsync"/>.
/// </summary>
public static class RateLimitingSetup
{
    public static IServiceCollection AddCallerRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitsOptions>()
            .Bind(configuration.GetSection(RateLimitsOptions.SectionName))
            .Validate(o => o.IsValid(), "RateLimits: every PermitsPerSecond and Burst must be at least 1.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitsOptions>>((o, limits) =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;
            if (limits.Value.Enabled)
            {
                var options = limits.Value;
                o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => CallerPartitions.For(context, options));
            }
        });
        return services;
    }

    /// <summary>
    /// For a host that cannot run the middleware: takes a permit for <paramref name="context"/>'s caller (authenticate
    /// first). False when refused, with the 429 problem written.
    /// </summary>
    public static async Task<bool> AdmitAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.RequestServices.GetRequiredService<IOptions<RateLimiterOptions>>().Value;
        if (options.GlobalLimiter is null)
        {
            return true;
        }

        using var lease = await options.GlobalLimiter.AcquireAsync(context, 1, context.RequestAborted);
        if (lease.IsAcquired)
        {
            return true;
        }

        context.Response.StatusCode = options.RejectionStatusCode;
        await RejectAsync(new OnRejectedContext { HttpContext = context, Lease = lease }, context.RequestAborted);
        return false;
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        RateLimitingLog.Refused(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimitingSetup)),
            context.Request.Method, context.Request.Path, seconds);
        await Problems.Result(
                StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.",
                $"This caller's request rate is over its limit; retry after {seconds} s.")
            .ExecuteAsync(context);
    }
}
