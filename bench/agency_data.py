"""A large agency's database, filled with set-based SQL (for `python -m bench console`).

Members and their messages are drawn in SQL (generate_series, INSERT ... SELECT), seeded,
so a fill of 100,000 members and 5 million messages takes minutes, not hours, and the
same arguments give the same data. The shape follows what an agency's service holds
after two years:

- messages per member are log-normal (sigma 1.5): half the members wrote fewer than
  about 16 messages, a few hundred have thousands (capped at 5,000);
- about 4 messages in 9 are the member's, the rest the bot's, with an admin's now and then;
- inbox statuses: 3 % opted out, 1.5 % with an admin, 2.5 % waiting for a person (these
  two were active in the last three days), the rest with the bot; the last activity
  of the others goes back two years, most recent first;
- unread: 45 % of conversations were never opened by an admin, 40 % were opened
  somewhere in their history, 15 % after their last message;
- French and English names (a tenth without a name, a quarter a first name only),
  unique Cameroonian and French phone numbers, Twilio, Meta and local channels;
- 2 agent log rows per member message (understanding and one agent), as turns write them;
- profile views for qualified members, contact requests for about 4 %, payments for
  those paid or shared, handoff alerts and takeovers, reviews to do for some handoffs.

Rows are inserted in time order in ten slices (as a live service writes them, a
member's messages are spread over the table, not side by side).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from bot.console.analytics import fill_analytics
from bot.console.users import create_admin
from bot.core.connections import Conn

SLICES = 10
ADMINS = 5
PASSWORD = "bench-console-password"

FIRST_FR = ("Marie", "Jean", "Awa", "Paul", "Nadia", "Emmanuel", "Chantal", "Patrick", "Brigitte",
            "Samuel", "Aïcha", "Christelle", "Hervé", "Sandrine", "Joseph", "Mireille", "Franck",
            "Estelle", "Blaise", "Josiane", "Thierry", "Solange", "Arnaud", "Léa", "Camille", "Hugo",
            "Chloé", "Lucas", "Manon", "Théo")
LAST_FR = ("Dupont", "Martin", "Ngono", "Mbarga", "Fotso", "Tchoumi", "Nkoulou", "Bernard", "Dubois",
           "Essomba", "Kamga", "Nguema", "Atangana", "Moreau", "Laurent", "Simon", "Michel",
           "Lefebvre", "Leroy", "Roux", "Abega", "Owona", "Tagne", "Djoumessi", "Ekambi", "Mvondo",
           "Petit", "Durand", "Fontaine", "Mballa")
FIRST_EN = ("Grace", "Michael", "Sarah", "John", "Emily", "David", "Jessica", "James", "Linda", "Peter",
            "Mary", "Daniel", "Ruth", "Kevin", "Laura", "Brian", "Helen", "Eric", "Joy", "Victor")
LAST_EN = ("Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts",
           "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Green", "Hall", "Wood",
           "Clarke", "Jackson")
CITIES = ("Douala", "Yaoundé", "Bafoussam", "Garoua", "Kribi", "Limbé", "Buea", "Paris", "Lyon")
INBOUND_FR = ("Bonjour", "je suis un homme", "j'ai 38 ans", "Douala", "Quels sont vos tarifs ?",
              "une femme", "entre 28 et 42 ans", "peu importe", "suivant", "un autre",
              "Comment se passe le premier rendez-vous ?", "je suis intéressé", "merci beaucoup",
              "Est-ce qu'elle a des enfants ?", "Je peux voir une autre photo ?", "d'accord")
INBOUND_EN = ("Hello", "I am a woman", "I'm 33 years old", "I live in Paris", "How do I pay?", "a man",
              "between 30 and 45", "any", "next", "another one", "Are my details kept private?",
              "I'm interested", "thank you", "What are your opening hours?", "ok")
BOT_FR = ("Bienvenue chez Matchbot ! Pour vous proposer des profils qui vous correspondent, "
          "j'ai besoin de quelques informations. Êtes-vous un homme ou une femme ?",
          "Merci ! Quel âge avez-vous ?",
          "Dans quelle ville habitez-vous ?",
          "Voici un profil qui pourrait vous plaire : MAT-2025-{n}, 34 ans, Douala (Bonapriso), "
          "comptable. « Calme, attentionnée, j'aime la cuisine et les balades au bord de mer. » "
          "Répondez « suivant » pour un autre profil ou « intéressé » pour demander le contact.",
          "La mise en relation coûte 15 000 XAF. Un conseiller vous contacte pour le paiement "
          "par Mobile Money dès que votre demande est validée.",
          "Le premier rendez-vous a lieu dans un lieu public choisi ensemble ; un conseiller "
          "vous accompagne pour l'organiser.",
          "Je vous passe un conseiller, il vous répond très vite.")
BOT_EN = ("Welcome to Matchbot! To suggest profiles that suit you I need a few details. "
          "Are you a man or a woman?",
          "Thanks! How old are you?",
          "Which city do you live in?",
          "Here is a profile you may like: MAT-2025-{n}, 31, Paris, nurse. \"Cheerful, loves "
          "travelling and cooking for friends.\" Reply \"next\" for another profile or "
          "\"interested\" to ask for the contact.",
          "An introduction costs 15,000 XAF. An adviser contacts you about the Mobile Money "
          "payment as soon as your request is approved.",
          "Your details are only seen by the agency's advisers; you can ask us to delete them "
          "at any time.",
          "I am handing you over to an adviser who will answer shortly.")
ADMIN_TEXT = ("Bonjour, je suis votre conseillère. Je reprends la conversation.",
              "C'est noté, je vous envoie les coordonnées après le paiement.",
              "Hello, this is your adviser. How can I help?")
INTENTS = ("greeting", "give_info", "ask_price", "next_profile", "interested", "thanks", "question",
           "smalltalk")
AGENTS = ("qualification", "matching", "faq", "smalltalk", "contact", "clarify", "fallback",
          "handoff")
REQUEST_STATUSES = ("pending", "pending", "approved", "rejected", "paid", "paid", "shared", "shared",
                    "shared", "cancelled")

MEMBERS_SQL = """
CREATE TEMP TABLE bench_members AS
WITH draws AS (
    SELECT n, random() AS u_status, random() AS u_read, random() AS u_last, random() AS u_span,
           random() AS u_name, random() AS u_lang, random() AS u_country, random() AS u_channel,
           random() AS u_qualified, random() AS u_contact, random() AS u_history, random() AS u_age,
           sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z
    FROM generate_series(1, %(members)s) n
), sized AS (
    SELECT *, exp(1.5 * z) AS weight FROM draws
), counted AS (
    SELECT *, greatest(1, least(5000, round(weight * %(messages)s / sum(weight) OVER ())))::int AS messages,
           CASE WHEN u_status < 0.03 THEN 'opted_out' WHEN u_status < 0.045 THEN 'admin'
                WHEN u_status < 0.07 THEN 'waiting' ELSE 'bot' END AS category,
           u_lang < 0.25 AS english
    FROM sized
), timed AS (
    SELECT *,
           now() - CASE WHEN category IN ('admin', 'waiting') THEN INTERVAL '3 days' * u_last
                        ELSE INTERVAL '730 days' * power(u_last, 2.5) END AS last_at,
           least(INTERVAL '700 days', INTERVAL '1 minute' * messages * (2 + 600 * u_span)) AS span
    FROM counted
)
SELECT n, messages, category, english, last_at, span, last_at - span AS first_at,
       u_read, u_contact, u_history,
       u_qualified < CASE WHEN messages > 30 THEN 0.85 ELSE 0.45 END AND category <> 'opted_out' AS qualified,
       CASE WHEN u_country < 0.12 THEN '+336' ELSE '+2376' END
           || lpad(((n::bigint * 48271) %% 100000000)::text, 8, '0') AS phone,
       CASE WHEN u_channel < 0.80 THEN 'twilio' WHEN u_channel < 0.95 THEN 'meta' ELSE 'local' END AS channel,
       CASE WHEN u_name < 0.10 THEN NULL
            WHEN english THEN (%(first_en)s::text[])[1 + n %% %(n_first_en)s]
                 || CASE WHEN u_name < 0.35 THEN '' ELSE ' ' || (%(last_en)s::text[])[1 + (n / 7) %% %(n_last_en)s] END
            ELSE (%(first_fr)s::text[])[1 + n %% %(n_first_fr)s]
                 || CASE WHEN u_name < 0.35 THEN '' ELSE ' ' || (%(last_fr)s::text[])[1 + (n / 7) %% %(n_last_fr)s] END
       END AS name,
       CASE WHEN n %% 2 = 0 THEN 'homme' ELSE 'femme' END AS gender,
       (20 + u_age * 40)::int AS age
