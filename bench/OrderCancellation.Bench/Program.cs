// The bench tool: one JSON line per scenario. Scenarios are added by the runtime, service and feed work.
if (args is [OrderCancellation.Bench.FeedIngestionScenario.Name, .. var feedArgs])
{
    return await OrderCancellation.Bench.FeedIngestionScenario.RunAsync(feedArgs);
}

Console.Error.WriteLine("usage: dotnet run -c Release --project bench/OrderCancellation.Bench -- <scenario>");
return 2;
