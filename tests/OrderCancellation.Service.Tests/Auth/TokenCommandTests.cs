using System.IdentityModel.Tokens.Jwt;
using Microsoft.Extensions.Configuration;
using OrderCancellation.Api.Auth;

namespace OrderCancellation.Service.Tests.Auth;

public sealed class TokenCommandTests
{
    private static IConfiguration Config(string? key) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = key })
        .Build();

    [Fact]
    public void Token_command_prints_a_token_with_the_role_and_subject()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = TokenCommand.Run(["token", "--role", "seller", "--sub", "S1"], Config("0123456789abcdef0123456789abcdef"), output, error);

        Assert.Equal(0, exit);
        var token = new JwtSecurityTokenHandler().ReadJwtToken(output.ToString().Trim());
        Assert.Equal("S1", token.Subject);
        Assert.Equal("seller", token.Claims.Single(c => c.Type == "role").Value);
        Assert.Equal("order-cancellation", token.Issuer);
    }

    [Fact]
    public void Token_command_refuses_an_unknown_role()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = TokenCommand.Run(["token", "--role", "admin", "--sub", "X"], Config("0123456789abcdef0123456789abcdef"), output, error);

        Assert.Equal(2, exit);
        Assert.Contains("usage", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Token_command_needs_a_signing_key()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = TokenCommand.Run(["token", "--role", "buyer", "--sub", "B1"], Config(null), output, error);

        Assert.Equal(1, exit);
    }

    [Theory]
    [InlineData("25")]
    [InlineData("0")]
    [InlineData("-1")]
    public void Token_command_refuses_a_lifetime_the_service_would_refuse(string hours)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = TokenCommand.Run(["token", "--role", "buyer", "--sub", "B1", "--hours", hours], Config("0123456789abcdef0123456789abcdef"), output, error);

        Assert.Equal(2, exit);
        Assert.Contains("Auth:MaxTokenLifetime", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }
}
