-- Lead and outreach platform (seed 000, "Avenir AI Solutions"): 24 tables. Multi-tenant
-- tables carry client_id (the client's public identifier); RLS is in 0005.

CREATE TABLE clients (
    id                    UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id             UUID NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    api_key               VARCHAR(128) NOT NULL UNIQUE,   -- SHA-256 of the key, never the key
    api_key_prefix        VARCHAR(16) NOT NULL,
    business_name         VARCHAR(255) NOT NULL,
    email                 VARCHAR(255) NOT NULL,
    password_hash         TEXT,
    language              VARCHAR(2) NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr')),
    email_tone            VARCHAR(20) NOT NULL DEFAULT 'Professional'
                          CHECK (email_tone IN ('Professional', 'Friendly', 'Formal', 'Energetic')),
    ai_personalized_reply BOOLEAN NOT NULL DEFAULT FALSE,
    booking_link          TEXT,
    industry              VARCHAR(100),
    allowed_origins       TEXT[] NOT NULL DEFAULT '{}',
    bot_linked            BOOLEAN NOT NULL DEFAULT FALSE,
    last_connection       TIMESTAMPTZ,
    last_login_at         TIMESTAMPTZ,
    is_test               BOOLEAN NOT NULL DEFAULT FALSE,
    is_internal           BOOLEAN NOT NULL DEFAULT FALSE,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX clients_email_key ON clients (lower(email));

CREATE TABLE lead_memory (
    id                 UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id          UUID NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    name               VARCHAR(255),
    email              VARCHAR(255),
    phone              VARCHAR(32),
    whatsapp_consent   BOOLEAN NOT NULL DEFAULT FALSE,
    message            TEXT,
    ai_summary         TEXT,
    intent             VARCHAR(100),
    tone               VARCHAR(50),
    urgency            VARCHAR(10) CHECK (urgency IN ('Élevée', 'Moyenne', 'Faible')),
    confidence_score   NUMERIC(3, 2) CHECK (confidence_score BETWEEN 0 AND 1),
    tone_history       JSONB NOT NULL DEFAULT '[]',
    confidence_history JSONB NOT NULL DEFAULT '[]',
    urgency_history    JSONB NOT NULL DEFAULT '[]',
    archived           BOOLEAN NOT NULL DEFAULT FALSE,
    deleted            BOOLEAN NOT NULL DEFAULT FALSE,
    current_tag        VARCHAR(50),
    language           VARCHAR(2) CHECK (language IN ('en', 'fr')),
    source_url         TEXT,
    is_test            BOOLEAN NOT NULL DEFAULT FALSE,
    timestamp          TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX lead_memory_client_created_idx ON lead_memory (client_id, created_at DESC);
CREATE INDEX lead_memory_client_state_idx ON lead_memory (client_id, archived, deleted);
CREATE INDEX lead_memory_intent_idx ON lead_memory (client_id, intent);
CREATE INDEX lead_memory_tag_idx ON lead_memory (client_id, current_tag);
CREATE INDEX lead_memory_email_idx ON lead_memory (lower(email));

CREATE TABLE lead_actions (
    id                 UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    lead_id            UUID NOT NULL REFERENCES lead_memory (id) ON DELETE CASCADE,
    client_id          UUID NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    action_type        VARCHAR(30) NOT NULL,
    tag                VARCHAR(50),
    performed_by       VARCHAR(255),
    timestamp          TIMESTAMPTZ NOT NULL DEFAULT now(),
    conversion_outcome BOOLEAN,
    reversion_reason   TEXT,
    is_test            BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX lead_actions_lead_idx ON lead_actions (lead_id, timestamp DESC);
CREATE INDEX lead_actions_client_ts_idx ON lead_actions (client_id, timestamp DESC);
CREATE INDEX lead_actions_type_idx ON lead_actions (client_id, action_type);

CREATE TABLE lead_notes (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    lead_id      UUID NOT NULL REFERENCES lead_memory (id) ON DELETE CASCADE,
    client_id    UUID NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    note         TEXT NOT NULL,
    performed_by VARCHAR(255) NOT NULL DEFAULT 'admin',
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    is_test      BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX lead_notes_lead_idx ON lead_notes (lead_id, created_at DESC);
CREATE INDEX lead_notes_client_idx ON lead_notes (client_id, created_at DESC);

CREATE TABLE growth_brain (
    id                       UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id                UUID NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    analysis_period_start    TIMESTAMPTZ,
    analysis_period_end      TIMESTAMPTZ,
    total_leads              INT NOT NULL DEFAULT 0,
    top_intents              JSONB NOT NULL DEFAULT '[]',
    urgency_distribution     JSONB NOT NULL DEFAULT '{}',
    urgency_trend_percentage NUMERIC(6, 2),
    tone_distribution        JSONB NOT NULL DEFAULT '[]',
    tone_sentiment_score     NUMERIC(5, 2) CHECK (tone_sentiment_score BETWEEN 0 AND 100),
    avg_confidence           NUMERIC(4, 3),
    confidence_trajectory    JSONB NOT NULL DEFAULT '[]',
    language_ratio           JSONB NOT NULL DEFAULT '{}',
    engagement_score         NUMERIC(5, 2) CHECK (engagement_score BETWEEN 0 AND 100),
    predictive_insights      JSONB NOT NULL DEFAULT '{"en": {}, "fr": {}}',
    analyzed_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT growth_brain_client_unique UNIQUE (client_id)
);
CREATE INDEX growth_brain_analyzed_at_idx ON growth_brain (analyzed_at);

CREATE TABLE feedback_tracking (
    id               UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    lead_id          UUID REFERENCES lead_memory (id) ON DELETE CASCADE,
    client_id        UUID REFERENCES clients (client_id) ON DELETE CASCADE,
    action_type      VARCHAR(30) NOT NULL
                     CHECK (action_type IN ('lead_conversion', 'email_response', 'user_action', 'system_performance')),
    outcome          VARCHAR(10) NOT NULL CHECK (outcome IN ('positive', 'negative', 'neutral')),
    confidence_score NUMERIC(4, 3) CHECK (confidence_score BETWEEN 0 AND 1),
    impact_score     INT CHECK (impact_score BETWEEN -100 AND 100),
    context_data     JSONB NOT NULL DEFAULT '{}',
    notes            TEXT,
    notes_en         TEXT,
    notes_fr         TEXT,
    learning_applied BOOLEAN NOT NULL DEFAULT FALSE,
    learning_impact  NUMERIC(4, 3) CHECK (learning_impact BETWEEN 0 AND 1),
    processed_at     TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at       TIMESTAMPTZ NOT NULL DEFAULT (now() + INTERVAL '1 year')
);
CREATE INDEX feedback_tracking_lead_idx ON feedback_tracking (lead_id);
CREATE INDEX feedback_tracking_client_created_idx ON feedback_tracking (client_id, created_at);
CREATE INDEX feedback_tracking_expires_idx ON feedback_tracking (expires_at);
CREATE INDEX feedback_tracking_unprocessed_idx ON feedback_tracking (created_at) WHERE NOT learning_applied;

CREATE TABLE performance_metrics (
    id               UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_type       VARCHAR(30) NOT NULL,
    metric_name      VARCHAR(30) NOT NULL,
    metric_value     DOUBLE PRECISION,
    metric_unit      VARCHAR(10),
    response_time_ms INT,
    success_rate     NUMERIC(4, 3),
    ai_accuracy      NUMERIC(4, 3),
    error_count      INT NOT NULL DEFAULT 0,
    source_component VARCHAR(50),
    client_id        UUID REFERENCES clients (client_id) ON DELETE CASCADE,
    recorded_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    metadata         JSONB NOT NULL DEFAULT '{}',
    error_message_en TEXT,
    error_message_fr TEXT
);
CREATE INDEX performance_metrics_client_recorded_idx ON performance_metrics (client_id, recorded_at);
CREATE INDEX performance_metrics_event_idx ON performance_metrics (event_type, metric_name, recorded_at);

CREATE TABLE prompt_registry (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    prompt_name     VARCHAR(100) NOT NULL,
    variant_version INT NOT NULL DEFAULT 1,
    variant_id      VARCHAR(100) NOT NULL UNIQUE,
    prompt_text     TEXT NOT NULL,
    language        VARCHAR(2) NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr')),
    score           NUMERIC(4, 3) CHECK (score BETWEEN 0 AND 1),
    usage_count     INT NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (prompt_name, variant_version, language)
);

CREATE TABLE prompt_performance (
    id                   UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    prompt_registry_id   UUID REFERENCES prompt_registry (id) ON DELETE SET NULL,
    execution_id         VARCHAR(100) NOT NULL,
    client_id            UUID REFERENCES clients (client_id) ON DELETE CASCADE,
    input_data           JSONB NOT NULL DEFAULT '{}',
    output_data          JSONB NOT NULL DEFAULT '{}',
    output_quality_score NUMERIC(4, 3),
    response_time_ms     INT,
    token_count          INT,
    cost_usd             NUMERIC(10, 6),
    accuracy_score       NUMERIC(4, 3),
    consistency_score    NUMERIC(4, 3),
    completeness_score   NUMERIC(4, 3),
    error_occurred       BOOLEAN NOT NULL DEFAULT FALSE,
    error_message        TEXT,
    feedback_id          UUID REFERENCES feedback_tracking (id) ON DELETE SET NULL,
    user_rating          SMALLINT CHECK (user_rating BETWEEN 1 AND 5),
    executed_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    environment          VARCHAR(12) NOT NULL DEFAULT 'production'
                         CHECK (environment IN ('production', 'staging', 'test'))
);
CREATE INDEX prompt_performance_registry_idx ON prompt_performance (prompt_registry_id, executed_at);
CREATE INDEX prompt_performance_client_idx ON prompt_performance (client_id, executed_at);
CREATE INDEX prompt_performance_feedback_idx ON prompt_performance (feedback_id);

CREATE TABLE prompt_ab_tests (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    test_name                    VARCHAR(100) NOT NULL UNIQUE,
    prompt_name                  VARCHAR(100) NOT NULL,
    control_variant_id           UUID REFERENCES prompt_registry (id) ON DELETE SET NULL,
    treatment_variant_id         UUID REFERENCES prompt_registry (id) ON DELETE SET NULL,
    control_traffic_percentage   NUMERIC(5, 2) NOT NULL DEFAULT 50,
    treatment_traffic_percentage NUMERIC(5, 2) NOT NULL DEFAULT 50,
    min_sample_size              INT NOT NULL DEFAULT 100,
    max_duration_days            INT NOT NULL DEFAULT 7,
    significance_level           NUMERIC(4, 3) NOT NULL DEFAULT 0.05,
    status                       VARCHAR(10) NOT NULL DEFAULT 'draft'
                                 CHECK (status IN ('draft', 'running', 'completed', 'cancelled')),
    control_metrics              JSONB NOT NULL DEFAULT '{}',
    treatment_metrics            JSONB NOT NULL DEFAULT '{}',
    statistical_significance     NUMERIC(6, 5),
    winner_variant_id            UUID REFERENCES prompt_registry (id) ON DELETE SET NULL,
    started_at                   TIMESTAMPTZ,
    completed_at                 TIMESTAMPTZ,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (control_traffic_percentage + treatment_traffic_percentage = 100)
);
CREATE INDEX prompt_ab_tests_status_idx ON prompt_ab_tests (status);
CREATE INDEX prompt_ab_tests_control_idx ON prompt_ab_tests (control_variant_id);
CREATE INDEX prompt_ab_tests_treatment_idx ON prompt_ab_tests (treatment_variant_id);
CREATE INDEX prompt_ab_tests_winner_idx ON prompt_ab_tests (winner_variant_id);

CREATE TABLE prompt_evolution (
    id                  UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    parent_prompt_id    UUID REFERENCES prompt_registry (id) ON DELETE SET NULL,
    child_prompt_id     UUID REFERENCES prompt_registry (id) ON DELETE SET NULL,
    evolution_type      VARCHAR(20) NOT NULL
                        CHECK (evolution_type IN ('mutation', 'crossover', 'optimization', 'manual_edit')),
    evolution_strategy  TEXT,
    parent_performance  JSONB NOT NULL DEFAULT '{}',
    child_performance   JSONB NOT NULL DEFAULT '{}',
    improvement_score   NUMERIC(4, 3),
    feedback_data       JSONB NOT NULL DEFAULT '{}',
    optimization_goals  TEXT[] NOT NULL DEFAULT '{}',
    evolution_algorithm VARCHAR(100),
    evolved_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX prompt_evolution_parent_idx ON prompt_evolution (parent_prompt_id);
CREATE INDEX prompt_evolution_child_idx ON prompt_evolution (child_prompt_id);
CREATE INDEX prompt_evolution_evolved_at_idx ON prompt_evolution (evolved_at);

CREATE TABLE prospect_candidates (
    id                    UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    business_name         VARCHAR(255) NOT NULL,
    website               VARCHAR(500) NOT NULL,
    contact_email         VARCHAR(255),
    industry              VARCHAR(100),
    region                VARCHAR(100),
    language              VARCHAR(2) CHECK (language IN ('en', 'fr')),
    form_url              TEXT,
    last_tested           TIMESTAMPTZ,
    response_score        NUMERIC(5, 2),
    automation_need_score INT CHECK (automation_need_score BETWEEN 0 AND 100),
    contacted             BOOLEAN NOT NULL DEFAULT FALSE,
    metadata              JSONB NOT NULL DEFAULT '{}',
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT prospect_candidates_website_unique UNIQUE (website)
);
CREATE INDEX prospect_candidates_industry_idx ON prospect_candidates (industry);
CREATE INDEX prospect_candidates_queue_idx ON prospect_candidates (contacted, automation_need_score DESC);
CREATE INDEX prospect_candidates_created_at_idx ON prospect_candidates (created_at);

CREATE TABLE prospect_outreach_log (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    prospect_id   UUID NOT NULL REFERENCES prospect_candidates (id) ON DELETE CASCADE,
    subject       TEXT,
    email_body    TEXT,
    sent_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    opened_at     TIMESTAMPTZ,
    replied_at    TIMESTAMPTZ,
    status        VARCHAR(10) NOT NULL DEFAULT 'sent'
                  CHECK (status IN ('sent', 'opened', 'replied', 'bounced', 'ignored')),
    reply_content TEXT,
    metadata      JSONB NOT NULL DEFAULT '{}'
);
CREATE INDEX prospect_outreach_log_prospect_idx ON prospect_outreach_log (prospect_id);
CREATE INDEX prospect_outreach_log_sent_at_idx ON prospect_outreach_log (sent_at);

CREATE TABLE prospect_industry_performance (
    id                      UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    industry                VARCHAR(100) NOT NULL,
    total_contacted         INT NOT NULL DEFAULT 0,
    total_opened            INT NOT NULL DEFAULT 0,
    total_replied           INT NOT NULL DEFAULT 0,
    open_rate               NUMERIC(5, 2),
    reply_rate              NUMERIC(5, 2),
    avg_response_time_hours NUMERIC(8, 2),
    priority_score          INT CHECK (priority_score BETWEEN 0 AND 100),
    last_updated            TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT prospect_industry_performance_industry_unique UNIQUE (industry)
);

CREATE TABLE prospect_form_tests (
    id                    UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    prospect_id           UUID NOT NULL REFERENCES prospect_candidates (id) ON DELETE CASCADE,
    test_submitted_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    response_received_at  TIMESTAMPTZ,
    response_time_minutes INT,
    has_autoresponder     BOOLEAN,
    autoresponder_tone    VARCHAR(15) CHECK (autoresponder_tone IN ('robotic', 'human', 'personalized', 'none')),
    autoresponder_content TEXT,
    score                 INT CHECK (score BETWEEN 0 AND 100),
    test_status           VARCHAR(10) NOT NULL DEFAULT 'pending'
                          CHECK (test_status IN ('pending', 'completed', 'failed', 'timeout')),
    metadata              JSONB NOT NULL DEFAULT '{}'
);
CREATE INDEX prospect_form_tests_prospect_idx ON prospect_form_tests (prospect_id);
CREATE INDEX prospect_form_tests_status_idx ON prospect_form_tests (test_status, test_submitted_at);

CREATE TABLE email_templates (
    id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name              VARCHAR(100) NOT NULL,
    description       TEXT,
    subject           TEXT NOT NULL,
    html_content      TEXT,
    plain_content     TEXT,
    language          VARCHAR(2) NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr')),
    category          VARCHAR(50),
    variables         JSONB NOT NULL DEFAULT '[]',
    is_active         BOOLEAN NOT NULL DEFAULT TRUE,
    usage_count       INT NOT NULL DEFAULT 0,
    performance_score NUMERIC(4, 3),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (name, language)
);
CREATE INDEX email_templates_active_idx ON email_templates (is_active, category);

CREATE TABLE outreach_campaigns (
    id                 UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name               VARCHAR(255) NOT NULL,
    client_id          UUID NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    status             VARCHAR(10) NOT NULL DEFAULT 'draft'
                       CHECK (status IN ('draft', 'active', 'paused', 'completed')),
    target_criteria    JSONB NOT NULL DEFAULT '{}',
    email_template_id  UUID REFERENCES email_templates (id) ON DELETE SET NULL,
    follow_up_schedule JSONB NOT NULL DEFAULT '[]',
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    metadata           JSONB NOT NULL DEFAULT '{}'
);
CREATE INDEX outreach_campaigns_client_idx ON outreach_campaigns (client_id, status);
CREATE INDEX outreach_campaigns_template_idx ON outreach_campaigns (email_template_id);

-- outreach_emails/tracking/metrics carry the campaign's client_id too, so that RLS
-- isolates them like every other tenant row.
CREATE TABLE outreach_emails (
    id                 UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id          UUID NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    campaign_id        UUID NOT NULL REFERENCES outreach_campaigns (id) ON DELETE CASCADE,
    prospect_id        UUID REFERENCES prospect_candidates (id) ON DELETE SET NULL,
    prospect_email     VARCHAR(255),
    prospect_name      VARCHAR(255),
    company_name       VARCHAR(255),
    website            VARCHAR(500),
    template_id        UUID REFERENCES email_templates (id) ON DELETE SET NULL,
    subject            TEXT,
    content            TEXT,
    status             VARCHAR(10) NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'approved', 'rejected', 'sent', 'delivered', 'opened', 'replied', 'bounced')),
    sent_at            TIMESTAMPTZ,
    opened_at          TIMESTAMPTZ,
    replied_at         TIMESTAMPTZ,
    thread_id          VARCHAR(255),
    gmail_message_id   VARCHAR(255),
    follow_up_sequence INT NOT NULL DEFAULT 1,
    sender_email       VARCHAR(255),
    missing_email      BOOLEAN NOT NULL DEFAULT FALSE,
    metadata           JSONB NOT NULL DEFAULT '{}',
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX outreach_emails_campaign_idx ON outreach_emails (campaign_id, status);
CREATE INDEX outreach_emails_client_idx ON outreach_emails (client_id, created_at);
CREATE INDEX outreach_emails_prospect_idx ON outreach_emails (prospect_id);
CREATE INDEX outreach_emails_template_idx ON outreach_emails (template_id);
CREATE INDEX outreach_emails_sent_at_idx ON outreach_emails (sent_at);

CREATE TABLE outreach_tracking (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id   UUID NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    email_id    UUID NOT NULL REFERENCES outreach_emails (id) ON DELETE CASCADE,
    prospect_id UUID REFERENCES prospect_candidates (id) ON DELETE SET NULL,
    campaign_id UUID REFERENCES outreach_campaigns (id) ON DELETE CASCADE,
    action      VARCHAR(15) NOT NULL
                CHECK (action IN ('sent', 'delivered', 'opened', 'clicked', 'replied', 'bounced', 'unsubscribed')),
    timestamp   TIMESTAMPTZ NOT NULL DEFAULT now(),
    metadata    JSONB NOT NULL DEFAULT '{}'
);
CREATE INDEX outreach_tracking_email_idx ON outreach_tracking (email_id, timestamp);
CREATE INDEX outreach_tracking_campaign_idx ON outreach_tracking (campaign_id, action);
CREATE INDEX outreach_tracking_prospect_idx ON outreach_tracking (prospect_id);
CREATE INDEX outreach_tracking_client_ts_idx ON outreach_tracking (client_id, timestamp);

CREATE TABLE outreach_metrics (
    id                        UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id                 UUID NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    campaign_id               UUID NOT NULL UNIQUE REFERENCES outreach_campaigns (id) ON DELETE CASCADE,
    total_emails_sent         INT NOT NULL DEFAULT 0,
    total_emails_delivered    INT NOT NULL DEFAULT 0,
    total_emails_opened       INT NOT NULL DEFAULT 0,
    total_emails_clicked      INT NOT NULL DEFAULT 0,
    total_emails_replied      INT NOT NULL DEFAULT 0,
    total_emails_bounced      INT NOT NULL DEFAULT 0,
    total_emails_unsubscribed INT NOT NULL DEFAULT 0,
    open_rate                 NUMERIC(5, 2),
    click_rate                NUMERIC(5, 2),
    reply_rate                NUMERIC(5, 2),
    bounce_rate               NUMERIC(5, 2),
    revenue_generated         NUMERIC(12, 2) NOT NULL DEFAULT 0,
    created_at                TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX outreach_metrics_client_idx ON outreach_metrics (client_id);

CREATE TABLE translation_cache (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    source_text     TEXT NOT NULL,
    source_language VARCHAR(2) NOT NULL,
    target_language VARCHAR(2) NOT NULL,
    translated_text TEXT NOT NULL,
    context_type    VARCHAR(20) CHECK (context_type IN ('lead_summary', 'intent', 'tone', 'ui_text')),
    quality_score   NUMERIC(4, 3),
    verified        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at      TIMESTAMPTZ NOT NULL DEFAULT (now() + INTERVAL '90 days')
);
CREATE UNIQUE INDEX translation_cache_lookup_key
    ON translation_cache (source_language, target_language, coalesce(context_type, ''), md5(source_text));
CREATE INDEX translation_cache_expires_idx ON translation_cache (expires_at);

CREATE TABLE translation_dictionary (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    source_text     TEXT NOT NULL,
    source_language VARCHAR(2) NOT NULL,
    target_language VARCHAR(2) NOT NULL,
    translated_text TEXT NOT NULL,
    context         VARCHAR(100),
    category        VARCHAR(50),
    verified        BOOLEAN NOT NULL DEFAULT FALSE,
    usage_count     INT NOT NULL DEFAULT 0,
    confidence      NUMERIC(4, 3),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (source_language, target_language, source_text)
);
CREATE INDEX translation_dictionary_lower_idx ON translation_dictionary (lower(source_text));

CREATE TABLE queue_jobs (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    job_type     VARCHAR(50) NOT NULL,
    status       VARCHAR(12) NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
    payload      JSONB NOT NULL DEFAULT '{}',
    result       JSONB,
    error        TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at   TIMESTAMPTZ,
    completed_at TIMESTAMPTZ
);
CREATE INDEX queue_jobs_created_at_idx ON queue_jobs (created_at);

CREATE TABLE integration_logs (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id       UUID REFERENCES clients (client_id) ON DELETE CASCADE,
    api_key         VARCHAR(16),   -- partial key (its prefix) only
    endpoint        VARCHAR(255) NOT NULL,
    method          VARCHAR(10) NOT NULL,
    request_body    JSONB,
    response_status INT,
    response_body   JSONB,
    ip_address      INET,
    user_agent      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX integration_logs_client_created_idx ON integration_logs (client_id, created_at DESC);
CREATE INDEX integration_logs_status_idx ON integration_logs (response_status, created_at);

CREATE TABLE avenir_profile_embeddings (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    chunk_text      TEXT NOT NULL,
    embedding       halfvec({{embedding_dim}}),
    embedding_model VARCHAR(100),
    metadata        JSONB NOT NULL DEFAULT '{}',
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX avenir_profile_embeddings_hnsw ON avenir_profile_embeddings USING hnsw (embedding halfvec_cosine_ops);

CREATE TABLE intent_translations (
    id         UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    intent_en  VARCHAR(100) NOT NULL UNIQUE,
    intent_fr  VARCHAR(100) NOT NULL UNIQUE,
    category   VARCHAR(50),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
