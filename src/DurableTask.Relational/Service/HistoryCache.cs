using DurableTask.Core;
using DurableTask.Core.History;

namespace DurableTask.Relational.Service;

/// <summary>
/// The histories this worker wrote last, so the next step of a busy instance need not read and parse its whole
/// history again (parsing DTFx's JSON was most of a step's cost). An entry is used only when the instance row
/// still names the same execution and history length, i.e. nobody else has written a step since; otherwise
/// the history is read. Bounded: least recently used instances are dropped past the capacity.
/// </summary>
internal sealed class HistoryCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private readonly Lock _lock = new();

    public void Put(string instanceId, OrchestrationRuntimeState state)
    {
        if (capacity == 0 || state.OrchestrationInstance?.ExecutionId is not { } execution)
        {
            return;
        }

        var entry = new Entry(instanceId, execution, [.. state.Events]);
        lock (_lock)
        {
            RemoveLocked(instanceId);
            _entries[instanceId] = _recency.AddFirst(entry);
            if (_entries.Count > capacity)
            {
                RemoveLocked(_recency.Last!.Value.InstanceId);
            }
        }
    }

    public void Remove(string instanceId)
    {
        lock (_lock)
        {
            RemoveLocked(instanceId);
        }
    }

    /// <summary>A copy of the cached history when it is still the stored one.</summary>
    public List<HistoryEvent>? TryGet(string instanceId, string executionId, long historyCount)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(instanceId, out var node))
            {
                return null;
            }

            if (node.Value.ExecutionId != executionId || node.Value.Events.Length != historyCount)
            {
                RemoveLocked(instanceId);
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return [.. node.Value.Events];
        }
    }

    private void RemoveLocked(string instanceId)
    {
        if (_entries.Remove(instanceId, out var node))
        {
            _recency.Remove(node);
        }
    }

    private sealed record Entry(string InstanceId, string ExecutionId, HistoryEvent[] Events);
}
