namespace OrderCancellation.Functions.Tests.Infrastructure;

/// <summary>One app (and store) per test class; tests use their own order ids.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    private FunctionsTestApp? app;

    public FunctionsTestApp App => app ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => app = await FunctionsTestApp.StartAsync();

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
