-- Durable runtime, PostgreSQL, version 1. Immutable once released: change the schema with a new script.
-- Times are Unix milliseconds (UTC) in bigint, like the SQLite store, so both share their SQL.
-- Ids use COLLATE "C" so keyset paging orders by bytes whatever the database's locale.

-- One row per workflow instance. A step locks its row (SELECT ... FOR UPDATE).
CREATE TABLE IF NOT EXISTS durable_instances (
    instance_id   text COLLATE "C" NOT NULL PRIMARY KEY,
    workflow_name text   NOT NULL,
    state         text   NOT NULL,
    version       bigint NOT NULL,
    status        text   NOT NULL,
    custom_status text   NULL,
    created_at    bigint NOT NULL,
    updated_at    bigint NOT NULL
);
-- Serves PurgeAsync: finished instances by age. Partial, so that steps on running instances (which
-- change updated_at every time) do not maintain it; the purge query repeats the predicate verbatim.
CREATE INDEX IF NOT EXISTS ix_durable_instances_finished ON durable_instances (updated_at) WHERE status IN ('Completed', 'Failed', 'Terminated');

-- Append-only audit trail of every step that changed an instance: the entries of the step that made
-- version V are (instance, V, 0..n). The primary key serves GetHistoryAsync and purge.
CREATE TABLE IF NOT EXISTS durable_history (
    instance_id text COLLATE "C" NOT NULL,
    version     bigint  NOT NULL,
    position    integer NOT NULL,
    event_type  text    NOT NULL,
    data        text    NOT NULL,
    at          bigint  NOT NULL,
    PRIMARY KEY (instance_id, version, position)
);

-- One row per idempotency key per instance, holding the stored response. The primary key is what
-- dedupes: a step inserts its key first (ON CONFLICT DO NOTHING waits for a concurrent inserter of
-- the same key to finish), never checks then inserts.
CREATE TABLE IF NOT EXISTS durable_idempotency (
    instance_id     text COLLATE "C" NOT NULL,
    idempotency_key text    NOT NULL,
    fingerprint     text    NULL,
    status_code     integer NULL,
    body            text    NULL,
    version         bigint  NOT NULL,
    created_at      bigint  NOT NULL,
    PRIMARY KEY (instance_id, idempotency_key)
);
-- No index on created_at: only the hourly purge of keys whose instance never existed (refusals of
-- unknown instances) reads it, and a scan there is cheaper than an index write on every keyed step.

-- Durable timers: at most one per (instance, name); scheduling a name again moves it.
CREATE TABLE IF NOT EXISTS durable_timers (
    instance_id text COLLATE "C" NOT NULL,
    name        text   NOT NULL,
    due_at      bigint NOT NULL,
    payload     text   NOT NULL,
    PRIMARY KEY (instance_id, name)
);
-- Serves the timer poller: the earliest due rows, and the next due time it sleeps until.
CREATE INDEX IF NOT EXISTS ix_durable_timers_due ON durable_timers (due_at);

-- Outbox of activities. state: Pending (due at next_attempt_at; a claim pushes next_attempt_at to the
-- lease end, so an abandoned claim becomes due again by itself) or Dead. Completed rows are deleted.
-- claim_token increases on every claim: a completion must present the token it claimed with.
CREATE TABLE IF NOT EXISTS durable_activities (
    activity_id     text COLLATE "C" NOT NULL PRIMARY KEY,
    instance_id     text COLLATE "C" NOT NULL,
    name            text    NOT NULL,
    payload         text    NOT NULL,
    state           text    NOT NULL,
    attempts        integer NOT NULL,
    claim_token     bigint  NOT NULL,
    next_attempt_at bigint  NOT NULL,
    lease_until     bigint  NULL,
    last_error      text    NULL,
    created_at      bigint  NOT NULL
);
-- Serves the activity claim: pending rows in due order (the partial index stays small).
CREATE INDEX IF NOT EXISTS ix_durable_activities_due ON durable_activities (next_attempt_at) WHERE state = 'Pending';
-- Serves the status report and purge.
CREATE INDEX IF NOT EXISTS ix_durable_activities_instance ON durable_activities (instance_id);

-- Searchable key/value pairs per instance (replaced as a whole by a step).
CREATE TABLE IF NOT EXISTS durable_tags (
    instance_id text COLLATE "C" NOT NULL,
    tag_key     text NOT NULL,
    tag_value   text NOT NULL,
    PRIMARY KEY (instance_id, tag_key)
);
-- Serves QueryInstancesAsync: the first tag's matches in instance-id order (keyset paging).
CREATE INDEX IF NOT EXISTS ix_durable_tags_lookup ON durable_tags (tag_key, tag_value, instance_id);

-- The embedded queue (Azure Storage queue semantics).
CREATE TABLE IF NOT EXISTS durable_queues (
    queue_name text   NOT NULL PRIMARY KEY,
    created_at bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS durable_queue_messages (
    sequence      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id    text    NOT NULL UNIQUE,
    queue_name    text    NOT NULL,
    body          text    NOT NULL,
    inserted_at   bigint  NOT NULL,
    visible_at    bigint  NOT NULL,
    pop_receipt   text    NULL,
    dequeue_count integer NOT NULL
);
-- Serves ReceiveAsync: visible messages of one queue, oldest first (claimed FOR UPDATE SKIP LOCKED).
CREATE INDEX IF NOT EXISTS ix_durable_queue_messages_visible ON durable_queue_messages (queue_name, visible_at, sequence);
