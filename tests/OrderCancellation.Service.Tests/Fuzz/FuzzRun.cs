using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace OrderCancellation.Service.Tests.Fuzz;

/// <summary>
/// Sends the fuzz requests one at a time and checks each against the store: no 5xx; a refusal at the edge (told by its
/// problem code) writes nothing anywhere, a refusal by the engine nothing in the app's tables; after anything else the app is let go idle and that is
/// the next baseline. Failures are collected (the first ones reported with the seed) so one run shows them all.
/// </summary>
internal sealed class FuzzRun(StoreWatch watch, ITestOutputHelper output)
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(25);

    // The codes of refusals given before anything reaches the engine: a bad body or path, no caller, too large, too many.
    // A refusal the engine decides can share a status (a line the order does not have is a 404 too) but not these codes.
    private static readonly HashSet<string> EdgeCodes =
    [
        "validation-failed", "bad-request", "not-found", "unauthenticated", "forbidden", "method-not-allowed", "payload-too-large",
        "unsupported-media-type", "too-many-requests", "rate-limited",
    ];

    private readonly List<string> _failures = [];
    private readonly SortedDictionary<int, int> _statuses = [];
    private string _baseline = string.Empty;
    private int _requests;

    public async Task StartAsync() => _baseline = await watch.IdleAsync(IdleTimeout, TimeSpan.FromMilliseconds(250));

    public async Task<HttpStatusCode> SendAsync(HttpClient client, HttpRequestMessage request, string label, string shown)
    {
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var status = response.StatusCode;
        _requests++;
        _statuses[(int)status] = _statuses.GetValueOrDefault((int)status) + 1;
        if ((int)status >= 500)
        {
            Fail(label, shown, $"answered {(int)status}: {Clip(body)}");
            _baseline = await watch.IdleAsync(IdleTimeout, Settle);
        }
        else if ((int)status >= 400 && (status == HttpStatusCode.TooManyRequests || EdgeCodes.Contains(Code(body) ?? "bad-request")))
        {
            if (watch.Fingerprint() is var now && now != _baseline)
            {
                Fail(label, shown, $"was refused with {(int)status} but the store changed: {_baseline} -> {now}");
                _baseline = await watch.IdleAsync(IdleTimeout, Settle);
            }
        }
        else if ((int)status >= 400)
        {
            if (watch.AppFingerprint() is var app && app != AppPart(_baseline))
            {
                Fail(label, shown, $"was refused with {(int)status} but the app's tables changed: {AppPart(_baseline)} -> {app}");
            }

            _baseline = await watch.IdleAsync(IdleTimeout, Settle);
        }
        else
        {
            await UndoSubscriptionAsync(client, request, status, body);
            _baseline = await watch.IdleAsync(IdleTimeout, Settle);
        }

        return status;
    }

    public void AssertClean(int minimumRequests)
    {
        output.WriteLine($"{FuzzSeed.Replay}: {_requests} requests; answers {string.Join(", ", _statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        foreach (var failure in _failures.Take(20))
        {
            output.WriteLine(failure);
        }

        Assert.True(_failures.Count == 0, $"{_failures.Count} failures with {FuzzSeed.Replay}; the first: {string.Join(Environment.NewLine, _failures.Take(5))}");
        Assert.True(_requests >= minimumRequests, $"Only {_requests} requests were sent.");
        var refused = _statuses.Where(s => s.Key >= 400).Sum(s => s.Value);
        Assert.True(refused * 10 >= _requests * 8, $"Only {refused} of {_requests} requests were refused: the mutations should mostly make bodies invalid.");
    }

    /// <summary>A subscription the fuzz happened to create is deleted again, so no later change is delivered anywhere.</summary>
    private static async Task UndoSubscriptionAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode status, string body)
    {
        if (status == HttpStatusCode.Created && request.RequestUri!.OriginalString.StartsWith("/api/subscriptions", StringComparison.Ordinal))
        {
            using var json = JsonDocument.Parse(body);
            using var deleted = await client.DeleteAsync(new Uri($"/api/subscriptions/{json.RootElement.GetProperty("subscriptionId").GetString()}", UriKind.Relative));
            Assert.True(deleted.IsSuccessStatusCode, $"The fuzz could not delete the subscription it created: {(int)deleted.StatusCode}");
        }
    }

    private static string? Code(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Fail(string label, string shown, string what) =>
        _failures.Add($"{label} {what}; body: {Clip(shown)}");

    private static string AppPart(string fingerprint) => fingerprint.Split(" | ")[0];

    private static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
