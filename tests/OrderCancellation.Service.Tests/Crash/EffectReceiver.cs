using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrderCancellation.Service.Tests.Crash;

/// <summary>One downstream call as the receiver got it.</summary>
public sealed record EffectCall(string Path, string? IdempotencyKey, string Body, DateTimeOffset At);

/// <summary>
/// Stands in for the payment and inventory services (boundaries the product does not own): Kestrel on a free 127.0.0.1
/// port that records every POST with its Idempotency-Key and answers 200 after a short random pause, so that a kill
/// of the service often lands while a call is under way (the service then never sees that 200 and calls again with the
/// same key after its restart: at least once).
/// </summary>
public sealed class EffectReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<EffectCall> _calls = new();
    private readonly TimeSpan _maxPause;

    private EffectReceiver(WebApplication app, TimeSpan maxPause)
    {
        _app = app;
        _maxPause = maxPause;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every call so far, in arrival order (redeliveries included).</summary>
    public IReadOnlyList<EffectCall> Calls => [.. _calls];

    public static async Task<EffectReceiver> StartAsync(TimeSpan maxPause)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new EffectReceiver(builder.Build(), maxPause);
        receiver._app.MapPost("/{**path}", receiver.HandleAsync);
        await receiver._app.StartAsync();
        receiver.BaseAddress = new Uri(receiver._app.Urls.Single());
        return receiver;
    }

    public Uri Url(string path) => new(BaseAddress, path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var key = context.Request.Headers.TryGetValue("Idempotency-Key", out var values) ? values.ToString() : null;
        _calls.Enqueue(new EffectCall("/" + (context.Request.Path.Value ?? string.Empty).Trim('/'), key, body, DateTimeOffset.UtcNow));
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * _maxPause.TotalMilliseconds));
        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
