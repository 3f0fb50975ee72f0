"""Repository for translations: the agency's dictionary, then the cache (90 days), and the
`translation` events of performance_metrics.

`translation_dictionary` holds what the agency validated (the domain's terms, seeded by
migration 0019; the demo's descriptions); `translation_cache` what a model translated, for
90 days (agents/translation.py decides which to ask). The cache is system data: tenants
have no grant on it, so the lead platform looks translations up in a service transaction.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable, Mapping, Sequence

import psycopg

from bot.core.connections import Conn
from bot.core.db import SERVICE_ROLE

log = logging.getLogger(__name__)

# Compared without case, accents or surrounding spaces (unaccent is not installed
# everywhere). The same expression as the index of migration 0019, so that it is used.
FOLDED = ("translate(replace(replace(lower(btrim({})), 'œ', 'oe'), 'æ', 'ae'), "
          "'àâäáãåçéèêëíìîïñóòôöõúùûüýÿ', 'aaaaaaceeeeiiiinooooouuuuyy')")


def from_dictionary(conn: Conn, texts: Sequence[str], *, source: str, target: str) -> dict[str, str]:
    """Validated translations of these texts (keyed by the text as given): the entry written
    exactly so first ("La cuisine" -> "Cooking"), else one that differs only by case, accents
    or surrounding spaces ("la cuisine" -> "cooking" for "LA CUISINE")."""
    if not texts:
        return {}
    rows = conn.execute(
        f"""SELECT DISTINCT ON (t.source) t.source, d.translated_text
            FROM unnest(%s::text[]) AS t(source)
            JOIN translation_dictionary d
              ON d.source_language = %s AND d.target_language = %s
             AND {FOLDED.format('d.source_text')} = {FOLDED.format('t.source')}
            ORDER BY t.source, d.source_text = t.source DESC, d.verified DESC, d.updated_at DESC""",
        (list(texts), source, target),
    ).fetchall()
    return {r["source"]: r["translated_text"] for r in rows}


def from_cache(conn: Conn, texts: Sequence[str], *, source: str, target: str,
               context_type: str | None = None) -> dict[str, str]:
    """Cached machine translations that have not expired. Their use is recorded at most once
    an hour, so that a hit is a read (writing on every hit made each lookup a commit: 6 ms)."""
    if not texts:
        return {}
    rows = conn.execute(
        """WITH hits AS (
               SELECT id, source_text, translated_text, last_used_at FROM translation_cache
               WHERE source_language = %s AND target_language = %s
                 AND coalesce(context_type, '') = coalesce(%s, '')
                 AND md5(source_text) = ANY(SELECT md5(t) FROM unnest(%s::text[]) AS t)
                 AND source_text = ANY(%s) AND expires_at > now()
           ), touched AS (
               UPDATE translation_cache c SET last_used_at = now() FROM hits
               WHERE c.id = hits.id AND hits.last_used_at < now() - interval '1 hour'
           )
           SELECT source_text, translated_text FROM hits""",
        (source, target, context_type, list(texts), list(texts)),
    ).fetchall()
    return {r["source_text"]: r["translated_text"] for r in rows}


def remember(conn: Conn, pairs: Iterable[tuple[str, str]], *, source: str, target: str,
             context_type: str | None = None) -> None:
    """Cache machine translations for 90 days (the seed's retention)."""
    rows = [(s, source, target, t, context_type) for s, t in pairs]
    if rows:
        with conn.cursor() as cur:
            cur.executemany(
                """INSERT INTO translation_cache (source_text, source_language, target_language,
                                                   translated_text, context_type)
                   VALUES (%s, %s, %s, %s, %s)
                   ON CONFLICT (source_language, target_language, coalesce(context_type, ''), md5(source_text))
                   DO UPDATE SET translated_text = excluded.translated_text, last_used_at = now(),
                                 expires_at = now() + interval '90 days'""",
                rows,
            )


def add_to_dictionary(conn: Conn, entries: Iterable[tuple[str, str, str]], *, source: str = "fr",
                      target: str = "en") -> int:
    """Validated (source text, translation, category) entries; an existing one is updated."""
    rows = [(s, source, target, t, c) for s, t, c in entries]
    if not rows:
        return 0
    with conn.cursor() as cur:
        cur.executemany(
            """INSERT INTO translation_dictionary (source_text, source_language, target_language,
                                                   translated_text, category, verified)
               VALUES (%s, %s, %s, %s, %s, TRUE)
               ON CONFLICT (source_language, target_language, source_text)
               DO UPDATE SET translated_text = excluded.translated_text, category = excluded.category,
                             updated_at = now()""",
            rows,
        )
    return len(rows)


def record_use(conn: Conn, *, client_id: uuid.UUID | str | None, component: str, counts: Mapping[str, int],
               response_time_ms: int, error: str | None = None, context: Mapping[str, object] | None = None) -> None:
    """One `translation` row in performance_metrics (the columns lead_platform/store/learning.py
    writes for its events): how long the lookups took and where each text was found.

    Written as the service role, whatever role the caller runs as (the agency's own lookups
    belong to no tenant, and the table's row security is forced), then the caller's role is
    restored; inside a savepoint, so that a metric that cannot be written never undoes the
    caller's work.
    """
    try:
        with conn.transaction():
            role = conn.execute("SELECT current_setting('role') AS role").fetchone()
            conn.execute("SELECT set_config('role', %s, true)", (SERVICE_ROLE,))
            conn.execute(
                """INSERT INTO performance_metrics (event_type, metric_name, metric_value, metric_unit,
                       response_time_ms, success_rate, error_count, source_component, client_id, metadata,
                       error_message_en, error_message_fr)
                   VALUES ('translation', 'response_time', %s, 'ms', %s, %s, %s, %s, %s, %s, %s, %s)""",
                (response_time_ms, response_time_ms, 0.0 if error else 1.0, 1 if error else 0, component,
                 client_id, json.dumps({**(context or {}), "found": dict(counts)}, default=str), error,
                 f"Échec de la traduction : {error}" if error else None),
            )
            conn.execute("SELECT set_config('role', %s, true)", (role["role"] if role else "none",))
    except psycopg.Error as exc:
        log.warning("translation metric not recorded: %s", exc)
