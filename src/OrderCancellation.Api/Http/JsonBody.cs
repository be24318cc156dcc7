using System.Net.Http.Headers;
using System.Text.Json;

namespace OrderCancellation.Api.Http;

/// <summary>
/// Reads a JSON body into <typeparamref name="T"/> and turns every way it can be wrong into a problem
/// response (§10): declared as anything but JSON → 415 naming <c>application/json</c> (no Content-Type at all is read as
/// JSON), too large → 413, not JSON or wrong shape / unknown enum value → 400 with the field.
/// </summary>
public static class JsonBody
{
    /// <summary>JSON bodies over 1 MB are refused.</summary>
    public const long MaxBytes = 1024 * 1024;

    public static readonly IReadOnlyList<string> AcceptedContentTypes = ["application/json"];

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
        where T : class
    {
        if (!string.IsNullOrEmpty(request.ContentType) && !IsJson(request.ContentType))
        {
            return (null, Problems.UnsupportedMediaType(request.ContentType, AcceptedContentTypes));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, Problems.PayloadTooLarge(MaxBytes));
        }

        var bytes = await ReadBoundedAsync(request.Body, cancellationToken);
        if (bytes is null)
        {
            return (null, Problems.PayloadTooLarge(MaxBytes));
        }

        if (bytes.Length == 0)
        {
            return (null, Problems.Validation(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] }));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, options);
            return value is null
                ? (null, Problems.Validation(new Dictionary<string, string[]> { ["body"] = ["A JSON object is required."] }))
                : (value, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, Problems.Validation(new Dictionary<string, string[]> { [field] = [Describe(e)] }));
        }
    }

    /// <summary><c>application/json</c> or a <c>+json</c> type, any parameters (charset).</summary>
    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static string Describe(JsonException e) =>
        e.Message.Split(" Path:", 2)[0];

    /// <summary>Reads at most <see cref="MaxBytes"/>; null when the body is longer (a chunked body has no Content-Length).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
