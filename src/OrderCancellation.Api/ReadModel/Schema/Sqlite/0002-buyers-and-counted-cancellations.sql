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

-- The backfill, from the ISO 8601 dates System.Text.Json writes ("2026-03-02T10:00:00.1234567+01:00", fraction and
-- offset optional, or Z): whole seconds from the date without its fraction, plus the fraction's first three digits, so that
-- milliseconds are truncated as .NET's ToUnixTimeMilliseconds does (julianday would round them).
-- "WHERE true" keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
WITH d AS (SELECT order_id, json_extract(state, '$.buyerId') AS buyer, json_extract(state, '$.purchaseDate') AS p FROM order_views)
INSERT INTO buyer_orders (order_id, buyer_id, purchase_date)
SELECT order_id, buyer,
       CAST(strftime('%s', substr(p, 1, 19) || CASE WHEN substr(p, 20, 1) = '.' THEN ltrim(substr(p, 21), '0123456789') ELSE substr(p, 20) END) AS INTEGER) * 1000
         + CASE WHEN substr(p, 20, 1) = '.' THEN CAST(round(CAST(substr(p, 20, 4) AS REAL) * 1000) AS INTEGER) ELSE 0 END
FROM d
WHERE true
ON CONFLICT DO NOTHING;

WITH d AS (
    SELECT v.order_id, json_extract(v.state, '$.sellerId') AS seller, json_extract(v.state, '$.marketplaceId') AS marketplace,
           json_extract(c.value, '$.at') AS a, json_extract(v.state, '$.purchaseDate') AS p
    FROM order_views v, json_each(v.state, '$.cancellations') c
    WHERE json_extract(v.state, '$.fulfillmentChannel') = 'Merchant' AND json_extract(c.value, '$.countsAgainstSeller') = 1)
INSERT INTO counted_cancellations (order_id, canceled_at, seller_id, marketplace_id, purchase_date)
SELECT order_id,
       CAST(strftime('%s', substr(a, 1, 19) || CASE WHEN substr(a, 20, 1) = '.' THEN ltrim(substr(a, 21), '0123456789') ELSE substr(a, 20) END) AS INTEGER) * 1000
         + CASE WHEN substr(a, 20, 1) = '.' THEN CAST(round(CAST(substr(a, 20, 4) AS REAL) * 1000) AS INTEGER) ELSE 0 END,
       seller, marketplace,
       CAST(strftime('%s', substr(p, 1, 19) || CASE WHEN substr(p, 20, 1) = '.' THEN ltrim(substr(p, 21), '0123456789') ELSE substr(p, 20) END) AS INTEGER) * 1000
         + CASE WHEN substr(p, 20, 1) = '.' THEN CAST(round(CAST(substr(p, 20, 4) AS REAL) * 1000) AS INTEGER) ELSE 0 END
FROM d
WHERE true
ON CONFLICT DO NOTHING;
