using System.Collections.Concurrent;
using OrderCancellation.Durable.Activities;

namespace OrderCancellation.Durable.Tests.Support;

/// <summary>An activity handler that records every execution; it can be told to fail or to wait for a gate.</summary>
public sealed class RecordingActivity(string name = RecordingActivity.DefaultName) : IActivityHandler
{
    public const string DefaultName = "record";

    public string Name { get; } = name;

    public ConcurrentQueue<ActivityContext> Executions { get; } = new();

    /// <summary>When set, every execution throws.</summary>
    public bool Fail { get; set; }

    /// <summary>When set, executions wait for it (after being recorded).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        Executions.Enqueue(context);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Fail)
        {
            throw new InvalidOperationException($"{Name} failed on attempt {context.Attempt}");
        }
    }
}
