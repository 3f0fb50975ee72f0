-- Campaigns and e-mail (issue 12): what a campaign needs beyond the seed's columns, the
-- per-day metrics, the suppression list, templates of each client, and the per-domain
-- sending throttle.
--
-- A campaign's audience filters stay in target_criteria (industries, regions, languages,
-- min_score for prospects; intents, urgencies, tags, languages for a client's leads); its
-- follow-ups in follow_up_schedule ([{"delay_days": 3, "template_id": "…"}], at most
-- three); the rest are columns so that they can be checked here.

-- Every outreach e-mail's footer carries the sender's postal address (CAN-SPAM, LCAP):
-- a campaign cannot start without it.
ALTER TABLE clients ADD COLUMN postal_address TEXT;

ALTER TABLE outreach_campaigns
    ADD COLUMN audience          VARCHAR(12) NOT NULL DEFAULT 'prospects',
    ADD COLUMN daily_cap         INT NOT NULL DEFAULT 50,
    -- Sending window, in each recipient's time zone (the campaign's when unknown):
    -- hours [start, end) on ISO weekdays (1 = Monday).
    ADD COLUMN window_start_hour SMALLINT NOT NULL DEFAULT 9,
    ADD COLUMN window_end_hour   SMALLINT NOT NULL DEFAULT 17,
    ADD COLUMN window_days       SMALLINT[] NOT NULL DEFAULT '{1,2,3,4,5}',
    ADD COLUMN timezone          VARCHAR(64) NOT NULL DEFAULT 'UTC',
    -- manual: drafts wait for the client's approval; auto: drafts that pass the checks go.
    ADD COLUMN approval_mode     VARCHAR(10) NOT NULL DEFAULT 'manual',
    ADD COLUMN activated_at      TIMESTAMPTZ,
    ADD COLUMN completed_at      TIMESTAMPTZ,
    -- members: the agency's WhatsApp members (re-engagement, sent by member outreach, not e-mail).
    ADD CONSTRAINT outreach_campaigns_audience_check CHECK (audience IN ('prospects', 'leads', 'members')),
    ADD CONSTRAINT outreach_campaigns_daily_cap_check CHECK (daily_cap BETWEEN 1 AND 10000),
    ADD CONSTRAINT outreach_campaigns_window_check
        CHECK (window_start_hour BETWEEN 0 AND 23 AND window_end_hour BETWEEN 1 AND 24
               AND window_end_hour > window_start_hour
               AND cardinality(window_days) BETWEEN 1 AND 7 AND window_days <@ '{1,2,3,4,5,6,7}'),
    ADD CONSTRAINT outreach_campaigns_approval_check CHECK (approval_mode IN ('manual', 'auto')),
    ADD CONSTRAINT outreach_campaigns_follow_ups_check
        CHECK (jsonb_typeof(follow_up_schedule) = 'array' AND jsonb_array_length(follow_up_schedule) <= 3);
CREATE INDEX outreach_campaigns_active_idx ON outreach_campaigns (status) WHERE status = 'active';

-- One row per e-mail and step: the first e-mail is step 1, follow-ups 2 to 4. A recipient
-- is a prospect (prospect_id) or one of the client's leads (lead_id).
ALTER TABLE outreach_emails
    ADD COLUMN lead_id            UUID REFERENCES lead_memory (id) ON DELETE SET NULL,
    ADD COLUMN language           VARCHAR(2),
    ADD COLUMN recipient_timezone VARCHAR(64),
    ADD COLUMN scheduled_at       TIMESTAMPTZ,       -- a bulk_email job is queued for it
    ADD COLUMN send_attempts      INT NOT NULL DEFAULT 0,
    ADD COLUMN last_error         TEXT;
CREATE INDEX outreach_emails_lead_idx ON outreach_emails (lead_id);
-- Drafting is idempotent: one e-mail per address and step in a campaign.
CREATE UNIQUE INDEX outreach_emails_step_unique
    ON outreach_emails (campaign_id, lower(prospect_email), follow_up_sequence);
CREATE INDEX outreach_emails_sent_idx ON outreach_emails (campaign_id, sent_at) WHERE sent_at IS NOT NULL;

-- Metrics per campaign and per day: a row holds the e-mails sent that day and what they
-- led to (opens, clicks, replies… whenever they came), so its rates stay within 0–100.
-- Derived from outreach_tracking by the outreach_metrics job.
ALTER TABLE outreach_metrics DROP CONSTRAINT outreach_metrics_campaign_id_key;
ALTER TABLE outreach_metrics ADD COLUMN day DATE NOT NULL DEFAULT current_date;
ALTER TABLE outreach_metrics ADD CONSTRAINT outreach_metrics_campaign_day_unique UNIQUE (campaign_id, day);

