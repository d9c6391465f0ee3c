-- A session keeps the merchant's request as its checked spec (`spec`: the request's JSON
-- form, read back through the same rules) and, for idempotency, only a fingerprint of the
-- body (filled for earlier sessions by the migration's data step, from `request_json`).
-- Charges and legs carry their currency, so each row reads into money on its own.
ALTER TABLE sessions ADD COLUMN spec TEXT;
ALTER TABLE sessions ADD COLUMN fingerprint TEXT;
UPDATE sessions SET spec = request_json;
ALTER TABLE charges ADD COLUMN currency TEXT;
UPDATE charges SET currency = (SELECT s.currency FROM sessions s WHERE s.id = charges.session_id);
ALTER TABLE transactions ADD COLUMN currency TEXT;
UPDATE transactions SET currency = (SELECT s.currency FROM sessions s WHERE s.id = transactions.session_id);
