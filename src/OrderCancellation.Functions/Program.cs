using OrderCancellation.Functions.Auth;
using OrderCancellation.Functions.CustomHandler;
using OrderCancellation.Functions.Feeds;
using OrderCancellation.Functions.Feeds.Http;
using OrderCancellation.Functions.Hosting;
using OrderCancellation.Functions.Http;

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
builder.Services.AddFeeds(builder.Configuration);

var app = builder.Build();
app.UseHttpApi();
app.UseAuthentication();
app.UseAuthorization();
app.MapHealthEndpoints();
app.MapCustomHandlerEndpoints();
app.MapFeedEndpoints();
app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
