using System.Diagnostics;

namespace OrderCancellation.Functions.Tests.CustomHandler;

/// <summary>
/// Runs <c>scripts/publish.sh</c> once for the tests that inspect and start the package. It publishes
/// under artifacts/test-publish (git-ignored) with its own intermediate folder, so a second run is
/// incremental and the everyday build is left alone.
/// </summary>
public sealed class PublishedPackage : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(RepositoryPaths.Root, "artifacts", "test-publish", "functionapp");

    public string Zip => Directory + ".zip";

    public TimeSpan PublishTime { get; private set; }

    public string PublishOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.Root, "scripts", "publish.sh"), "--output", Directory])
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // `dotnet test` exports MSBuild variables into the test process; a nested build must not
        // inherit them (they point it at the outer build's MSBuild).
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
        {
            start.Environment.Remove(name);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("scripts/publish.sh did not finish in 8 minutes.");
        }

        PublishTime = stopwatch.Elapsed;
        PublishOutput = await output + await error;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/publish.sh failed ({process.ExitCode}):\n{PublishOutput}");
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
