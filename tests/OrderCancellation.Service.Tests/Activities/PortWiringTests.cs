using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Activities;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Workflow.Ports;

namespace OrderCancellation.Service.Tests.Activities;

/// <summary>The real app gives the workflow's activities its adapters for every port.</summary>
public sealed class PortWiringTests
{
    [Fact]
    public async Task The_app_registers_its_adapters_for_the_workflows_ports()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);
        var services = host.Services;

        var notices = Assert.IsType<NotificationPorts>(services.GetRequiredService<INoticeStore>());
        Assert.Same(notices, Assert.Single(services.GetServices<INoticeSink>()));
        var ledger = Assert.IsType<LedgerPorts>(services.GetRequiredService<IPaymentGateway>());
        Assert.Same(ledger, services.GetRequiredService<IInventory>());
        Assert.IsType<WebhookOrderChanges>(services.GetRequiredService<IOrderChangePublisher>());
        Assert.NotNull(services.GetRequiredService<IOrderProjection>());
    }
}
