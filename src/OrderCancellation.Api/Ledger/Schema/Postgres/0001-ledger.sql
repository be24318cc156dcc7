-- Ledger, PostgreSQL, version 1. Immutable once released: change the schema with a new script.
-- Times are Unix milliseconds (UTC) in bigint, like the runtime's tables.

-- Every payment and inventory call the activities made (or, with no endpoint configured, stood in for).
-- activity_id is the downstream idempotency key: the primary key makes a redelivered activity record
-- nothing twice (INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE IF NOT EXISTS ledger_entries (
    activity_id text    NOT NULL PRIMARY KEY,
    order_id    text    NOT NULL,
    kind        text    NOT NULL, -- ReleaseAuthorization | CapturePayment | Restock
    sku         text    NULL,     -- Restock
    quantity    integer NULL,     -- Restock
    amount      text    NULL,     -- payments: the decimal in invariant text, exact on both providers
    currency    text    NULL,     -- payments: ISO 4217
    endpoint    text    NULL,     -- where the call went; NULL = recorded here only (no endpoint configured)
    at          bigint  NOT NULL
);
-- Serves ListForOrderAsync: one order's entries, oldest first.
CREATE INDEX IF NOT EXISTS ix_ledger_entries_order ON ledger_entries (order_id, at);
