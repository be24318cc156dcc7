-- Notifications, SQLite, version 2. Immutable once released: change the schema with a new script.

-- The ASP.NET Core Data Protection key ring (StoreXmlRepository): the keys that encrypt webhook_subscriptions.secret.
-- One row per XML element Data Protection stores (a key, a revocation), read whole when it loads its key ring.
CREATE TABLE IF NOT EXISTS data_protection_keys (
    friendly_name TEXT    NOT NULL PRIMARY KEY,
    xml           TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);

-- Serves the owner's paged list (GET /api/subscriptions, keyset on subscription_id) and the per-owner count that caps it.
CREATE INDEX IF NOT EXISTS ix_webhook_subscriptions_owner_id ON webhook_subscriptions (owner_role, owner_id, subscription_id);
