using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Store.Hosting;

/// <summary>Ready when the store answers and its schema is in place.</summary>
internal sealed class StoreHealthCheck(IStoreConnectionFactory connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await connections.OpenConnectionAsync(cancellationToken);
            await using var command = connection.Sql("SELECT COUNT(*) FROM schema_versions WHERE component = 'queue'");
            var versions = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            return versions > 0
                ? HealthCheckResult.Healthy($"{connections.Provider} store reachable")
                : HealthCheckResult.Unhealthy("The store schema is not applied yet.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"{connections.Provider} store unreachable", ex);
        }
    }
}
