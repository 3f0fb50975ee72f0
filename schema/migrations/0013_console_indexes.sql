-- migrate: no-transaction
-- The console at the size of a large agency (`python -m bench console`: 100,000 members,
-- 5 million messages). The inbox used to derive every conversation's last message and
-- unread count from `conversations` on each request: the first page looked up the last
-- message of every member to sort them, and the tab counts counted every unread message
-- (seconds at that size). Each lead now carries when its latest message was written and
-- how many of its messages no admin has seen since opening the conversation, kept exact
-- by triggers in the transaction that writes (or deletes) a message or marks it read. The
-- inbox then reads one lead per row it shows, in index order. Two more things read
-- everything on each request: the inbox search lower-cased every member's name and phone
-- (ILIKE), now read from a narrow lower-cased copy, and the analytics page's agent
-- performance (a percentile over every agent log), now a snapshot refreshed with the
-- daily analytics rows.
--
-- Statement by statement on a live database: columns added without a table rewrite,
-- triggers in place before the backfill (nothing written meanwhile is missed), the
-- backfill in batches of 1,000 leads (row locks held for milliseconds, each batch
-- committed), indexes built CONCURRENTLY (writes never wait), the view replaced last.
-- Every statement can run again (a failed run is simply repeated).

ALTER TABLE leads
    ADD COLUMN IF NOT EXISTS last_message_at TIMESTAMPTZ,
    ADD COLUMN IF NOT EXISTS unread_count INT NOT NULL DEFAULT 0;
COMMENT ON COLUMN leads.last_message_at IS
    'created_at of the latest conversations row (NULL: no message yet); kept by triggers';
COMMENT ON COLUMN leads.unread_count IS
    'inbound messages created after admin_read_at (all of them when NULL); kept by triggers';

-- The inbox tab a conversation is in. One definition for the view, the counts and the
-- index below (SQL functions are inlined, so the planner matches the index expression);
-- changing it means rebuilding leads_inbox_status_idx.
CREATE OR REPLACE FUNCTION inbox_status(opted_out BOOLEAN, assigned_admin_id INT, status TEXT)
RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
               WHEN opted_out THEN 'opted_out'
               WHEN assigned_admin_id IS NOT NULL THEN 'admin'
               WHEN status = 'attente_humain' THEN 'waiting'
               ELSE 'bot'
           END
$$;

-- Exact figures for some leads, from their messages (deletes, moves, the backfill).
CREATE OR REPLACE FUNCTION inbox_recount(lead_ids INT[]) RETURNS VOID LANGUAGE sql AS $$
    UPDATE leads l
    SET last_message_at = (SELECT max(c.created_at) FROM conversations c WHERE c.lead_id = l.id),
        unread_count = (SELECT count(*) FROM conversations c
                        WHERE c.lead_id = l.id AND c.direction = 'in'
                          AND c.created_at > coalesce(l.admin_read_at, '-infinity'))
    WHERE l.id = ANY(lead_ids)
$$;

-- New messages, once per statement (a batch of webhooks or a bulk import updates each
-- lead once). Unread compares with the lead row as updated, so an admin opening the
-- conversation at the same moment is counted right whichever commits first.
CREATE OR REPLACE FUNCTION conversations_inbox_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE leads l
    SET last_message_at = greatest(l.last_message_at, n.last_at),
        unread_count = l.unread_count + (SELECT count(*) FROM unnest(n.inbound) AS i(at)
                                         WHERE i.at > coalesce(l.admin_read_at, '-infinity'))
    FROM (SELECT lead_id, max(created_at) AS last_at,
                 array_agg(created_at) FILTER (WHERE direction = 'in') AS inbound
          FROM added GROUP BY lead_id) n
    WHERE l.id = n.lead_id;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION conversations_inbox_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM inbox_recount(ARRAY(SELECT DISTINCT lead_id FROM removed));
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION conversations_inbox_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM inbox_recount(ARRAY[OLD.lead_id, NEW.lead_id]);
    RETURN NULL;
END
$$;

