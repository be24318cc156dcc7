using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Api.Feeds.Store;

/// <summary>
/// The feed tables (Feeds/Schema) on the runtime's store. Writes are short transactions through
/// <see cref="IStoreConnectionFactory.BeginWriteAsync"/>; progress moves by compare-and-set on
/// <c>checkpoint</c> so that two runs of one feed (a redelivery while the first still runs) count once.
/// </summary>
public sealed class FeedStore(IStoreConnectionFactory connections)
{
    /// <summary>Largest document chunk row.</summary>
    public const int ChunkSize = 256 * 1024;

    private const string Columns = """
        feed_id, seller_id, feed_type, status, created_at, started_at, ended_at, document_bytes, checkpoint,
        processed, successful, with_error, with_warning, fatal_code, fatal_reason, submission_fingerprint, report_rows_omitted
        """;

    private const string Insert = """
        INSERT INTO feeds (feed_id, seller_id, feed_type, status, created_at, document_bytes, checkpoint,
            processed, successful, with_error, with_warning, submission_key, submission_fingerprint)
        VALUES (@id, @seller, @type, 'IN_QUEUE', @now, @bytes, 0, 0, 0, 0, 0, @key, @fingerprint)
        ON CONFLICT DO NOTHING
        """;

    private const string SelectExisting = $"SELECT {Columns} FROM feeds WHERE feed_id = @id OR submission_key = @key";

    private const string SelectByKey = $"SELECT {Columns} FROM feeds WHERE submission_key = @key";

    // ix_feeds_seller_created serves both: the seller's bytes in the window, and (on a refusal) its feeds oldest first.
    private const string SelectUsage = "SELECT COALESCE(SUM(document_bytes), 0) FROM feeds WHERE seller_id = @seller AND created_at > @since";

    private const string SelectWindow = "SELECT created_at, document_bytes FROM feeds WHERE seller_id = @seller AND created_at > @since ORDER BY created_at";

    // PostgreSQL: one seller's submissions take turns (READ COMMITTED would let two read the same usage and both
    // pass). SQLite's single writer serializes them already.
    private const string LockSeller = "SELECT pg_advisory_xact_lock(hashtextextended('feeds-quota:' || @seller, 0))";

    private const string CountRows = "SELECT COUNT(*) FROM feed_errors WHERE feed_id = @id";

    private const string InsertChunk = "INSERT INTO feed_documents (feed_id, chunk, data) VALUES (@id, @chunk, @data)";

    private const string SelectOne = $"SELECT {Columns} FROM feeds WHERE feed_id = @id";

    // ix_feeds_seller_created serves it, read backwards.
    private const string SelectLatest = $"SELECT {Columns} FROM feeds WHERE seller_id = @seller ORDER BY created_at DESC, feed_id DESC LIMIT @limit";

    private const string SelectChunk = "SELECT data FROM feed_documents WHERE feed_id = @id AND chunk = @chunk";

    private const string Start = """
        UPDATE feeds SET status = 'IN_PROGRESS', started_at = COALESCE(started_at, @now)
        WHERE feed_id = @id AND status IN ('IN_QUEUE', 'IN_PROGRESS')
        """;

    // The compare-and-set: only the run that still sees the checkpoint it started the batch from counts it.
    private const string Advance = """
        UPDATE feeds SET checkpoint = @to, processed = processed + @processed, successful = successful + @successful,
            with_error = with_error + @errors, with_warning = with_warning + @warnings,
            report_rows_omitted = report_rows_omitted + @omitted
        WHERE feed_id = @id AND checkpoint = @from AND status = 'IN_PROGRESS'
        """;

    private const string InsertRow = """
        INSERT INTO feed_errors (feed_id, entry, record_number, order_id, line_id, error_code, error_type, message)
        VALUES (@id, @entry, @record, @order, @line, @code, @type, @message)
        ON CONFLICT (feed_id, entry) DO NOTHING
        """;

