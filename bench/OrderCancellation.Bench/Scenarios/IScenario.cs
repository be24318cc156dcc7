namespace OrderCancellation.Bench.Scenarios;

/// <summary>One bench scenario: prints one JSON line per measurement through <see cref="BenchEnvironment.Report"/>.</summary>
public interface IScenario
{
    string Name { get; }

    string Description { get; }

    Task RunAsync(BenchEnvironment environment);
}
