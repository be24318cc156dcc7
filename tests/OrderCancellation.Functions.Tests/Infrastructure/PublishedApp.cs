using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace OrderCancellation.Functions.Tests.Infrastructure;

/// <summary>
/// The Functions app published by <c>scripts/publish.sh</c> (the deployment package: a folder and its zip) into a
/// folder of its own under <c>artifacts/test-publish</c>, in the configuration these tests were built with (so the
/// publish reuses that build). Deleted afterwards.
/// </summary>
public sealed class PublishedApp : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    private readonly string folder = Path.Combine(RepositoryPaths.Root, "artifacts", "test-publish", $"functionapp-{Guid.NewGuid():N}");

    /// <summary>The published app (the package's content).</summary>
    public string Folder => Path.Combine(folder, "functionapp");

    public string Zip => Folder + ".zip";

    public string Output { get; private set; } = string.Empty;

    public TimeSpan Elapsed { get; private set; }

    public async Task InitializeAsync()
    {
        var configuration = typeof(PublishedApp).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.Root, "scripts", "publish.sh"), "--output", Folder, "--configuration", configuration])
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/publish.sh did not finish within {Limit}:\n{output}");
        }

        await Task.WhenAll(stdout, stderr);
        Elapsed = watch.Elapsed;
        Output = output.ToString();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/publish.sh exited with {process.ExitCode}:\n{Output}");
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
