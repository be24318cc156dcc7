using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Feeds.Ingestion;

/// <summary>One app over a real store per test class (feeds of different tests use different sellers and orders).</summary>
public abstract class FeedHostFixture(StoreKind store) : IAsyncLifetime
{
    public ServiceHost Host { get; private set; } = null!;

    public StoreKind Store => store;

    public async Task InitializeAsync() => Host = await ServiceHost.StartAsync(store);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class SqliteFeedHost() : FeedHostFixture(StoreKind.Sqlite);

public sealed class PostgresFeedHost() : FeedHostFixture(StoreKind.Postgres);
