using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using OrderCancellation.Service.Tests.Crash;
using OrderCancellation.Service.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrderCancellation.Service.Tests.Walkthrough;

/// <summary>
/// The README's promise to a newcomer: with the service running (Development, as <c>dotnet run</c> starts it), the
/// walkthrough answers as the README says, and again on a second run (fresh ids each time). The real service runs as a
/// child process on a fresh SQLite store; <c>scripts/demo.sh</c> and the README's own bash blocks run against it with
/// bash and curl, as a person would paste them.
/// </summary>
[Collection(CrashCollection.Name)] // one service process at a time on this machine
public sealed class WalkthroughTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ScriptLimit = TimeSpan.FromMinutes(5);

    private readonly string _folder = Directory.CreateTempSubdirectory("walkthrough-").FullName;
    private ServiceProcess? _service;

    public async Task InitializeAsync() =>
        _service = await ServiceProcess.StartAsync("walkthrough", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development", // what dotnet run uses: /dev/token exists
            ["Auth:SigningKey"] = ServiceCrashTests.SigningKey,
            ["ConnectionStrings:Store"] = $"Data Source={Path.Combine(_folder, "order-cancellation.db")}",
            ["Logging:LogLevel:Default"] = "Warning",
        }, _folder, Startup);

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a file for a moment; the temp folder is the system's to clean.
        }
    }

    [Fact]
    public async Task The_demo_script_answers_every_step_as_expected_twice_in_a_row()
    {
        var script = Path.Combine(AzuriteServer.RepositoryRoot(), "scripts", "demo.sh");

        var first = await RunBashAsync($"bash '{script}'");
        var second = await RunBashAsync($"bash '{script}'");

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Matches(@"All \d+ steps answered as expected", first.Output);
        Assert.Matches(@"All \d+ steps answered as expected", second.Output);
        Assert.NotEqual(RunId(first.Output), RunId(second.Output));
    }

    [Fact]
    public async Task The_readme_walkthrough_by_hand_answers_as_the_readme_says_twice_in_a_row()
    {
        var blocks = ReadmeWalkthrough();

        foreach (var attempt in new[] { 1, 2 })
        {
            var run = await RunBashAsync(blocks);
            output.WriteLine($"run {attempt}:\n{run.Output}");

            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Contains("\"outcome\":\"Canceled\"", run.Output, StringComparison.Ordinal);              // 2 and 5
            Assert.Contains("\"outcome\":\"CancellationRequested\"", run.Output, StringComparison.Ordinal); // 3
            Assert.Contains("\"outcome\":\"PartiallyCanceled\"", run.Output, StringComparison.Ordinal);     // 6
            Assert.Contains("\"orderStatus\":\"Shipped\"", run.Output, StringComparison.Ordinal);           // 6
            Assert.Contains("\"processingStatus\":", run.Output, StringComparison.Ordinal);                 // 7
            Assert.Contains("\"runtimeStatus\":", run.Output, StringComparison.Ordinal);                    // 8
            Assert.Contains("\"ordersWithSellerCancellation\":", run.Output, StringComparison.Ordinal);     // 9
            Assert.DoesNotContain("\"status\":4", run.Output, StringComparison.Ordinal);                    // no problem answer
            Assert.DoesNotContain("\"status\":5", run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_http_file_for_ide_users_answers_every_request_with_a_success_twice_in_a_row()
    {
        var file = File.ReadAllText(Path.Combine(AzuriteServer.RepositoryRoot(), "docs", "api.http"));
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };

        foreach (var attempt in new[] { 1, 2 })
        {
            var exchanges = await HttpFile.RunAsync(file, client, _service!.BaseAddress);
            foreach (var exchange in exchanges)
            {
                output.WriteLine($"run {attempt}: {exchange.Request} -> {exchange.Status} {exchange.Body[..Math.Min(exchange.Body.Length, 160)]}");
            }

            Assert.True(exchanges.Count >= 25, $"only {exchanges.Count} requests ran");
            Assert.All(exchanges, e => Assert.True(e.Status is >= 200 and < 300, $"{e.Request} answered {e.Status}: {e.Body}"));
        }
    }

    /// <summary>The two bash blocks under "The walkthrough by hand", pointed at the service under test.</summary>
    private string ReadmeWalkthrough()
    {
        var readme = File.ReadAllText(Path.Combine(AzuriteServer.RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("### The walkthrough by hand", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", StringComparison.Ordinal)];
        var blocks = Regex.Matches(section, "```bash\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, blocks.Count);
        Assert.Contains("API=http://localhost:7071", blocks[0], StringComparison.Ordinal);
        var api = _service!.BaseAddress.AbsoluteUri.TrimEnd('/');
        return "set -eo pipefail\n" + blocks[0].Replace("API=http://localhost:7071", $"API={api}", StringComparison.Ordinal) + "\n" + blocks[1];
    }

    private static string? RunId(string output) => Regex.Match(output, @"\(run (\d+)\)").Groups[1].Value;

    private async Task<(int ExitCode, string Output)> RunBashAsync(string script)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder,
        };
        start.Environment["API"] = _service!.BaseAddress.AbsoluteUri.TrimEnd('/');
        using var process = Process.Start(start)!;
        var text = new StringBuilder();
        var lines = new object();
        process.OutputDataReceived += (_, e) => { lock (lines) { text.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (lines) { text.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.StandardInput.WriteAsync(script);
        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(ScriptLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The script did not finish within {ScriptLimit}:\n{text}\nservice:\n{_service.Tail()}");
        }

        process.WaitForExit(); // drains the output readers
        lock (lines)
        {
            output.WriteLine(text.ToString());
            return (process.ExitCode, text.ToString());
        }
    }
}
