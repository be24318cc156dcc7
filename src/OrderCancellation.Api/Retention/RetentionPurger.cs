using Microsoft.Extensions.Options;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Api.Retention;

/// <summary>What one kind lost in a pass: rows deleted, in how many batches (transactions).</summary>
public sealed record RetentionResult(RetentionKind Kind, DateTimeOffset Cutoff, long Rows, int Batches);

/// <summary>
/// One purge pass: for each <see cref="RetentionKind"/> in order, deletes its rows older than their age in batches of
/// <see cref="RetentionOptions.BatchSize"/>, one short write transaction each (on SQLite, other writes get the
/// writer between two batches), until a batch comes back short. Stops when another instance has the turn.
/// </summary>
public sealed class RetentionPurger
{
    private readonly IStoreConnectionFactory _store;
    private readonly IRetentionSql _sql;
    private readonly IOptions<RetentionOptions> _options;
    private readonly ILogger<RetentionPurger> _logger;

    internal RetentionPurger(IStoreConnectionFactory store, IRetentionSql sql, IOptions<RetentionOptions> options, ILogger<RetentionPurger> logger)
    {
        _store = store;
        _sql = sql;
        _options = options;
        _logger = logger;
    }

    /// <summary>Purges what is older than its age at <paramref name="now"/>; the kinds in pass order, or fewer when another instance had the turn.</summary>
    public async Task<IReadOnlyList<RetentionResult>> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var results = new List<RetentionResult>();
        foreach (var kind in Enum.GetValues<RetentionKind>())
        {
            var cutoff = now - options.AgeOf(kind);
            long rows = 0;
            var batches = 0;
            while (true)
            {
                var deleted = await DeleteBatchAsync(kind, cutoff, options.BatchSize, cancellationToken);
                if (deleted is not { } count)
                {
                    RetentionLog.NotOurTurn(_logger);
                    return results;
                }

                rows += count;
                batches++;
                if (count < options.BatchSize)
                {
                    break;
                }
            }

            results.Add(new RetentionResult(kind, cutoff, rows, batches));
            if (rows > 0)
            {
                RetentionLog.Purged(_logger, rows, kind.ToString(), cutoff, batches);
            }
        }

        return results;
    }

    /// <summary>One batch in its own transaction; null when another instance is purging.</summary>
    private async Task<int?> DeleteBatchAsync(RetentionKind kind, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var tx = await _store.BeginWriteAsync(cancellationToken);
        if (await tx.Command(_sql.TakeTurn).ExecuteScalarAsync(cancellationToken) is not (true or 1L or 1))
        {
            return null;
        }

        var deleted = await tx.Command(_sql.DeleteBatch(kind))
            .With("@cutoff", cutoff.ToUnixTimeMilliseconds()).With("@batch", batchSize)
            .ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return deleted;
    }
}
