using Microsoft.Extensions.Hosting;
using OrderCancellation.Functions.Hosting;

// The Azure host (DESIGN §8); see FunctionsApp. Without the Functions host (func, or Azure) the worker exits: it
// needs the host's endpoint to connect to.
FunctionsApp.CreateBuilder(args).Build().Run();
