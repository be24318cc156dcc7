using Microsoft.DurableTask.Client;
using OrderCancellation.Api.Engine;

namespace OrderCancellation.Functions.Hosting;

/// <summary>
/// The <see cref="IDurableClientSource"/> of the Functions host: the client of the running invocation's
/// <c>[DurableClient]</c> binding. A function that calls shared code needing the client wraps the call in
/// <c>using (BindingDurableClient.Use(client))</c>; the client flows with the call (an <see cref="AsyncLocal{T}"/>), so
/// concurrent invocations never see each other's.
/// </summary>
public sealed class BindingDurableClient : IDurableClientSource
{
    private static readonly AsyncLocal<DurableTaskClient?> Current = new();

    public DurableTaskClient Client => Current.Value ?? throw new InvalidOperationException(
        "No Durable Task client in this invocation: the function must take a [DurableClient] DurableTaskClient and call BindingDurableClient.Use(client) around the shared code.");

    /// <summary>The client of this invocation until the scope is disposed (then the one before, if any).</summary>
    public static Scope Use(DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var previous = Current.Value;
        Current.Value = client;
        return new Scope(previous);
    }

    /// <summary>Restores the client that was current before <see cref="Use"/>.</summary>
    public readonly struct Scope(DurableTaskClient? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
