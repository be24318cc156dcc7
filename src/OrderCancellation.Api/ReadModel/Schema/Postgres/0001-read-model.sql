-- The orders' read model (DESIGN §6), PostgreSQL, version 1. Immutable once released: change it with a new script.
-- Kept by the ProjectOrder activity; lists, tags, the cancellation rate and the audit trail read it. Times are Unix ms.

-- One row per order: the highest version projected so far (projections may arrive late or twice).
CREATE TABLE IF NOT EXISTS order_views (
    order_id   text    NOT NULL PRIMARY KEY,
    version    bigint NOT NULL,
    state      text    NOT NULL,
    updated_at bigint NOT NULL
);

-- The order's tags at that version (OrderTags): name/value pairs the lists filter on.
-- The primary key serves the lists: one tag's orders in id order.
CREATE TABLE IF NOT EXISTS order_view_tags (
    name     text NOT NULL,
    value    text NOT NULL,
    order_id text NOT NULL,
    PRIMARY KEY (name, value, order_id)
);
CREATE INDEX IF NOT EXISTS ix_order_view_tags_order ON order_view_tags (order_id);

-- The audit trail: every domain event, keyed by the version it made and its place in that decision.
CREATE TABLE IF NOT EXISTS order_events (
    order_id    text    NOT NULL,
    version     bigint NOT NULL,
    position    integer NOT NULL,
    event_type  text    NOT NULL,
    data        text    NOT NULL,
    recorded_at bigint NOT NULL,
    PRIMARY KEY (order_id, version, position)
);

-- Answers given to commands with an Idempotency-Key, byte for byte, so a repeat replays the first answer.
CREATE TABLE IF NOT EXISTS command_answers (
    order_id    text    NOT NULL,
    command_id  text    NOT NULL,
    fingerprint text    NOT NULL,
    status_code integer NOT NULL,
    body        text    NOT NULL,
    version     bigint NOT NULL,
    created_at  bigint NOT NULL,
    PRIMARY KEY (order_id, command_id)
);
