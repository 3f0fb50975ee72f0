-- Outreach tracking (issue 12): inbound e-mails kept for matching, and the text of replies.
--
-- The e-mail provider's inbound route (Mailgun `forward()`) posts every message sent to the
-- outreach domain: replies to `reply+<token>@…`, bounce reports, out-of-office answers and
-- the answers to contact-form tests (`formtest+<token>@…`). The webhook checks the
-- signature, stores the message here and enqueues its processing; the `inbound_email` job
-- matches it (token in the recipient address, or In-Reply-To/References naming one of our
-- Message-IDs, or the original Message-ID quoted in a bounce report) and records what it
-- means. The row keeps the message as received, so that matching can be replayed and
-- audited. Until it is matched a message belongs to no client: the table is the service's
-- alone (RLS on, no tenant policy), like the other system tables of 0005.

CREATE TABLE outreach_inbound_emails (
    id             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    provider       VARCHAR(20) NOT NULL,
    -- The provider's one-time webhook token (signed with the timestamp): a second post
    -- carrying the same token is a replay and is refused.
    provider_token VARCHAR(200) NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    recipient      TEXT NOT NULL,
    sender         TEXT,
    from_header    TEXT,
    subject        TEXT,
    message_id     TEXT,
    in_reply_to    TEXT,
    references_ids TEXT,
    body_plain     TEXT NOT NULL DEFAULT '',
    stripped_text  TEXT,
    headers        JSONB NOT NULL DEFAULT '[]',
    -- The machine-readable parts of a delivery report (message/delivery-status, the
    -- returned message's headers), as text; NULL for an ordinary message.
    report         TEXT,
    attachments    JSONB NOT NULL DEFAULT '[]',
    status         VARCHAR(10) NOT NULL DEFAULT 'received'
                   CHECK (status IN ('received', 'matched', 'unmatched')),
    -- reply; bounce (a failure report); delay (a report that is no failure: delayed,
    -- relayed); auto_reply (out of office: not a reply, the sequence goes on); unsubscribe
    -- (the List-Unsubscribe mailto, or "STOP"); form_test (an answer to a form test).
    kind           VARCHAR(12)
                   CHECK (kind IN ('reply', 'bounce', 'delay', 'auto_reply', 'unsubscribe', 'form_test')),
    client_id      UUID REFERENCES clients (client_id) ON DELETE CASCADE,
    email_id       UUID REFERENCES outreach_emails (id) ON DELETE SET NULL,
    processed_at   TIMESTAMPTZ,
    CONSTRAINT outreach_inbound_emails_token_unique UNIQUE (provider, provider_token)
);
CREATE INDEX outreach_inbound_emails_client_idx ON outreach_inbound_emails (client_id, received_at);
CREATE INDEX outreach_inbound_emails_email_idx ON outreach_inbound_emails (email_id);

ALTER TABLE outreach_inbound_emails ENABLE ROW LEVEL SECURITY;
CREATE POLICY service_role_all ON outreach_inbound_emails TO matchbot_service USING (true) WITH CHECK (true);

-- What the recipient answered (the new text, quotes stripped), readable by the client
-- under RLS with the e-mail it answers.
ALTER TABLE outreach_emails ADD COLUMN IF NOT EXISTS reply_content TEXT;
