using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace OrderCancellation.TestSupport;

/// <summary>
/// The pinned Azurite (tools/azurite, installed by scripts/install-test-deps.sh) with blob, queue and table
/// services, which DTFx's Azure Storage provider all needs, in memory on ports the OS picks (port 0; Azurite
/// prints the ones it got). Killed on dispose. Fails, never skips, when it cannot start.
/// </summary>
public sealed partial class Azurite : IAsyncDisposable
{
    // Azurite's development account: a fixed, public name and key from Azure's documentation, not a secret.
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Dictionary<string, int> _ports = [];
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Azurite(string script)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     script, "--blobPort", "0", "--queuePort", "0", "--tablePort", "0", "--inMemoryPersistence", "--extentMemoryLimit", "512",
                     "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException($"Azurite exited:\n{Output}"));
        _process.EnableRaisingEvents = true;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{_ports["Blob"]}/{Account};QueueEndpoint=http://127.0.0.1:{_ports["Queue"]}/{Account};" +
        $"TableEndpoint=http://127.0.0.1:{_ports["Table"]}/{Account};";

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<Azurite> StartAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "tools", "azurite", "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed at {script}; run scripts/install-test-deps.sh.");
        }

        var azurite = new Azurite(script);
        try
        {
            await azurite._listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return azurite;
        }
        catch (TimeoutException)
        {
            await azurite.DisposeAsync();
            throw new InvalidOperationException($"Azurite did not report its three services within 60 s:\n{azurite.Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (Listening().Match(line) is { Success: true } match)
            {
                _ports[match.Groups[1].Value] = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (_ports.Count == 3)
                {
                    _listening.TrySetResult();
                }
            }
        }
    }

    // "Azurite Queue service is successfully listening at http://127.0.0.1:34011"
    [GeneratedRegex(@"Azurite (Blob|Queue|Table) service is successfully listening at http://127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();

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
