using System.IdentityModel.Tokens.Jwt;
using Microsoft.Extensions.Configuration;

namespace OrderCancellation.Service.Tests.HostSetup;

/// <summary>
/// Issue 22 point 5: what Program.cs decides before building any host. The service starts only when every argument is
/// a configuration override ASP.NET Core reads; a stray word, a single-dash option, a key without a value or the token
/// command's options without <c>token</c> print usage and exit 2 instead of starting a second service.
/// </summary>
public sealed class ServiceCommandLineTests
{
    private static (int? Exit, string Output, string Error) Handle(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = "0123456789abcdef0123456789abcdef" })
            .Build();
        var exit = ServiceCommandLine.Handle(args, output, error, _ => configuration);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("--urls|http://localhost:5000")]
    [InlineData("--urls=http://localhost:5000")]
    [InlineData("--Store:Provider=postgres")]
    [InlineData("--Store:Provider|postgres")]
    [InlineData("/Store:Provider=postgres")]
    [InlineData("/Store:Provider|postgres")]
    [InlineData("Store:Provider=postgres")]
    [InlineData("--ConnectionStrings:Store=Data Source=data/x.db|--environment|Development")]
    [InlineData("--Orders:AnswerTimeout|-00:00:01")] // a value may start with one dash
    public void Configuration_overrides_start_the_service(string args)
    {
        var (exit, output, error) = Handle(Split(args));

        Assert.Null(exit);
        Assert.Empty(output);
        Assert.Empty(error);
    }

    [Theory]
    [InlineData("tokn|--role|buyer|--sub|B1", "tokn")] // a mistyped command
    [InlineData("run", "run")] // any bare word
    [InlineData("--role|buyer|--sub|B1", "--role")] // the token command's options without it
    [InlineData("--sub=B1", "--sub=B1")]
    [InlineData("-v", "-v")] // single-dash options are silently skipped by ASP.NET Core
    [InlineData("-Store:Provider=postgres", "-Store:Provider=postgres")]
    [InlineData("--urls", "--urls")] // a key without a value
    [InlineData("--urls|--Store:Provider=postgres", "--urls")]
    [InlineData("--=x", "--=x")] // no key
    [InlineData("--urls=http://localhost:5000|extra", "extra")]
    public void Anything_else_prints_usage_and_exits_2_without_starting_the_service(string args, string culprit)
    {
        var (exit, output, error) = Handle(Split(args));

        Assert.Equal(ServiceCommandLine.UsageExitCode, exit);
        Assert.Empty(output);
        Assert.Contains("usage:", error, StringComparison.Ordinal);
        Assert.Contains($"'{culprit}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    [InlineData("--urls|http://localhost:5000|--help")]
    public void Help_prints_usage_on_stdout_and_succeeds(string args)
    {
        var (exit, output, _) = Handle(Split(args));

        Assert.Equal(0, exit);
        Assert.Contains("token --role <buyer|seller|marketplace|support> --sub <id>", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_token_command_is_answered_without_a_host_and_prints_only_the_token()
    {
        var (exit, output, error) = Handle("token", "--role", "support", "--sub", "U1");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        var token = new JwtSecurityTokenHandler().ReadJwtToken(output.Trim());
        Assert.Equal("U1", token.Subject);
    }

    [Fact]
    public void A_bad_token_command_is_exit_2()
    {
        var (exit, output, error) = Handle("token", "--role", "buyer", "--sub", "B1", "--urls", "http://x");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("Unknown argument '--urls'", error, StringComparison.Ordinal);
    }

    private static string[] Split(string args) => args.Length == 0 ? [] : args.Split('|');
}
