using OrderCancellation.Durable.Activities;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.CrashHost;

/// <summary>
/// The downstream effect, made idempotent the way a real receiver would: by the activity id it is handed.
/// Every execution is counted in crash_attempts; the effect is applied unless that activity id already applied it.
/// </summary>
public sealed class EffectActivity(IStoreConnectionFactory store) : IActivityHandler
{
    public const string ActivityName = "effect";

    public string Name => ActivityName;

    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        await using var tx = await store.BeginWriteAsync(cancellationToken);
        await tx.Command("INSERT INTO crash_attempts (activity_id, attempt) VALUES (@id, @attempt)")
            .With("@id", context.ActivityId).With("@attempt", context.Attempt).ExecuteNonQueryAsync(cancellationToken);
        await tx.Command("INSERT INTO crash_effects (activity_id, payload) SELECT @id, @payload WHERE NOT EXISTS (SELECT 1 FROM crash_effects WHERE activity_id = @id)")
            .With("@id", context.ActivityId).With("@payload", context.Payload).ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }
}
