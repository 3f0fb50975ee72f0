"""Repository for translations: the agency's dictionary, then the cache (90 days).

`translation_dictionary` holds what the agency validated (domain terms, catalogue values,
the demo's texts); `translation_cache` what a model translated, for 90 days
(agents/translation.py decides which to ask).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.core.connections import Conn

# Compared without case, accents or surrounding spaces (unaccent is not installed
# everywhere: the folding is done with translate()).
ACCENTED = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæ"
PLAIN = "aaaaaaceeeeiiiinooooouuuuyyoa"
_FOLD = f"translate(lower(btrim({{}})), '{ACCENTED}', '{PLAIN}')"


def from_dictionary(conn: Conn, texts: Sequence[str], *, source: str, target: str) -> dict[str, str]:
    """Validated translations of these texts (keyed by the text as given)."""
    if not texts:
        return {}
    rows = conn.execute(
        f"""SELECT t.source, d.translated_text
            FROM unnest(%s::text[]) AS t(source)
            JOIN translation_dictionary d
              ON {_FOLD.format('d.source_text')} = {_FOLD.format('t.source')}
             AND d.source_language = %s AND d.target_language = %s""",
        (list(texts), source, target),
    ).fetchall()
    return {r["source"]: r["translated_text"] for r in rows}


def from_cache(conn: Conn, texts: Sequence[str], *, source: str, target: str,
               context_type: str | None = None) -> dict[str, str]:
    """Cached machine translations that have not expired (their use is recorded)."""
    if not texts:
        return {}
    rows = conn.execute(
        """UPDATE translation_cache SET last_used_at = now()
           WHERE source_language = %s AND target_language = %s
             AND coalesce(context_type, '') = coalesce(%s, '')
             AND md5(source_text) = ANY(SELECT md5(t) FROM unnest(%s::text[]) AS t)
             AND source_text = ANY(%s) AND expires_at > now()
           RETURNING source_text, translated_text""",
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
