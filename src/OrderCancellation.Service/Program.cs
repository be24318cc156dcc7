using OrderCancellation.Api;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Engine;
using OrderCancellation.Api.Http;
using OrderCancellation.Api.Telemetry;
using OrderCancellation.Pages;
using OrderCancellation.Service;

// The token command, help and mistakes are answered before any host exists: at once, and never a second service.
if (ServiceCommandLine.Handle(args, Console.Out, Console.Error) is { } exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(FunctionsHostConventions.Options(args));
builder.AddFunctionsHostConventions();
builder.Services.AddOrderCancellationApi(builder.Configuration);
builder.Services.AddWorkflowEngine(builder.Configuration);
builder.Services.AddOrderCancellationTelemetry(builder.Configuration);
builder.Services.AddOrderCancellationPages(builder.Configuration);
builder.Services.AddRequestLogging();

var app = builder.Build();
app.UseRequestLogging(); // outermost: it sees the final status and the whole duration
app.UseHttpApi();
app.UseAuthentication();
app.UseRateLimiter(); // after authentication: the limit is per caller (RateLimits section)
app.UseAuthorization();
app.MapOrderCancellationApi();
app.MapOrderCancellationTelemetry(); // GET /metrics when Telemetry:Prometheus is true
app.MapOrderCancellationPages();
app.MapDevToken(); // POST /dev/token, in Development only
app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
