-- Prospects per client (issue 12). Each client runs its own prospecting, the platform's own
-- sales being the internal client (clients.is_internal): prospects, their form tests and
-- outreach log, and discovery runs carry client_id under forced RLS like every tenant table.
-- prospect_industry_performance stays shared (what every client's outreach taught about an
-- industry), written and read by the service only.
--
-- A website is unique per client as its site_key: without scheme, "www." and trailing slash,
-- lower-cased, so http://www.Example.com/ and https://example.com are one prospect.

ALTER TABLE prospect_candidates
    ADD COLUMN client_id               UUID REFERENCES clients (client_id) ON DELETE CASCADE,
    ADD COLUMN site_key                TEXT GENERATED ALWAYS AS (
                                           rtrim(lower(regexp_replace(website, '^https?://(www\.)?', '', 'i')), '/')
                                       ) STORED,
    -- Site facts, read from the public homepage (and the contact page it links to).
    ADD COLUMN site_status             VARCHAR(12)
                                       CHECK (site_status IN ('ok', 'disallowed', 'refused', 'unreachable')),
    ADD COLUMN site_error              TEXT,
    ADD COLUMN site_checked_at         TIMESTAMPTZ,
    ADD COLUMN site_language           VARCHAR(10),   -- as the page declares it or reads (any language)
    ADD COLUMN has_chat_widget         BOOLEAN,
    ADD COLUMN chat_widget             VARCHAR(50),   -- which one (intercom, crisp, whatsapp…)
    -- The inputs the automation-need score was computed from, and how much each added.
    ADD COLUMN automation_need_factors JSONB NOT NULL DEFAULT '{}';

-- Rows from before this migration (this service wrote none) belong to the internal client,
-- created if there is none yet. As the service role: clients is under forced RLS.
DO $$
DECLARE
    internal uuid;
BEGIN
    IF EXISTS (SELECT 1 FROM prospect_candidates) THEN
        EXECUTE 'SET LOCAL ROLE matchbot_service';
        SELECT client_id INTO internal FROM clients WHERE is_internal ORDER BY created_at LIMIT 1;
        IF internal IS NULL THEN
            INSERT INTO clients (business_name, email, api_key, api_key_prefix, is_internal)
            VALUES ('Internal sales', 'internal-sales@matchbot.invalid',
                    md5(random()::text) || md5(random()::text), 'internal', TRUE)
            RETURNING client_id INTO internal;
        END IF;
        UPDATE prospect_candidates SET client_id = internal;
        EXECUTE 'RESET ROLE';
    END IF;
END
$$;

ALTER TABLE prospect_candidates ALTER COLUMN client_id SET NOT NULL;
ALTER TABLE prospect_candidates DROP CONSTRAINT prospect_candidates_website_unique;
ALTER TABLE prospect_candidates
    ADD CONSTRAINT prospect_candidates_website_unique UNIQUE (client_id, site_key);
DROP INDEX prospect_candidates_industry_idx;
DROP INDEX prospect_candidates_queue_idx;
DROP INDEX prospect_candidates_created_at_idx;
CREATE INDEX prospect_candidates_industry_idx ON prospect_candidates (client_id, industry);
CREATE INDEX prospect_candidates_queue_idx
    ON prospect_candidates (client_id, contacted, automation_need_score DESC);
CREATE INDEX prospect_candidates_created_at_idx ON prospect_candidates (client_id, created_at DESC);
-- Prospects whose homepage has not been read yet (the site-facts job's work list).
CREATE INDEX prospect_candidates_unchecked_idx ON prospect_candidates (client_id, created_at)
    WHERE site_checked_at IS NULL;

ALTER TABLE prospect_form_tests
    ADD COLUMN client_id      UUID REFERENCES clients (client_id) ON DELETE CASCADE,
    ADD COLUMN form_url       TEXT,
    ADD COLUMN failure_reason TEXT;
ALTER TABLE prospect_outreach_log
    ADD COLUMN client_id UUID REFERENCES clients (client_id) ON DELETE CASCADE;
DO $$
BEGIN
    EXECUTE 'SET LOCAL ROLE matchbot_service';
    UPDATE prospect_form_tests t SET client_id = p.client_id
    FROM prospect_candidates p WHERE p.id = t.prospect_id;
    UPDATE prospect_outreach_log l SET client_id = p.client_id
    FROM prospect_candidates p WHERE p.id = l.prospect_id;
    EXECUTE 'RESET ROLE';
END
$$;
ALTER TABLE prospect_form_tests ALTER COLUMN client_id SET NOT NULL;
ALTER TABLE prospect_outreach_log ALTER COLUMN client_id SET NOT NULL;
CREATE INDEX prospect_form_tests_client_idx ON prospect_form_tests (client_id, test_submitted_at DESC);
CREATE INDEX prospect_outreach_log_client_idx ON prospect_outreach_log (client_id, sent_at);
-- A contact form is submitted once at a time: at most one pending test per prospect.
CREATE UNIQUE INDEX prospect_form_tests_one_pending
    ON prospect_form_tests (prospect_id) WHERE test_status = 'pending';

CREATE TABLE prospect_discovery_runs (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id   UUID NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    provider    VARCHAR(20) NOT NULL,              -- pdl, websites
    requested   INT NOT NULL,
    added       INT NOT NULL DEFAULT 0,
    duplicates  INT NOT NULL DEFAULT 0,            -- candidates skipped: website already a prospect
    status      VARCHAR(10) NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'completed', 'failed')),
    error       TEXT,
    cursors     JSONB NOT NULL DEFAULT '{}',       -- where the provider's results stopped (PDL scroll tokens)
    started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ
);
CREATE INDEX prospect_discovery_runs_client_idx
    ON prospect_discovery_runs (client_id, provider, started_at DESC);

DO $$
DECLARE
    t text;
BEGIN
    -- 0005 enabled RLS on the three older tables with a service policy; now they are tenant tables.
    FOREACH t IN ARRAY ARRAY['prospect_candidates', 'prospect_form_tests', 'prospect_outreach_log'] LOOP
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO matchbot_app', t);
        EXECUTE format(
            'CREATE POLICY client_isolation ON %I TO matchbot_app '
            'USING (client_id = current_client_id()) WITH CHECK (client_id = current_client_id())', t);
    END LOOP;
    ALTER TABLE prospect_discovery_runs ENABLE ROW LEVEL SECURITY;
    ALTER TABLE prospect_discovery_runs FORCE ROW LEVEL SECURITY;
    GRANT SELECT, INSERT, UPDATE, DELETE ON prospect_discovery_runs TO matchbot_app;
    GRANT ALL ON prospect_discovery_runs TO matchbot_service;
    CREATE POLICY client_isolation ON prospect_discovery_runs TO matchbot_app
        USING (client_id = current_client_id()) WITH CHECK (client_id = current_client_id());
    CREATE POLICY service_role_all ON prospect_discovery_runs TO matchbot_service
        USING (true) WITH CHECK (true);
END
$$;
