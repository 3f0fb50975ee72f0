"""Writing the catalogue: insert or update profiles by code (imports, demo content)."""

from __future__ import annotations

from typing import Any

from psycopg import sql
from psycopg.rows import dict_row

from bot.core.connections import Conn

# Columns an import or the demo may write (everything but ids, vectors and timestamps).
WRITABLE_COLUMNS = (
    "code", "name", "first_name", "age", "gender", "city", "neighborhood", "profession",
    "description_short", "description_long", "hobbies", "religion", "children",
    "search_age_min", "search_age_max", "search_city", "status", "photos",
)


def upsert_profile(conn: Conn, row: dict[str, Any], *, update: bool = True) -> str:
    """Insert or update one profile by code; returns 'inserted', 'updated' or 'unchanged'.

    Only the columns present in row are written; an update that changes nothing leaves
    the row (and its embedding) alone.
    """
    columns = [c for c in WRITABLE_COLUMNS if c in row]
    names = sql.SQL(", ").join(map(sql.Identifier, columns))
    values = sql.SQL(", ").join(sql.Placeholder(c) for c in columns)
    changed = [c for c in columns if c != "code"]
    conflict: sql.Composable
    if update and changed:
        conflict = sql.SQL(
            "DO UPDATE SET {sets}, updated_at = now() WHERE ({old}) IS DISTINCT FROM ({new})"
        ).format(
            sets=sql.SQL(", ").join(
                sql.SQL("{} = EXCLUDED.{}").format(sql.Identifier(c), sql.Identifier(c))
                for c in changed
            ),
            old=sql.SQL(", ").join(sql.Identifier("profiles", c) for c in changed),
            new=sql.SQL(", ").join(sql.Identifier("excluded", c) for c in changed),
        )
    else:
        conflict = sql.SQL("DO NOTHING")
    query = sql.SQL(
        "INSERT INTO profiles ({names}) VALUES ({values}) ON CONFLICT (code) {conflict}"
        " RETURNING (xmax = 0) AS inserted"
    ).format(names=names, values=values, conflict=conflict)
    with conn.cursor(row_factory=dict_row) as cur:
        result = cur.execute(query, {c: row[c] for c in columns}).fetchone()
    if result is None:
        return "unchanged"
    return "inserted" if result["inserted"] else "updated"
