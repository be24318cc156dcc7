using Microsoft.Extensions.Options;
using OrderCancellation.Domain.Policy;

namespace OrderCancellation.Api.Orders;

public static class OrdersSetup
{
    /// <summary>
    /// The order area: the <c>Cancellation</c> policy (validated at start), the command gateway and
    /// the reader. Needs the workflow engine (<c>AddWorkflowEngine</c>) and the read model (<c>AddReadModel</c>).
    /// </summary>
    public static IServiceCollection AddOrders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CancellationSettings>().Bind(configuration.GetSection(CancellationSettings.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CancellationSettings>, CancellationSettingsValidation>();
        services.AddSingleton<CancellationPolicy>(sp => sp.GetRequiredService<IOptions<CancellationSettings>>().Value.ToPolicy());
        services.AddOptions<OrdersOptions>().Bind(configuration.GetSection(OrdersOptions.SectionName))
            .Validate(
                o => o.AnswerTimeout > TimeSpan.Zero && o.BatchAnswerTimeout > TimeSpan.Zero && o.PendingCommandsScan > TimeSpan.Zero,
                "Orders:AnswerTimeout, Orders:BatchAnswerTimeout and Orders:PendingCommandsScan must be positive.")
            .ValidateOnStart();
        services.AddSingleton<OrderSnapshots>();
        services.AddSingleton<CommandAnswerStore>();
        services.AddSingleton<PendingCommandStore>();
        services.AddSingleton<PendingCommandResolver>(); // also called once per run of the Functions host's timer
        services.AddHostedService(sp => sp.GetRequiredService<PendingCommandResolver>());
        services.AddSingleton<OrderCommands>();
        services.AddSingleton<OrderReader>();
        return services;
    }

    private sealed class CancellationSettingsValidation : IValidateOptions<CancellationSettings>
    {
        public ValidateOptionsResult Validate(string? name, CancellationSettings options) =>
            options.Errors().ToList() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
