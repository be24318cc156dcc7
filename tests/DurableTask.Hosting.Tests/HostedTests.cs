using Microsoft.DurableTask.Client;

namespace DurableTask.Hosting.Tests;

/// <summary>A test class with its own in-process host per test, and a generous deadline for every wait.</summary>
public abstract class HostedTests : IAsyncLifetime
{
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));
    private InProcessHost host = null!;

    protected DurableTaskClient Client => this.host.Client;

    protected CancellationToken Timeout => this.timeout.Token;

    public async Task InitializeAsync() => this.host = await InProcessHost.StartAsync();

    public async Task DisposeAsync()
    {
        await this.host.DisposeAsync();
        this.timeout.Dispose();
    }
}
