-- What the spec now holds, no longer kept beside it (and no longer filled in).
ALTER TABLE sessions DROP COLUMN request_json;
ALTER TABLE sessions DROP COLUMN country;
ALTER TABLE sessions DROP COLUMN currency;
ALTER TABLE sessions DROP COLUMN amount_minor;
ALTER TABLE sessions DROP COLUMN locale;
ALTER TABLE sessions DROP COLUMN embed_origins;
ALTER TABLE sessions DROP COLUMN webhook_url;
