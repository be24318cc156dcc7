using System.IdentityModel.Tokens.Jwt;
using Microsoft.Extensions.Configuration;
using OrderCancellation.Api.Auth;

namespace OrderCancellation.Service.Tests.Auth;

/// <summary>
/// Issue 22 point 5: <c>token --role &lt;role&gt; --sub &lt;id&gt; [--lifetime &lt;timespan&gt;]</c> prints the token and
/// nothing else on stdout; any other argument, a missing one or an unknown role is usage on stderr and exit code 2.
/// </summary>
public sealed class TokenCommandTests
{
    private const string Key = "0123456789abcdef0123456789abcdef";

    private static IConfiguration Config(string? key, string? maxLifetime = null)
    {
        var settings = new Dictionary<string, string?> { ["Auth:SigningKey"] = key };
        if (maxLifetime is not null)
        {
            settings["Auth:MaxTokenLifetime"] = maxLifetime;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    private static (int Exit, string Output, string Error) Run(IConfiguration configuration, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = TokenCommand.Run(["token", .. args], configuration, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Token_command_prints_only_a_token_with_the_role_and_subject()
    {
        var (exit, output, error) = Run(Config(Key), "--role", "seller", "--sub", "S1");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        var line = Assert.Single(output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        var token = new JwtSecurityTokenHandler().ReadJwtToken(line);
        Assert.Equal("S1", token.Subject);
        Assert.Equal("seller", token.Claims.Single(c => c.Type == "role").Value);
        Assert.Equal("order-cancellation", token.Issuer);
    }

    [Fact]
    public void Token_command_takes_its_options_in_any_order_and_as_name_equals_value()
    {
        var (exit, output, _) = Run(Config(Key), "--sub=B7", "--lifetime=00:30:00", "--role=buyer");

        Assert.Equal(0, exit);
        var token = new JwtSecurityTokenHandler().ReadJwtToken(output.Trim());
        Assert.Equal("B7", token.Subject);
        Assert.Equal(TimeSpan.FromMinutes(30), token.ValidTo - token.IssuedAt);
    }

    [Fact]
    public void Token_command_lives_eight_hours_unless_told_otherwise()
    {
        var (_, output, _) = Run(Config(Key), "--role", "buyer", "--sub", "B1");

        var token = new JwtSecurityTokenHandler().ReadJwtToken(output.Trim());
        Assert.Equal(TokenCommand.DefaultLifetime, token.ValidTo - token.IssuedAt);
    }

    [Theory]
    [InlineData("--role|admin|--sub|X")] // unknown role
    [InlineData("--sub|B1")] // no role
    [InlineData("--role|buyer")] // no sub
    [InlineData("--role|buyer|--sub")] // sub without a value
    [InlineData("--role|--sub|B1")] // role without a value
    [InlineData("--role|buyer|--sub|B 1")] // not an id
    [InlineData("--role|buyer|--sub|B1|--hours|8")] // unknown option
    [InlineData("--role|buyer|--sub|B1|extra")] // stray word
    [InlineData("--role|buyer|--role|seller|--sub|B1")] // twice
    [InlineData("--role|buyer|--sub|B1|--lifetime|soon")] // not a timespan
    public void Token_command_refuses_bad_arguments_with_usage_on_stderr_and_exit_code_2(string args)
    {
        var (exit, output, error) = Run(Config(Key), args.Split('|'));

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("usage: token --role <buyer|seller|marketplace|support> --sub <id>", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Token_command_help_prints_usage_and_succeeds(string help)
    {
        var (exit, output, _) = Run(Config(Key), help);

        Assert.Equal(0, exit);
        Assert.StartsWith("usage: token", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_command_needs_a_signing_key()
    {
        var (exit, output, error) = Run(Config(null), "--role", "buyer", "--sub", "B1");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("Auth:SigningKey", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.00:00:01")]
    [InlineData("00:00:00")]
    [InlineData("-01:00:00")]
    public void Token_command_refuses_a_lifetime_the_service_would_refuse(string lifetime)
    {
        var (exit, output, error) = Run(Config(Key), "--role", "buyer", "--sub", "B1", "--lifetime", lifetime);

        Assert.Equal(2, exit);
        Assert.Contains("Auth:MaxTokenLifetime", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public void Token_command_shortens_its_default_lifetime_to_a_shorter_maximum()
    {
        var (exit, output, _) = Run(Config(Key, maxLifetime: "01:00:00"), "--role", "buyer", "--sub", "B1");

        Assert.Equal(0, exit);
        var token = new JwtSecurityTokenHandler().ReadJwtToken(output.Trim());
        Assert.Equal(TimeSpan.FromHours(1), token.ValidTo - token.IssuedAt);
    }
}
