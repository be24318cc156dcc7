namespace OrderCancellation.Bench.Scenarios;

/// <summary>One bench scenario: runs on one backend and prints its JSON lines through <see cref="Report.Line"/>.</summary>
internal interface IScenario
{
    string Name { get; }

    string Description { get; }

    Task RunAsync(BenchRun run);
}

/// <summary>What a scenario runs with: the backend, its store ceiling measured just before, the options.</summary>
internal sealed record BenchRun(Backend Backend, StoreCeiling Ceiling, BenchOptions Options);
