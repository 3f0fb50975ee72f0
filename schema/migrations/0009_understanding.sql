-- The understanding layer (agents/nlu): what admins teach the bot from the console, the
-- models trained from the corpus and those examples, the lexical half of FAQ retrieval,
-- and the settings of a handoff that never leaves a member in silence.

-- A member message an admin marked as misread, with what it meant: a training example
-- (never a held-out one). It is the member's own text: erased with the member.
CREATE TABLE understanding_examples (
    id              BIGSERIAL PRIMARY KEY,
    text            TEXT NOT NULL,
    context         VARCHAR(30) NOT NULL DEFAULT 'none',
    intent          VARCHAR(30) NOT NULL,
    slots           JSONB NOT NULL DEFAULT '{}',
    language        VARCHAR(5),
    read_intent     VARCHAR(30),
    read_confidence NUMERIC(4, 3),
    lead_id         INT REFERENCES leads (id) ON DELETE CASCADE,
    message_id      INT UNIQUE REFERENCES conversations (id) ON DELETE CASCADE,
    admin_id        INT REFERENCES admin_users (id) ON DELETE SET NULL,
    exported_at     TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX understanding_examples_lead_idx ON understanding_examples (lead_id);
CREATE INDEX understanding_examples_admin_idx ON understanding_examples (admin_id);

-- Trained intent classifiers: every process loads the latest one for what it knows
-- (fingerprint of the corpus, the examples and the feature set) instead of training.
CREATE TABLE understanding_models (
    id          BIGSERIAL PRIMARY KEY,
    fingerprint VARCHAR(64) NOT NULL,
    examples    INT NOT NULL,
    metrics     JSONB NOT NULL DEFAULT '{}',
    weights     BYTEA NOT NULL,
    trained_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX understanding_models_fingerprint_idx ON understanding_models (fingerprint, id DESC);

-- Lexical terms of an entry (its question and keywords, spelt as the NLU normalises
-- member messages: no accents, colloquial forms expanded), fused with the vector ranking.
ALTER TABLE knowledge_base ADD COLUMN search_terms TSVECTOR;
CREATE INDEX knowledge_base_search_terms_idx ON knowledge_base USING GIN (search_terms);

INSERT INTO configuration (key, value, description) VALUES
    ('adviser_hours', '{"days": [1, 2, 3, 4, 5, 6], "start": "08:00", "end": "20:00", "timezone": "Africa/Douala"}',
     'When advisers answer: ISO weekdays (1 = Monday), opening and closing times, time zone'),
    ('handback_minutes', '45',
     'A conversation handed over that no adviser has taken goes back to the bot after this many minutes (0 = never)')
ON CONFLICT (key) DO NOTHING;
