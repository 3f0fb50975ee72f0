-- migrate: no-transaction
-- Outreach to the agency's own members (issue 12, "WhatsApp re-engagement"): campaigns of
-- the internal client whose audience is the bot's members. Every message they send is a
-- `member_outreach` row beside the conversation row that carries it; the row says which
-- campaign sent it, to whom, about which profile, and what came of it (delivered, failed,
-- answered, opted out), from which the campaign's daily `outreach_metrics` are counted.
--
-- A bot table like profile_views (members are the agency's, not a tenant's): no client_id,
-- no RLS; forgetting a member deletes their rows with the lead (ON DELETE CASCADE).
--
-- The campaigns themselves are ordinary outreach_campaigns rows of the internal client with
-- the audience 'members', one per kind (metadata.member_outreach: new_profile, reengage).
--
-- Statement by statement on a live database (indexes built CONCURRENTLY: webhooks never
-- wait for them); every statement can run again.

ALTER TABLE outreach_campaigns DROP CONSTRAINT IF EXISTS outreach_campaigns_audience_check;
ALTER TABLE outreach_campaigns ADD CONSTRAINT outreach_campaigns_audience_check
    CHECK (audience IN ('prospects', 'leads', 'members'));
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS outreach_campaigns_member_kind_key
    ON outreach_campaigns (client_id, (metadata ->> 'member_outreach')) WHERE audience = 'members';

CREATE TABLE IF NOT EXISTS member_outreach (
    id           BIGSERIAL PRIMARY KEY,
    lead_id      INT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    campaign_id  UUID NOT NULL REFERENCES outreach_campaigns (id) ON DELETE CASCADE,
    kind         VARCHAR(12) NOT NULL CHECK (kind IN ('new_profile', 'reengage')),
    -- The profile an alert proposed (never proposed twice to a member: the unique index).
    profile_id   INT REFERENCES profiles (id) ON DELETE SET NULL,
    message_id   INT REFERENCES conversations (id) ON DELETE SET NULL,
    sent_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- What came of it, filled by the metrics job from the message's delivery status and
    -- the member's next messages.
    delivered_at TIMESTAMPTZ,
    read_at      TIMESTAMPTZ,
    failed_at    TIMESTAMPTZ,
    replied_at   TIMESTAMPTZ,
    opted_out_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS member_outreach_profile_key
    ON member_outreach (profile_id, lead_id) WHERE profile_id IS NOT NULL;
-- The cap (one message per member per period) and "once per silence" read a member's latest rows.
CREATE INDEX CONCURRENTLY IF NOT EXISTS member_outreach_lead_idx ON member_outreach (lead_id, sent_at DESC);
CREATE INDEX CONCURRENTLY IF NOT EXISTS member_outreach_campaign_idx ON member_outreach (campaign_id, sent_at);
CREATE INDEX CONCURRENTLY IF NOT EXISTS member_outreach_message_idx ON member_outreach (message_id);

-- The alerts walk each member's wanted gender newest profile first and stop at the first
-- that suits them (knowledge/member_matches.py). The id breaks ties: an import gives all its
-- rows the same created_at, and without it every walk would read and sort the whole import.
CREATE INDEX CONCURRENTLY IF NOT EXISTS profiles_fresh_idx
    ON profiles (gender, created_at DESC, id DESC) WHERE status = 'active';

-- Members who blocked the agency's number: the provider refused a message for it (Twilio
-- 21610, Meta 131050). Failed messages are few, so this index is small.
CREATE INDEX CONCURRENTLY IF NOT EXISTS conversations_out_failed_idx
    ON conversations (lead_id) WHERE direction = 'out' AND delivery_status IN ('failed', 'undelivered');

INSERT INTO configuration (key, value, description) VALUES
    ('member_outreach',
     '{"every_days": 7, "quiet_days": 3, "reply_days": 3, "fresh_days": 14, "start": "09:00", "end": "20:00"}',
     'Messages to members (new compatible profile alerts, re-engagement): at most one per member every '
     'every_days days (0 = none at all); re-engage after quiet_days days of silence during qualification '
     '(0 = never); an answer within reply_days days counts as a reply; a profile is new for fresh_days days; '
     'sent only between start and end, in the time zone of adviser_hours')
ON CONFLICT (key) DO NOTHING;
