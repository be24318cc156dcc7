-- Retention (issue 18), Sqlite, version 1: indexes on other areas' tables that serve the purge's batches
-- (Retention/RetentionRows.cs), so a batch finds its oldest rows without reading the table. Each costs one more
-- index entry per row written. Immutable once released: change with a new script.

-- Notices older than Retention:Notices.
CREATE INDEX IF NOT EXISTS ix_notifications_created ON notifications (created_at);

-- Ledger rows older than Retention:LedgerEntries.
CREATE INDEX IF NOT EXISTS ix_ledger_entries_at ON ledger_entries (at);

-- Idempotency records older than Retention:IdempotencyRecords.
CREATE INDEX IF NOT EXISTS ix_command_answers_created ON command_answers (created_at);

-- Webhook deliveries older than Retention:WebhookDeliveries.
CREATE INDEX IF NOT EXISTS ix_webhook_deliveries_delivered ON webhook_deliveries (delivered_at);
