using OrderCancellation.Api.Activities;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Engine;
using OrderCancellation.Api.Feeds;
using OrderCancellation.Api.Feeds.Http;
using OrderCancellation.Api.Hosting;
using OrderCancellation.Service;
using OrderCancellation.Api.Http;
using OrderCancellation.Api.Metrics;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Api.Orders;
using OrderCancellation.Api.ReadModel;
using OrderCancellation.Api.Runtime;
using OrderCancellation.Store;

var builder = WebApplication.CreateBuilder(args);
builder.AddFunctionsHostConventions();
if (TokenCommand.IsInvoked(args))
{
    return TokenCommand.Run(args, builder.Configuration, Console.Out, Console.Error);
}

builder.Services.AddHealthChecks();
builder.Services.AddHttpApi();
builder.Services.AddOrderCancellationAuth(builder.Configuration);
builder.Services.AddStore(builder.Configuration); // first: its schema is migrated before anything reads the tables
builder.Services.AddReadModel();
builder.Services.AddOrders(builder.Configuration);
builder.Services.AddActivities(builder.Configuration);
builder.Services.AddFeeds(builder.Configuration);
builder.Services.AddWorkflowEngine(builder.Configuration);

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
app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
