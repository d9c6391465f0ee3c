-- The merchant's webhooks as events the merchant API lists, inspects and resends: each
-- with its type, the id of the request that caused it (sent as X-Request-Id), when it
-- was given up on (dead after the configured horizon), and every delivery attempt.
ALTER TABLE merchant_outbox ADD COLUMN kind TEXT;
ALTER TABLE merchant_outbox ADD COLUMN request_id TEXT;
ALTER TABLE merchant_outbox ADD COLUMN dead_at BIGINT;
CREATE TABLE IF NOT EXISTS webhook_attempts (
    event_id TEXT NOT NULL,
    attempt BIGINT NOT NULL,
    attempted_at BIGINT NOT NULL,
    status_code BIGINT,
    error TEXT,
    duration_ms BIGINT NOT NULL,
    PRIMARY KEY (event_id, attempt)
);
CREATE INDEX IF NOT EXISTS merchant_outbox_created ON merchant_outbox (created_at, id);
CREATE INDEX IF NOT EXISTS merchant_outbox_session ON merchant_outbox (session_id);
UPDATE merchant_outbox SET kind = (body::json)->>'type' WHERE kind IS NULL;
-- Secrets the proxy makes for itself when the configuration gives none (the webhook
-- signing secret; the key of the idempotency hashes), shared by every replica.
CREATE TABLE IF NOT EXISTS settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
