// The bench tool: one JSON line per measurement on stdout (progress on stderr).
//   dotnet run -c Release --project bench/OrderCancellation.Bench -- <scenario|all> [--store sqlite|postgres] [--pg <connection string>] [...]
// Scenarios live in Scenarios/, one file each; add yours to the table below.
using OrderCancellation.Bench;
using OrderCancellation.Bench.Scenarios;

// The feed scenario takes its own arguments: feeds [sqlite|postgres|all] [records]
if (args is [OrderCancellation.Bench.FeedIngestionScenario.Name, .. var feedArgs])
{
    return await OrderCancellation.Bench.FeedIngestionScenario.RunAsync(feedArgs);
}

IScenario[] scenarios =
[
    new StepsScenario(),
    new TimerBurstScenario(),
    new TimerLatenessScenario(),
    new CancelLatencyScenario(),
];

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/OrderCancellation.Bench -- <scenario|all> [--store sqlite|postgres] [--pg <cs>] [--seconds N] [--timers N] [--spread-seconds N] [--cancels N]");
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
    Console.Error.WriteLine($"unknown scenario '{args[0]}'");
    return 2;
}

await using var environment = await BenchEnvironment.CreateAsync(options);
foreach (var scenario in selected)
{
    Console.Error.WriteLine($"# {scenario.Name} on {options.Store}");
    await scenario.RunAsync(environment);
}

return 0;
