-- Two kinds of API key per client. The one key each client had until now was published in
-- web forms, as the README advised, so it stays where it is and becomes the publishable
-- form key: `api_key` keeps its SHA-256 and from now on it only posts leads
-- (POST /api/lead), from a browser only on the client's allowed origins. The secret key,
-- which manages leads (/api/leads) and is refused from browsers, is new: NULL until
-- `matchbot clients create` or `matchbot clients rotate-key --secret` issues it. Both are
-- stored as SHA-256 of the key with its first 12 characters, never the key itself.

ALTER TABLE clients
    ADD COLUMN secret_key_hash   VARCHAR(128) UNIQUE,
    ADD COLUMN secret_key_prefix VARCHAR(16),
    ADD CONSTRAINT clients_secret_key_complete
        CHECK ((secret_key_hash IS NULL) = (secret_key_prefix IS NULL));

COMMENT ON COLUMN clients.api_key IS
    'SHA-256 of the publishable form key (pk_..., or mb_live_/mb_test_ before 0011): POST /api/lead only';
COMMENT ON COLUMN clients.api_key_prefix IS 'first 12 characters of the publishable form key';
COMMENT ON COLUMN clients.secret_key_hash IS
    'SHA-256 of the secret key (sk_...): the /api/leads management API, never from a browser';
COMMENT ON COLUMN clients.secret_key_prefix IS 'first 12 characters of the secret key';
