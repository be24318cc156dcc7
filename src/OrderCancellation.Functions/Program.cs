using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using OrderCancellation.Api;
using OrderCancellation.Functions.Hosting;
using OrderCancellation.Functions.Http;

// The Azure host (DESIGN §8): the same registration as the standalone host (AddOrderCancellationApi: auth, store,
// read model, orders, activities' ports, feeds), the worker's ASP.NET Core integration for HTTP, and the app's JWT
// policies enforced in front of every HTTP function (they are Anonymous to the Functions host).
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<HttpPipelineMiddleware>();

builder.Services.AddOrderCancellationApi(builder.Configuration);
builder.Services.AddFunctionsHost(builder.Configuration);

builder.Build().Run();
