using System.Diagnostics;
using System.IdentityModel.Tokens.Jwt;
using OrderCancellation.Service.Tests.Crash;

namespace OrderCancellation.Service.Tests.HostSetup;

/// <summary>
/// Issue 22 point 5 on the real executable (<c>dotnet exec OrderCancellation.Service.dll …</c>): <c>token</c> writes the
/// token alone on stdout and exits; a mistyped command ends at once with usage and exit code 2 instead of starting a
/// service. Run in an empty folder with no environment set, as a newcomer would run the dll.
/// </summary>
public sealed class ServiceExecutableTests : IDisposable
{
    /// <summary>Generous: a started service would never exit by itself, so any exit within this shows it did not start.</summary>
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("service-exe-");

    [Fact]
    public async Task The_token_command_prints_only_a_development_token_and_exits_0()
    {
        var (exit, output, error) = await RunAsync("token", "--role", "buyer", "--sub", "B1");

        Assert.True(exit == 0, error);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var token = new JwtSecurityTokenHandler().ReadJwtToken(line.Trim());
        Assert.Equal("B1", token.Subject);
        Assert.Equal("buyer", token.Claims.Single(c => c.Type == "role").Value);
    }

    [Theory]
    [InlineData("tokn", "--role", "buyer", "--sub", "B1")]
    [InlineData("token", "--role", "admin", "--sub", "B1")]
    public async Task A_mistake_exits_2_with_usage_and_never_starts_the_service(string first, string a, string b, string c, string d)
    {
        var (exit, output, error) = await RunAsync(first, a, b, c, d);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("usage:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", error + output, StringComparison.Ordinal);
        Assert.Empty(_folder.GetFileSystemInfos()); // no ./data: no store was opened
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder.FullName,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(ServiceProcess.AppDll());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal) || k.StartsWith("Auth__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Within);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The process still ran after {Within}: it started the service. {await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}
