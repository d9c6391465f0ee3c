-- The schema as it stood before migrations were numbered (the version every database
-- written until then is at, after the columns of split payments, which migrate.rs adds
-- to an older file before this runs). Idempotent: it also brings such a file up to date.
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    merchant_order_id TEXT NOT NULL UNIQUE,
    request_json TEXT NOT NULL,
    country TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    locale TEXT,
    embed_origins TEXT NOT NULL,
    webhook_url TEXT,
    status TEXT NOT NULL,
    orkestra_order_id TEXT,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS transactions (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    method TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    status TEXT NOT NULL,
    orkestra_id TEXT,
    payer_name TEXT NOT NULL,
    payer_document_type TEXT NOT NULL,
    payer_document_masked TEXT NOT NULL,
    payer_email_masked TEXT NOT NULL,
    next_action TEXT,
    failure_code TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    charge_id TEXT,
    auto_refund TEXT,
    refund_id TEXT,
    reconcile_tries BIGINT,
    reconcile_at BIGINT,
    UNIQUE (session_id, idempotency_key)
);
-- One row per payer of a session (an order): its share, its own page token. The first
-- charge's token is the session's.
CREATE TABLE IF NOT EXISTS charges (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    position BIGINT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    amount_minor BIGINT NOT NULL,
    reference TEXT,
    customer_json TEXT,
    status TEXT NOT NULL,
    orkestra_charge_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (session_id, position)
);
CREATE INDEX IF NOT EXISTS sessions_orkestra_order ON sessions (orkestra_order_id);
CREATE TABLE IF NOT EXISTS merchant_outbox (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    delivered_at BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS merchant_outbox_due ON merchant_outbox (delivered_at, next_attempt_at);
-- Each wallet one-time code sent, by the Idempotency-Key it came with: a retry gets the
-- outcome (`accepted`, `wrong_code`) instead of sending the code again; `sending` while
-- it is out. The code itself is kept only as a keyed hash.
CREATE TABLE IF NOT EXISTS otp_submissions (
    transaction_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    outcome TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (transaction_id, idempotency_key)
);
-- The latest status Orkestra announced for each refund and payout (`kind` says which), so
-- a notification delivered again, or a stale one arriving late, forwards no second webhook.
CREATE TABLE IF NOT EXISTS upstream_statuses (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    status TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (kind, id)
);
DROP INDEX IF EXISTS one_active_transaction;
CREATE INDEX IF NOT EXISTS transactions_charge ON transactions (charge_id);
CREATE INDEX IF NOT EXISTS transactions_auto_refund ON transactions (auto_refund);
-- The reconciler's scan: attempts still `creating`, oldest first.
CREATE INDEX IF NOT EXISTS transactions_creating ON transactions (updated_at) WHERE status = 'creating';
-- A second card leg cannot start while one is in flight (the session lock orders the
-- other rules: no async leg during a card leg, legs within the charge's amount).
CREATE UNIQUE INDEX IF NOT EXISTS one_card_leg_in_flight
    ON transactions (charge_id) WHERE status IN ('creating', 'pending') AND method = 'CARD';
-- Sessions made before charges existed get one charge of their whole amount.
INSERT INTO charges (id, session_id, position, token, amount_minor, status, created_at, updated_at)
    SELECT 'ch_' || s.id, s.id, 0, s.token, s.amount_minor, s.status, s.created_at, s.updated_at
    FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM charges c WHERE c.session_id = s.id);
UPDATE transactions SET charge_id = (
    SELECT c.id FROM charges c WHERE c.session_id = transactions.session_id AND c.position = 0)
    WHERE charge_id IS NULL;
