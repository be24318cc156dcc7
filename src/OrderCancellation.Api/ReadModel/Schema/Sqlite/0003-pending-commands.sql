-- The orders' read model, SQLite, version 3 (issue: a command answered 202 is never lost). Immutable once released:
-- change it with a new script. Times are Unix ms.

-- A command the gateway answered 202 (not decided within Orders:AnswerTimeout), written before the 202 is sent, so
-- that its outcome can still be given when the order's orchestration completes without taking it (Durable Task drops
-- an event raised on an instance that completes first): GET /api/orders/{id}/commands/{commandId} then judges it
-- against the final state. A row goes once its answer is kept in command_answers.
--   envelope:    the CommandEnvelope as the orchestration would have taken it (WorkflowJson)
--   fingerprint: the request's, for Idempotency-Key comparisons ('' without a key)
--   taken_after: the command the order had answered last when this one was raised (null: none)
CREATE TABLE IF NOT EXISTS pending_commands (
    order_id    TEXT    NOT NULL,
    command_id  TEXT    NOT NULL,
    envelope    TEXT    NOT NULL,
    fingerprint TEXT    NOT NULL,
    taken_after TEXT,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (order_id, command_id)
);
-- Serves the resolver's oldest-first scan and the retention purge (rows older than Retention:IdempotencyRecords).
CREATE INDEX IF NOT EXISTS ix_pending_commands_created ON pending_commands (created_at);