    // PostgreSQL: a batch's rows as one array per column, one statement and one round trip however many records
    // failed (row by row, a batch with 250 failed records waited for 250 round trips before its checkpoint moved).
    private const string InsertRows = """
        INSERT INTO feed_errors (feed_id, entry, record_number, order_id, line_id, error_code, error_type, message)
        SELECT @id, u.* FROM unnest(@entries::bigint[], @records::bigint[], @orders::text[], @lines::text[], @codes::text[], @types::text[], @messages::text[]) AS u
        ON CONFLICT (feed_id, entry) DO NOTHING
        """;

    private const string Finish = """
        UPDATE feeds SET status = 'DONE', ended_at = @now
        WHERE feed_id = @id AND status = 'IN_PROGRESS' AND checkpoint = @checkpoint
        """;

    private const string Fail = """
        UPDATE feeds SET status = 'FATAL', ended_at = @now, fatal_code = @code, fatal_reason = @reason
        WHERE feed_id = @id AND status IN ('IN_QUEUE', 'IN_PROGRESS')
        """;

    private const string SelectRows = """
        SELECT entry, record_number, order_id, line_id, error_code, error_type, message
        FROM feed_errors WHERE feed_id = @id ORDER BY entry
        """;

    private const string DeleteDocument = "DELETE FROM feed_documents WHERE feed_id = @id";

    private const string DeleteFeed = "DELETE FROM feeds WHERE feed_id = @id";

    /// <summary>
    /// Stores a new feed as <c>IN_QUEUE</c> with its document, atomically. When a feed with this id or this
    /// submission key exists already, stores nothing and returns it with <c>Created</c> false.
    /// </summary>
    public async Task<(FeedRow Feed, bool Created)> CreateAsync(NewFeed feed, FeedDocument document, CancellationToken cancellationToken)
    {
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        return await InsertAsync(tx, feed, document, cancellationToken);
    }