-- Opening a conversation moves admin_read_at: count what is still unread after it.
CREATE OR REPLACE FUNCTION leads_inbox_read() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.unread_count := (SELECT count(*) FROM conversations c
                         WHERE c.lead_id = NEW.id AND c.direction = 'in'
                           AND c.created_at > coalesce(NEW.admin_read_at, '-infinity'));
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER conversations_inbox_added AFTER INSERT ON conversations
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION conversations_inbox_added();
CREATE OR REPLACE TRIGGER conversations_inbox_removed AFTER DELETE ON conversations
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION conversations_inbox_removed();
CREATE OR REPLACE TRIGGER conversations_inbox_moved AFTER UPDATE OF lead_id, direction, created_at
    ON conversations FOR EACH ROW
    WHEN (OLD.lead_id IS DISTINCT FROM NEW.lead_id OR OLD.direction IS DISTINCT FROM NEW.direction
          OR OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION conversations_inbox_moved();
CREATE OR REPLACE TRIGGER leads_inbox_read BEFORE UPDATE OF admin_read_at ON leads FOR EACH ROW
    WHEN (OLD.admin_read_at IS DISTINCT FROM NEW.admin_read_at) EXECUTE FUNCTION leads_inbox_read();

-- The backfill: lock a batch, then count with a snapshot taken after the lock, so a
-- message committed meanwhile is counted once (by its trigger or by the recount).
DO $$
DECLARE
    next_id INT := 0;
    last_id INT := (SELECT coalesce(max(id), 0) FROM leads);
BEGIN
    WHILE next_id <= last_id LOOP
        PERFORM 1 FROM leads WHERE id >= next_id AND id < next_id + 1000 ORDER BY id FOR NO KEY UPDATE;
        PERFORM inbox_recount(ARRAY(SELECT id FROM leads WHERE id >= next_id AND id < next_id + 1000));
        COMMIT;
        next_id := next_id + 1000;
    END LOOP;
END
$$;

-- The inbox search: `x ILIKE p` is `lower(x) LIKE lower(p)`, and lower() on every member
-- at every search was most of its cost; this copy keeps the lower-cased values, kept by
-- triggers, in rows a tenth as wide as a lead's.
CREATE TABLE IF NOT EXISTS lead_search (
    lead_id         INT PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
    name            TEXT,
    phone           TEXT,
    channel_user_id TEXT
);
COMMENT ON TABLE lead_search IS 'lower() of each lead''s name, phone and channel_user_id (the inbox search)';

CREATE OR REPLACE FUNCTION lead_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lead_search (lead_id, name, phone, channel_user_id)
    VALUES (NEW.id, lower(NEW.name), lower(NEW.phone), lower(NEW.channel_user_id))
    ON CONFLICT (lead_id) DO UPDATE
    SET name = excluded.name, phone = excluded.phone, channel_user_id = excluded.channel_user_id;
    RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER lead_search_added AFTER INSERT ON leads
    FOR EACH ROW EXECUTE FUNCTION lead_search_sync();
CREATE OR REPLACE TRIGGER lead_search_changed AFTER UPDATE OF name, phone, channel_user_id ON leads
    FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.phone IS DISTINCT FROM NEW.phone
          OR OLD.channel_user_id IS DISTINCT FROM NEW.channel_user_id)
    EXECUTE FUNCTION lead_search_sync();
-- A row written by the triggers meanwhile is newer than this statement's snapshot.
INSERT INTO lead_search (lead_id, name, phone, channel_user_id)
SELECT id, lower(name), lower(phone), lower(channel_user_id) FROM leads
ON CONFLICT (lead_id) DO NOTHING;

-- The analytics page's agent table: the agent_performance view as of the last refresh
-- of the analytics rows (hourly job, or the page's button).
CREATE MATERIALIZED VIEW IF NOT EXISTS agent_performance_snapshot AS
SELECT p.*, now() AS computed_at FROM agent_performance p;
CREATE UNIQUE INDEX IF NOT EXISTS agent_performance_snapshot_key ON agent_performance_snapshot (agent_name);

-- The console scans these whole for one page (the tab counts, a search), never for a
-- report: two parallel workers made counting the tabs no faster (17 ms) and tripled its
-- CPU (55 ms), taken from the other requests on a small machine.
ALTER TABLE leads SET (parallel_workers = 0);
ALTER TABLE lead_search SET (parallel_workers = 0);

-- The inbox, newest conversation first: all of them, and one tab. The tab index also
-- answers the counts per tab from the index alone (an index-only scan needs the columns
-- the status is computed from, hence INCLUDE).
DROP INDEX CONCURRENTLY IF EXISTS leads_inbox_idx;
CREATE INDEX CONCURRENTLY leads_inbox_idx ON leads (last_message_at, id)
    WHERE last_message_at IS NOT NULL;
DROP INDEX CONCURRENTLY IF EXISTS leads_inbox_status_idx;
CREATE INDEX CONCURRENTLY leads_inbox_status_idx
    ON leads (inbox_status(opted_out, assigned_admin_id, status), last_message_at, id)
    INCLUDE (unread_count, opted_out, assigned_admin_id, status)
    WHERE last_message_at IS NOT NULL;

-- A conversation's page: its latest 300 messages by id, and its delivery errors. Without
-- (lead_id, id) the planner walks the primary key backwards from the newest message for a
-- member whose messages are old (1 s for 5,000 messages written a year ago).
DROP INDEX CONCURRENTLY IF EXISTS conversations_lead_id_idx;
CREATE INDEX CONCURRENTLY conversations_lead_id_idx ON conversations (lead_id, id);
DROP INDEX CONCURRENTLY IF EXISTS conversations_delivery_error_idx;
CREATE INDEX CONCURRENTLY conversations_delivery_error_idx ON conversations (lead_id)
    WHERE delivery_error IS NOT NULL;

-- Same columns as in 0006; the last message's time and the unread count come from the lead.
CREATE OR REPLACE VIEW active_conversations AS
SELECT l.id AS lead_id, l.phone, l.channel_user_id, l.name, l.language, l.channel,
       l.status AS lead_status, l.conversation_phase, l.qualification_complete,
       l.opted_out, l.assigned_admin_id, l.human_since, l.handoff_reason,
       inbox_status(l.opted_out, l.assigned_admin_id, l.status) AS status,
       last.content AS last_message, last.direction AS last_direction,
       last.sender_type AS last_sender_type, l.last_message_at,
       l.last_inbound_at,
       coalesce(l.last_inbound_at > now() - INTERVAL '24 hours', FALSE) AS window_open,
       l.unread_count::BIGINT AS unread_count
FROM leads l
JOIN LATERAL (
    SELECT c.content, c.direction, c.sender_type
    FROM conversations c
    WHERE c.lead_id = l.id
    ORDER BY c.created_at DESC, c.id DESC
    LIMIT 1
) last ON TRUE
WHERE l.last_message_at IS NOT NULL;
