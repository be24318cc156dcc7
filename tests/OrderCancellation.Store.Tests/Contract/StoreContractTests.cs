using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OrderCancellation.Store.Tests.Support;
using OrderCancellation.TestSupport;

namespace OrderCancellation.Store.Tests.Contract;

/// <summary>
/// The store contract, run against SQLite and PostgreSQL alike (see the two derived classes). Every test
/// gets a fresh store, a real host (<c>AddStore</c>, migrated at start) and a clock it moves by hand.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    protected ManualTimeProvider Clock { get; } = new();

    protected TestHost Host { get; private set; } = null!;

    protected string ConnectionString { get; private set; } = null!;

    protected abstract string Provider { get; }

    /// <summary>A new empty store; returns its connection string.</summary>
    protected abstract Task<string> CreateStoreAsync();

    public async Task InitializeAsync()
    {
        ConnectionString = await CreateStoreAsync();
        Host = await StartHostAsync();
    }

    public virtual async Task DisposeAsync() => await Host.DisposeAsync();

    protected Task<TestHost> StartHostAsync(string? connectionString = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null) =>
        TestHost.StartAsync(Provider, connectionString ?? ConnectionString, Clock, settings, configure);

    [Fact]
    public async Task The_ready_health_check_reports_the_store()
    {
        var health = Host.Services.GetRequiredService<HealthCheckService>();

        var report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["store"].Status);
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_at_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartHostAsync(settings: new Dictionary<string, string?>
        {
            ["Store:SqliteSynchronous"] = "OFF",
        }));

        Assert.Contains("SqliteSynchronous", error.Message, StringComparison.Ordinal);
    }
}
