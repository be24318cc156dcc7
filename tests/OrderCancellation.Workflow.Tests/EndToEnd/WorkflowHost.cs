using DurableTask.Core;
using DurableTask.Hosting;
using DurableTask.Relational;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderCancellation.Workflow.Contracts;
using OrderCancellation.Workflow.Ports;

namespace OrderCancellation.Workflow.Tests.EndToEnd;

/// <summary>
/// The real orchestration and activities in process (DurableTask.Hosting) on DurableTask.Relational over a temporary
/// SQLite file, with <see cref="FakePorts"/> behind the activities: how the standalone host will run them.
/// </summary>
internal sealed class WorkflowHost : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly IHost host;
    private readonly string directory;

    private WorkflowHost(IHost host, string directory, FakePorts ports)
    {
        this.host = host;
        this.directory = directory;
        Ports = ports;
    }

    public FakePorts Ports { get; }

    public DurableTaskClient Client => host.Services.GetRequiredService<DurableTaskClient>();

    public static async Task<WorkflowHost> StartAsync(OrderWorkflowOptions options)
    {
        var directory = Directory.CreateTempSubdirectory("order-workflow-").FullName;
        var service = new RelationalOrchestrationService(new SqliteProviderOptions { ConnectionString = $"Data Source={Path.Combine(directory, "dt.db")}" });
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var ports = new FakePorts();
        if (Environment.GetEnvironmentVariable("WORKFLOW_TEST_LOGS") is "1")
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
        }

        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton<INoticeStore>(ports).AddSingleton<INoticeSink>(ports).AddSingleton<IPaymentGateway>(ports)
            .AddSingleton<IInventory>(ports).AddSingleton<IOrderChangePublisher>(ports).AddSingleton<IOrderProjection>(ports);
        builder.Services.AddDurableTaskWorker(b =>
        {
            b.AddTasks(r => r.AddOrderWorkflow(options));
            b.UseOrchestrationService();
        });
        builder.Services.AddDurableTaskClient(b => b.UseOrchestrationService());
        var app = builder.Build();
        await app.StartAsync();
        return new WorkflowHost(app, directory, ports);
    }

    public Task Start(string orderId, OrderInput input) =>
        Client.ScheduleNewOrchestrationInstanceAsync(OrderOrchestration.Name, input, new StartOrchestrationOptions(orderId));

    /// <summary>Waits until the orchestration has published the answer to <paramref name="commandId"/>.</summary>
    public async Task<(OrderSnapshot Snapshot, CommandRecord Record)> AnswerAsync(string orderId, string commandId)
    {
        var deadline = DateTime.UtcNow + Patience;
        OrchestrationMetadata? instance = null;
        while (DateTime.UtcNow < deadline)
        {
            instance = await Client.GetInstanceAsync(orderId, getInputsAndOutputs: true);
            if (OrderSnapshot.Parse(instance?.SerializedCustomStatus) is { } snapshot && snapshot.Find(commandId) is { } record)
            {
                return (snapshot, record);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        throw new TimeoutException($"No answer to {commandId} within {Patience}: {Describe(instance)}");
    }

    public async Task<OrchestrationMetadata> CompletionAsync(string orderId)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await Client.WaitForInstanceCompletionAsync(orderId, getInputsAndOutputs: true, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"{orderId} did not complete within {Patience}: {Describe(await Client.GetInstanceAsync(orderId, getInputsAndOutputs: true))}");
        }
    }

    private static string Describe(OrchestrationMetadata? instance) => instance is null
        ? "no such instance"
        : $"{instance.RuntimeStatus}, custom status {instance.SerializedCustomStatus}, failure {instance.FailureDetails}";

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
