using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using OrderCancellation.Api.Auth;
using OrderCancellation.Service.Tests.Orders;

namespace OrderCancellation.Service.Tests.HostSetup;

/// <summary>
/// Issue 22 point 6: every 4xx is logged at Debug as "{Method} {Path} answered {Status} {Code}" whichever part of the
/// app wrote it; in Development each request is logged once at Information with method, path, status and duration;
/// outside Development it is not.
/// </summary>
[Collection(HostApps.Name)]
public sealed class RequestLoggingTests(DevelopmentApp development, ProductionApp production)
{
    private const string ClientErrors = "OrderCancellation.Api.Http.RequestLogging";
    private const string HttpLogging = "Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware";

    [Fact]
    public async Task A_404_order_not_found_is_logged_at_Debug_with_its_code()
    {
        var path = $"/api/orders/{OrderApi.NewId()}";
        using var buyer = Client(development, Roles.Buyer);

        var answer = await buyer.GetApiAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        var entry = Assert.Single(await ClientErrorsAsync(development, path));
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Equal($"GET {path} answered 404 order-not-found", entry.Message);
    }

    [Fact]
    public async Task A_400_is_logged_at_Debug_with_its_code()
    {
        using var seller = Client(development, Roles.Seller);

        var answer = await seller.PostApiAsync("/api/feeds?feedType=NOT_A_FEED", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        var entry = Assert.Single(await ClientErrorsAsync(development, "/api/feeds"), e => e.Message.Contains("400", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Equal("POST /api/feeds answered 400 validation-failed", entry.Message);
    }

    [Fact]
    public async Task The_routing_415_and_a_401_challenge_are_logged_with_their_codes()
    {
        var path = $"/api/orders/{OrderApi.NewId()}/history";
        using var anonymous = development.CreateClient();
        using var seller = Client(development, Roles.Seller);

        await anonymous.GetApiAsync(path);
        using var content = new StringContent("x", Encoding.UTF8, "text/csv");
        using var refused = await seller.PostAsync(new Uri("/api/feeds?feedType=JSON_ORDER_CANCELLATION", UriKind.Relative), content);

        Assert.Equal($"GET {path} answered 401 unauthenticated", Assert.Single(await ClientErrorsAsync(development, path)).Message);
        Assert.Contains(await ClientErrorsAsync(development, "/api/feeds"), e => e.Message == "POST /api/feeds answered 415 unsupported-media-type");
    }

    [Fact]
    public async Task In_Development_a_request_is_logged_once_at_Information_with_method_path_status_and_duration()
    {
        var path = $"/api/orders/{OrderApi.NewId()}";
        using var buyer = Client(development, Roles.Buyer);

        await buyer.GetApiAsync(path);

        var entry = Assert.Single(await development.Logs.WaitForAsync(e => e.Category == HttpLogging && Text(e, "Path") == path));
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal("GET", Text(entry, "Method"));
        Assert.Equal("404", Text(entry, "StatusCode"));
        Assert.True(entry.Values.ContainsKey("Duration"), entry.Message);
        Assert.DoesNotContain("Bearer", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_Development_requests_are_not_logged_at_Information_but_4xx_still_at_Debug()
    {
        var path = $"/api/orders/{OrderApi.NewId()}";
        using var buyer = Client(production, Roles.Buyer, ServiceHostKey);

        await buyer.GetApiAsync(path);

        Assert.Single(await ClientErrorsAsync(production, path)); // written after the request's own log would have been
        Assert.DoesNotContain(production.Logs.Entries, e => e.Category == HttpLogging);
    }

    private const string ServiceHostKey = Infrastructure.ServiceHost.SigningKey;

    private static HttpClient Client(LoggedApp app, string role, string signingKey = AuthOptions.DevelopmentSigningKey)
    {
        var client = app.CreateClient();
        var token = DevTokenIssuer.Issue(new AuthOptions { SigningKey = signingKey }, role, "L1", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static Task<IReadOnlyList<LogEntry>> ClientErrorsAsync(LoggedApp app, string path) =>
        app.Logs.WaitForAsync(e => e.Category == ClientErrors && Text(e, "Path") == path);

    /// <summary>A structured value as text (HTTP logging keeps the path as a <c>PathString</c>).</summary>
    private static string? Text(LogEntry entry, string key) =>
        Convert.ToString(entry.Values.GetValueOrDefault(key), System.Globalization.CultureInfo.InvariantCulture);
}
