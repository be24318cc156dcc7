using OrderCancellation.Functions.CustomHandler;
using OrderCancellation.Functions.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddFunctionsHostConventions();
builder.Services.AddHealthChecks();
builder.AddCustomHandler();

var app = builder.Build();
app.MapHealthEndpoints();
app.MapCustomHandlerEndpoints();
app.Run();

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
