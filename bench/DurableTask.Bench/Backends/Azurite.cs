using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DurableTask.Bench.Backends;

/// <summary>
/// The pinned Azurite (tools/azurite, installed by scripts/install-test-deps.sh): blob, queue and table services on
/// free loopback ports, in memory, killed on dispose.
/// </summary>
internal sealed class Azurite : IAsyncDisposable
{
    // Azurite's development account and its well-known key (public, in Azure's documentation).
    private const string Account = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly int[] _ports;

    private Azurite(Process process, int[] ports)
    {
        _process = process;
        _ports = ports;
    }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};" +
        $"BlobEndpoint=http://127.0.0.1:{_ports[0]}/{Account};QueueEndpoint=http://127.0.0.1:{_ports[1]}/{Account};" +
        $"TableEndpoint=http://127.0.0.1:{_ports[2]}/{Account};";

    /// <summary>The Azurite process' CPU time so far (it runs the storage side of every Azure Storage figure).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<Azurite> StartAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "tools", "azurite", "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed at {script}; run scripts/install-test-deps.sh.");
        }

        for (var attempt = 1; ; attempt++)
        {
            int[] ports = [FreePort(), FreePort(), FreePort()];
            var info = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
                     {
                         script, "--blobHost", "127.0.0.1", "--blobPort", Port(ports[0]), "--queueHost", "127.0.0.1", "--queuePort", Port(ports[1]),
                         "--tableHost", "127.0.0.1", "--tablePort", Port(ports[2]), "--inMemoryPersistence", "--skipApiVersionCheck", "--loose",
                         "--silent", "--disableTelemetry",
                     })
            {
                info.ArgumentList.Add(argument);
            }

            var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"azurite: {e.Data}"); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var azurite = new Azurite(process, ports);
            if (await azurite.AnswersAsync(TimeSpan.FromSeconds(30)))
            {
                return azurite;
            }

            await azurite.DisposeAsync();
            if (attempt == 3)
            {
                throw new InvalidOperationException("Azurite did not start.");
            }
        }
    }

    public ValueTask DisposeAsync()
    {
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
        return ValueTask.CompletedTask;
    }

    /// <summary>Any HTTP answer from all three ports (unauthenticated requests get 400/403) means Azurite is up.</summary>
    private async Task<bool> AnswersAsync(TimeSpan within)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + within;
        var up = new HashSet<int>();
        while (DateTime.UtcNow < deadline && !_process.HasExited && up.Count < _ports.Length)
        {
            foreach (var port in _ports.Except(up).ToArray())
            {
                try
                {
                    using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/"));
                    up.Add(port);
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    await Task.Delay(100);
                }
            }
        }

        return up.Count == _ports.Length;
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
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
