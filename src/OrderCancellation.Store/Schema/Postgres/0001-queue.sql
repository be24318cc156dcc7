-- The embedded feed queue (DESIGN §7): Azure Storage queue semantics on two tables. Immutable: add 0002-….sql for changes.
CREATE TABLE IF NOT EXISTS store_queues (
    queue_name text   NOT NULL PRIMARY KEY,
    created_at bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS store_queue_messages (
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
CREATE INDEX IF NOT EXISTS ix_store_queue_messages_visible ON store_queue_messages (queue_name, visible_at, sequence);
