-- Server-side web sessions, and the anonymous record of each erasure.
--
-- web_sessions: one row per signed-in browser of the console (admin_id) or the client
-- dashboard (client_id). The cookie carries a random token; only its SHA-256 is stored,
-- so a copy of this table signs nobody in. A request is signed in while its row is not
-- revoked, not past expires_at (absolute lifetime) and was seen recently (idle timeout):
-- logout revokes one row, a password change every other row of the account, a
-- deactivation all of them.
CREATE TABLE web_sessions (
    id           BYTEA PRIMARY KEY CHECK (octet_length(id) = 32),
    admin_id     INT REFERENCES admin_users (id) ON DELETE CASCADE,
    client_id    UUID REFERENCES clients (client_id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ NOT NULL,
    user_agent   VARCHAR(255),
    revoked_at   TIMESTAMPTZ,
    CONSTRAINT web_sessions_one_account CHECK (num_nonnulls(admin_id, client_id) = 1)
);
CREATE INDEX web_sessions_admin_idx ON web_sessions (admin_id);
CREATE INDEX web_sessions_client_idx ON web_sessions (client_id);
CREATE INDEX web_sessions_expires_idx ON web_sessions (expires_at);

-- What `matchbot forget` (or a member's own confirmed request) erased: when, how, and how
-- many rows where. Nothing in it says who: no phone, no name, no hash of either (a phone
-- number's hash is reversed by trying every number).
CREATE TABLE erasures (
    id         BIGSERIAL PRIMARY KEY,
    erased_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- 'operator' (matchbot forget) or 'member' (asked and confirmed in the conversation)
    requested_by VARCHAR(10) NOT NULL CHECK (requested_by IN ('operator', 'member')),
    members    INT NOT NULL DEFAULT 0,
    form_leads INT NOT NULL DEFAULT 0,
    rows       JSONB NOT NULL DEFAULT '{}'
);
