namespace DurableTask.Relational.Store;

/// <summary>
/// Every statement of the provider, written once for both databases (see <see cref="SqlDialect"/> for the
/// fragments that differ). Lock order, on PostgreSQL where it matters: a transaction that changes an
/// instance's messages first locks that instance's row (the fence or touch statement), then writes messages,
/// activities and history, so the statement that recomputes <c>next_visible_at</c> always runs after any
/// concurrent writer of the same instance committed.
/// </summary>
internal sealed class SqlStatements(SqlDialect dialect)
{
    public const string StateColumns =
        "instance_id, execution_id, name, version, status, created_at, last_updated_at, completed_at, " +
        "scheduled_start_at, input, output, custom_status, failure_details, tags, parent_instance";

    public SqlDialect Dialect => dialect;

    // Creating an instance: the unique key decides who creates it; the loser reads the row under lock.
    public string InsertInstance { get; } = dialect.Apply("""
        INSERT INTO {T}instances (instance_id, execution_id, name, version, status, created_at, last_updated_at,
            scheduled_start_at, input, tags, parent_instance, next_visible_at)
        VALUES (@id, @execution, @name, @version, 'Pending', @now, @now, @start, @input, @tags, @parent, @visible)
        ON CONFLICT (instance_id) DO NOTHING
        """);

    public string SelectStatusForUpdate { get; } = dialect.Apply(
        "SELECT status FROM {T}instances WHERE instance_id = @id {LOCK}");

    public string ResetInstance { get; } = dialect.Apply("""
        UPDATE {T}instances SET execution_id = @execution, name = @name, version = @version, status = 'Pending',
            created_at = @now, last_updated_at = @now, completed_at = NULL, scheduled_start_at = @start, input = @input,
            output = NULL, custom_status = NULL, failure_details = NULL, tags = @tags, parent_instance = @parent,
            history_count = 0, next_visible_at = @visible, lock_owner = NULL, lock_expires_at = 0
        WHERE instance_id = @id
        """);

    public string DeleteHistory { get; } = dialect.Apply("DELETE FROM {T}history WHERE instance_id = @id");
    public string DeleteMessages { get; } = dialect.Apply("DELETE FROM {T}messages WHERE instance_id = @id");
    public string DeleteActivities { get; } = dialect.Apply("DELETE FROM {T}activities WHERE instance_id = @id");
    public string DeleteInstance { get; } = dialect.Apply("DELETE FROM {T}instances WHERE instance_id = @id");

    // Sending a message: the touch locks the target's row and says whether it exists; then the insert.
    public string TouchForMessage { get; } = dialect.Apply("""
        UPDATE {T}instances SET next_visible_at =
            CASE WHEN next_visible_at IS NULL OR next_visible_at > @visible THEN @visible ELSE next_visible_at END
        WHERE instance_id = @id
        """);

    public string InsertMessage { get; } = dialect.Apply(
        "INSERT INTO {T}messages (instance_id, visible_at, body) VALUES (@id, @visible, @body)");

    // In a batch after the touch: stores the message only if its instance exists (0 rows: no such instance).
    public string InsertMessageIfInstance { get; } = dialect.Apply("""
        INSERT INTO {T}messages (instance_id, visible_at, body)
        SELECT @id, @visible, @body WHERE EXISTS (SELECT 1 FROM {T}instances WHERE instance_id = @id)
        """);

    // The orchestration claim: instances with a due message and no live lease, earliest due first.
    public string ClaimOrchestrations { get; } = dialect.Apply("""
        UPDATE {T}instances SET lock_owner = @owner, lock_expires_at = @until, lock_token = lock_token + 1
        WHERE instance_id IN (
            SELECT instance_id FROM {T}instances
            WHERE next_visible_at <= @now AND lock_expires_at <= @now
            ORDER BY next_visible_at LIMIT @limit {SKIP})
        RETURNING instance_id, execution_id, status, lock_token, lock_expires_at, history_count
        """);

    // An idle dispatcher's read before it claims (claims are writes: on SQLite they queue for the one writer):
    // when the next message of an unleased instance falls due (at or before now: claim).
    public string NextDueMessage { get; } = dialect.Apply(
        "SELECT MIN(next_visible_at) FROM {T}instances WHERE next_visible_at IS NOT NULL AND lock_expires_at <= @now");

    // The same for activities: when the next unleased activity is free to claim.
    public string NextFreeActivity { get; } = dialect.Apply("SELECT MIN(lock_expires_at) FROM {T}activities");

    // The backlog gauges (ProviderMetrics): the conditions of ClaimOrchestrations and ClaimActivities, counted.
    public string ReadyOrchestrations { get; } = dialect.Apply("SELECT COUNT(*) FROM {T}instances WHERE next_visible_at <= @now AND lock_expires_at <= @now");

    public string ReadyActivities { get; } = dialect.Apply("SELECT COUNT(*) FROM {T}activities WHERE lock_expires_at <= @now");

