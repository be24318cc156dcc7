using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrderCancellation.Service.Tests.Crash;

/// <summary>
/// The real service as a child process (<c>dotnet exec &lt;app&gt;.dll</c>, as tests/DurableTask.Relational.Tests starts its
/// WorkerHost), configured by environment variables (<c>__</c> for <c>:</c>), on a free 127.0.0.1 port, with its console
/// lines kept for failure messages. <see cref="KillAsync"/> is SIGKILL of the whole tree; disposing kills whatever still runs.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int KeptLines = 400;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ServiceProcess(Process process, Uri baseAddress, string name)
    {
        _process = process;
        BaseAddress = baseAddress;
        Name = name;
        AppDomain.CurrentDomain.ProcessExit += KillOnExit; // a test run that ends without disposing leaves no service behind
    }

    public Uri BaseAddress { get; }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>
    /// The app's entry assembly as the test project references it (the assembly of <see cref="Program"/>), with its
    /// runtimeconfig beside it; when the output folder lacks the runtimeconfig, the app's own bin folder under the repository.
    /// </summary>
    public static string AppDll()
    {
        var referenced = typeof(Program).Assembly.Location;
        if (File.Exists(Path.ChangeExtension(referenced, ".runtimeconfig.json")))
        {
            return referenced;
        }

        var name = Path.GetFileName(referenced);
        var root = Infrastructure.AzuriteServer.RepositoryRoot();
        var candidates = Directory.EnumerateFiles(Path.Combine(root, "src"), name, SearchOption.AllDirectories)
            .Where(p => p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(p => File.Exists(Path.ChangeExtension(p, ".runtimeconfig.json")))
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .ToList();
        return candidates.Count > 0
            ? candidates[0]
            : throw new InvalidOperationException($"No runtimeconfig beside {referenced}, and no built {name} with one under {root}/src.");
    }

    /// <summary>Starts the service and waits until <c>/health/ready</c> answers 200; a port taken meanwhile means another try.</summary>
    public static async Task<ServiceProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings, string workingDirectory, TimeSpan within)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var service = Start(name, port, settings, workingDirectory);
            if (await service.ReadyAsync(within))
            {
                return service;
            }

            var tail = service.Tail();
            var exited = service.HasExited;
            await service.DisposeAsync();
            if (!exited || attempt == 3)
            {
                throw new InvalidOperationException($"{name} did not get ready on port {port} within {within} (exited: {exited}); its last lines:\n{tail}");
            }
        }
    }

    /// <summary>SIGKILL, the whole process tree, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(deadline.Token);
    }

    /// <summary>Waits for the process to end on its own (after a SIGTERM, say); false when it still runs after <paramref name="within"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return _process.HasExited;
    }

    public string Tail(int count = 60) => string.Join('\n', _lines.TakeLast(count));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _process.WaitForExitAsync(deadline.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (OperationCanceledException)
        {
            // Nothing more can be done from here.
        }

        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        _process.Dispose();
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static ServiceProcess Start(string name, int port, IReadOnlyDictionary<string, string> settings, string workingDirectory)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            // Not the output folder: no local.settings.json or appsettings of anyone else's is read; everything is set below.
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(AppDll());
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Urls"] = baseAddress.AbsoluteUri.TrimEnd('/');
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start };
        var service = new ServiceProcess(process, baseAddress, name);
        process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => service.Keep(e.Data is null ? null : $"stderr: {e.Data}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > KeptLines && _lines.TryDequeue(out _))
        {
        }
    }

    private async Task<bool> ReadyAsync(TimeSpan within)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var ready = await client.GetAsync(new Uri(BaseAddress, "/health/ready"));
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
