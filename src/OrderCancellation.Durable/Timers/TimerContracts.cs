namespace OrderCancellation.Durable.Timers;

public sealed record DueTimer(string InstanceId, string Name, DateTimeOffset DueAt, string Payload);
