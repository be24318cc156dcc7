using Microsoft.Extensions.Options;
using OrderCancellation.Api.Http;

namespace OrderCancellation.Api.Auth;

/// <summary>
/// <c>POST /dev/token?role=buyer&amp;sub=B1</c> (or a JSON body <c>{"role","sub"}</c>) answers a dev token as text/plain,
/// the HTTP twin of the <c>token</c> command. Anonymous, since it is how a caller gets a token; so it is mapped only in
/// Development and only when <c>Auth:SigningKey</c> is set: anywhere else the route does not exist (404).
/// </summary>
public static class DevTokenEndpoint
{
    public const string Route = "/dev/token";

    /// <summary>Kept out of the OpenAPI document and of the Functions host's table: the standalone host's Development tools (this and the Scalar UI).</summary>
    public const string EndpointGroup = "development";

    public static IEndpointRouteBuilder MapDevToken(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var environment = app.ServiceProvider.GetRequiredService<IHostEnvironment>();
        var auth = app.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (environment.IsDevelopment() && !string.IsNullOrEmpty(auth.SigningKey))
        {
            app.MapPost(Route, IssueAsync).AllowAnonymous().WithGroupName(EndpointGroup).ExcludeFromDescription();
        }

        return app;
    }

    internal static async Task<IResult> IssueAsync(HttpRequest request, IOptions<AuthOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        string? role = request.Query["role"];
        string? subject = request.Query["sub"];
        if (role is null && subject is null && request.ContentLength is not 0 && !string.IsNullOrEmpty(request.ContentType))
        {
            var (body, problem) = await JsonBody.ReadAsync<DevTokenRequest>(request, ApiJson.Options, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            (role, subject) = (body!.Role, body.Sub);
        }

        var errors = new Dictionary<string, string[]>();
        if (!Roles.IsKnown(role))
        {
            errors["role"] = [$"Expected one of {string.Join(", ", Roles.All)}."];
        }

        if (!InputBounds.IsId(subject))
        {
            errors["sub"] = [InputBounds.DescribeId("sub")];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var lifetime = TokenCommand.DefaultLifetime < options.Value.MaxTokenLifetime ? TokenCommand.DefaultLifetime : options.Value.MaxTokenLifetime;
        return TypedResults.Text(DevTokenIssuer.Issue(options.Value, role!, subject!, lifetime, time.GetUtcNow()), "text/plain");
    }

    internal sealed record DevTokenRequest(string? Role, string? Sub);
}
