using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OrderCancellation.Api.Auth;
using OrderCancellation.Service.Tests.HostSetup;
using OrderCancellation.Service.Tests.Orders;

namespace OrderCancellation.Service.Tests.Auth;

/// <summary>
/// Issue 22 point 5: <c>POST /dev/token</c> gives a usable token as text/plain in Development, anonymously, from query or
/// JSON body; a bad role is a 400 problem; outside Development the route does not exist.
/// </summary>
[Collection(HostApps.Name)]
public sealed class DevTokenEndpointTests(DevelopmentApp development, ProductionApp production)
{
    [Fact]
    public async Task In_Development_it_answers_a_token_as_text_that_the_API_accepts()
    {
        using var client = development.CreateClient();

        using var answer = await client.PostAsync(new Uri("/dev/token?role=buyer&sub=B1", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("text/plain", answer.Content.Headers.ContentType?.MediaType);
        var token = await answer.Content.ReadAsStringAsync();
        Assert.Equal("B1", new JwtSecurityTokenHandler().ReadJwtToken(token).Subject);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var orders = await client.GetApiAsync("/api/orders");
        Assert.True(orders.Status == HttpStatusCode.OK, orders.ToString());
    }

    [Fact]
    public async Task In_Development_it_takes_the_role_and_sub_from_a_JSON_body()
    {
        using var client = development.CreateClient();

        using var answer = await client.PostAsJsonAsync(new Uri("/dev/token", UriKind.Relative), new { role = "seller", sub = "S9" });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var token = new JwtSecurityTokenHandler().ReadJwtToken(await answer.Content.ReadAsStringAsync());
        Assert.Equal("seller", token.Claims.Single(c => c.Type == Roles.ClaimType).Value);
        Assert.Equal("S9", token.Subject);
    }

    [Theory]
    [InlineData("role=admin&sub=B1", "role")]
    [InlineData("sub=B1", "role")]
    [InlineData("role=buyer", "sub")]
    [InlineData("role=buyer&sub=B%201", "sub")]
    public async Task A_bad_role_or_sub_is_a_400_problem_naming_the_field(string query, string field)
    {
        using var client = development.CreateClient();

        using var answer = await client.PostAsync(new Uri($"/dev/token?{query}", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        using var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal("validation-failed", problem.RootElement.GetProperty("code").GetString());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
    }

    [Fact]
    public async Task Outside_Development_the_route_does_not_exist()
    {
        using var client = production.CreateClient();

        using var answer = await client.PostAsync(new Uri("/dev/token?role=buyer&sub=B1", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.DoesNotContain("eyJ", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
