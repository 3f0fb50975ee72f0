-- Row Level Security for the platform (seed 000, "Sécurité & Contrôle d'Accès").
--
-- matchbot_app:     tenant work. Owns nothing, cannot bypass RLS; sees only the rows of
--                   the client named by the transaction-local setting app.client_id.
-- matchbot_service: system work across tenants (queue jobs, retention, analytics).
-- The connecting user (owner) switches to either with SET LOCAL ROLE.

DO $$
BEGIN
    BEGIN
        CREATE ROLE matchbot_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object THEN NULL;
    END;
    BEGIN
        CREATE ROLE matchbot_service NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object THEN NULL;
    END;
END
$$;

GRANT matchbot_app TO CURRENT_USER;
GRANT matchbot_service TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO matchbot_app, matchbot_service;
GRANT ALL ON ALL TABLES IN SCHEMA public TO matchbot_service;
GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO matchbot_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO matchbot_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO matchbot_service;

-- The tenant id for this transaction, or NULL when none is set (then no row matches).
CREATE FUNCTION current_client_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT nullif(current_setting('app.client_id', true), '')::uuid $$;
GRANT EXECUTE ON FUNCTION current_client_id() TO matchbot_app, matchbot_service;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'clients', 'lead_memory', 'lead_actions', 'lead_notes', 'growth_brain',
        'feedback_tracking', 'performance_metrics', 'prompt_performance',
        'outreach_campaigns', 'outreach_emails', 'outreach_tracking', 'outreach_metrics',
        'integration_logs'
    ] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO matchbot_app', t);
        EXECUTE format(
            'CREATE POLICY client_isolation ON %I TO matchbot_app '
            'USING (client_id = current_client_id()) WITH CHECK (client_id = current_client_id())', t);
        EXECUTE format(
            'CREATE POLICY service_role_all ON %I TO matchbot_service USING (true) WITH CHECK (true)', t);
    END LOOP;

    -- Shared reference data: readable by tenants ("lecture publique"), written by the service.
    FOREACH t IN ARRAY ARRAY[
        'intent_translations', 'translation_dictionary', 'email_templates', 'prompt_registry'
    ] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('GRANT SELECT ON %I TO matchbot_app', t);
        EXECUTE format('CREATE POLICY public_read ON %I FOR SELECT TO matchbot_app USING (true)', t);
        EXECUTE format(
            'CREATE POLICY service_role_all ON %I TO matchbot_service USING (true) WITH CHECK (true)', t);
    END LOOP;

    -- System tables: the service only.
    FOREACH t IN ARRAY ARRAY[
        'prompt_ab_tests', 'prompt_evolution', 'prospect_candidates', 'prospect_outreach_log',
        'prospect_industry_performance', 'prospect_form_tests', 'translation_cache',
        'queue_jobs', 'avenir_profile_embeddings'
    ] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY service_role_all ON %I TO matchbot_service USING (true) WITH CHECK (true)', t);
    END LOOP;
END
$$;
