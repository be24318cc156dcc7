using Microsoft.DurableTask.Client;

namespace OrderCancellation.Api.Engine;

/// <summary>
/// Where the shared code gets its <see cref="DurableTaskClient"/>: the standalone host registers one client for the
/// process; the Azure Functions host hands each invocation the client of its <c>[DurableClient]</c> binding.
/// </summary>
public interface IDurableClientSource
{
    DurableTaskClient Client { get; }
}

/// <summary>The one <see cref="DurableTaskClient"/> registered in DI (the standalone host).</summary>
internal sealed class RegisteredDurableClient(DurableTaskClient client) : IDurableClientSource
{
    public DurableTaskClient Client => client;
}
