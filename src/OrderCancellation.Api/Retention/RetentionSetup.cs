using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrderCancellation.Api.Retention.Postgres;
using OrderCancellation.Api.Retention.Sqlite;
using OrderCancellation.Store;
using OrderCancellation.Store.Schema;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Api.Retention;

public static class RetentionSetup
{
    /// <summary>The purge's indexes on the other areas' tables (<c>Retention/Schema/…</c>), applied after those tables.</summary>
    public static SchemaComponent Schema { get; } = new("retention", typeof(RetentionSetup).Assembly, "OrderCancellation.Api.Retention.Schema");

    /// <summary>
    /// Retention (<c>Retention</c> section, validated at start), its indexes, <see cref="RetentionPurger"/> and the
    /// background pass. Register it after every area whose tables it purges (feeds, notifications, ledger, read model).
    /// </summary>
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidation>();
        services.AddStoreSchema(Schema);
        services.TryAddSingleton<IRetentionSql>(sp =>
            sp.GetRequiredService<IStoreConnectionFactory>().Provider == StoreProvider.Postgres ? new PostgresRetentionSql() : new SqliteRetentionSql());
        services.TryAddSingleton(sp => new RetentionPurger(
            sp.GetRequiredService<IStoreConnectionFactory>(), sp.GetRequiredService<IRetentionSql>(),
            sp.GetRequiredService<IOptions<RetentionOptions>>(), sp.GetRequiredService<ILogger<RetentionPurger>>()));
        services.AddHostedService<RetentionService>();
        return services;
    }

    /// <summary>Names every broken rule at start, not just the first.</summary>
    private sealed class RetentionOptionsValidation : IValidateOptions<RetentionOptions>
    {
        public ValidateOptionsResult Validate(string? name, RetentionOptions options) =>
            options.Errors().ToList() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
