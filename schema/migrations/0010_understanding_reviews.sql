-- Conversations the bot handed over because it did not understand the member: the console
-- lists them "à revoir" until an admin has said what the misread messages meant and
-- marked the conversation reviewed.

CREATE TABLE understanding_reviews (
    id             BIGSERIAL PRIMARY KEY,
    lead_id        INT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    handed_over_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    reviewed_at    TIMESTAMPTZ,
    reviewed_by    INT REFERENCES admin_users (id) ON DELETE SET NULL
);
-- One review waits per conversation: a second handoff before the review joins it.
CREATE UNIQUE INDEX understanding_reviews_pending_key ON understanding_reviews (lead_id)
    WHERE reviewed_at IS NULL;
CREATE INDEX understanding_reviews_reviewed_by_idx ON understanding_reviews (reviewed_by);

-- Recorded by the database when the handoff is written (status 'attente_humain' with reason
-- 'not_understood', in the turn's transaction): the lead's handoff_reason alone does not
-- last, since releasing the conversation clears it.
CREATE FUNCTION understanding_review_on_handoff() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO understanding_reviews (lead_id) VALUES (NEW.id)
    ON CONFLICT (lead_id) WHERE reviewed_at IS NULL DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER leads_not_understood_handoff AFTER UPDATE OF status, handoff_reason ON leads
    FOR EACH ROW
    WHEN (NEW.status = 'attente_humain' AND NEW.handoff_reason = 'not_understood'
          AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.handoff_reason IS DISTINCT FROM NEW.handoff_reason))
    EXECUTE FUNCTION understanding_review_on_handoff();

-- Conversations waiting for an adviser after a misunderstanding when this migration runs.
INSERT INTO understanding_reviews (lead_id, handed_over_at)
SELECT id, coalesce(human_since, updated_at) FROM leads WHERE handoff_reason = 'not_understood';
