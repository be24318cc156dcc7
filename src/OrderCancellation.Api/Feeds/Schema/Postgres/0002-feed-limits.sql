-- Feeds' abuse limits (issue 18), PostgreSQL, version 2. Immutable once released: change the schema with a new script.

-- Records with an error or a warning that the summary counts but the report does not list, because a report keeps
-- at most Feeds:MaxErrorRowsPerReport rows; the report says so when this is not 0.
ALTER TABLE feeds ADD COLUMN IF NOT EXISTS report_rows_omitted bigint NOT NULL DEFAULT 0;

-- Serves the daily quota of POST /api/feeds: the bytes one seller submitted since a time.
CREATE INDEX IF NOT EXISTS ix_feeds_seller_created ON feeds (seller_id, created_at);

-- Serves the retention purge (Retention/): ended feeds, oldest end first.
CREATE INDEX IF NOT EXISTS ix_feeds_ended ON feeds (ended_at) WHERE ended_at IS NOT NULL;
