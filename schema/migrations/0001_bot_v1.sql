-- Matchmaking bot, schema v1 (seed 004): the original tables and the support tables
-- an agency needs (admin_users, configuration, analytics, contact_requests,
-- transactions, logs). v2 and v3 follow as their own migrations.

CREATE TABLE admin_users (
    id                 SERIAL PRIMARY KEY,
    email              VARCHAR(255) NOT NULL,
    password_hash      TEXT NOT NULL,
    full_name          VARCHAR(100),
    role               VARCHAR(20) NOT NULL DEFAULT 'agent' CHECK (role IN ('admin', 'agent')),
    phone              VARCHAR(20),
    is_active          BOOLEAN NOT NULL DEFAULT TRUE,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    failed_login_count INT NOT NULL DEFAULT 0,
    locked_until       TIMESTAMPTZ,
    last_login_at      TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX admin_users_email_key ON admin_users (lower(email));

CREATE TABLE leads (
    id         SERIAL PRIMARY KEY,
    phone      VARCHAR(20) UNIQUE,
    name       VARCHAR(100),
    age        INT,
    gender     VARCHAR(10),
    city       VARCHAR(100),
    status     VARCHAR(20) NOT NULL DEFAULT 'nouveau_lead',
    source     VARCHAR(50) NOT NULL DEFAULT 'whatsapp_direct',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX leads_status_idx ON leads (status);
CREATE INDEX leads_created_at_idx ON leads (created_at);

CREATE TABLE profiles (
    id                SERIAL PRIMARY KEY,
    code              VARCHAR(20) NOT NULL UNIQUE,
    name              VARCHAR(100),
    first_name        VARCHAR(100) NOT NULL,
    age               INT NOT NULL CHECK (age BETWEEN 18 AND 120),
    gender            VARCHAR(10) NOT NULL,
    city              VARCHAR(100),
    neighborhood      VARCHAR(100),
    profession        VARCHAR(100),
    description_short TEXT,
    description_long  TEXT,
    hobbies           TEXT,
    religion          VARCHAR(50),
    children          INT CHECK (children >= 0),
    search_age_min    INT,
    search_age_max    INT,
    search_city       VARCHAR(100),
    status            VARCHAR(20) NOT NULL DEFAULT 'active'
                      CHECK (status IN ('active', 'inactive', 'married')),
    photos            TEXT[] NOT NULL DEFAULT '{}',
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (search_age_min IS NULL OR search_age_max IS NULL OR search_age_min <= search_age_max)
);
-- The matching filter: active profiles of one gender in an age band.
CREATE INDEX profiles_match_idx ON profiles (gender, age) WHERE status = 'active';
CREATE INDEX profiles_city_idx ON profiles (lower(city));
CREATE INDEX profiles_status_idx ON profiles (status);

CREATE TABLE conversations (
    id           SERIAL PRIMARY KEY,
    lead_id      INT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    direction    VARCHAR(10) NOT NULL CHECK (direction IN ('in', 'out')),
    content      TEXT,
    message_type VARCHAR(40) NOT NULL DEFAULT 'text',
    sender_type  VARCHAR(20) NOT NULL CHECK (sender_type IN ('bot', 'client', 'admin', 'system')),
    sender_id    INT REFERENCES admin_users (id) ON DELETE SET NULL,
    status       VARCHAR(40),
    intent       VARCHAR(50),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX conversations_lead_created_idx ON conversations (lead_id, created_at);
CREATE INDEX conversations_created_at_idx ON conversations (created_at);
CREATE INDEX conversations_sender_id_idx ON conversations (sender_id);

CREATE TABLE knowledge_base (
    id         SERIAL PRIMARY KEY,
    category   VARCHAR(50),
    question   TEXT NOT NULL,
    answer     TEXT NOT NULL,
    keywords   TEXT[] NOT NULL DEFAULT '{}',
    is_active  BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_base_active_idx ON knowledge_base (is_active);
CREATE INDEX knowledge_base_keywords_idx ON knowledge_base USING gin (keywords);

-- One JSON value per key: admin phone, prices, minimum age, bot on/off, delays, texts.
CREATE TABLE configuration (
    key         VARCHAR(100) PRIMARY KEY,
    value       JSONB NOT NULL,
    description TEXT,
    updated_by  INT REFERENCES admin_users (id) ON DELETE SET NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX configuration_updated_by_idx ON configuration (updated_by);

-- One row per day, filled by the daily analytics job.
CREATE TABLE analytics (
    id                      SERIAL PRIMARY KEY,
    day                     DATE NOT NULL UNIQUE,
    messages_in             INT NOT NULL DEFAULT 0,
    messages_out            INT NOT NULL DEFAULT 0,
    admin_messages          INT NOT NULL DEFAULT 0,
    new_leads               INT NOT NULL DEFAULT 0,
    qualified_leads         INT NOT NULL DEFAULT 0,
    active_leads            INT NOT NULL DEFAULT 0,
    handoffs                INT NOT NULL DEFAULT 0,
    profiles_shown          INT NOT NULL DEFAULT 0,
    contact_requests        INT NOT NULL DEFAULT 0,
    payments                INT NOT NULL DEFAULT 0,
    revenue                 NUMERIC(12, 2) NOT NULL DEFAULT 0,
    currency                VARCHAR(3),
    opt_outs                INT NOT NULL DEFAULT 0,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE contact_requests (
    id           SERIAL PRIMARY KEY,
    lead_id      INT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    profile_id   INT REFERENCES profiles (id) ON DELETE SET NULL,
    profile_code VARCHAR(20) NOT NULL,
    status       VARCHAR(20) NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'approved', 'rejected', 'paid', 'shared', 'cancelled')),
    message      TEXT,
    admin_id     INT REFERENCES admin_users (id) ON DELETE SET NULL,
    admin_note   TEXT,
    decided_at   TIMESTAMPTZ,
    shared_at    TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX contact_requests_lead_idx ON contact_requests (lead_id);
CREATE INDEX contact_requests_profile_idx ON contact_requests (profile_id);
CREATE INDEX contact_requests_admin_idx ON contact_requests (admin_id);
CREATE INDEX contact_requests_status_idx ON contact_requests (status, created_at);

CREATE TABLE transactions (
    id                 SERIAL PRIMARY KEY,
    lead_id            INT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    contact_request_id INT REFERENCES contact_requests (id) ON DELETE SET NULL,
    amount             NUMERIC(12, 2) NOT NULL CHECK (amount >= 0),
    currency           VARCHAR(3) NOT NULL,
    status             VARCHAR(20) NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'paid', 'failed', 'refunded', 'cancelled')),
    payment_method     VARCHAR(40),
    provider_reference VARCHAR(100),
    recorded_by        INT REFERENCES admin_users (id) ON DELETE SET NULL,
    paid_at            TIMESTAMPTZ,
    metadata           JSONB NOT NULL DEFAULT '{}',
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX transactions_lead_idx ON transactions (lead_id);
CREATE INDEX transactions_request_idx ON transactions (contact_request_id);
CREATE INDEX transactions_recorded_by_idx ON transactions (recorded_by);
CREATE INDEX transactions_status_idx ON transactions (status, created_at);

CREATE TABLE logs (
    id         BIGSERIAL PRIMARY KEY,
    level      VARCHAR(10) NOT NULL DEFAULT 'info' CHECK (level IN ('debug', 'info', 'warning', 'error', 'critical')),
    source     VARCHAR(50) NOT NULL,
    message    TEXT NOT NULL,
    context    JSONB NOT NULL DEFAULT '{}',
    lead_id    INT REFERENCES leads (id) ON DELETE SET NULL,
    admin_id   INT REFERENCES admin_users (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX logs_created_at_idx ON logs (created_at);
CREATE INDEX logs_level_idx ON logs (level, created_at);
CREATE INDEX logs_lead_idx ON logs (lead_id);
CREATE INDEX logs_admin_idx ON logs (admin_id);
