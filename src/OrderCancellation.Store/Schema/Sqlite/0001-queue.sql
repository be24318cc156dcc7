-- The embedded feed queue (DESIGN §7): Azure Storage queue semantics on two tables. Immutable: add 0002-….sql for changes.
CREATE TABLE IF NOT EXISTS store_queues (
    queue_name TEXT    NOT NULL PRIMARY KEY,
    created_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS store_queue_messages (
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
CREATE INDEX IF NOT EXISTS ix_store_queue_messages_visible ON store_queue_messages (queue_name, visible_at, sequence);