FROM timed
"""

LEADS_SQL = """
INSERT INTO leads (phone, name, age, gender, city, status, source, created_at, updated_at,
                   looking_for_gender, preferred_age_min, preferred_age_max, preferred_city,
                   qualification_complete, conversation_phase, language, channel, channel_user_id,
                   opted_out, opted_out_at, assigned_admin_id, human_since, handoff_reason, admin_read_at)
SELECT phone, name, age, gender, (%(cities)s::text[])[1 + n %% %(n_cities)s],
       CASE WHEN category = 'waiting' THEN 'attente_humain'
            WHEN category = 'admin' AND n %% 2 = 0 THEN 'attente_humain'
            WHEN qualified THEN 'prospect_qualifie'
            WHEN n %% 31 = 0 THEN 'non_eligible' ELSE 'nouveau_lead' END,
       CASE WHEN n %% 10 = 0 THEN 'formulaire' ELSE 'whatsapp_direct' END,
       first_at - INTERVAL '1 minute', last_at,
       CASE WHEN qualified THEN CASE WHEN gender = 'homme' THEN 'femme' ELSE 'homme' END END,
       CASE WHEN qualified THEN greatest(18, age - 8) END, CASE WHEN qualified THEN age + 6 END,
       CASE WHEN qualified AND n %% 3 = 0 THEN (%(cities)s::text[])[1 + n %% %(n_cities)s] END,
       qualified,
       CASE WHEN category IN ('waiting', 'admin') THEN 'humain' WHEN qualified THEN 'matching'
            WHEN messages < 3 THEN 'accueil' ELSE 'qualification' END,
       CASE WHEN english THEN 'en' ELSE 'fr' END, channel,
       CASE WHEN channel = 'meta' THEN substr(phone, 2) END,
       category = 'opted_out', CASE WHEN category = 'opted_out' THEN last_at END,
       CASE WHEN category = 'admin' THEN (%(admins)s::int[])[1 + n %% %(n_admins)s] END,
       CASE WHEN category = 'admin' THEN last_at - INTERVAL '30 minutes' END,
       CASE WHEN category = 'waiting' THEN (ARRAY['not_understood', 'asked_for_human', 'contact_request'])[1 + n %% 3]
            WHEN category = 'admin' THEN 'asked_for_human' END,
       CASE WHEN u_read < 0.45 THEN NULL
            WHEN u_read < 0.85 THEN first_at + span * ((u_read - 0.45) / 0.4)
            ELSE least(now(), last_at + INTERVAL '5 minutes') END
