-- The orders' read model, SQLite, version 2 (issue 19). Immutable once released: change it with a new script.
-- Times are Unix ms. Both tables are written by the ProjectOrder activity with the view (OrderReadModel) and are
-- filled here for the orders projected before this version, from the state each view holds.

-- One row per order, for a buyer's Your Orders: newest first (purchase date, then order id), keyset-paged.
-- Keyed by order id so that a row written again (a projection, this backfill) is never a second row.
CREATE TABLE IF NOT EXISTS buyer_orders (
    order_id      TEXT    NOT NULL PRIMARY KEY,
    buyer_id      TEXT    NOT NULL,
    purchase_date INTEGER NOT NULL
);
-- Serves GET /api/orders for a buyer: one buyer's orders by (purchase date, order id), read backwards.
CREATE INDEX IF NOT EXISTS ix_buyer_orders_buyer ON buyer_orders (buyer_id, purchase_date, order_id);

-- When each counted cancellation (§4.3: a seller cancel, an auto-cancel) of a Merchant order happened, so the
-- Cancellation Rate (§4.7) finds the orders cancelled in its window whatever their purchase date.
CREATE TABLE IF NOT EXISTS counted_cancellations (
    order_id       TEXT    NOT NULL,
    canceled_at    INTEGER NOT NULL,
    seller_id      TEXT    NOT NULL,
    marketplace_id TEXT    NOT NULL,
    purchase_date  INTEGER NOT NULL,
    PRIMARY KEY (order_id, canceled_at)
);
-- Serves the Cancellation Rate: one seller's counted cancellations in a time range.
CREATE INDEX IF NOT EXISTS ix_counted_cancellations_seller ON counted_cancellations (seller_id, canceled_at);

-- The backfill. julianday reads the ISO 8601 dates System.Text.Json writes (any fraction digits, an offset or Z).
-- "WHERE true" keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
INSERT INTO buyer_orders (order_id, buyer_id, purchase_date)
SELECT v.order_id, json_extract(v.state, '$.buyerId'),
       CAST(round((julianday(json_extract(v.state, '$.purchaseDate')) - 2440587.5) * 86400000.0) AS INTEGER)
FROM order_views v
WHERE true
ON CONFLICT DO NOTHING;

INSERT INTO counted_cancellations (order_id, canceled_at, seller_id, marketplace_id, purchase_date)
SELECT v.order_id,
       CAST(round((julianday(json_extract(c.value, '$.at')) - 2440587.5) * 86400000.0) AS INTEGER),
       json_extract(v.state, '$.sellerId'), json_extract(v.state, '$.marketplaceId'),
       CAST(round((julianday(json_extract(v.state, '$.purchaseDate')) - 2440587.5) * 86400000.0) AS INTEGER)
FROM order_views v, json_each(v.state, '$.cancellations') c
WHERE json_extract(v.state, '$.fulfillmentChannel') = 'Merchant' AND json_extract(c.value, '$.countsAgainstSeller') = 1
ON CONFLICT DO NOTHING;
