using System.Security.Cryptography;
using System.Text;

namespace OrderCancellation.Functions.Http;

/// <summary>
/// The <c>Idempotency-Key</c> header (§5): a repeat returns the first response; the same key with a
/// different body is refused. Keys are scoped to the caller and the operation so two callers cannot
/// collide, and the fingerprint covers what the request asks for.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 200;

    public static string? From(HttpRequest request) =>
        request.Headers.TryGetValue(Header, out var values) && !string.IsNullOrWhiteSpace(values.ToString()) ? values.ToString().Trim() : null;

    public static string Scoped(string key, string callerId, string operation) => $"{callerId}:{operation}:{key}";

    public static string Fingerprint(params string?[] parts)
    {
        var joined = string.Join('\u001f', parts.Select(p => p ?? string.Empty));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(joined)));
    }
}
