"""E-mail templates: the shared starters (client_id NULL) and each client's own.

Tenant functions (RLS shows a client the shared templates and its own, and lets it
write only its own). The caller validates the text first (outreach/templates.py).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from bot.core.connections import Conn

TEMPLATE_COLUMNS = """id, client_id, name, description, subject, plain_content, html_content, language,
    category, variables, is_active, usage_count, created_at, updated_at"""


def list_templates(conn: Conn, *, active_only: bool = False) -> list[dict[str, Any]]:
    """The templates the tenant can use: its own first, then the shared ones, by name and language."""
    where = "WHERE is_active" if active_only else ""
    return conn.execute(
        f"SELECT {TEMPLATE_COLUMNS} FROM email_templates {where} "
        "ORDER BY client_id IS NULL, name, language"
    ).fetchall()


def get_template(conn: Conn, template_id: uuid.UUID | str) -> dict[str, Any] | None:
    return conn.execute(f"SELECT {TEMPLATE_COLUMNS} FROM email_templates WHERE id = %s",
                        (template_id,)).fetchone()


def versions(conn: Conn, template_id: uuid.UUID | str) -> dict[str, dict[str, Any]]:
    """Language -> version of the template this id belongs to (same owner, same name)."""
    rows = conn.execute(
        f"""SELECT {', '.join('t.' + c.strip() for c in TEMPLATE_COLUMNS.split(','))}
            FROM email_templates t JOIN email_templates one ON one.id = %s
            WHERE t.is_active AND t.client_id IS NOT DISTINCT FROM one.client_id AND t.name = one.name""",
        (template_id,),
    ).fetchall()
    return {r["language"]: r for r in rows}


def save_template(conn: Conn, *, client_id: uuid.UUID | str, name: str, language: str, subject: str,
                  body: str, variables: list[str], description: str | None = None,
                  category: str | None = None, template_id: uuid.UUID | str | None = None) -> uuid.UUID | None:
    """Insert a template, or update the tenant's own one; None when that id is not the tenant's."""
    params = {"client_id": client_id, "name": name.strip(), "language": language, "subject": subject,
              "body": body, "variables": json.dumps(variables), "description": description,
              "category": category, "id": template_id}
    if template_id is None:
        row = conn.execute(
            """INSERT INTO email_templates (client_id, name, language, subject, plain_content, variables,
                                            description, category)
               VALUES (%(client_id)s, %(name)s, %(language)s, %(subject)s, %(body)s, %(variables)s,
                       %(description)s, %(category)s)
               RETURNING id""",
            params,
        ).fetchone()
    else:
        row = conn.execute(
            """UPDATE email_templates SET name = %(name)s, language = %(language)s, subject = %(subject)s,
                      plain_content = %(body)s, variables = %(variables)s, description = %(description)s,
                      category = %(category)s, updated_at = now()
               WHERE id = %(id)s AND client_id = %(client_id)s RETURNING id""",
            params,
        ).fetchone()
    return row["id"] if row else None


def count_use(conn: Conn, template_id: uuid.UUID | str) -> None:
    """One more e-mail drafted from this template (a shared starter is not the tenant's to
    update: RLS leaves it as it is)."""
    conn.execute("UPDATE email_templates SET usage_count = usage_count + 1 WHERE id = %s", (template_id,))