FROM bench_members ORDER BY first_at
"""

MESSAGES_SQL = """
INSERT INTO conversations (lead_id, direction, content, message_type, sender_type, sender_id, intent,
                           created_at, updated_at, channel, provider_message_id, answered_at,
                           delivery_status, delivery_error)
SELECT b.lead_id, m.direction,
       CASE WHEN m.direction = 'in' AND b.english THEN (%(in_en)s::text[])[1 + (b.n + k) %% %(n_in_en)s]
            WHEN m.direction = 'in' THEN (%(in_fr)s::text[])[1 + (b.n + k) %% %(n_in_fr)s]
            WHEN m.by_admin THEN (%(admin_text)s::text[])[1 + k %% %(n_admin_text)s]
            WHEN b.english THEN replace((%(bot_en)s::text[])[1 + (b.n + k) %% %(n_bot_en)s], '{n}', lpad((k %% 240)::text, 3, '0'))
            ELSE replace((%(bot_fr)s::text[])[1 + (b.n + k) %% %(n_bot_fr)s], '{n}', lpad((k %% 240)::text, 3, '0'))
       END,
       'text',
       CASE WHEN m.direction = 'in' THEN 'client' WHEN m.by_admin THEN 'admin' ELSE 'bot' END,
       CASE WHEN m.by_admin THEN (%(admins)s::int[])[1 + b.n %% %(n_admins)s] END,
       CASE WHEN m.direction = 'in' THEN (%(intents)s::text[])[1 + (b.n + k) %% %(n_intents)s] END,
       m.at, m.at, b.channel, 'SM' || md5(b.n || ':' || k),
       CASE WHEN m.direction = 'in' THEN m.at + INTERVAL '2 seconds' END,
       CASE WHEN m.direction = 'in' THEN NULL WHEN (b.n + k) %% 53 = 0 THEN 'failed'
            WHEN k > b.messages - 3 THEN 'delivered' ELSE 'read' END,
       CASE WHEN m.direction = 'out' AND (b.n + k) %% 53 = 0 THEN 'twilio 63016: outside the 24-hour window' END
