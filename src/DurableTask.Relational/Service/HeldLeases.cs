using System.Collections.Concurrent;

namespace DurableTask.Relational.Service;

/// <summary>
/// The leases this service object holds now: orchestration instances (with their lease token) and activity rows (with
/// their fence), from the claim until the completion, abandonment or release that settles them. A stop hands back what
/// is left by primary key and fence, so nothing waits for a lease to run out, and nothing another worker holds is
/// touched (two service objects in one process may share a worker id).
/// </summary>
internal sealed class HeldLeases
{
    private readonly ConcurrentDictionary<string, long> _orchestrations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, long> _activities = new();

    public void Orchestration(string instanceId, long token) => _orchestrations[instanceId] = token;

    public void Activity(long row, long fence) => _activities[row] = fence;

    // Removed only with the token it was held with: the same instance may already be claimed again by this worker.
    public void OrchestrationSettled(string instanceId, long token) => _orchestrations.TryRemove(new(instanceId, token));

    public void ActivitySettled(long row, long fence) => _activities.TryRemove(new(row, fence));

    public IReadOnlyList<(string InstanceId, long Token)> Orchestrations => [.. _orchestrations.Select(p => (p.Key, p.Value))];

    public IReadOnlyList<(long Row, long Fence)> Activities => [.. _activities.Select(p => (p.Key, p.Value))];
}
