-- Notifications, SQLite, version 1. Immutable once released: change the schema with a new script.
-- Times are Unix milliseconds (UTC), like the runtime's tables.

-- Every notice produced for an order (§4.6): buyer e-mails, seller notices, ORDER_CHANGE events.
-- notification_id is the id of the activity that produced it: the primary key makes a redelivered
-- activity insert nothing (INSERT ... ON CONFLICT DO NOTHING), never check-then-insert.
CREATE TABLE IF NOT EXISTS notifications (
    notification_id TEXT    NOT NULL PRIMARY KEY,
    order_id        TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    recipient       TEXT    NOT NULL, -- 'buyer:B1', 'seller:S1', 'marketplace:fulfillment-network', 'subscribers'
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL
);
-- Serves ListForOrderAsync (GET /api/orders/{id}/notifications): one order's notices, oldest first.
CREATE INDEX IF NOT EXISTS ix_notifications_order ON notifications (order_id, created_at);

-- Webhook subscriptions (§5). owner_role 'seller' receives its own orders' events, 'marketplace' all.
-- The secret is kept as given: it is needed to sign every delivery.
CREATE TABLE IF NOT EXISTS webhook_subscriptions (
    subscription_id TEXT    NOT NULL PRIMARY KEY,
    owner_role      TEXT    NOT NULL,
    owner_id        TEXT    NOT NULL,
    url             TEXT    NOT NULL,
    secret          TEXT    NOT NULL,
    events          TEXT    NOT NULL, -- comma-separated OrderChangeType names
    idempotency_key TEXT    NULL,
    fingerprint     TEXT    NULL,
    created_at      INTEGER NOT NULL
);
-- Serves the owner's list (GET /api/subscriptions) and delivery matching: every marketplace row plus
-- one seller's rows.
CREATE INDEX IF NOT EXISTS ix_webhook_subscriptions_owner ON webhook_subscriptions (owner_role, owner_id, created_at);
-- Dedupes POST /api/subscriptions repeated with the same Idempotency-Key by the same owner
-- (rows without a key are NULL here and never collide).
CREATE UNIQUE INDEX IF NOT EXISTS ux_webhook_subscriptions_key ON webhook_subscriptions (owner_role, owner_id, idempotency_key);

-- Successful deliveries of one ORDER_CHANGE activity to one subscription. A retried activity skips the
-- subscriptions found here, so one failing subscriber never makes the healthy ones receive it again.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    activity_id     TEXT    NOT NULL,
    subscription_id TEXT    NOT NULL,
    status_code     INTEGER NOT NULL,
    attempt         INTEGER NOT NULL,
    delivered_at    INTEGER NOT NULL,
    PRIMARY KEY (activity_id, subscription_id)
) WITHOUT ROWID;
