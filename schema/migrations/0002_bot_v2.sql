-- Matchmaking bot, schema v2 (seed 004): embeddings for RAG, richer conversation rows,
-- and LangChain chat memory. The seed writes VECTOR(1536); embedding columns take the
-- configured model's own width instead, stored as halfvec (DESIGN.md, Providers).

CREATE EXTENSION IF NOT EXISTS vector;

ALTER TABLE profiles
    ADD COLUMN embedding       halfvec({{embedding_dim}}),
    ADD COLUMN search_text     TEXT,
    ADD COLUMN vector_metadata JSONB NOT NULL DEFAULT '{}';

ALTER TABLE conversations
    ADD COLUMN sentiment    VARCHAR(20) CHECK (sentiment IN ('positive', 'neutral', 'negative')),
    ADD COLUMN profile_code VARCHAR(20),
    ADD COLUMN metadata     JSONB NOT NULL DEFAULT '{}';
CREATE INDEX conversations_profile_code_idx ON conversations (profile_code) WHERE profile_code IS NOT NULL;

ALTER TABLE knowledge_base ADD COLUMN embedding halfvec({{embedding_dim}});

CREATE INDEX profiles_embedding_hnsw ON profiles USING hnsw (embedding halfvec_cosine_ops);
CREATE INDEX knowledge_base_embedding_hnsw ON knowledge_base USING hnsw (embedding halfvec_cosine_ops);

CREATE TABLE n8n_chat_histories (
    id         SERIAL PRIMARY KEY,
    session_id VARCHAR(255) NOT NULL,
    message    JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX n8n_chat_histories_session_idx ON n8n_chat_histories (session_id, id);
