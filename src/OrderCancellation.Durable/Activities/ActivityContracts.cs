namespace OrderCancellation.Durable.Activities;

/// <param name="ActivityId">Stable across retries: hand it downstream as the idempotency key.</param>
/// <param name="Attempt">1 for the first try.</param>
public sealed record ActivityContext(string ActivityId, string InstanceId, string Name, string Payload, int Attempt);

/// <summary>Runs one kind of activity. Executed outside any store transaction, at least once.</summary>
public interface IActivityHandler
{
    string Name { get; }

    Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken);
}

/// <summary>An activity that exhausted its attempts.</summary>
public sealed record DeadActivity(string ActivityId, string InstanceId, string Name, string Payload, int Attempts, string LastError);