-- Consent for ever: an address that unsubscribed, bounced or complained never receives
-- another e-mail from any campaign of that client. Addresses are stored lower-cased.
CREATE TABLE outreach_suppressions (
    id         UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id  UUID NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    email      VARCHAR(255) NOT NULL CHECK (email = lower(email)),
    reason     VARCHAR(12) NOT NULL CHECK (reason IN ('unsubscribed', 'bounced', 'complaint', 'manual')),
    email_id   UUID REFERENCES outreach_emails (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT outreach_suppressions_email_unique UNIQUE (client_id, email)
);
CREATE INDEX outreach_suppressions_email_id_idx ON outreach_suppressions (email_id);

-- Each prospect e-mail has its log row (the seed's prospect_outreach_log), found by e-mail.
ALTER TABLE prospect_outreach_log
    ADD COLUMN email_id    UUID REFERENCES outreach_emails (id) ON DELETE SET NULL,
    ADD COLUMN campaign_id UUID REFERENCES outreach_campaigns (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX prospect_outreach_log_email_unique ON prospect_outreach_log (email_id);
CREATE INDEX prospect_outreach_log_campaign_idx ON prospect_outreach_log (campaign_id);

-- Templates: shared starters (client_id NULL, read-only to tenants) and each client's own.
ALTER TABLE email_templates ADD COLUMN client_id UUID REFERENCES clients (client_id) ON DELETE CASCADE;
ALTER TABLE email_templates DROP CONSTRAINT email_templates_name_language_key;
ALTER TABLE email_templates
    ADD CONSTRAINT email_templates_name_language_key UNIQUE NULLS NOT DISTINCT (client_id, name, language);

-- How many e-mails each recipient domain got in the current minute (all clients together:
-- a receiving server judges the sending one). Service only.
CREATE TABLE outreach_domain_throttle (
    domain       VARCHAR(255) PRIMARY KEY,
    window_start TIMESTAMPTZ NOT NULL,
    sent         INT NOT NULL
);

DO $$
BEGIN
    ALTER TABLE outreach_suppressions ENABLE ROW LEVEL SECURITY;
    ALTER TABLE outreach_suppressions FORCE ROW LEVEL SECURITY;
    GRANT SELECT, INSERT, UPDATE, DELETE ON outreach_suppressions TO matchbot_app;
    GRANT ALL ON outreach_suppressions TO matchbot_service;
    CREATE POLICY client_isolation ON outreach_suppressions TO matchbot_app
        USING (client_id = current_client_id()) WITH CHECK (client_id = current_client_id());
    CREATE POLICY service_role_all ON outreach_suppressions TO matchbot_service USING (true) WITH CHECK (true);

    DROP POLICY public_read ON email_templates;
    ALTER TABLE email_templates FORCE ROW LEVEL SECURITY;
    GRANT INSERT, UPDATE, DELETE ON email_templates TO matchbot_app;
    CREATE POLICY tenant_read ON email_templates FOR SELECT TO matchbot_app
        USING (client_id IS NULL OR client_id = current_client_id());
    CREATE POLICY tenant_insert ON email_templates FOR INSERT TO matchbot_app
        WITH CHECK (client_id = current_client_id());
    CREATE POLICY tenant_update ON email_templates FOR UPDATE TO matchbot_app
        USING (client_id = current_client_id()) WITH CHECK (client_id = current_client_id());
    CREATE POLICY tenant_delete ON email_templates FOR DELETE TO matchbot_app
        USING (client_id = current_client_id());

    ALTER TABLE outreach_domain_throttle ENABLE ROW LEVEL SECURITY;
    GRANT ALL ON outreach_domain_throttle TO matchbot_service;
    CREATE POLICY service_role_all ON outreach_domain_throttle TO matchbot_service USING (true) WITH CHECK (true);
END
$$;

-- Starter templates every client can use or copy: a first e-mail and a follow-up, in
-- English and French. {{personal_line}} is the paragraph the outreach agent writes from
-- the recipient's facts; {{name|fallback}} uses the fallback when the value is unknown.
INSERT INTO email_templates (name, description, subject, plain_content, language, category, variables)
VALUES
('Introduction', 'First e-mail: who you are, one fact about them, one question.',
 'A question for {{company|your team}}',
 E'Hello {{first_name|there}},\n\n{{personal_line}}\n\nI am writing on behalf of {{sender_company}}. '
 'We help businesses like yours answer every enquiry quickly, even outside office hours.\n\n'
 'Would a 15-minute call next week be useful?\n{{booking_link|}}\n\nBest regards,\n{{sender_company}}',
 'en', 'first_touch', '["booking_link", "company", "first_name", "personal_line", "sender_company"]'),
('Introduction', 'Premier e-mail : qui vous êtes, un fait les concernant, une question.',
 'Une question pour {{company|votre équipe}}',
 E'Bonjour {{first_name|}},\n\n{{personal_line}}\n\nJe vous écris de la part de {{sender_company}}. '
 'Nous aidons les entreprises comme la vôtre à répondre vite à chaque demande, même en dehors des heures '
 'd''ouverture.\n\nUn appel de 15 minutes la semaine prochaine vous serait-il utile ?\n{{booking_link|}}\n\n'
 'Bien cordialement,\n{{sender_company}}',
 'fr', 'first_touch', '["booking_link", "company", "first_name", "personal_line", "sender_company"]'),
('Follow-up', 'A short nudge after the first e-mail.',
 'Re: a question for {{company|your team}}',
 E'Hello {{first_name|there}},\n\nI am following up on my previous e-mail in case it got buried. '
 'Is answering enquiries quickly something {{company|your team}} is working on this quarter?\n'
 '{{booking_link|}}\n\nBest regards,\n{{sender_company}}',
 'en', 'follow_up', '["booking_link", "company", "first_name", "sender_company"]'),
('Follow-up', 'Une courte relance après le premier e-mail.',
 'Re : une question pour {{company|votre équipe}}',
 E'Bonjour {{first_name|}},\n\nJe me permets de revenir vers vous au cas où mon précédent e-mail vous aurait '
 'échappé. Répondre plus vite aux demandes est-il un sujet pour {{company|votre équipe}} ce trimestre ?\n'
 '{{booking_link|}}\n\nBien cordialement,\n{{sender_company}}',
 'fr', 'follow_up', '["booking_link", "company", "first_name", "sender_company"]');
