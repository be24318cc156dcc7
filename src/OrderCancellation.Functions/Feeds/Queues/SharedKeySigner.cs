using System.Security.Cryptography;
using System.Text;

namespace OrderCancellation.Functions.Feeds.Queues;

/// <summary>
/// Shared Key authorization for the Queue service (x-ms-version 2015-02-21 or later):
/// <c>Authorization: SharedKey {account}:{base64(HMAC-SHA256(key, StringToSign))}</c>, where
/// <code>
/// StringToSign = VERB \n Content-Encoding \n Content-Language \n Content-Length (empty when 0) \n
///                Content-MD5 \n Content-Type \n Date \n If-Modified-Since \n If-Match \n
///                If-None-Match \n If-Unmodified-Since \n Range \n
///                CanonicalizedHeaders  (x-ms-* lower-cased, sorted, "name:value\n" each)
///                CanonicalizedResource (/{account}{path}, then "\n{name}:{decoded value}" per query
///                                       parameter, names lower-cased and sorted)
/// </code>
/// We send no Date (x-ms-date instead) and none of the conditional headers.
/// </summary>
internal static class SharedKeySigner
{
    public static void Sign(HttpRequestMessage request, StorageConnectionString account, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var content = request.Content;
        var contentLength = content?.Headers.ContentLength ?? 0;
        var builder = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(string.Join(',', content?.Headers.ContentEncoding ?? [])).Append('\n')
            .Append(string.Join(',', content?.Headers.ContentLanguage ?? [])).Append('\n')
            .Append(contentLength == 0 ? "" : contentLength.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n')
            .Append('\n') // Content-MD5
            .Append(content?.Headers.ContentType?.ToString() ?? "").Append('\n')
            .Append("\n\n\n\n\n\n"); // Date, If-Modified-Since, If-Match, If-None-Match, If-Unmodified-Since, Range

        foreach (var header in request.Headers
                     .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(',', h.Value).Trim()))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            builder.Append(header.Name).Append(':').Append(header.Value).Append('\n');
        }

        builder.Append('/').Append(account.AccountName).Append(request.RequestUri!.AbsolutePath);
        foreach (var group in query
                     .GroupBy(p => p.Key.ToLowerInvariant())
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            builder.Append('\n').Append(group.Key).Append(':')
                .Append(string.Join(',', group.Select(p => p.Value).Order(StringComparer.Ordinal)));
        }

        var signature = HMACSHA256.HashData(account.AccountKey.Span, Encoding.UTF8.GetBytes(builder.ToString()));
        request.Headers.TryAddWithoutValidation("Authorization", $"SharedKey {account.AccountName}:{Convert.ToBase64String(signature)}");
    }
}
