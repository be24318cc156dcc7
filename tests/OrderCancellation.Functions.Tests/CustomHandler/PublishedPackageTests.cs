using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Xunit.Abstractions;

namespace OrderCancellation.Functions.Tests.CustomHandler;

/// <summary>The package scripts/publish.sh builds is what the Functions host expects, and starts.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // a linux-x64 package, published by a bash script
public sealed class PublishedPackageTests(PublishedPackage package, ITestOutputHelper output) : IClassFixture<PublishedPackage>
{
    private const string Executable = "app/OrderCancellation.Functions";

    [Fact]
    public void The_package_has_host_json_at_the_root_and_the_executable_under_app()
    {
        output.WriteLine($"publish took {package.PublishTime.TotalSeconds:F1} s: {package.PublishOutput.Trim()}");

        Assert.Equal(File.ReadAllText(RepositoryPaths.HostJson), File.ReadAllText(Path.Combine(package.Directory, "host.json")));
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.Directory, "host.json")));
        var path = host.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
        Assert.Equal(Executable, path);

        var executable = Path.Combine(package.Directory, path);
        Assert.True(File.Exists(executable), $"{path} is missing");
        Assert.True((File.GetUnixFileMode(executable) & UnixFileMode.UserExecute) != 0, $"{path} is not executable");
        Assert.True(File.Exists(Path.Combine(package.Directory, "app", "appsettings.json")));
        Assert.False(System.IO.Directory.Exists(Path.Combine(package.Directory, "app", "FunctionApp")), "function folders belong at the root, not under app/");
    }

    [Fact]
    public void Every_function_folder_is_in_the_package_with_a_function_json_that_parses()
    {
        var source = FunctionFolder.ReadAll(RepositoryPaths.FunctionApp).Select(f => f.Name).ToList();
        var packaged = FunctionFolder.ReadAll(package.Directory);

        Assert.Equal(source, packaged.Select(f => f.Name).ToList());
        Assert.Contains(packaged, f => f.Name == "FeedQueueTrigger" && f.TriggerType == "queueTrigger");
        Assert.Contains(packaged, f => f.Name == "DurableTick" && f.TriggerType == "timerTrigger");
    }

    [Fact]
    public void The_zip_holds_the_same_layout_and_keeps_the_executable_bit()
    {
        using var zip = ZipFile.OpenRead(package.Zip);
        var entries = zip.Entries.ToDictionary(e => e.FullName);

        Assert.Contains("host.json", entries.Keys);
        Assert.Contains("FeedQueueTrigger/function.json", entries.Keys);
        Assert.Contains("DurableTick/function.json", entries.Keys);
        Assert.Contains("HttpApi/function.json", entries.Keys);
        var mode = (UnixFileMode)((entries[Executable].ExternalAttributes >> 16) & 0x1FF);
        Assert.True((mode & UnixFileMode.UserExecute) != 0, $"{Executable} in the zip has mode {mode}");
        Assert.Equal(
            System.IO.Directory.GetFiles(package.Directory, "*", SearchOption.AllDirectories).Length,
            zip.Entries.Count);
    }

    [Fact]
    public async Task The_published_app_listens_on_the_custom_handler_port_and_answers_the_probe_and_liveness()
    {
        var port = FreePort();
        var data = System.IO.Directory.CreateTempSubdirectory("order-cancellation-published-");
        var start = new ProcessStartInfo(Path.Combine(package.Directory, Executable))
        {
            WorkingDirectory = Path.Combine(package.Directory, "app"), // host.json workingDirectory
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // What the Functions host would pass as app settings; the package itself is read-only there.
        start.Environment["Store__Provider"] = "sqlite";
        start.Environment["ConnectionStrings__Store"] = $"Data Source={Path.Combine(data.FullName, "store.db")}";
        start.Environment["Auth__SigningKey"] = "test-only-signing-key-0123456789abcdef-0123";
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("ASPNETCORE_URLS");

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // The host waits up to 30 s (InitializationTimeout) for any answer on "/".
            HttpStatusCode? probe = null;
            while (probe is null && stopwatch.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
            {
                try
                {
                    using var response = await client.GetAsync(new Uri("/", UriKind.Relative));
                    probe = response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(25);
                }
            }

            var startTime = stopwatch.Elapsed;
            output.WriteLine($"the published app answered GET / after {startTime.TotalMilliseconds:F0} ms");
            Assert.True(probe == HttpStatusCode.OK, $"GET / answered {probe?.ToString() ?? "nothing"}; app output:\n{log}");

            using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            data.Delete(recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
