// The app's bench: the real app (Program) in this process on Kestrel, over real HTTP, on each backend in one run; one
// JSON line per measurement on stdout (progress and the app's warnings on stderr), each with the backend's raw store
// ceiling measured in the same run. See bench/README.md.
//   dotnet run -c Release --project bench/OrderCancellation.Bench -- <cancel-latency|feeds|all> [--backends sqlite,postgres] [...]
using OrderCancellation.Bench.Scenarios;

namespace OrderCancellation.Bench;

/// <summary>The entry point (a class of its own: top-level statements would be a second <c>Program</c> beside the app's).</summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        IScenario[] scenarios = [new CancelLatency(), new Feeds()];
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

        Report.Progress($"run {Report.RunStarted}: {string.Join(", ", selected.Select(s => s.Name))} on {string.Join(", ", options.Backends)}");
        var failures = 0;
        foreach (var scenario in selected)
        {
            foreach (var name in options.Backends)
            {
                // One backend at a time (PostgreSQL's server is stopped before SQLite runs, and the other way round).
                await using var backend = Backend.Create(name);
                StoreCeiling? ceiling = null;
                try
                {
                    await backend.StartAsync();
                    Report.Progress($"# {scenario.Name} on {name}: store ceiling");
                    ceiling = await backend.MeasureCeilingAsync(options.CeilingConcurrency, options.Ceiling);
                    Report.Progress($"# {scenario.Name} on {name} (ceiling {ceiling.PerSecond}/s)");
                    await scenario.RunAsync(new BenchRun(backend, ceiling, options));
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    failures++;
                    Report.Progress($"{scenario.Name} on {name} failed: {exception}");
                    Report.Line(scenario.Name, name, ceiling, new MeasuredPeriod(), new { error = $"{exception.GetType().Name}: {exception.Message}" });
                }
            }
        }

        return failures == 0 ? 0 : 1;
    }
}
