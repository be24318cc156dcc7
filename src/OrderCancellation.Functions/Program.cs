using OrderCancellation.Functions.Auth;
using OrderCancellation.Functions.CustomHandler;
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

var app = builder.Build();
app.UseHttpApi();
app.UseAuthentication();
app.UseAuthorization();
app.MapHealthEndpoints();
app.MapCustomHandlerEndpoints();
app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
