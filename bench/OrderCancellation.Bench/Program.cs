// The bench tool: one JSON line per scenario. Scenarios are added by the runtime, service and feed work.
Console.Error.WriteLine("usage: dotnet run -c Release --project bench/OrderCancellation.Bench -- <scenario>");
return 2;
