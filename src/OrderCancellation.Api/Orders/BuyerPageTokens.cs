using System.Globalization;
using System.Text;
using OrderCancellation.Api.ReadModel;

namespace OrderCancellation.Api.Orders;

/// <summary>
/// The page token of a buyer's list: where it resumes, newest first (purchase date as stored, then order id), as
/// base64url. Opaque to the caller; a token made for a seller's list (an order id alone) is refused.
/// </summary>
internal static class BuyerPageTokens
{
    private const char Separator = '|';

    public static string For(BuyerOrderKey key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key.PurchaseDate.ToString(CultureInfo.InvariantCulture)}{Separator}{key.OrderId}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static BuyerOrderKey? Parse(string? raw, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        try
        {
            var base64 = raw.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var split = text.IndexOf(Separator, StringComparison.Ordinal);
            if (split > 0
                && long.TryParse(text.AsSpan(0, split), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var purchased)
                && OrderIds.IsValid(text[(split + 1)..]))
            {
                return new BuyerOrderKey(purchased, text[(split + 1)..]);
            }
        }
        catch (FormatException)
        {
            // falls through to the field error
        }

        errors.Add("pageToken", "pageToken is not one this service gave.");
        return null;
    }
}