    public string LoadHistory { get; } = dialect.Apply(
        "SELECT event FROM {T}history WHERE instance_id = @id ORDER BY seq");

    public string LoadMessages { get; } = dialect.Apply(
        "SELECT id, body FROM {T}messages WHERE instance_id = @id AND visible_at <= @now ORDER BY id");

    // Completing or abandoning an orchestration work item: the fence first (it locks the row), release last.
    public string FenceOrchestration { get; } = dialect.Apply(
        "UPDATE {T}instances SET last_updated_at = @now WHERE instance_id = @id AND lock_owner = @owner AND lock_token = @token");

    public string RenewOrchestration { get; } = dialect.Apply(
        "UPDATE {T}instances SET lock_expires_at = @until WHERE instance_id = @id AND lock_owner = @owner AND lock_token = @token");

    public string DeleteMessagesByIds { get; } = dialect.Apply("DELETE FROM {T}messages WHERE id {IDS}");

    // The last statement of a completion: the new state and the lease released, in one row update.
    public string UpdateStateAndRelease { get; } = dialect.Apply("""
        UPDATE {T}instances SET execution_id = @execution, name = @name, version = @version, status = @status,
            last_updated_at = @now, completed_at = @completed, input = @input, output = @output,
            custom_status = @custom, failure_details = @failure, tags = @tags,
            lock_owner = NULL, lock_expires_at = 0,
            history_count = CASE WHEN @historyCount < 0 THEN history_count ELSE @historyCount END,
            next_visible_at = (SELECT MIN(visible_at) FROM {T}messages WHERE instance_id = @id)
        WHERE instance_id = @id
        """);

    /// <summary>One statement appending <paramref name="rows"/> history rows (parameters <c>@id</c>, <c>@seq0</c>,
    /// <c>@e0</c>, …): a step's events go in one statement, not one each.</summary>
    public string InsertHistoryRows(int rows) => _historyInserts.GetOrAdd(rows, n => dialect.Apply(
        "INSERT INTO {T}history (instance_id, seq, event) VALUES " +
        string.Join(", ", Enumerable.Range(0, n).Select(i => $"(@id, @seq{i}, @e{i})"))));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> _historyInserts = new();

    public string ReleaseOrchestration { get; } = dialect.Apply("""
        UPDATE {T}instances SET lock_owner = NULL, lock_expires_at = @hiddenUntil,
            history_count = CASE WHEN @historyCount < 0 THEN history_count ELSE @historyCount END,
            next_visible_at = (SELECT MIN(visible_at) FROM {T}messages WHERE instance_id = @id)
        WHERE instance_id = @id
        """);

    // A stopping worker hands back an instance it still holds: claimable at once by anyone; a late completion or
    // renewal of the old holder fails its fence (the owner is gone).
    public string HandBackOrchestration { get; } = dialect.Apply(
        "UPDATE {T}instances SET lock_owner = NULL, lock_expires_at = 0 WHERE instance_id = @id AND lock_owner = @owner AND lock_token = @token");

    // Activities.
    public string InsertActivity { get; } = dialect.Apply("""
        INSERT INTO {T}activities (instance_id, execution_id, event_id, body) VALUES (@id, @execution, @event, @body)
        ON CONFLICT (instance_id, execution_id, event_id) DO NOTHING
        """);

    public string ClaimActivities { get; } = dialect.Apply("""
        UPDATE {T}activities SET lock_owner = @owner, lock_expires_at = @until, fence = fence + 1,
            dequeue_count = dequeue_count + 1
        WHERE id IN (
            SELECT id FROM {T}activities WHERE lock_expires_at <= @now
            ORDER BY lock_expires_at, id LIMIT @limit {SKIP})
        RETURNING id, fence, body, lock_expires_at
        """);

    public string CompleteActivity { get; } = dialect.Apply("DELETE FROM {T}activities WHERE id = @row AND fence = @fence");

    public string RelockActivity { get; } = dialect.Apply(
        "UPDATE {T}activities SET lock_expires_at = @until WHERE id = @row AND fence = @fence");

    public string AbandonActivity { get; } = dialect.Apply(
        "UPDATE {T}activities SET lock_owner = NULL, lock_expires_at = @until WHERE id = @row AND fence = @fence");

    // A stopping worker hands back an activity it still holds: claimable at once, and the fence moves, so the old
    // holder's late renewal (which would hide it again) and late completion are dropped.
    public string HandBackActivity { get; } = dialect.Apply(
        "UPDATE {T}activities SET lock_owner = NULL, lock_expires_at = 0, fence = fence + 1 WHERE id = @row AND fence = @fence");

    // Client reads.
    public string SelectState { get; } = dialect.Apply($"SELECT {StateColumns} FROM {{T}}instances WHERE instance_id = @id");

    public string SelectStateFrom { get; } = dialect.Apply($"SELECT {StateColumns} FROM {{T}}instances");

    public string TableName(string table) => dialect.Tables + table;
}
