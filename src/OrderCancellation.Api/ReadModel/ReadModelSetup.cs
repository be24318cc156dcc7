using OrderCancellation.Store;
using OrderCancellation.Store.Schema;
using OrderCancellation.Workflow.Ports;

namespace OrderCancellation.Api.ReadModel;

public static class ReadModelSetup
{
    /// <summary>The read model's tables: <c>order_views</c>, <c>order_view_tags</c>, <c>order_events</c>, <c>command_answers</c>,
    /// <c>buyer_orders</c>, <c>counted_cancellations</c>.</summary>
    public static SchemaComponent Schema { get; } = new("read-model", typeof(ReadModelSetup).Assembly, "OrderCancellation.Api.ReadModel.Schema");

    public static IServiceCollection AddReadModel(this IServiceCollection services)
    {
        services.AddStoreSchema(Schema);
        services.AddSingleton<OrderReadModel>();
        services.AddSingleton<BuyerOrders>();
        services.AddSingleton<CountedCancellations>();
        services.AddSingleton<IOrderProjection>(sp => sp.GetRequiredService<OrderReadModel>());
        return services;
    }
}
