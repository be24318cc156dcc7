using System.Security.Cryptography;
using System.Text;

namespace OrderCancellation.Api.Notifications;

/// <summary>
/// Signs webhook deliveries (§5): <c>X-Signature: sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>
/// with the subscription's secret. Receivers recompute it and compare in constant time.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Signature";

    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, body)), Encoding.ASCII.GetBytes(header));
}
