using System.Collections.Concurrent;

namespace DurableTask.Relational.Service;

/// <summary>Wakes the waits for one instance when this process completes it, and no other waits.</summary>
internal sealed class CompletionSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    /// <summary>A task that completes when <see cref="Signal"/> is called for the instance. Waits for the same
    /// instance share one task, which stays registered until its signal.</summary>
    public Task WaitFor(string instanceId) =>
        _waiting.GetOrAdd(instanceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Signal(string instanceId)
    {
        if (_waiting.TryRemove(instanceId, out var waiting))
        {
            waiting.TrySetResult();
        }
    }
}
