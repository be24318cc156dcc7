// Crash-test child: `CrashHost <sqlite|postgres> <connection string> run <first command>` applies commands
// from <first command> on, printing "ACK <i>" once step i is committed, with pollers running, until killed.
// `... drain` runs the pollers until no timer or activity is left, prints "DRAINED" and exits.
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderCancellation.Durable;
using OrderCancellation.Durable.Activities;
using OrderCancellation.Durable.CrashHost;
using OrderCancellation.Durable.Schema;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Storage;

var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Store:Provider"] = args[0],
    ["ConnectionStrings:Store"] = args[1],
    ["Durable:TimerPollInterval"] = "00:00:00.100",
    ["Durable:ActivityPollInterval"] = "00:00:00.100",
    ["Durable:ActivityLease"] = "00:00:02",
    ["Durable:ActivityRetryBaseDelay"] = "00:00:00.100",
    ["Durable:MaxActivityAttempts"] = "100",
});
builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("OrderCancellation.Durable.Runtime.ActivityRunner", LogLevel.Error); // duplicates after a kill are expected
builder.Services.AddDurableRuntime(builder.Configuration);
builder.Services.AddDurableSchema(new SchemaComponent("crash-test", typeof(CrashWorkflow).Assembly, "OrderCancellation.Durable.CrashHost.Schema"));
builder.Services.AddSingleton<IWorkflow, CrashWorkflow>();
builder.Services.AddSingleton<IActivityHandler, EffectActivity>();
using var host = builder.Build();
await host.StartAsync();
var runtime = host.Services.GetRequiredService<IDurableRuntime>();
var time = host.Services.GetRequiredService<TimeProvider>();
var stdout = Console.Out;
var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

// Never outlive the test: when the parent goes away its end of stdin closes.
_ = Task.Run(() =>
{
    while (Console.In.ReadLine() is not null)
    {
    }

    Environment.Exit(3);
});

if (args[2] == "drain")
{
    var store = host.Services.GetRequiredService<IStoreConnectionFactory>();
    while (await OutstandingAsync(store) > 0)
    {
        await Task.Delay(100);
    }

    stdout.WriteLine("DRAINED");
    await host.StopAsync();
    return 0;
}

stdout.WriteLine("READY");
for (var command = int.Parse(args[3], CultureInfo.InvariantCulture); !stopping.IsCancellationRequested; command++)
{
    var result = await runtime.ExecuteStepAsync(
        new StepRequest(CrashWorkflow.InstanceOf(command), CrashWorkflow.WorkflowName, $"cmd-{command}", "f"),
        CrashWorkflow.Command(command, time.GetUtcNow()));
    if (result.Outcome is StepOutcome.Applied or StepOutcome.Replayed)
    {
        stdout.WriteLine($"ACK {command}");
        stdout.Flush();
    }
}

return 0;

static async Task<long> OutstandingAsync(IStoreConnectionFactory store)
{
    await using var connection = await store.OpenConnectionAsync();
    await using var command = connection.CreateCommand();
    command.CommandText = "SELECT (SELECT COUNT(*) FROM durable_timers) + (SELECT COUNT(*) FROM durable_activities WHERE state = 'Pending')";
    return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}
