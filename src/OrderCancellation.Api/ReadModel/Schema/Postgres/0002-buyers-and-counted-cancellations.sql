-- The orders' read model, PostgreSQL, version 2 (issue 19). Immutable once released: change it with a new script.
-- Times are Unix ms. Both tables are written by the ProjectOrder activity with the view (OrderReadModel) and are
-- filled here for the orders projected before this version, from the state each view holds.

-- One row per order, for a buyer's Your Orders: newest first (purchase date, then order id), keyset-paged.
-- Keyed by order id so that a row written again (a projection, this backfill) is never a second row.
CREATE TABLE IF NOT EXISTS buyer_orders (
    order_id      text   NOT NULL PRIMARY KEY,
    buyer_id      text   NOT NULL,
    purchase_date bigint NOT NULL
);
-- Serves GET /api/orders for a buyer: one buyer's orders by (purchase date, order id), read backwards.
CREATE INDEX IF NOT EXISTS ix_buyer_orders_buyer ON buyer_orders (buyer_id, purchase_date, order_id);

-- When each counted cancellation (§4.3: a seller cancel, an auto-cancel) of a Merchant order happened, so the
-- Cancellation Rate (§4.7) finds the orders cancelled in its window whatever their purchase date.
CREATE TABLE IF NOT EXISTS counted_cancellations (
    order_id       text   NOT NULL,
    canceled_at    bigint NOT NULL,
    seller_id      text   NOT NULL,
    marketplace_id text   NOT NULL,
    purchase_date  bigint NOT NULL,
    PRIMARY KEY (order_id, canceled_at)
);
-- Serves the Cancellation Rate: one seller's counted cancellations in a time range.
CREATE INDEX IF NOT EXISTS ix_counted_cancellations_seller ON counted_cancellations (seller_id, canceled_at);

-- The backfill, from the ISO 8601 dates System.Text.Json writes; milliseconds truncated as .NET's ToUnixTimeMilliseconds does.
INSERT INTO buyer_orders (order_id, buyer_id, purchase_date)
SELECT v.order_id, v.state::jsonb ->> 'buyerId',
       floor(extract(epoch FROM (v.state::jsonb ->> 'purchaseDate')::timestamptz) * 1000)::bigint
FROM order_views v
ON CONFLICT DO NOTHING;

INSERT INTO counted_cancellations (order_id, canceled_at, seller_id, marketplace_id, purchase_date)
SELECT v.order_id,
       floor(extract(epoch FROM (c.value ->> 'at')::timestamptz) * 1000)::bigint,
       v.state::jsonb ->> 'sellerId', v.state::jsonb ->> 'marketplaceId',
       floor(extract(epoch FROM (v.state::jsonb ->> 'purchaseDate')::timestamptz) * 1000)::bigint
FROM order_views v CROSS JOIN LATERAL jsonb_array_elements(coalesce(v.state::jsonb -> 'cancellations', '[]'::jsonb)) AS c(value)
WHERE v.state::jsonb ->> 'fulfillmentChannel' = 'Merchant' AND (c.value ->> 'countsAgainstSeller')::boolean
ON CONFLICT DO NOTHING;
