using System.Net;
using System.Net.Sockets;
using System.Text;
using OrderCancellation.Service.Tests.Crash;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.TestSupport;

namespace OrderCancellation.Service.Tests.Container;

/// <summary>
/// The image's HEALTHCHECK command (bash's /dev/tcp, for lack of curl in the runtime image) run here, against the real
/// service and against answers it must not take for healthy: it is proven without a container engine.
/// </summary>
public sealed class HealthCheckCommandTests
{
    private const string ImagePort = "/dev/tcp/127.0.0.1/8080";
    private static readonly IReadOnlyList<string> Command = DockerfileModel.HealthCheckCommand(
        Assert.Single(DockerfileModel.Load(Path.Combine(AzuriteServer.RepositoryRoot(), "Dockerfile")).FinalStage, i => i.Keyword == "HEALTHCHECK"));

    [Fact]
    public async Task The_health_check_passes_while_the_service_is_ready()
    {
        using var store = new SqliteTempFile();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Store"] = store.ConnectionString,
            ["Auth:SigningKey"] = ServiceHost.SigningKey,
        };
        await using var service = await ServiceProcess.StartAsync("container-health", settings, store.Folder, TimeSpan.FromSeconds(90));

        var result = await CheckAsync(service.BaseAddress.Port);

        Assert.True(result.Succeeded, $"exit {result.ExitCode}: {result.Output}\nthe service's last lines:\n{service.Tail()}");
    }

    [Fact]
    public async Task The_health_check_fails_when_nothing_listens()
    {
        var result = await CheckAsync(ClosedPort());

        Assert.False(result.Succeeded);
        Assert.NotEqual(ProcessRunner.TimedOut, result.ExitCode);
    }

    [Fact]
    public async Task The_health_check_fails_when_readiness_answers_503()
    {
        // A store that stopped answering makes /health/ready answer 503; a listener that answers just that stands in for it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var answer = AnswerOnceAsync(listener, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 9\r\nConnection: close\r\n\r\nUnhealthy");

        var result = await CheckAsync(((IPEndPoint)listener.LocalEndpoint).Port);
        var request = await answer;

        Assert.False(result.Succeeded);
        Assert.StartsWith("GET /health/ready HTTP/1.1\r\nHost: localhost\r\n", request, StringComparison.Ordinal);
    }

    private static Task<ProcessResult> CheckAsync(int port)
    {
        Assert.Contains(ImagePort, Command[^1], StringComparison.Ordinal);
        var arguments = Command.Skip(1).Select(a => a.Replace(ImagePort, $"/dev/tcp/127.0.0.1/{port}", StringComparison.Ordinal));
        return ProcessRunner.RunAsync(Command[0], arguments, TimeSpan.FromSeconds(30));
    }

    private static async Task<string> AnswerOnceAsync(TcpListener listener, string response)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var request = new StringBuilder();
        var buffer = new byte[1024];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
        return request.ToString();
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again when the listener is disposed
    }
}