    /// <summary>
    /// As <see cref="CreateAsync"/>, within the seller's <paramref name="quota"/>: a repeat of a stored submission's
    /// Idempotency-Key finds it whatever the quota; a new one is refused when the seller's feeds created in the window
    /// and this document together pass the quota. The check and the insert are one transaction.
    /// </summary>
    public async Task<FeedSubmission> SubmitAsync(NewFeed feed, FeedDocument document, FeedQuota quota, CancellationToken cancellationToken)
    {
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        if (tx.Provider == StoreProvider.Postgres)
        {
            await tx.Command(LockSeller).With("@seller", feed.SellerId).ExecuteNonQueryAsync(cancellationToken);
        }

        if (feed.SubmissionKey is not null && await ReadOneAsync(tx.Command(SelectByKey).With("@key", feed.SubmissionKey), cancellationToken) is { } first)
        {
            return new FeedSubmission.Stored(first, false);
        }

        var since = (feed.CreatedAt - quota.Window).ToUnixTimeMilliseconds();
        var used = Convert.ToInt64(await tx.Command(SelectUsage).With("@seller", feed.SellerId).With("@since", since).ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        if (used + document.Length > quota.MaxBytes)
        {
            return new FeedSubmission.OverQuota(used, await RoomAtAsync(tx, feed, document.Length, used, quota, since, cancellationToken));
        }

        var (stored, created) = await InsertAsync(tx, feed, document, cancellationToken);
        return new FeedSubmission.Stored(stored, created);
    }

    /// <summary>When enough of the seller's feeds have left the window for <paramref name="bytes"/> more to fit.</summary>
    private static async Task<DateTimeOffset> RoomAtAsync(StoreTransaction tx, NewFeed feed, long bytes, long used, FeedQuota quota, long since, CancellationToken cancellationToken)
    {
        await using var reader = await tx.Command(SelectWindow).With("@seller", feed.SellerId).With("@since", since).ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            used -= reader.GetInt64(1);
            if (used + bytes <= quota.MaxBytes)
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)) + quota.Window;
            }
        }

        return feed.CreatedAt + quota.Window; // not reached while the quota is at least one document
    }

    private static async Task<(FeedRow Feed, bool Created)> InsertAsync(StoreTransaction tx, NewFeed feed, FeedDocument document, CancellationToken cancellationToken)
    {
        var inserted = await tx.Command(Insert)
            .With("@id", feed.FeedId).With("@seller", feed.SellerId).With("@type", feed.FeedType)
            .With("@now", feed.CreatedAt.ToUnixTimeMilliseconds()).With("@bytes", document.Length)
            .With("@key", feed.SubmissionKey).With("@fingerprint", feed.SubmissionFingerprint)
            .ExecuteNonQueryAsync(cancellationToken);
        if (inserted == 0)
        {
            var existing = await ReadOneAsync(tx.Command(SelectExisting).With("@id", feed.FeedId).With("@key", feed.SubmissionKey), cancellationToken)
                ?? throw new InvalidOperationException($"Feed {feed.FeedId} conflicted on insert but cannot be read.");
            return (existing, false);
        }

        for (var i = 0; i < document.Chunks.Count; i++)
        {
            await tx.Command(InsertChunk).With("@id", feed.FeedId).With("@chunk", i).With("@data", document.Chunks[i])
                .ExecuteNonQueryAsync(cancellationToken);
        }

        var created = await ReadOneAsync(tx.Command(SelectOne).With("@id", feed.FeedId), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return (created!, true);
    }

    public async Task<FeedRow?> GetAsync(string feedId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SelectOne;
        return await ReadOneAsync(command.With("@id", feedId), cancellationToken);
    }

    /// <summary>The seller's latest feeds, newest first (the Feeds page).</summary>
    public async Task<IReadOnlyList<FeedRow>> ListLatestAsync(string sellerId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SelectLatest;
        await using var reader = await command.With("@seller", sellerId).With("@limit", limit).ExecuteReaderAsync(cancellationToken);
        var feeds = new List<FeedRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            feeds.Add(Row(reader));
        }

        return feeds;
    }

    /// <summary>Moves an <c>IN_QUEUE</c> feed to <c>IN_PROGRESS</c> (a resumed one stays so) and returns it as it is now.</summary>
    public async Task<FeedRow?> StartAsync(string feedId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        await tx.Command(Start).With("@id", feedId).With("@now", now.ToUnixTimeMilliseconds()).ExecuteNonQueryAsync(cancellationToken);
        var feed = await ReadOneAsync(tx.Command(SelectOne).With("@id", feedId), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return feed;
    }

    /// <summary>
    /// Adds a batch's counts and report rows and moves the checkpoint, if it is still where the batch began.
    /// False when another run moved it (or ended the feed): this run's batch is not counted.
    /// </summary>
    public async Task<bool> CommitBatchAsync(string feedId, FeedBatchResult batch, CancellationToken cancellationToken)
    {
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        var advanced = await tx.Command(Advance)
            .With("@id", feedId).With("@from", batch.FromCheckpoint).With("@to", batch.ToCheckpoint)
            .With("@processed", batch.Counts.MessagesProcessed).With("@successful", batch.Counts.MessagesSuccessful)
            .With("@errors", batch.Counts.MessagesWithError).With("@warnings", batch.Counts.MessagesWithWarning)
            .With("@omitted", batch.RowsOmitted)
            .ExecuteNonQueryAsync(cancellationToken);
        if (advanced == 0)
        {
            return false;
        }

        await InsertRowsAsync(tx, feedId, batch.Rows, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary><c>DONE</c>, once: only the run whose checkpoint is the last one ends the feed.</summary>
    public async Task<bool> FinishAsync(string feedId, long checkpoint, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        var rows = await tx.Command(Finish).With("@id", feedId).With("@checkpoint", checkpoint).With("@now", now.ToUnixTimeMilliseconds())
            .ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return rows == 1;
    }

    /// <summary><c>FATAL</c> with the reason, unless the feed has ended already. Returns whether it changed.</summary>
    public async Task<bool> FailAsync(string feedId, string code, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        var rows = await tx.Command(Fail).With("@id", feedId).With("@code", code).With("@reason", reason).With("@now", now.ToUnixTimeMilliseconds())
            .ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return rows == 1;
    }

    /// <summary>Forgets a feed that was never acknowledged (its message could not be queued).</summary>
    public async Task DeleteAsync(string feedId, CancellationToken cancellationToken)
    {
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        await tx.Command(DeleteDocument).With("@id", feedId).ExecuteNonQueryAsync(cancellationToken);
        await tx.Command(DeleteFeed).With("@id", feedId).ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>How many report rows the feed has stored (the report's cap counts them across runs).</summary>
    public async Task<long> CountReportRowsAsync(string feedId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = CountRows;
        return Convert.ToInt64(await command.With("@id", feedId).ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>The document as submitted, read back one chunk at a time.</summary>
    public Stream OpenDocument(FeedRow feed) => new FeedDocumentStream(this, feed.FeedId, feed.DocumentBytes);

    internal async Task<byte[]?> ReadChunkAsync(string feedId, int chunk, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SelectChunk;
        await using var reader = await command.With("@id", feedId).With("@chunk", chunk).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (byte[])reader.GetValue(0) : null;
    }

    /// <summary>The report rows of a feed in document order, streamed.</summary>
    public async IAsyncEnumerable<FeedReportRow> ReadReportAsync(string feedId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SelectRows;
        await using var reader = await command.With("@id", feedId).ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new FeedReportRow(
                reader.GetInt64(0), reader.GetInt64(1), Text(reader, 2), Text(reader, 3), reader.GetString(4), reader.GetString(5), reader.GetString(6));
        }
    }

    /// <summary>A batch's report rows: one statement on PostgreSQL; row by row on SQLite, where a statement is a call, not a round trip.</summary>
    private static async Task InsertRowsAsync(StoreTransaction tx, string feedId, IReadOnlyList<FeedReportRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (tx.Provider == StoreProvider.Postgres)
        {
            await tx.Command(InsertRows).With("@id", feedId)
                .With("@entries", rows.Select(r => r.Entry).ToArray()).With("@records", rows.Select(r => r.RecordNumber).ToArray())
                .With("@orders", rows.Select(r => r.OrderId).ToArray()).With("@lines", rows.Select(r => r.LineId).ToArray())
                .With("@codes", rows.Select(r => r.ErrorCode).ToArray()).With("@types", rows.Select(r => r.ErrorType).ToArray())
                .With("@messages", rows.Select(r => r.Message).ToArray())
                .ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        foreach (var row in rows)
        {
            await InsertRowAsync(tx, feedId, row, cancellationToken);
        }
    }

    private static Task InsertRowAsync(StoreTransaction tx, string feedId, FeedReportRow row, CancellationToken cancellationToken) =>
        tx.Command(InsertRow)
            .With("@id", feedId).With("@entry", row.Entry).With("@record", row.RecordNumber).With("@order", row.OrderId)
            .With("@line", row.LineId).With("@code", row.ErrorCode).With("@type", row.ErrorType).With("@message", row.Message)
            .ExecuteNonQueryAsync(cancellationToken);

    private static async Task<FeedRow?> ReadOneAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Row(reader) : null;
    }

    private static FeedRow Row(DbDataReader reader) =>
        new(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            Enum.Parse<FeedStatus>(reader.GetString(3)),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
            Time(reader, 5),
            Time(reader, 6),
            reader.GetInt64(7),
            reader.GetInt64(8),
            new FeedSummary(reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11), reader.GetInt64(12)),
            Text(reader, 13),
            Text(reader, 14),
            Text(reader, 15),
            reader.GetInt64(16));

    private static DateTimeOffset? Time(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
