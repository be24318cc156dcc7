using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using OrderCancellation.Api.RateLimiting;

namespace OrderCancellation.Functions.Http;

/// <summary>
/// What the standalone host's ASP.NET Core pipeline does around an endpoint, for HTTP functions: authentication (the
/// default scheme, JWT bearer, sets <see cref="HttpContext.User"/>), authorization with the policies the function's method
/// declares (<c>[Authorize(Policy = …)]</c>, the same policies and <see cref="IPolicyEvaluator"/> as the standalone host:
/// 401 challenge or 403 with a problem document), and unhandled exceptions as a 500 problem (a
/// <see cref="BadHttpRequestException"/> as its own status). Functions are Anonymous to the Functions host: the app's JWT
/// is the only gate.
/// </summary>
public sealed class HttpPipelineMiddleware(ILogger<HttpPipelineMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        try
        {
            await AuthenticateAsync(http);
            if (!await RateLimitingSetup.AdmitAsync(http))
            {
                return; // 429 rate-limited written: what UseRateLimiter() after UseAuthentication() does in the standalone host
            }

            if (await AuthorizeAsync(http, HttpFunctionCatalog.Find(context.FunctionDefinition.Name)))
            {
                await next(context);
            }
        }
        catch (Exception exception) when (!http.Response.HasStarted && !(exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            var status = exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
            Log.Unhandled(logger, exception, context.FunctionDefinition.Name, status);
            http.Response.Clear();
            await StatusCodeProblems.WriteAsync(http, status, exception); // the function set no result: the integration adds nothing
        }
    }

    /// <summary>As <c>UseAuthentication()</c>: the default scheme's result becomes the request's user.</summary>
    internal static async Task AuthenticateAsync(HttpContext http)
    {
        var schemes = http.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
        if (await schemes.GetDefaultAuthenticateSchemeAsync() is not { } scheme)
        {
            return;
        }

        var result = await http.AuthenticateAsync(scheme.Name);
        if (result.Principal is not null)
        {
            http.User = result.Principal;
        }

        if (result.Succeeded)
        {
            var feature = new AuthenticationFeature(result);
            http.Features.Set<IHttpAuthenticationFeature>(feature);
            http.Features.Set<IAuthenticateResultFeature>(feature);
        }
    }

    /// <summary>As <c>UseAuthorization()</c> for the function's endpoint. False when the answer (401/403) is written.</summary>
    internal static async Task<bool> AuthorizeAsync(HttpContext http, HttpFunction? function)
    {
        var services = http.RequestServices;
        var policies = services.GetRequiredService<IAuthorizationPolicyProvider>();
        var policy = function is { Authorize.Count: > 0 }
            ? await AuthorizationPolicy.CombineAsync(policies, function.Authorize)
            : await policies.GetFallbackPolicyAsync();
        if (policy is null || function is { AllowAnonymous: true })
        {
            return true;
        }

        var evaluator = services.GetRequiredService<IPolicyEvaluator>();
        var authenticated = await evaluator.AuthenticateAsync(policy, http);
        var authorized = await evaluator.AuthorizeAsync(policy, authenticated, http, http);
        if (authorized.Succeeded)
        {
            return true;
        }

        // Challenge (401) or forbid (403) as the standalone host's authorization middleware does, then its status-code page.
        await services.GetRequiredService<IAuthorizationMiddlewareResultHandler>().HandleAsync(_ => Task.CompletedTask, http, policy, authorized);
        await StatusCodeProblems.WriteIfBodilessAsync(http);
        return false;
    }

    private sealed class AuthenticationFeature(AuthenticateResult result) : IHttpAuthenticationFeature, IAuthenticateResultFeature
    {
        public AuthenticateResult? AuthenticateResult { get; set; } = result;

        public System.Security.Claims.ClaimsPrincipal? User
        {
            get => AuthenticateResult?.Principal;
            set => AuthenticateResult = value is null ? null : AuthenticateResult.Success(new AuthenticationTicket(value, AuthenticateResult?.Ticket?.AuthenticationScheme ?? "Bearer"));
        }
    }
}

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Function {FunctionName} failed; answered {Status}.")]
    public static partial void Unhandled(ILogger logger, Exception exception, string functionName, int status);
}
