-- migrate: no-transaction
-- The learning loop's first half (issue 13): every prediction is a feedback_tracking row,
-- real outcomes score it, and the `learning_feedback` job turns scored rows into accuracy
-- figures (bot/lead_platform/store/feedback.py, accuracy.py).
--
-- `subject` names what a prediction is about when no foreign key does: "member:42" for the
-- bot's reading of a member's messages (the convention of prompt_performance.subject). The
-- outcomes of a member's conversation find their predictions by it, and `matchbot forget`
-- erases them by it.
--
-- The job reads the rows that are scored (learning_impact set) and not yet applied; the
-- old partial index on every unapplied row indexed all predictions, most of which are
-- never judged, so it is replaced by one on the scored ones only.
--
-- Statement by statement on a live database (feedback_tracking grows with every
-- prediction): the column is added without a rewrite, indexes are built CONCURRENTLY.
-- Every statement can run again.

ALTER TABLE feedback_tracking ADD COLUMN IF NOT EXISTS subject VARCHAR(100);
COMMENT ON COLUMN feedback_tracking.subject IS
    'what the prediction is about when lead_id does not say it ("member:42"); erased with the member';

CREATE INDEX CONCURRENTLY IF NOT EXISTS feedback_tracking_subject_idx
    ON feedback_tracking (subject, created_at) WHERE subject IS NOT NULL;

CREATE INDEX CONCURRENTLY IF NOT EXISTS feedback_tracking_scored_idx
    ON feedback_tracking (client_id, created_at) WHERE NOT learning_applied AND learning_impact IS NOT NULL;

DROP INDEX CONCURRENTLY IF EXISTS feedback_tracking_unprocessed_idx;
