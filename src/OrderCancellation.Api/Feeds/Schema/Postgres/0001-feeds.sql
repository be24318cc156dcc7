-- Feeds (DESIGN §7), PostgreSQL, version 1. Immutable once released: change the schema with a new script.
-- Times are Unix milliseconds (UTC), like the runtime's tables.

-- One row per submitted feed. status: IN_QUEUE -> IN_PROGRESS -> DONE | FATAL.
-- checkpoint counts the parser's entries (in document order) whose outcomes are in the counters and in
-- feed_errors; a batch moves it with a compare-and-set (the UPDATE's row lock orders concurrent runs), so a
-- redelivered or concurrent run counts each record once. submission_key is the seller's Idempotency-Key (scoped).
CREATE TABLE IF NOT EXISTS feeds (
    feed_id                text   NOT NULL PRIMARY KEY,
    seller_id              text   NOT NULL,
    feed_type              text   NOT NULL,
    status                 text   NOT NULL,
    created_at             bigint NOT NULL,
    started_at             bigint NULL,
    ended_at               bigint NULL,
    document_bytes         bigint NOT NULL,
    checkpoint             bigint NOT NULL,
    processed              bigint NOT NULL,
    successful             bigint NOT NULL,
    with_error             bigint NOT NULL,
    with_warning           bigint NOT NULL,
    fatal_code             text   NULL,
    fatal_reason           text   NULL,
    submission_key         text   NULL,
    submission_fingerprint text   NULL
);
-- Serves POST /api/feeds with an Idempotency-Key: the insert's ON CONFLICT finds the first feed of the key
-- (a unique key, never check-then-insert). NULLs (no key) do not collide.
CREATE UNIQUE INDEX IF NOT EXISTS ux_feeds_submission_key ON feeds (submission_key);

-- The document as submitted, in chunks of at most 256 KiB, so it is written and streamed back in bounded memory.
CREATE TABLE IF NOT EXISTS feed_documents (
    feed_id text   NOT NULL,
    chunk   int    NOT NULL,
    data    bytea  NOT NULL,
    PRIMARY KEY (feed_id, chunk)
);

-- One row per record that failed (error_type Error) or passed with a warning (Warning): the processing report.
-- entry is the parser's ordinal (unique per feed even when record numbers repeat); the primary key makes a
-- re-run's insert a no-op. It also serves the report: one feed's rows in document order.
CREATE TABLE IF NOT EXISTS feed_errors (
    feed_id       text   NOT NULL,
    entry         bigint NOT NULL,
    record_number bigint NOT NULL,
    order_id      text   NULL,
    line_id       text   NULL,
    error_code    text   NOT NULL,
    error_type    text   NOT NULL,
    message       text   NOT NULL,
    PRIMARY KEY (feed_id, entry)
);
