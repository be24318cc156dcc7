using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrderCancellation.Service.Tests.Crash;

/// <summary>
/// Stands in for the payment and inventory services (boundaries the product does not own) and can hold their calls: while
/// <see cref="Holding"/> is on, a call is recorded and then left unanswered until the caller goes away, so the service's
/// activity is still in flight when the test stops it. Otherwise it answers 200 at once.
/// </summary>
public sealed class HoldingReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<EffectCall> _calls = new();
    private volatile bool _holding;

    private HoldingReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every call so far, in arrival order.</summary>
    public IReadOnlyList<EffectCall> Calls => [.. _calls];

    public bool Holding
    {
        get => _holding;
        set => _holding = value;
    }

    public static async Task<HoldingReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new HoldingReceiver(builder.Build());
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
        if (_holding)
        {
            // Until the caller gives up or its process ends.
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
