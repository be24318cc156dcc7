using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.Runtime;

/// <summary>
/// Group commit for SQLite, whose single writer would otherwise pay one commit per step. Steps queue up;
/// whoever finds no batch running leads: it runs up to <see cref="MaxBatch"/> queued steps in one
/// transaction, in order, commits once, and only then answers each caller, so "Applied" still means
/// committed. Each step sees the writes of the steps before it, exactly as if they had committed one by
/// one. A step that throws (its Decide, its transactional writes, the database) rolls the whole
/// transaction back: that step gets the exception and the others run again without it (Decide is pure,
/// so re-running is safe). A replay or a conflict writes nothing, so it needs no rollback.
/// A leader whose own step is answered while others wait hands the lead to a background loop, so no
/// caller serves others indefinitely.
/// </summary>
internal sealed class SqliteGroupCommit(IServiceProvider services, IStoreConnectionFactory connections, WorkSignals signals)
{
    private const int MaxBatch = 64;
    private readonly ConcurrentQueue<Pending> _queue = new();
    private int _leading;

    // Resolved lazily: StepExecutor depends on this class and this class runs StepExecutor's step body.
    private StepExecutor Steps => services.GetRequiredService<StepExecutor>();

    public async Task<StepResult> ExecuteAsync(StepRequest request, Decide decide, CancellationToken cancellationToken)
    {
        var pending = new Pending(request, decide, cancellationToken);
        _queue.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _leading, 1, 0) == 0)
        {
            await LeadAsync(pending);
        }

        return await pending.Completion.Task;
    }

    private async Task LeadAsync(Pending? mine)
    {
        var batch = new List<Pending>(MaxBatch);
        for (var round = 0; ; round++)
        {
            if (round > 0 && !_queue.IsEmpty)
            {
                // Others are queuing: let the callers just answered (their continuations wait on the pool)
                // queue their next steps too, so the next batch is fuller. A lone caller never yields.
                await Task.Yield();
            }

            batch.Clear();
            while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count == 0)
            {
                Volatile.Write(ref _leading, 0);
                // A step queued after the drain but before the release found us leading: take it.
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _leading, 1, 0) != 0)
                {
                    return;
                }

                continue;
            }

            while (batch.Count > 0)
            {
                batch = await RunBatchAsync(batch);
            }

            if (mine is not null && mine.Completion.Task.IsCompleted && !_queue.IsEmpty)
            {
                _ = Task.Run(() => LeadAsync(null)); // still leading (_leading stays 1), from the pool
                return;
            }
        }
    }

    /// <summary>Runs the batch in one transaction; returns the steps to run again (empty when done).</summary>
    private async Task<List<Pending>> RunBatchAsync(List<Pending> batch)
    {
        var written = new WorkWritten();
        var answers = new List<(Pending Step, StepResult Result)>(batch.Count);
        var keepAny = false;
        try
        {
            // Callers wait for these answers: their batch goes ahead of pollers and activity handlers.
            await using var tx = await connections.BeginWriteAsync(WritePriority.Interactive, CancellationToken.None);
            foreach (var step in batch)
            {
                if (step.CancellationToken.IsCancellationRequested)
                {
                    continue; // answered below, after the outcome of the others is known
                }

                try
                {
                    var (result, keep) = await Steps.RunAsync(tx, step.Request, step.Decide, written, step.CancellationToken);
                    keepAny |= keep;
                    answers.Add((step, result));
                }
                catch (Exception ex) when (batch.Count > 1)
                {
                    // Undo the batch; this step fails alone, the rest run again.
                    await tx.RollbackAsync();
                    step.Completion.TrySetException(ex);
                    return [.. batch.Where(s => s != step)];
                }
            }

            if (keepAny)
            {
                await tx.CommitAsync();
            }
            else
            {
                await tx.RollbackAsync();
            }
        }
        catch (Exception ex)
        {
            // The transaction failed as a whole (e.g. SQLITE_BUSY from another process): nobody's step committed.
            foreach (var step in batch)
            {
                step.Completion.TrySetException(ex);
            }

            return [];
        }

        foreach (var step in batch.Where(s => s.CancellationToken.IsCancellationRequested))
        {
            step.Completion.TrySetCanceled(step.CancellationToken);
        }

        foreach (var (step, result) in answers)
        {
            step.Completion.TrySetResult(result);
        }

        signals.Notify(written);
        return [];
    }

    private sealed record Pending(StepRequest Request, Decide Decide, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<StepResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
