using System.Security.Cryptography;

namespace OrderCancellation.Api.Orders;

/// <summary>Order ids in Amazon's style <c>###-#######-#######</c>, generated when the caller gives none.</summary>
public static partial class OrderIds
{
    public const int MaxLength = Http.InputBounds.MaxIdLength;

    public static string NewAmazonStyle() =>
        $"{Digits(3)}-{Digits(7)}-{Digits(7)}";

    /// <summary>
    /// An Amazon-style id derived from an idempotency key, so that a retried "place an order" without an
    /// id lands on the same order (and is replayed) instead of creating a second one.
    /// </summary>
    public static string FromKey(string key)
    {
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key));
        var digits = string.Create(17, hash, static (span, h) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('0' + (h[i] % 10));
            }
        });
        return $"{digits[..3]}-{digits[3..10]}-{digits[10..]}";
    }

    /// <summary>Caller-given ids: the pattern of every id (<see cref="Http.InputBounds.IsId"/>).</summary>
    public static bool IsValid(string? id) => Http.InputBounds.IsId(id);

    private static string Digits(int count) =>
        string.Create(count, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
            }
        });
}