FROM bench_members b
CROSS JOIN LATERAL generate_series(0, b.messages - 1) k
CROSS JOIN LATERAL (
    SELECT CASE WHEN k %% 9 IN (0, 3, 5, 7) THEN 'in' ELSE 'out' END AS direction,
           b.first_at + b.span * (k::float8 / greatest(b.messages - 1, 1)) AS at,
           k %% 9 NOT IN (0, 3, 5, 7)
             AND ((b.category = 'admin' AND k >= b.messages - 5) OR (b.u_history < 0.08 AND k %% 23 = 4)) AS by_admin
) m
WHERE b.n %% %(slices)s = %(slice)s
ORDER BY m.at
"""

LAST_MESSAGES_SQL = """
UPDATE leads l SET last_inbound_at = a.last_in, last_outbound_at = a.last_out
FROM (SELECT lead_id, max(created_at) FILTER (WHERE direction = 'in') AS last_in,
             max(created_at) FILTER (WHERE direction = 'out') AS last_out
      FROM conversations GROUP BY lead_id) a
WHERE a.lead_id = l.id
"""

AGENT_LOGS_SQL = """
INSERT INTO agent_logs (lead_id, agent_name, input_summary, output_summary, duration_ms, success,
                        error_message, created_at)
SELECT c.lead_id, a.agent, left(c.content, 80), a.agent || ' -> ' || coalesce(c.intent, 'none'),
       a.ms, a.ok, CASE WHEN NOT a.ok THEN 'timeout' END, c.created_at + INTERVAL '1 second'
FROM conversations c
CROSS JOIN LATERAL (VALUES
    ('understanding', (3 + 40 * random() * random())::int, random() > 0.003),
    ((%(agents)s::text[])[1 + c.id %% %(n_agents)s], (8 + 400 * power(random(), 3))::int, random() > 0.02)
) a(agent, ms, ok)
WHERE c.direction = 'in'
ORDER BY c.id
"""

PROFILE_VIEWS_SQL = """
INSERT INTO profile_views (lead_id, profile_id, shown_at)
SELECT b.lead_id, p.ids[1 + (b.n * 31 + j * 7) %% cardinality(p.ids)], b.first_at + b.span * (j / 25.0)
FROM bench_members b
CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM profiles WHERE status = 'active') p
CROSS JOIN LATERAL generate_series(0, least(24, b.messages / 12)) j
WHERE b.qualified
"""

CONTACT_REQUESTS_SQL = """
INSERT INTO contact_requests (lead_id, profile_id, profile_code, status, message, admin_id, decided_at,
                              shared_at, created_at, updated_at)
SELECT b.lead_id, p.id, p.code, s.status, 'Je suis intéressé par ' || p.code,
       CASE WHEN s.status NOT IN ('pending', 'cancelled') THEN (%(admins)s::int[])[1 + b.n %% %(n_admins)s] END,
       CASE WHEN s.status NOT IN ('pending', 'cancelled') THEN b.last_at - INTERVAL '1 day' * j + INTERVAL '2 hours' END,
       CASE WHEN s.status = 'shared' THEN b.last_at - INTERVAL '1 day' * j + INTERVAL '1 day' END,
       b.last_at - INTERVAL '1 day' * j, b.last_at - INTERVAL '1 day' * j
FROM bench_members b
CROSS JOIN LATERAL generate_series(1, 1 + b.n %% 3) j
CROSS JOIN LATERAL (SELECT (%(statuses)s::text[])[1 + (b.n + j) %% %(n_statuses)s] AS status) s
JOIN LATERAL (SELECT id, code FROM profiles ORDER BY id OFFSET (b.n * 13 + j) %% 240 LIMIT 1) p ON TRUE
WHERE b.qualified AND b.u_contact < 0.08
"""

TRANSACTIONS_SQL = """
INSERT INTO transactions (lead_id, contact_request_id, amount, currency, status, payment_method,
                          provider_reference, recorded_by, paid_at, created_at, updated_at)
SELECT r.lead_id, r.id, 15000, 'XAF', CASE WHEN r.status = 'approved' THEN 'pending' ELSE 'paid' END,
       'mobile_money', CASE WHEN r.status <> 'approved' THEN 'MP' || r.id END, r.admin_id,
       CASE WHEN r.status <> 'approved' THEN r.decided_at + INTERVAL '3 hours' END,
       r.decided_at, r.decided_at
FROM contact_requests r WHERE r.status IN ('approved', 'paid', 'shared')
"""

LOGS_SQL = """
INSERT INTO logs (level, source, message, context, lead_id, admin_id, created_at)
SELECT 'warning', 'alert',
       'Conversation à reprendre (lead ' || l.id || ', motif : ' || coalesce(l.handoff_reason, 'asked_for_human') || ') : « Je veux parler à quelqu''un »',
       '{}'::jsonb, l.id, NULL, coalesce(l.human_since, b.last_at) - INTERVAL '10 minutes'
