// Fault-test child: `WorkerHost <sqlite|postgres> <connection string> <worker id> <lock timeout> [gate file]` runs one
// worker over DurableTask.Relational until SIGTERM (exit 0) or until its parent goes away. Stdout is its protocol:
// READY, "ACTIVITY <instance> <step>" per activity execution, "HOLD ..." when a held task reaches its gate, the
// provider's warnings (stale completions, 9002/9003) and STOPPED.
using DurableTask.Relational.WorkerHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var worker = WorkerArgs.Parse(args);
if (worker.GateFile is not null)
{
    // Held orchestration episodes block their threads; enough threads that the rest of the work still runs.
    ThreadPool.SetMinThreads(64, 64);
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
builder.Services.AddFaultWorker(worker);
using var host = builder.Build();
await host.Services.GetRequiredService<ExecutionLog>().CreateAsync();
await host.StartAsync();
Protocol.Write("READY");

// Never outlive the test: when the parent goes away its end of stdin closes.
_ = Task.Run(() =>
{
    while (Console.In.ReadLine() is not null)
    {
    }

    Environment.Exit(3);
});

await host.WaitForShutdownAsync();
Protocol.Write("STOPPED");
