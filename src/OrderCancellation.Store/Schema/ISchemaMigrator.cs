namespace OrderCancellation.Store.Schema;

/// <summary>Applies versioned schema scripts under a database lock; safe to run concurrently from several processes and again at every start.</summary>
public interface ISchemaMigrator
{
    /// <summary>Applies the component's scripts that are not applied yet, in version order, in one transaction; returns how many ran.</summary>
    Task<int> MigrateAsync(SchemaComponent component, CancellationToken cancellationToken = default);

    /// <summary>Applies the store's own scripts (the queue), then those of every <see cref="SchemaComponent"/> registered in DI, in registration order.</summary>
    Task MigrateAllAsync(CancellationToken cancellationToken = default);
}
