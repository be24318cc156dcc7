using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrderCancellation.Service.Tests.Activities.Support;

/// <summary>
/// A stand-in for a boundary the product does not own (a subscriber's webhook, a payment or inventory service):
/// a real Kestrel server on a free 127.0.0.1 port that records every POST and answers 200, or the failures
/// scripted per path.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failAlways = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (int Times, TimeSpan Delay)> _slow = new(StringComparer.Ordinal);

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        receiver._app.MapPost("/{**path}", receiver.HandleAsync);
        await receiver._app.StartAsync();
        receiver.BaseAddress = new Uri(receiver._app.Urls.Single());
        return receiver;
    }

    public Uri Url(string path) => new(BaseAddress, path);

    /// <summary>The next <paramref name="times"/> requests to <paramref name="path"/> get <paramref name="status"/>.</summary>
    public void FailNext(string path, int times, int status = StatusCodes.Status503ServiceUnavailable) => _failuresLeft[Normalize(path)] = times * 1000 + status;

    /// <summary>Every request to <paramref name="path"/> gets <paramref name="status"/>.</summary>
    public void FailAlways(string path, int status = StatusCodes.Status500InternalServerError) => _failAlways[Normalize(path)] = status;

    /// <summary>The next <paramref name="times"/> requests to <paramref name="path"/> are answered only after <paramref name="delay"/>.</summary>
    public void SlowNext(string path, int times, TimeSpan delay) => _slow[Normalize(path)] = (times, delay);

    public IReadOnlyList<ReceivedRequest> Received(string path) => [.. _received.Where(r => r.Path == Normalize(path))];

    public IReadOnlyList<ReceivedRequest> All => [.. _received];

    private async Task HandleAsync(HttpContext context)
    {
        var path = Normalize(context.Request.Path.Value ?? "/");
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        if (_slow.TryGetValue(path, out var slow) && slow.Times > 0 && _slow.TryUpdate(path, (slow.Times - 1, slow.Delay), slow))
        {
            try
            {
                await Task.Delay(slow.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The caller gave up (its timeout); record what it sent anyway.
            }

            _received.Enqueue(new ReceivedRequest(path, Headers(context), body.ToArray(), StatusCodes.Status408RequestTimeout));
            return;
        }

        var status = StatusCodes.Status200OK;
        if (_failAlways.TryGetValue(path, out var always))
        {
            status = always;
        }
        else
        {
            while (_failuresLeft.TryGetValue(path, out var script) && script >= 1000)
            {
                if (_failuresLeft.TryUpdate(path, script - 1000, script))
                {
                    status = script % 1000;
                    break;
                }
            }
        }

        _received.Enqueue(new ReceivedRequest(path, Headers(context), body.ToArray(), status));
        context.Response.StatusCode = status;
    }

    private static Dictionary<string, string> Headers(HttpContext context) =>
        context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    private static string Normalize(string path) => "/" + path.Trim('/');

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, int StatusReturned)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public bool Succeeded => StatusReturned is >= 200 and < 300;
}
