-- Durable runtime, SQLite, version 1. Immutable once released: change the schema with a new script.
-- Times are Unix milliseconds (UTC). Status and state names are the enum names.

-- One row per workflow instance.
CREATE TABLE IF NOT EXISTS durable_instances (
    instance_id   TEXT    NOT NULL PRIMARY KEY,
    workflow_name TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    status        TEXT    NOT NULL,
    custom_status TEXT    NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
-- Serves PurgeAsync: finished instances by age. Partial, so that steps on running instances (which
-- change updated_at every time) do not maintain it; the purge query repeats the predicate verbatim.
CREATE INDEX IF NOT EXISTS ix_durable_instances_finished ON durable_instances (updated_at) WHERE status IN ('Completed', 'Failed', 'Terminated');

-- Append-only audit trail of every step that changed an instance: the entries of the step that made
-- version V are (instance, V, 0..n). Clustered on its key (WITHOUT ROWID), so a step adds to one b-tree
-- and GetHistoryAsync reads one instance's rows in order.
CREATE TABLE IF NOT EXISTS durable_history (
    instance_id TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    event_type  TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (instance_id, version, position)
) WITHOUT ROWID;

-- One row per idempotency key per instance, holding the stored response. The primary key is what
-- dedupes: a step inserts its key first (ON CONFLICT DO NOTHING), never checks then inserts.
CREATE TABLE IF NOT EXISTS durable_idempotency (
    instance_id     TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL,
    fingerprint     TEXT    NULL,
    status_code     INTEGER NULL,
    body            TEXT    NULL,
    version         INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (instance_id, idempotency_key)
) WITHOUT ROWID;
-- No index on created_at: only the hourly purge of keys whose instance never existed (refusals of
-- unknown instances) reads it, and a scan there is cheaper than an index write on every keyed step.

-- Durable timers: at most one per (instance, name); scheduling a name again moves it.
CREATE TABLE IF NOT EXISTS durable_timers (
    instance_id TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    due_at      INTEGER NOT NULL,
    payload     TEXT    NOT NULL,
    PRIMARY KEY (instance_id, name)
) WITHOUT ROWID;
-- Serves the timer poller: the earliest due rows, and the next due time it sleeps until.
CREATE INDEX IF NOT EXISTS ix_durable_timers_due ON durable_timers (due_at);

-- Outbox of activities. state: Pending (due at next_attempt_at; a claim pushes next_attempt_at to the
-- lease end, so an abandoned claim becomes due again by itself) or Dead. Completed rows are deleted.
-- claim_token increases on every claim: a completion must present the token it claimed with.
CREATE TABLE IF NOT EXISTS durable_activities (
    activity_id     TEXT    NOT NULL PRIMARY KEY,
    instance_id     TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    state           TEXT    NOT NULL,
    attempts        INTEGER NOT NULL,
    claim_token     INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    lease_until     INTEGER NULL,
    last_error      TEXT    NULL,
    created_at      INTEGER NOT NULL
);
-- Serves the activity claim: pending rows in due order (the partial index stays small).
CREATE INDEX IF NOT EXISTS ix_durable_activities_due ON durable_activities (next_attempt_at) WHERE state = 'Pending';
-- Serves the status report and purge.
CREATE INDEX IF NOT EXISTS ix_durable_activities_instance ON durable_activities (instance_id);

-- Searchable key/value pairs per instance (replaced as a whole by a step).
CREATE TABLE IF NOT EXISTS durable_tags (
    instance_id TEXT NOT NULL,
    tag_key     TEXT NOT NULL,
    tag_value   TEXT NOT NULL,
    PRIMARY KEY (instance_id, tag_key)
) WITHOUT ROWID;
-- Serves QueryInstancesAsync: the first tag's matches in instance-id order (keyset paging).
CREATE INDEX IF NOT EXISTS ix_durable_tags_lookup ON durable_tags (tag_key, tag_value, instance_id);

-- The embedded queue (Azure Storage queue semantics).
CREATE TABLE IF NOT EXISTS durable_queues (
    queue_name TEXT    NOT NULL PRIMARY KEY,
    created_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS durable_queue_messages (
    sequence      INTEGER NOT NULL PRIMARY KEY, -- rowid alias: insertion order
    message_id    TEXT    NOT NULL UNIQUE,
    queue_name    TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    inserted_at   INTEGER NOT NULL,
    visible_at    INTEGER NOT NULL,
    pop_receipt   TEXT    NULL,
    dequeue_count INTEGER NOT NULL
);
-- Serves ReceiveAsync: visible messages of one queue, oldest first.
CREATE INDEX IF NOT EXISTS ix_durable_queue_messages_visible ON durable_queue_messages (queue_name, visible_at, sequence);
