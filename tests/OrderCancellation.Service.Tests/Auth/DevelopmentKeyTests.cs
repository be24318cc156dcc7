using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Auth;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Service.Tests.Orders;

namespace OrderCancellation.Service.Tests.Auth;

/// <summary>
/// Issue 18 point 3: the signing key shipped in the sample settings is public, so the service refuses to start with it
/// anywhere but Development; in Development (<c>dotnet run</c>, <see cref="EmbeddedAppFactory"/>) it works, and so do
/// the tokens the <c>token</c> command prints.
/// </summary>
public sealed class DevelopmentKeyTests(EmbeddedAppFactory development) : IClassFixture<EmbeddedAppFactory>
{
    [Fact]
    public async Task The_development_key_is_refused_outside_Development()
    {
        // ServiceHost runs the "Testing" environment.
        var start = () => ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string?> { ["Auth:SigningKey"] = AuthOptions.DevelopmentSigningKey });

        var refused = await Assert.ThrowsAnyAsync<Exception>(start);

        var messages = Chain(refused).Select(e => e.Message).ToList();
        Assert.True(
            messages.Any(m => m.Contains("Auth:SigningKey is the development key", StringComparison.Ordinal) && m.Contains("'Testing'", StringComparison.Ordinal)),
            string.Join('\n', messages));
    }

    [Fact]
    public async Task The_development_key_signs_tokens_the_service_accepts_in_Development()
    {
        using var client = development.CreateClient();
        var token = DevTokenIssuer.Issue(new AuthOptions { SigningKey = AuthOptions.DevelopmentSigningKey }, "buyer", "B1", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var answer = await client.GetApiAsync($"/api/orders/{OrderApi.NewId()}");

        Assert.True(answer.Status == HttpStatusCode.NotFound, answer.ToString());
    }

    [Fact]
    public async Task The_token_command_prints_a_token_the_service_accepts()
    {
        // What `dotnet run --project src/OrderCancellation.Service -- token …` reads: the Development configuration.
        var configuration = development.Services.GetRequiredService<IConfiguration>();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = TokenCommand.Run(["token", "--role", "marketplace", "--sub", "M9"], configuration, output, error);

        Assert.True(exit == 0, error.ToString());
        using var client = development.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", output.ToString().Trim());
        var answer = await client.GetApiAsync($"/api/orders/{OrderApi.NewId()}");
        Assert.True(answer.Status == HttpStatusCode.NotFound, answer.ToString()); // admitted: a 404 for a missing order, not a 401
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
