-- Feeds (DESIGN §7), SQLite, version 1. Immutable once released: change the schema with a new script.
-- Times are Unix milliseconds (UTC), like the runtime's tables.

-- One row per submitted feed. status: IN_QUEUE -> IN_PROGRESS -> DONE | FATAL.
-- checkpoint counts the parser's entries (in document order) whose outcomes are in the counters and in
-- feed_errors; a batch moves it with a compare-and-set, so a redelivered or concurrent run counts each
-- record once. submission_key is the seller's Idempotency-Key (scoped) for POST /api/feeds.
CREATE TABLE IF NOT EXISTS feeds (
    feed_id                TEXT    NOT NULL PRIMARY KEY,
    seller_id              TEXT    NOT NULL,
    feed_type              TEXT    NOT NULL,
    status                 TEXT    NOT NULL,
    created_at             INTEGER NOT NULL,
    started_at             INTEGER NULL,
    ended_at               INTEGER NULL,
    document_bytes         INTEGER NOT NULL,
    checkpoint             INTEGER NOT NULL,
    processed              INTEGER NOT NULL,
    successful             INTEGER NOT NULL,
    with_error             INTEGER NOT NULL,
    with_warning           INTEGER NOT NULL,
    fatal_code             TEXT    NULL,
    fatal_reason           TEXT    NULL,
    submission_key         TEXT    NULL,
    submission_fingerprint TEXT    NULL
);
-- Serves POST /api/feeds with an Idempotency-Key: the insert's ON CONFLICT finds the first feed of the key
-- (a unique key, never check-then-insert). NULLs (no key) do not collide.
CREATE UNIQUE INDEX IF NOT EXISTS ux_feeds_submission_key ON feeds (submission_key);

-- The document as submitted, in chunks of at most 256 KiB, so it is written and streamed back in bounded memory.
CREATE TABLE IF NOT EXISTS feed_documents (
    feed_id TEXT    NOT NULL,
    chunk   INTEGER NOT NULL,
    data    BLOB    NOT NULL,
    PRIMARY KEY (feed_id, chunk)
);

-- One row per record that failed (error_type Error) or passed with a warning (Warning): the processing report.
-- entry is the parser's ordinal (unique per feed even when record numbers repeat); the primary key makes a
-- re-run's insert a no-op. It also serves the report: one feed's rows in document order.
CREATE TABLE IF NOT EXISTS feed_errors (
    feed_id       TEXT    NOT NULL,
    entry         INTEGER NOT NULL,
    record_number INTEGER NOT NULL,
    order_id      TEXT    NULL,
    line_id       TEXT    NULL,
    error_code    TEXT    NOT NULL,
    error_type    TEXT    NOT NULL,
    message       TEXT    NOT NULL,
    PRIMARY KEY (feed_id, entry)
) WITHOUT ROWID;
