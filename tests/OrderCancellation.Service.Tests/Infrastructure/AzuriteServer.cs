using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrderCancellation.Service.Tests.Infrastructure;

/// <summary>
/// Starts the pinned Azurite (tools/azurite, `npm ci` by scripts/install-test-deps.sh) queue service on
/// a free loopback port with its data in a temporary folder, and kills it on dispose. Never uses a
/// server started by hand; fails, never skips, when Azurite cannot start.
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime
{
    /// <summary>The well-known development account of Azurite (and the old storage emulator).</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's published key for <see cref="DevelopmentAccountName"/>.</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly StringBuilder _output = new();
    private Process? _process;
    private string? _location;

    public int Port { get; private set; }

    /// <summary>The queue service root for the well-known development account, e.g. http://127.0.0.1:53123/devstoreaccount1.</summary>
    public Uri QueueEndpoint => new($"http://127.0.0.1:{Port}/{DevelopmentAccountName}");

    /// <summary>A full connection string, as AzureWebJobsStorage would carry it.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccountName};" +
        $"AccountKey={DevelopmentAccountKey};QueueEndpoint={QueueEndpoint};";

    public async Task InitializeAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "tools", "azurite", "node_modules", "azurite", "dist", "src", "queue", "main.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed at {script}; run scripts/install-test-deps.sh.");
        }

        _location = Directory.CreateTempSubdirectory("azurite-").FullName;
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            _process = Start(script, Port, _location);
            if (await AnswersAsync(_process, Port, TimeSpan.FromSeconds(30)))
            {
                return;
            }

            Kill();
            if (attempt == 3)
            {
                throw new InvalidOperationException($"Azurite did not start on port {Port}:\n{Output()}");
            }
        }
    }

    public Task DisposeAsync()
    {
        Kill();
        try
        {
            if (_location is not null)
            {
                Directory.Delete(_location, recursive: true);
            }
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }

        return Task.CompletedTask;
    }

    private Process Start(string script, int port, string location)
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     script, "--queueHost", "127.0.0.1", "--queuePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--location", location, "--silent", "--skipApiVersionCheck", "--disableTelemetry",
                 })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Any HTTP answer (an unauthenticated request gets 400/403) means the queue service is up.</summary>
    private static async Task<bool> AnswersAsync(Process process, int port, TimeSpan within)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/"));
                if (response.Headers.Server.ToString().Contains("Azurite-Queue", StringComparison.Ordinal))
                {
                    return true;
                }

                // Someone else took the port between our probe and Azurite's bind; Azurite will exit.
                await Task.Delay(100);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
            catch (TaskCanceledException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }

    private void Kill()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _process = null;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The folder holding Functions.sln, walking up from the test assembly.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Functions.sln above {AppContext.BaseDirectory}.");
    }
}
