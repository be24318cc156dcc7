using Npgsql;

namespace OrderCancellation.Durable.Storage;

/// <summary>
/// Writes whose results nobody reads. PostgreSQL: queued and sent in one round trip (an <see cref="NpgsqlBatch"/>)
/// at <see cref="FlushAsync"/>; SQLite (in-process, no round trips): executed at once on the writer's prepared commands.
/// Flush before reading anything those writes could change.
/// </summary>
internal sealed class WriteBatch(StoreTransaction tx) : IAsyncDisposable
{
    private NpgsqlBatch? _batch;

    public async ValueTask AddAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        if (tx.Provider == StoreProvider.Sqlite)
        {
            var command = tx.Command(sql);
            foreach (var (name, value) in parameters)
            {
                command.With(name, value);
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        _batch ??= new NpgsqlBatch((NpgsqlConnection)tx.Connection, (NpgsqlTransaction)tx.Transaction);
        var batchCommand = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            batchCommand.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        }

        _batch.BatchCommands.Add(batchCommand);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_batch is { BatchCommands.Count: > 0 } batch)
        {
            _batch = null;
            await using (batch)
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_batch is not null)
        {
            await _batch.DisposeAsync();
        }
    }
}
