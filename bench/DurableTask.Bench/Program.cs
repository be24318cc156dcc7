// The provider's bench: the same workload on each backend in one run, one JSON line per measurement on stdout
// (progress on stderr), each with the backend's raw store ceiling measured in the same run. See bench/README.md.
//   dotnet run -c Release --project bench/DurableTask.Bench -- <scenario|all> [--backends sqlite,postgres,azurestorage] [...]
using DurableTask.Bench;
using DurableTask.Bench.Backends;
using DurableTask.Bench.Scenarios;
using Microsoft.Extensions.Logging;

IScenario[] scenarios = [new Roundtrip(), new TimerBurst(), new TimerLateness(), new WaitingMemory()];
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine(BenchOptions.Usage);
    foreach (var s in scenarios)
    {
        Console.Error.WriteLine($"  {s.Name,-16} {s.Description}");
    }

    return 2;
}

var options = BenchOptions.Parse(args[1..]);
var selected = args[0] == "all" ? scenarios : scenarios.Where(s => s.Name == args[0]).ToArray();
if (selected.Length == 0)
{
    Console.Error.WriteLine($"unknown scenario '{args[0]}'\n{BenchOptions.Usage}");
    return 2;
}

using var loggerFactory = LoggerFactory.Create(logging => logging
    .AddSimpleConsole(o => o.SingleLine = true)
    .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
    .SetMinimumLevel(LogLevel.Warning));
var backends = options.Backends.Select(IBenchBackend.Create).ToList();
var failures = 0;
try
{
    foreach (var backend in backends)
    {
        await backend.StartAsync();
    }

    foreach (var scenario in selected)
    {
        var headlines = new Dictionary<string, double?>();
        foreach (var backend in backends)
        {
            Report.Progress($"# {scenario.Name} on {backend.Name}: store ceiling");
            StoreCeiling? ceiling = null;
            try
            {
                ceiling = await backend.MeasureCeilingAsync(options.Concurrency, options.Ceiling);
                Report.Progress($"# {scenario.Name} on {backend.Name} (ceiling {ceiling.PerSecond}/s)");
                headlines[backend.Name] = await scenario.RunAsync(new BenchRun(backend, ceiling, options, loggerFactory));
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                failures++;
                Report.Progress($"{scenario.Name} on {backend.Name} failed: {exception}");
                Report.Line(scenario.Name, backend.Name, ceiling, new MeasuredPeriod(), new { error = $"{exception.GetType().Name}: {exception.Message}" });
            }
        }

        if (scenario is Roundtrip && headlines.GetValueOrDefault("azurestorage") is > 0 and var azure)
        {
            foreach (var (name, ours) in headlines.Where(h => h.Key != "azurestorage" && h.Value is not null))
            {
                Report.Line("roundtrip-ratio", name, null, new MeasuredPeriod(), new
                {
                    orchestrationsPerSecond = ours,
                    azureStorageOrchestrationsPerSecond = azure,
                    ratioToAzureStorage = Math.Round(ours!.Value / azure, 1),
                });
            }
        }
    }
}
finally
{
    foreach (var backend in backends)
    {
        await backend.DisposeAsync();
    }
}

return failures == 0 ? 0 : 1;
