using OrderCancellation.Durable;
using OrderCancellation.Functions.Activities;
using OrderCancellation.Functions.Auth;
using OrderCancellation.Functions.CustomHandler;
using OrderCancellation.Functions.Feeds;
using OrderCancellation.Functions.Feeds.Http;
using OrderCancellation.Functions.Hosting;
using OrderCancellation.Functions.Http;
using OrderCancellation.Functions.Metrics;
using OrderCancellation.Functions.Notifications;
using OrderCancellation.Functions.Orders;
using OrderCancellation.Functions.Runtime;

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
builder.Services.AddOrders(builder.Configuration);
builder.Services.AddActivities(builder.Configuration);
builder.Services.AddFeeds(builder.Configuration);
builder.AddCustomHandler();

var app = builder.Build();
app.UseHttpApi();
app.UseAuthentication();
app.UseAuthorization();
app.MapHealthEndpoints();
app.MapOrders();
app.MapCancellationRate();
app.MapRuntimeStatus();
app.MapSubscriptionEndpoints();
app.MapFeedEndpoints();
app.MapCustomHandlerEndpoints();
app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