FROM bench_members b JOIN leads l ON l.id = b.lead_id
WHERE b.category IN ('waiting', 'admin') OR b.u_history < 0.08
UNION ALL
SELECT 'info', 'admin', 'Conversation du lead ' || l.id || ' reprise par un admin',
       '{"action": "take_over"}'::jsonb, l.id, (%(admins)s::int[])[1 + b.n %% %(n_admins)s],
       coalesce(l.human_since, b.last_at - INTERVAL '5 minutes')
FROM bench_members b JOIN leads l ON l.id = b.lead_id
WHERE b.category = 'admin' OR b.u_history < 0.08
"""

REVIEWS_SQL = """
INSERT INTO understanding_reviews (lead_id, handed_over_at, reviewed_at, reviewed_by)
SELECT l.id, b.last_at, CASE WHEN b.category <> 'waiting' THEN b.last_at + INTERVAL '1 hour' END,
       CASE WHEN b.category <> 'waiting' THEN (%(admins)s::int[])[1 + b.n %% %(n_admins)s] END
FROM bench_members b JOIN leads l ON l.id = b.lead_id
WHERE (b.category = 'waiting' AND l.handoff_reason = 'not_understood') OR (b.u_history < 0.03)
"""


def _lists(admins: list[int]) -> dict[str, Any]:
    """The word lists and admin ids as query parameters (arrays and their lengths)."""
    lists: dict[str, list[Any]] = {
        "first_fr": list(FIRST_FR), "last_fr": list(LAST_FR), "first_en": list(FIRST_EN),
        "last_en": list(LAST_EN), "cities": list(CITIES), "in_fr": list(INBOUND_FR),
        "in_en": list(INBOUND_EN), "bot_fr": list(BOT_FR), "bot_en": list(BOT_EN),
        "admin_text": list(ADMIN_TEXT), "intents": list(INTENTS), "agents": list(AGENTS),
        "statuses": list(REQUEST_STATUSES), "admins": admins,
    }
    return {**lists, **{f"n_{key}": len(value) for key, value in lists.items()}}


def fill(
    conn: Conn, *, members: int, messages: int, seed: float = 0.42,
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Fill an empty, migrated database (demo catalogue loaded); returns seconds per step.

    `conn` is an autocommit connection; each step is one statement (its own transaction).
    """
    timings: dict[str, float] = {}

    def step(label: str, query: str, params: dict[str, Any] | None = None) -> None:
        started = time.perf_counter()
        conn.execute(query, params or {})
        timings[label] = round(timings.get(label, 0.0) + time.perf_counter() - started, 1)
        progress(f"  {label}: {timings[label]} s")

    admins = [create_admin(conn, email=f"admin{i}@agence.bench", password=PASSWORD, role="admin",
                           full_name=f"Conseillère {i}") for i in range(1, ADMINS + 1)]
    params = {"members": members, "messages": messages, **_lists(admins)}
    conn.execute("SET work_mem = '256MB'")
    conn.execute("SELECT setseed(%s)", (seed,))
    step("members", MEMBERS_SQL, params)
    step("leads", LEADS_SQL, params)
    conn.execute("ALTER TABLE bench_members ADD COLUMN lead_id INT")
    step("leads", "UPDATE bench_members b SET lead_id = l.id FROM leads l WHERE l.phone = b.phone")
    conn.execute("CREATE INDEX ON bench_members (n)")
    conn.execute("ANALYZE bench_members")
    for part in range(SLICES):
        step("messages", MESSAGES_SQL, {**params, "slices": SLICES, "slice": part})
    step("last_messages", LAST_MESSAGES_SQL)
    step("agent_logs", AGENT_LOGS_SQL, params)
    step("profile_views", PROFILE_VIEWS_SQL)
    step("contact_requests", CONTACT_REQUESTS_SQL, params)
    step("transactions", TRANSACTIONS_SQL)
    step("logs", LOGS_SQL, params)
    step("reviews", REVIEWS_SQL, params)
    today = dt.datetime.now(dt.UTC).date()
    started = time.perf_counter()
    fill_analytics(conn, start=today - dt.timedelta(days=29), end=today)
    timings["analytics_30_days"] = round(time.perf_counter() - started, 1)
    progress(f"  analytics (30 days, as the page's refresh button): {timings['analytics_30_days']} s")
    conn.execute("DROP TABLE bench_members")
    conn.execute("RESET work_mem")
    step("vacuum_analyze", "VACUUM ANALYZE")
    return timings
