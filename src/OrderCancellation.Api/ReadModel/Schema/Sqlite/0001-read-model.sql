-- The orders' read model (DESIGN §6), SQLite, version 1. Immutable once released: change it with a new script.
-- Kept by the ProjectOrder activity; lists, tags, the cancellation rate and the audit trail read it. Times are Unix ms.

-- One row per order: the highest version projected so far (projections may arrive late or twice).
CREATE TABLE IF NOT EXISTS order_views (
    order_id   TEXT    NOT NULL PRIMARY KEY,
    version    INTEGER NOT NULL,
    state      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);

-- The order's tags at that version (OrderTags): name/value pairs the lists filter on.
-- The primary key serves the lists: one tag's orders in id order.
CREATE TABLE IF NOT EXISTS order_view_tags (
    name     TEXT NOT NULL,
    value    TEXT NOT NULL,
    order_id TEXT NOT NULL,
    PRIMARY KEY (name, value, order_id)
);
CREATE INDEX IF NOT EXISTS ix_order_view_tags_order ON order_view_tags (order_id);

-- The audit trail: every domain event, keyed by the version it made and its place in that decision.
CREATE TABLE IF NOT EXISTS order_events (
    order_id    TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    event_type  TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (order_id, version, position)
);

-- Answers given to commands with an Idempotency-Key, byte for byte, so a repeat replays the first answer.
CREATE TABLE IF NOT EXISTS command_answers (
    order_id    TEXT    NOT NULL,
    command_id  TEXT    NOT NULL,
    fingerprint TEXT    NOT NULL,
    status_code INTEGER NOT NULL,
    body        TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (order_id, command_id)
);
