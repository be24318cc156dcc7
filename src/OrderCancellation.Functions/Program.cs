using OrderCancellation.Durable;
using OrderCancellation.Functions.Auth;
using OrderCancellation.Functions.CustomHandler;
using OrderCancellation.Functions.Feeds;
using OrderCancellation.Functions.Feeds.Http;
using OrderCancellation.Functions.Hosting;
using OrderCancellation.Functions.Http;
using OrderCancellation.Functions.Metrics;
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
builder.AddCustomHandler();
builder.Services.AddDurableRuntime(builder.Configuration);
builder.Services.AddOrders(builder.Configuration);
builder.Services.AddFeeds(builder.Configuration);

var app = builder.Build();
app.UseHttpApi();
app.UseAuthentication();
app.UseAuthorization();
app.MapHealthEndpoints();
app.MapCustomHandlerEndpoints();
app.MapOrders();
app.MapCancellationRate();
app.MapRuntimeStatus();
app.MapFeedEndpoints();
app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
