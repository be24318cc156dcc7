using System.Globalization;

namespace OrderCancellation.Service.Tests.Fuzz;

/// <summary>The fuzz tests' seed: fixed, so a run is the same every time; <c>FUZZ_SEED=n</c> replays or explores another.</summary>
internal static class FuzzSeed
{
    public static int Value { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : 20_261_205;

    /// <summary>How to replay a failure, for the assertion message.</summary>
    public static string Replay => $"seed {Value} (replay with FUZZ_SEED={Value})";
}
