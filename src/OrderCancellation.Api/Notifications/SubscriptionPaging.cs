using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace OrderCancellation.Api.Notifications;

/// <summary>
/// <c>pageSize</c> (1 to 100, default 50) and <c>pageToken</c> (the <c>nextPageToken</c> of the previous page: the last
/// subscription id it showed, base64url) of <c>GET /api/subscriptions</c>, as <c>GET /api/orders</c> reads them.
/// </summary>
internal static class SubscriptionPaging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    public static (int PageSize, string? After, Dictionary<string, string[]> Errors) Parse(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>();
        var pageSize = DefaultPageSize;
        if (query["pageSize"].ToString() is { Length: > 0 } rawSize)
        {
            if (!int.TryParse(rawSize, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize)
            {
                errors["pageSize"] = [$"pageSize must be 1 to {MaxPageSize}."];
            }
        }

        string? after = null;
        if (query["pageToken"].ToString() is { Length: > 0 } rawToken)
        {
            after = FromToken(rawToken);
            if (after is null)
            {
                errors["pageToken"] = ["pageToken is not one this service gave."];
            }
        }

        return (pageSize, after, errors);
    }

    public static string Token(string lastSubscriptionId) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(lastSubscriptionId));

    /// <summary>The subscription id in a token, or null when it is not one we gave (ids are 32 lowercase hex digits).</summary>
    private static string? FromToken(string token)
    {
        if (token.Length > 64)
        {
            return null;
        }

        try
        {
            var id = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token));
            return id.Length == 32 && id.All(char.IsAsciiHexDigitLower) ? id : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
