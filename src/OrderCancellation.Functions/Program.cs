using OrderCancellation.Durable;
using OrderCancellation.Functions.Activities;
using OrderCancellation.Functions.Auth;
using OrderCancellation.Functions.Hosting;
using OrderCancellation.Functions.Http;
using OrderCancellation.Functions.Notifications;

var builder = WebApplication.CreateBuilder(args);
builder.AddFunctionsHostConventions();
if (TokenCommand.IsInvoked(args))
{
    return TokenCommand.Run(args, builder.Configuration, Console.Out, Console.Error);
}

builder.Services.AddHealthChecks();
builder.Services.AddHttpApi();
builder.Services.AddOrderCancellationAuth(builder.Configuration);
builder.Services.AddDurableRuntime(builder.Configuration);
builder.Services.AddActivities(builder.Configuration);

var app = builder.Build();
app.UseHttpApi();
app.UseAuthentication();
app.UseAuthorization();
app.MapHealthEndpoints();
app.MapSubscriptionEndpoints();
app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
