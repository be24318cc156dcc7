using System.Globalization;
using OrderCancellation.Api.Feeds.Store;
using OrderCancellation.Api.Http;

namespace OrderCancellation.Api.Feeds.Http;

/// <summary>
/// 429 <c>feed-quota-exceeded</c>: the seller's feeds of the last day and this one pass
/// <see cref="FeedsOptions.MaxBytesPerSellerPerDay"/>. <c>Retry-After</c> is when enough of them leave the window.
/// </summary>
internal sealed class FeedQuotaProblem(IResult problem, long retryAfterSeconds) : IResult
{
    public const string Code = "feed-quota-exceeded";

    public static IResult Result(FeedSubmission.OverQuota over, FeedQuota quota, long bytes, DateTimeOffset now)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling((over.RoomAt - now).TotalSeconds));
        return new FeedQuotaProblem(
            Problems.Result(
                StatusCodes.Status429TooManyRequests, Code, "The seller's daily feed quota is used up.",
                $"Feeds of the last {quota.Window.TotalHours:0} hours hold {over.UsedBytes} bytes; {bytes} more would pass the quota of {quota.MaxBytes} bytes. Retry after {seconds} s."),
            seconds);
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return problem.ExecuteAsync(httpContext);
    }
}
