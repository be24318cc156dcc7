using DurableTask.Core;
using DurableTask.Hosting;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DurableTask.Relational.WorkerHost;

internal static class FaultWorkerModule
{
    /// <summary>The provider (as the worker's <see cref="IOrchestrationService"/>), the side table, the gate and the tasks.</summary>
    public static IServiceCollection AddFaultWorker(this IServiceCollection services, WorkerArgs worker)
    {
        services.AddSingleton(worker);
        services.AddSingleton(Gate.Configure(worker.GateFile));
        if (worker.Database == "sqlite")
        {
            services.AddSingleton<ExecutionLog>(new SqliteExecutionLog(worker.ConnectionString));
            services.AddSingleton<IOrchestrationService>(sp => new RelationalOrchestrationService(
                new SqliteProviderOptions { ConnectionString = worker.ConnectionString, WorkerId = worker.WorkerId, LockTimeout = worker.LockTimeout },
                sp.GetRequiredService<ILoggerFactory>()));
        }
        else
        {
            services.AddSingleton<ExecutionLog>(new PostgresExecutionLog(worker.ConnectionString));
            services.AddSingleton<IOrchestrationService>(sp => new RelationalOrchestrationService(
                new PostgresProviderOptions { ConnectionString = worker.ConnectionString, WorkerId = worker.WorkerId, LockTimeout = worker.LockTimeout },
                sp.GetRequiredService<ILoggerFactory>()));
        }

        services.AddDurableTaskWorker(builder =>
        {
            builder.AddTasks(registry => registry.AddOrchestrator<FaultOrchestration>().AddActivity<FaultStep>());
            builder.UseOrchestrationService(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        });
        return services;
    }
}
