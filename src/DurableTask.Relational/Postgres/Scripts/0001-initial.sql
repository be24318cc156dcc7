-- DurableTask.Relational schema 1 (PostgreSQL). Immutable once released: change the schema with a new script.
-- Times are UTC ticks (100 ns). {T} is the schema-qualified table prefix.

-- One row per orchestration instance: its latest execution's state, the lease of the worker processing it,
-- and the earliest due time of its pending messages (what the orchestration claim reads).
CREATE TABLE {T}instances (
    instance_id        text    NOT NULL PRIMARY KEY,
    execution_id       text    NOT NULL,
    name               text    NOT NULL,
    version            text    NOT NULL DEFAULT '',
    status             text    NOT NULL,
    created_at         bigint  NOT NULL,
    last_updated_at    bigint  NOT NULL,
    completed_at       bigint  NULL,
    scheduled_start_at bigint  NULL,
    input              text    NULL,
    output             text    NULL,
    custom_status      text    NULL,
    failure_details    text    NULL,
    tags               text    NULL,
    parent_instance    text    NULL,
    history_count      bigint  NOT NULL DEFAULT 0,
    next_visible_at    bigint  NULL,
    lock_owner         text    NULL,
    lock_expires_at    bigint  NOT NULL DEFAULT 0,
    lock_token         bigint  NOT NULL DEFAULT 0
);
-- Serves the orchestration claim (instances with a due message, earliest first) and the idle wait's
-- "when is the next message due".
CREATE INDEX instances_ready ON {T}instances (next_visible_at) WHERE next_visible_at IS NOT NULL;
-- Serves queries by created time and purge by age.
CREATE INDEX instances_created ON {T}instances (created_at);
-- Serves queries by status.
CREATE INDEX instances_status ON {T}instances (status, created_at);
-- Serves queries by instance id prefix (LIKE 'prefix%') whatever the database's collation.
CREATE INDEX instances_id_pattern ON {T}instances (instance_id text_pattern_ops);

-- The current execution's history, in order. ContinueAsNew replaces it.
CREATE TABLE {T}history (
    instance_id text    NOT NULL,
    seq         integer NOT NULL,
    event       text    NOT NULL,
    PRIMARY KEY (instance_id, seq)
);

-- Messages to orchestrations (start, events, timer firings, activity results, sub-orchestration results),
-- visible from visible_at, consumed in id order per instance.
CREATE TABLE {T}messages (
    id          bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id text    NOT NULL,
    visible_at  bigint  NOT NULL,
    body        text    NOT NULL
);
-- Serves loading an instance's messages in order, and deleting them with the instance.
CREATE INDEX messages_instance ON {T}messages (instance_id, id);

-- Activity work items. fence grows with every claim: a completion must present the fence it claimed with.
-- The unique key makes a re-sent schedule of the same task (same execution and event id) a no-op.
CREATE TABLE {T}activities (
    id              bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id     text    NOT NULL,
    execution_id    text    NOT NULL,
    event_id        integer NOT NULL,
    body            text    NOT NULL,
    lock_owner      text    NULL,
    lock_expires_at bigint  NOT NULL DEFAULT 0,
    fence           bigint  NOT NULL DEFAULT 0,
    dequeue_count   integer NOT NULL DEFAULT 0,
    UNIQUE (instance_id, execution_id, event_id)
);
-- Serves the activity claim: unleased (or lease-expired) items, oldest first.
CREATE INDEX activities_ready ON {T}activities (lock_expires_at, id);
