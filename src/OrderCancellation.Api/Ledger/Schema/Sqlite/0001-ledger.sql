-- Ledger, SQLite, version 1. Immutable once released: change the schema with a new script.
-- Times are Unix milliseconds (UTC), like the runtime's tables.

-- Every payment and inventory call the activities made (or, with no endpoint configured, stood in for).
-- activity_id is the downstream idempotency key: the primary key makes a redelivered activity record
-- nothing twice (INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE IF NOT EXISTS ledger_entries (
    activity_id TEXT    NOT NULL PRIMARY KEY,
    order_id    TEXT    NOT NULL,
    kind        TEXT    NOT NULL, -- ReleaseAuthorization | CapturePayment | Restock
    sku         TEXT    NULL,     -- Restock
    quantity    INTEGER NULL,     -- Restock
    amount      TEXT    NULL,     -- payments: the decimal in invariant text, exact on both providers
    currency    TEXT    NULL,     -- payments: ISO 4217
    endpoint    TEXT    NULL,     -- where the call went; NULL = recorded here only (no endpoint configured)
    at          INTEGER NOT NULL
);
-- Serves ListForOrderAsync: one order's entries, oldest first.
CREATE INDEX IF NOT EXISTS ix_ledger_entries_order ON ledger_entries (order_id, at);
