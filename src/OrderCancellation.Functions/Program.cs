using OrderCancellation.Functions.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddFunctionsHostConventions();
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapHealthEndpoints();
app.Run();

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
