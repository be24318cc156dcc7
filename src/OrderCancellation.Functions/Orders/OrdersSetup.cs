using Microsoft.Extensions.Options;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Durable;

namespace OrderCancellation.Functions.Orders;

public static class OrdersSetup
{
    /// <summary>
    /// The order area: the <c>Cancellation</c> policy (validated at start), the "Order" workflow, the
    /// command service and the reader. Needs the durable runtime (<c>AddDurableRuntime</c>).
    /// </summary>
    public static IServiceCollection AddOrders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CancellationSettings>().Bind(configuration.GetSection(CancellationSettings.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CancellationSettings>, CancellationSettingsValidation>();
        services.AddSingleton<CancellationPolicy>(sp => sp.GetRequiredService<IOptions<CancellationSettings>>().Value.ToPolicy());
        services.AddSingleton<IWorkflow, OrderWorkflow>();
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
