-- The downstream system of the crash test. No unique key on purpose: a row twice means an activity's
-- effect was applied twice, which the test must be able to see.
CREATE TABLE crash_effects (activity_id TEXT NOT NULL, payload TEXT NOT NULL);
-- Every execution, including re-executions after a kill (at-least-once).
CREATE TABLE crash_attempts (activity_id TEXT NOT NULL, attempt INTEGER NOT NULL);
-- Serves the effect handler's "already applied?" check.
CREATE INDEX ix_crash_effects_activity ON crash_effects (activity_id);
