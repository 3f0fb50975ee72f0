-- What running the agency needs beyond the seed's columns: channel identity, opt-out,
-- human handoff, the 24-hour window, delivery tracking, profile views, the model name
-- recorded with every vector, the durable job queue, and default configuration.

ALTER TABLE leads
    ADD COLUMN language             VARCHAR(2) NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
    ADD COLUMN channel              VARCHAR(10) NOT NULL DEFAULT 'local' CHECK (channel IN ('twilio', 'meta', 'local')),
    ADD COLUMN channel_user_id      VARCHAR(128),
    ADD COLUMN opted_out            BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN opted_out_at         TIMESTAMPTZ,
    ADD COLUMN assigned_admin_id    INT REFERENCES admin_users (id) ON DELETE SET NULL,
    ADD COLUMN human_since          TIMESTAMPTZ,
    ADD COLUMN handoff_reason       TEXT,
    ADD COLUMN not_understood_count SMALLINT NOT NULL DEFAULT 0,
    ADD COLUMN seeking_text         TEXT,
    ADD COLUMN last_inbound_at      TIMESTAMPTZ,
    ADD COLUMN last_outbound_at     TIMESTAMPTZ,
    ADD COLUMN admin_read_at        TIMESTAMPTZ,
    ADD COLUMN platform_lead_id     UUID REFERENCES lead_memory (id) ON DELETE SET NULL,
    ADD COLUMN metadata             JSONB NOT NULL DEFAULT '{}';
CREATE UNIQUE INDEX leads_channel_user_key ON leads (channel, channel_user_id) WHERE channel_user_id IS NOT NULL;
CREATE INDEX leads_assigned_admin_idx ON leads (assigned_admin_id);
CREATE INDEX leads_platform_lead_idx ON leads (platform_lead_id);
CREATE INDEX leads_last_inbound_idx ON leads (last_inbound_at);

ALTER TABLE conversations
    ADD COLUMN provider_message_id VARCHAR(128),
    ADD COLUMN channel             VARCHAR(10),
    ADD COLUMN media               JSONB NOT NULL DEFAULT '[]',
    ADD COLUMN answered_at         TIMESTAMPTZ,
    ADD COLUMN delivery_status     VARCHAR(20),
    ADD COLUMN delivery_error      TEXT,
    ADD COLUMN updated_at          TIMESTAMPTZ NOT NULL DEFAULT now();
-- A redelivered webhook carries the same provider id: storing it again is a no-op.
CREATE UNIQUE INDEX conversations_provider_message_key ON conversations (provider_message_id);
-- Inbound messages still waiting for the bot's turn.
CREATE INDEX conversations_unanswered_idx ON conversations (lead_id, id)
    WHERE direction = 'in' AND answered_at IS NULL;

ALTER TABLE profiles ADD COLUMN embedding_model VARCHAR(100);
ALTER TABLE knowledge_base
    ADD COLUMN language        VARCHAR(2) NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
    ADD COLUMN embedding_model VARCHAR(100),
    ADD COLUMN updated_at      TIMESTAMPTZ NOT NULL DEFAULT now();

-- Profiles shown to each lead, so that none is shown twice.
CREATE TABLE profile_views (
    lead_id    INT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    profile_id INT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    shown_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (lead_id, profile_id)
);
CREATE INDEX profile_views_profile_idx ON profile_views (profile_id);

-- The job queue on the seed's queue_jobs table.
ALTER TABLE queue_jobs
    ADD COLUMN attempts     INT NOT NULL DEFAULT 0,
    ADD COLUMN max_attempts INT NOT NULL DEFAULT 5,
    ADD COLUMN run_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD COLUMN locked_until TIMESTAMPTZ,
    ADD COLUMN locked_by    VARCHAR(100),
    ADD COLUMN dedup_key    VARCHAR(200),
    ADD COLUMN priority     SMALLINT NOT NULL DEFAULT 0,
    ADD COLUMN updated_at   TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX queue_jobs_ready_idx ON queue_jobs (priority DESC, run_at) WHERE status = 'pending';
CREATE INDEX queue_jobs_lease_idx ON queue_jobs (locked_until) WHERE status = 'processing';
CREATE INDEX queue_jobs_status_idx ON queue_jobs (status, job_type);
-- At most one waiting job per key (e.g. one pending turn per lead: a burst joins it).
CREATE UNIQUE INDEX queue_jobs_dedup_key ON queue_jobs (job_type, dedup_key)
    WHERE dedup_key IS NOT NULL AND status = 'pending';

CREATE FUNCTION queue_jobs_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('matchbot_jobs', NEW.job_type);
    RETURN NULL;
END
$$;
CREATE TRIGGER queue_jobs_notify AFTER INSERT ON queue_jobs
    FOR EACH ROW EXECUTE FUNCTION queue_jobs_notify();

DROP VIEW active_conversations;
CREATE VIEW active_conversations AS
SELECT l.id AS lead_id, l.phone, l.channel_user_id, l.name, l.language, l.channel,
       l.status AS lead_status, l.conversation_phase, l.qualification_complete,
       l.opted_out, l.assigned_admin_id, l.human_since, l.handoff_reason,
       CASE
           WHEN l.opted_out THEN 'opted_out'
           WHEN l.assigned_admin_id IS NOT NULL THEN 'admin'
           WHEN l.status = 'attente_humain' THEN 'waiting'
           ELSE 'bot'
       END AS status,
       last.content AS last_message, last.direction AS last_direction,
       last.sender_type AS last_sender_type, last.created_at AS last_message_at,
       l.last_inbound_at,
       coalesce(l.last_inbound_at > now() - INTERVAL '24 hours', FALSE) AS window_open,
       (SELECT count(*) FROM conversations u
         WHERE u.lead_id = l.id AND u.direction = 'in'
           AND u.created_at > coalesce(l.admin_read_at, '-infinity')) AS unread_count
FROM leads l
JOIN LATERAL (
    SELECT c.content, c.direction, c.sender_type, c.created_at
    FROM conversations c
    WHERE c.lead_id = l.id
    ORDER BY c.created_at DESC, c.id DESC
    LIMIT 1
) last ON TRUE;

INSERT INTO configuration (key, value, description) VALUES
    ('agency_name', '"Matchbot"', 'Name the bot introduces itself with'),
    ('agency_phone', 'null', 'The agency''s own WhatsApp number (the only number the bot may write)'),
    ('admin_phone', 'null', 'WhatsApp number alerted on handoffs and contact requests'),
    ('contact_price', '15000', 'Price of one contact introduction'),
    ('currency', '"XAF"', 'Currency of prices (ISO 4217)'),
    ('minimum_age', '18', 'Youngest member age accepted'),
    ('bot_enabled', 'true', 'When false the bot stays silent and every conversation waits for a human'),
    ('auto_release_minutes', '30', 'An admin''s takeover ends after this many idle minutes'),
    ('welcome_message', 'null', 'Custom greeting {"fr": ..., "en": ...}; null uses the built-in text'),
    ('payment_instructions', '{"fr": "Le paiement se fait par Mobile Money (Orange Money ou MTN MoMo). Un conseiller vous envoie les détails dès que votre demande est validée.", "en": "Payment is by Mobile Money (Orange Money or MTN MoMo). An adviser sends you the details as soon as your request is approved."}', 'Shown after a contact request'),
    ('whatsapp_templates', '{}', 'Approved templates by purpose: {"opener": {"content_sid": ..., "variables": [...]}}')
ON CONFLICT (key) DO NOTHING;
