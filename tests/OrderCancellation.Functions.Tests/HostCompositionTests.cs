using DurableTask.Core;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;
using OrderCancellation.Api.Engine;
using OrderCancellation.Api.Feeds;
using OrderCancellation.Functions.Hosting;
using OrderCancellation.Functions.Tests.Infrastructure;

namespace OrderCancellation.Functions.Tests;

/// <summary>The worker <c>Program</c> builds: the shared registration, the binding's client, no engine of its own, feeds left to the host's trigger.</summary>
public sealed class HostCompositionTests
{
    [Fact]
    public async Task The_worker_has_the_shared_services_and_the_bindings_client_source_but_no_engine_of_its_own()
    {
        await using var app = FunctionsTestApp.Create();
        var services = app.Services;
        Assert.IsType<BindingDurableClient>(services.GetRequiredService<IDurableClientSource>());
        Assert.Null(services.GetService<IOrchestrationService>()); // the Functions host runs Durable Task
        Assert.Equal("NoInstanceSignals", services.GetRequiredService<IInstanceSignals>().GetType().Name);
        Assert.NotNull(services.GetService<IFeedMessageHandler>());

        var feeds = services.GetRequiredService<IOptions<FeedsOptions>>().Value;
        Assert.False(feeds.ConsumerEnabled);
        Assert.Equal(Functions.FeedFunctions.QueueName, feeds.QueueName);
        Assert.Equal(5, feeds.MaxDequeueCount); // as host.json's queues.maxDequeueCount
    }

    [Fact]
    public async Task Feeds_must_go_where_the_trigger_listens()
    {
        await using var renamed = FunctionsTestApp.Create(settings: new Dictionary<string, string?> { ["Feeds:QueueName"] = "elsewhere" });
        var error = Assert.Throws<OptionsValidationException>(() => renamed.Services.GetRequiredService<IOptions<FeedsOptions>>().Value);
        Assert.Contains("order-cancellation-feeds", error.Message, StringComparison.Ordinal);

        await using var noStorage = FunctionsTestApp.Create(settings: new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "" });
        error = Assert.Throws<OptionsValidationException>(() => noStorage.Services.GetRequiredService<IOptions<FeedsOptions>>().Value);
        Assert.Contains("AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_orchestrations_options_come_from_the_Workflow_section()
    {
        await using var app = FunctionsTestApp.Create(settings: new Dictionary<string, string?> { ["Workflow:EffectMaxAttempts"] = "4" });
        Assert.Equal(4, app.Services.GetRequiredService<OrderCancellation.Workflow.OrderWorkflowOptions>().EffectMaxAttempts);

        await using var invalid = FunctionsTestApp.Create(settings: new Dictionary<string, string?> { ["Workflow:EffectMaxAttempts"] = "0" });
        Assert.Throws<OptionsValidationException>(() => invalid.Services.GetRequiredService<OrderCancellation.Workflow.OrderWorkflowOptions>());
    }

    [Fact]
    public async Task Each_invocation_sees_its_own_bindings_client_and_none_outside_one()
    {
        var source = new BindingDurableClient();
        Assert.Throws<InvalidOperationException>(() => source.Client);

        var first = new Mock<DurableTaskClient>("first").Object;
        var second = new Mock<DurableTaskClient>("second").Object;
        using var gate = new SemaphoreSlim(0);

        async Task<DurableTaskClient> Invocation(DurableTaskClient client)
        {
            using var scope = BindingDurableClient.Use(client);
            await gate.WaitAsync();
            await Task.Yield();
            return source.Client;
        }

        var a = Task.Run(() => Invocation(first));
        var b = Task.Run(() => Invocation(second));
        gate.Release(2);
        Assert.Same(first, await a);
        Assert.Same(second, await b);
        Assert.Throws<InvalidOperationException>(() => source.Client);

        using (BindingDurableClient.Use(first))
        {
            using (BindingDurableClient.Use(second))
            {
                Assert.Same(second, source.Client);
            }

            Assert.Same(first, source.Client);
        }
    }
}
