using Microsoft.Data.Sqlite;

namespace DurableTask.Relational.Sqlite;

/// <summary>
/// Copies the WAL back into the database file from a connection of its own, every <c>interval</c>, so the writer
/// never does it: SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL pages, with an fsync,
/// and the single writer (every write of the process) waited for it. PASSIVE never blocks the writer or readers;
/// the WAL file is reused from its start once a checkpoint has caught up.
/// </summary>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    // ReadWrite, not ReadWriteCreate: a database deleted under it is not created again.
    public SqliteCheckpointer(string connectionString, TimeSpan interval) =>
        _loop = Task.Run(() => RunAsync(
            new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString(), interval, _stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static async Task RunAsync(string connectionString, TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stop))
        {
            try
            {
                await using var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync(stop);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                await command.ExecuteNonQueryAsync(stop);
            }
            catch (SqliteException)
            {
                // A busy or missing database this round (the next round tries again); the WAL only grows meanwhile.
            }
        }
    }
}
