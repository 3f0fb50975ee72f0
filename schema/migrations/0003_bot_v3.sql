-- Matchmaking bot, schema v3 (seed 004): qualification columns on leads, indexing
-- timestamps, knowledge titles, agent logs, and the three views.

ALTER TABLE leads
    ADD COLUMN looking_for_gender     VARCHAR(10),
    ADD COLUMN preferred_age_min      SMALLINT,
    ADD COLUMN preferred_age_max      SMALLINT,
    ADD COLUMN preferred_city         VARCHAR(100),
    ADD COLUMN qualification_complete BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN last_profile_shown     VARCHAR(20),
    ADD COLUMN conversation_phase     VARCHAR(50) NOT NULL DEFAULT 'accueil';

ALTER TABLE profiles ADD COLUMN indexed_at TIMESTAMPTZ;

ALTER TABLE knowledge_base
    ADD COLUMN title      VARCHAR(255),
    ADD COLUMN indexed_at TIMESTAMPTZ;

CREATE TABLE agent_logs (
    id             SERIAL PRIMARY KEY,
    lead_id        INT REFERENCES leads (id) ON DELETE CASCADE,
    agent_name     VARCHAR(50) NOT NULL,
    input_summary  TEXT,
    output_summary TEXT,
    duration_ms    INT NOT NULL DEFAULT 0,
    success        BOOLEAN NOT NULL DEFAULT TRUE,
    error_message  TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX agent_logs_lead_idx ON agent_logs (lead_id);
CREATE INDEX agent_logs_agent_created_idx ON agent_logs (agent_name, created_at);
CREATE INDEX agent_logs_created_at_idx ON agent_logs (created_at);

CREATE VIEW qualified_leads AS
SELECT l.id, l.phone, l.name, l.age, l.gender, l.city, l.looking_for_gender,
       l.preferred_age_min, l.preferred_age_max, l.preferred_city, l.status,
       l.conversation_phase, l.last_profile_shown, l.created_at, l.updated_at
FROM leads l
WHERE l.qualification_complete;

CREATE VIEW agent_performance AS
SELECT agent_name,
       count(*)                                                   AS calls,
       count(*) FILTER (WHERE success)                            AS successes,
       count(*) FILTER (WHERE NOT success)                        AS failures,
       round(avg(success::int)::numeric, 4)                       AS success_rate,
       round(avg(duration_ms)::numeric, 1)                        AS avg_duration_ms,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms)  AS p95_duration_ms,
       max(created_at)                                            AS last_call_at
FROM agent_logs
GROUP BY agent_name;

-- Latest conversation status for every lead that has written (replaced in 0006 with
-- the console's fuller version).
CREATE VIEW active_conversations AS
SELECT DISTINCT ON (c.lead_id)
       c.lead_id, l.phone, l.name, l.status AS lead_status, l.conversation_phase,
       c.content AS last_message, c.direction AS last_direction,
       c.sender_type AS last_sender_type, c.status, c.created_at AS last_message_at
FROM conversations c
JOIN leads l ON l.id = c.lead_id
ORDER BY c.lead_id, c.created_at DESC, c.id DESC;
