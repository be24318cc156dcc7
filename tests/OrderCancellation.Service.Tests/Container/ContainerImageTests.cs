using System.Globalization;
using System.Net;
using OrderCancellation.Service.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrderCancellation.Service.Tests.Container;

/// <summary>
/// Builds and runs the image where a container engine answers (<c>docker info</c>, or the engine named by
/// <c>CONTAINER_ENGINE</c>, e.g. podman). The suite does not need one: without it the test says so and checks only that.
/// </summary>
public sealed class ContainerImageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly string Engine = Environment.GetEnvironmentVariable("CONTAINER_ENGINE") is { Length: > 0 } e ? e : "docker";

    [Fact]
    public async Task The_image_builds_runs_as_a_non_root_user_and_becomes_healthy_where_a_container_engine_answers()
    {
        var info = await ProcessRunner.RunAsync(Engine, ["info"], TimeSpan.FromSeconds(30));
        if (!info.Succeeded)
        {
            output.WriteLine($"No container engine answers ('{Engine} info' exit {info.ExitCode}): the image was not built; " +
                "DockerfileTests, ComposeFileTests and HealthCheckCommandTests check it without one.");
            output.WriteLine(info.Output.Trim());
            Assert.False(info.Succeeded);
            return;
        }

        var tag = $"order-cancellation-test:{Guid.NewGuid():N}";
        var build = await ProcessRunner.RunAsync(Engine, ["build", "-t", tag, "-f", "Dockerfile", AzuriteServer.RepositoryRoot()], BuildTimeout);
        try
        {
            Assert.True(build.Succeeded, $"{Engine} build, exit {build.ExitCode}:\n{Tail(build.Output)}");
            await RunAndWaitUntilHealthyAsync(tag);
        }
        finally
        {
            await ProcessRunner.RunAsync(Engine, ["rmi", "-f", tag], TimeSpan.FromMinutes(1));
        }
    }

    private async Task RunAndWaitUntilHealthyAsync(string tag)
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        var run = await ProcessRunner.RunAsync(Engine, ["run", "-d", "-p", "127.0.0.1::8080", "-e", $"Auth__SigningKey={key}", tag], TimeSpan.FromMinutes(2));
        Assert.True(run.Succeeded, $"{Engine} run, exit {run.ExitCode}:\n{run.Output}");
        var container = run.Output.Trim().Split('\n')[^1].Trim();
        try
        {
            var port = await ProcessRunner.RunAsync(Engine, ["port", container, "8080/tcp"], TimeSpan.FromSeconds(30));
            Assert.True(port.Succeeded, port.Output);
            var address = new Uri($"http://127.0.0.1:{port.Output.Trim().Split('\n')[0].Trim().Split(':')[^1]}");

            Assert.True(await UntilAsync(() => ReadyAsync(address), StartTimeout), $"/health/ready never answered 200:\n{await LogsAsync(container)}");
            Assert.True(await UntilAsync(async () => (await InspectAsync(container, "{{.State.Health.Status}}")) == "healthy", StartTimeout),
                $"the HEALTHCHECK never reported healthy:\n{await InspectAsync(container, "{{json .State.Health}}")}");

            var user = await ProcessRunner.RunAsync(Engine, ["exec", container, "id", "-u"], TimeSpan.FromSeconds(30));
            Assert.True(user.Succeeded, user.Output);
            Assert.NotEqual(0, int.Parse(user.Output.Trim(), CultureInfo.InvariantCulture));
            output.WriteLine($"{tag}: healthy on {address}, running as uid {user.Output.Trim()}");
        }
        finally
        {
            await ProcessRunner.RunAsync(Engine, ["rm", "-f", container], TimeSpan.FromMinutes(1));
        }
    }

    private static async Task<bool> ReadyAsync(Uri address)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            return ready.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(500);
        }

        return false;
    }

    private static async Task<string> InspectAsync(string container, string format) =>
        (await ProcessRunner.RunAsync(Engine, ["inspect", "--format", format, container], TimeSpan.FromSeconds(30))).Output.Trim();

    private static async Task<string> LogsAsync(string container) =>
        Tail((await ProcessRunner.RunAsync(Engine, ["logs", container], TimeSpan.FromSeconds(30))).Output);

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(60));
}
