using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrderCancellation.Api.Notifications;

/// <summary>
/// Signs webhook deliveries (§5): <c>X-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c> with the
/// subscription's secret. The timestamp is signed with the body, so a captured delivery cannot be replayed later than the
/// receiver's tolerance; <see cref="Verify"/> is the receiver's check.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Signature";

    /// <summary>How far a signature's time may be from the receiver's clock, either way.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Compute(string secret, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        var t = timestamp.ToUnixTimeSeconds();
        return $"t={t.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(Mac(secret, t, body))}";
    }

    /// <summary>
    /// The receiver's check: the header parses, its time is within <paramref name="tolerance"/> (default 5 minutes) of
    /// <paramref name="now"/>, and one of its <c>v1</c> values is the HMAC of <c>"t.body"</c>, compared in constant time.
    /// Verify the raw bytes received, before parsing them.
    /// </summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (header is null)
        {
            return false;
        }

        long? t = null;
        var candidates = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal)
                && long.TryParse(part.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                t = seconds;
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal) && part.Length == 3 + (2 * HMACSHA256.HashSizeInBytes))
            {
                var mac = new byte[HMACSHA256.HashSizeInBytes];
                if (Convert.FromHexString(part.AsSpan(3), mac, out _, out var written) == System.Buffers.OperationStatus.Done && written == mac.Length)
                {
                    candidates.Add(mac);
                }
            }
        }

        if (t is not { } signedAt || signedAt > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || (now - DateTimeOffset.FromUnixTimeSeconds(signedAt)).Duration() > (tolerance ?? Tolerance))
        {
            return false;
        }

        var expected = Mac(secret, signedAt, body);
        var matched = false;
        foreach (var candidate in candidates)
        {
            matched |= CryptographicOperations.FixedTimeEquals(expected, candidate);
        }

        return matched;
    }

    private static byte[] Mac(string secret, long t, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(t.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
