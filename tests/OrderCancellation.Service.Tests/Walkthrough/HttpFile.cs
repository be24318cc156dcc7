using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OrderCancellation.Service.Tests.Walkthrough;

/// <summary>
/// Runs an <c>.http</c> file the way the IDE clients do (VS Code REST Client, Visual Studio): requests separated by
/// <c>###</c>, <c># @name</c> request variables, <c>@name = value</c> file variables resolved when used, and the
/// variables the docs use: <c>{{name.response.body.*}}</c>, <c>{{name.response.body.$.field}}</c>,
/// <c>{{$randomInt min max}}</c> and <c>{{$datetime iso8601 [offset unit]}}</c>. Only what <c>docs/api.http</c>
/// needs; anything else unresolved fails the run.
/// </summary>
public static partial class HttpFile
{
    public sealed record Exchange(string Request, int Status, string Body);

    public static async Task<IReadOnlyList<Exchange>> RunAsync(string text, HttpClient client, Uri api)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["api"] = api.AbsoluteUri.TrimEnd('/') };
        // A file variable is fixed at its first definition here; docs/api.http defines each once (and @api, which the caller's replaces).
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        var exchanges = new List<Exchange>();
        var blocks = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n###");
        for (var index = 0; index < blocks.Length; index++)
        {
            string? name = null;
            var lines = blocks[index].Split('\n').Skip(index == 0 ? 0 : 1).ToList(); // after a separator: the rest of its line is a title
            var rest = new List<string>();
            foreach (var line in lines)
            {
                if (rest.Count == 0 && NameLine().Match(line) is { Success: true } named)
                {
                    name = named.Groups[1].Value;
                }
                else if (rest.Count == 0 && FileVariable().Match(line) is { Success: true } variable)
                {
                    variables.TryAdd(variable.Groups[1].Value, variable.Groups[2].Value.Trim()); // the caller's api wins
                }
                else if (rest.Count > 0 || (line.Trim().Length > 0 && !line.StartsWith('#') && !line.StartsWith("//", StringComparison.Ordinal)))
                {
                    rest.Add(line);
                }
            }

            if (rest.Count == 0)
            {
                continue;
            }

            var requestLine = Resolve(rest[0], variables, answers).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            using var request = new HttpRequestMessage(new HttpMethod(requestLine[0]), requestLine[1]);
            var headerEnd = rest.FindIndex(1, l => l.Trim().Length == 0);
            var headers = rest.Skip(1).Take((headerEnd < 0 ? rest.Count : headerEnd) - 1).Select(h => Resolve(h, variables, answers)).ToList();
            var body = headerEnd < 0 ? string.Empty : Resolve(string.Join('\n', rest.Skip(headerEnd + 1)).TrimEnd(), variables, answers);
            var contentType = "text/plain";
            foreach (var header in headers)
            {
                var (key, value) = (header[..header.IndexOf(':', StringComparison.Ordinal)].Trim(), header[(header.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
                if (key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    contentType = value;
                }
                else
                {
                    request.Headers.TryAddWithoutValidation(key, value);
                }
            }

            if (body.Length > 0)
            {
                request.Content = new StringContent(body + "\n", Encoding.UTF8);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }

            using var response = await client.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            exchanges.Add(new Exchange($"{requestLine[0]} {requestLine[1]}", (int)response.StatusCode, answer));
            if (name is not null)
            {
                answers[name] = answer;
            }
        }

        return exchanges;
    }

    private static string Resolve(string text, Dictionary<string, string> variables, Dictionary<string, string> answers) =>
        Reference().Replace(text, m =>
        {
            var reference = m.Groups[1].Value.Trim();
            if (reference.StartsWith("$randomInt", StringComparison.Ordinal))
            {
                var bounds = reference.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return Random.Shared.Next(int.Parse(bounds[1], CultureInfo.InvariantCulture), int.Parse(bounds[2], CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
            }

            if (reference.StartsWith("$datetime iso8601", StringComparison.Ordinal))
            {
                var offset = reference.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToArray();
                var at = DateTimeOffset.UtcNow;
                if (offset.Length == 2)
                {
                    var amount = int.Parse(offset[0], CultureInfo.InvariantCulture);
                    at = offset[1] switch
                    {
                        "d" => at.AddDays(amount),
                        "h" => at.AddHours(amount),
                        "m" => at.AddMinutes(amount),
                        _ => throw new NotSupportedException(reference),
                    };
                }

                return at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            }

            if (reference.Split(".response.body.") is [var request, var path])
            {
                var body = answers.TryGetValue(request, out var kept) ? kept : throw new InvalidOperationException($"{{{{{reference}}}}}: no answer of a request named {request} yet.");
                if (path == "*")
                {
                    return body;
                }

                using var document = JsonDocument.Parse(body);
                return document.RootElement.GetProperty(path.TrimStart('$', '.')).GetString()!;
            }

            return variables.TryGetValue(reference, out var value)
                ? Resolve(value, variables, answers)
                : throw new InvalidOperationException($"{{{{{reference}}}}} is not defined.");
        });

    [GeneratedRegex(@"^#\s*@name\s+(\S+)\s*$")]
    private static partial Regex NameLine();

    [GeneratedRegex(@"^@([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")]
    private static partial Regex FileVariable();

    [GeneratedRegex(@"\{\{(.+?)\}\}")]
    private static partial Regex Reference();
}
