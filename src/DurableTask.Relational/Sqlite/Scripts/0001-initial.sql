-- DurableTask.Relational schema 1 (SQLite). Immutable once released: change the schema with a new script.
-- Times are UTC ticks (100 ns). {T} is the table prefix.

-- One row per orchestration instance: its latest execution's state, the lease of the worker processing it,
-- and the earliest due time of its pending messages (what the orchestration claim reads).
CREATE TABLE {T}instances (
    instance_id        TEXT    NOT NULL PRIMARY KEY,
    execution_id       TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    version            TEXT    NOT NULL DEFAULT '',
    status             TEXT    NOT NULL,
    created_at         INTEGER NOT NULL,
    last_updated_at    INTEGER NOT NULL,
    completed_at       INTEGER NULL,
    scheduled_start_at INTEGER NULL,
    input              TEXT    NULL,
    output             TEXT    NULL,
    custom_status      TEXT    NULL,
    failure_details    TEXT    NULL,
    tags               TEXT    NULL,
    parent_instance    TEXT    NULL,
    history_count      INTEGER NOT NULL DEFAULT 0,
    next_visible_at    INTEGER NULL,
    lock_owner         TEXT    NULL,
    lock_expires_at    INTEGER NOT NULL DEFAULT 0,
    lock_token         INTEGER NOT NULL DEFAULT 0
);
-- Serves the orchestration claim (instances with a due message, earliest first) and the idle wait's
-- "when is the next message due".
CREATE INDEX {T}instances_ready ON {T}instances (next_visible_at) WHERE next_visible_at IS NOT NULL;
-- Serves queries by created time and purge by age.
CREATE INDEX {T}instances_created ON {T}instances (created_at);
-- Serves queries by status.
CREATE INDEX {T}instances_status ON {T}instances (status, created_at);

-- The current execution's history, in order. ContinueAsNew replaces it.
CREATE TABLE {T}history (
    instance_id TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    event       TEXT    NOT NULL,
    PRIMARY KEY (instance_id, seq)
) WITHOUT ROWID;

-- Messages to orchestrations (start, events, timer firings, activity results, sub-orchestration results),
-- visible from visible_at, consumed in id order per instance.
CREATE TABLE {T}messages (
    id          INTEGER PRIMARY KEY,
    instance_id TEXT    NOT NULL,
    visible_at  INTEGER NOT NULL,
    body        TEXT    NOT NULL
);
-- Serves loading an instance's messages in order, and deleting them with the instance.
CREATE INDEX {T}messages_instance ON {T}messages (instance_id, id);

-- Activity work items. fence grows with every claim: a completion must present the fence it claimed with.
-- The unique key makes a re-sent schedule of the same task (same execution and event id) a no-op.
CREATE TABLE {T}activities (
    id              INTEGER PRIMARY KEY,
    instance_id     TEXT    NOT NULL,
    execution_id    TEXT    NOT NULL,
    event_id        INTEGER NOT NULL,
    body            TEXT    NOT NULL,
    lock_owner      TEXT    NULL,
    lock_expires_at INTEGER NOT NULL DEFAULT 0,
    fence           INTEGER NOT NULL DEFAULT 0,
    dequeue_count   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (instance_id, execution_id, event_id)
);
-- Serves the activity claim: unleased (or lease-expired) items, oldest first.
CREATE INDEX {T}activities_ready ON {T}activities (lock_expires_at, id);
