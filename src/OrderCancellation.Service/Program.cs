using OrderCancellation.Api;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Engine;
using OrderCancellation.Api.Http;
using OrderCancellation.Api.Telemetry;
using OrderCancellation.Pages;
using OrderCancellation.Service;

var builder = WebApplication.CreateBuilder(args);
builder.AddFunctionsHostConventions();
if (TokenCommand.IsInvoked(args))
{
    return TokenCommand.Run(args, builder.Configuration, Console.Out, Console.Error);
}

builder.Services.AddOrderCancellationApi(builder.Configuration);
builder.Services.AddWorkflowEngine(builder.Configuration);
builder.Services.AddOrderCancellationTelemetry(builder.Configuration);
builder.Services.AddOrderCancellationPages(builder.Configuration);

var app = builder.Build();
app.UseHttpApi();
app.UseAuthentication();
app.UseRateLimiter(); // after authentication: the limit is per caller (RateLimits section)
app.UseAuthorization();
app.MapOrderCancellationApi();
app.MapOrderCancellationTelemetry(); // GET /metrics when Telemetry:Prometheus is true
app.MapOrderCancellationPages();
app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
