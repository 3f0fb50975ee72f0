"""The right to be forgotten: one member erased everywhere, leaving only an anonymous record.

Who: the member's `leads` row (by phone, written any way, or by the provider's user id),
the lead platform's form leads of every tenant with that phone or linked to that row, and
the e-mail addresses those forms gave.

What, in one transaction:

1. `KEYED`: rows that hold the member by key. Deleting `leads` takes with it, by
   ON DELETE CASCADE, the conversations, agent runs, profile views, contact requests and
   payments, understanding reviews and labelled examples; deleting `lead_memory` takes
   the form leads' actions, notes and feedback. Listed here are the rows a cascade does
   not reach (no foreign key, or ON DELETE SET NULL).
2. `MENTIONS`: rows that may quote the member with no key to them (request logs, job
   payloads, alerts, caches): deleted when their text holds the member's phone (in any
   written form), provider user id or e-mail.
3. `ANONYMISED`: campaign e-mails written to the member stay as counts with nothing of the
   recipient; an address on a suppression list stays suppressed as a one-way digest.
4. One `erasures` row: when, on whose request, how many rows per table. Never who.

A new place where members' data lands: a foreign key to `leads` or `lead_memory` with ON
DELETE CASCADE needs nothing here; a key without a cascade goes in `KEYED` (`SERVICE_KEYED`
for a tenant table, such as the prompt calls made about a member or a form lead); free text or
JSON that may quote a member goes in `MENTIONS`. tests/bot/store/test_erasure.py reaches
the service through every entry point, forgets, then reads every text, JSON and byte
column of every table: give a new entry point a step there.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any, Literal, LiteralString

from psycopg import sql

from bot.core.connections import Conn
from bot.core.db import service_transaction
from bot.core.forgotten import forgotten_address_sql
from bot.store.memory import memory_session_id, thread_id

Requester = Literal["operator", "member"]

# Digits kept of a phone number to find it however it was written: the national significant
# number of most numbers, Cameroon's included, is 9 digits (a national spelling of a shorter
# one is missed; a longer one is matched on its last 9 digits).
NATIONAL_DIGITS = 9
_PHONE = re.compile(r"(whatsapp:)?\+?[\d\s.()/-]{8,}")
# Characters people put between the digits of a phone number: "+237 6 99-42.42 (42)".
_SEPARATORS = r"[\s.()/-]{0,2}"

# (table, condition) deleted in this order, as the owner. Parameters: leads (ids), lead_keys
# (the same as text), threads, sessions.
KEYED: tuple[tuple[str, LiteralString], ...] = (
    # LangGraph's checkpoints and LangChain's chat memory have no foreign key to leads.
    ("checkpoint_writes", "thread_id = ANY(%(threads)s)"),
    ("checkpoint_blobs", "thread_id = ANY(%(threads)s)"),
    ("checkpoints", "thread_id = ANY(%(threads)s)"),
    ("n8n_chat_histories", "session_id = ANY(%(sessions)s)"),
    # logs.lead_id is ON DELETE SET NULL: an alert's text would outlive the member.
    ("logs", "lead_id = ANY(%(leads)s)"),
    ("queue_jobs", """payload->>'lead_id' = ANY(%(lead_keys)s) OR payload->>'message_id' IN
                      (SELECT id::text FROM conversations WHERE lead_id = ANY(%(leads)s))"""),
    ("conversations", "lead_id = ANY(%(leads)s)"),
    ("leads", "id = ANY(%(leads)s)"),
)
# The same for form leads, in tenant tables (Row Level Security): as the service role.
# Parameters: forms (ids), form_keys (the same as text).
FORM_KEYED: tuple[tuple[str, LiteralString], ...] = (
    ("queue_jobs", "payload->>'lead_memory_id' = ANY(%(form_keys)s)"),
    # A summary's cached translation (agents/translation.py) may name the lead: it goes with it.
    ("translation_cache", "source_text IN (SELECT ai_summary FROM lead_memory WHERE id = ANY(%(forms)s))"),
    ("lead_memory", "id = ANY(%(forms)s)"),
)
# Rows of tenant tables keyed by what they are about, with no foreign key: as the service role.
# Parameters: subjects (prompt_performance.subject of the member's and their form leads' calls).
SERVICE_KEYED: tuple[tuple[str, LiteralString], ...] = (
    ("prompt_performance", "subject = ANY(%(subjects)s)"),
    # The bot's readings of the member's messages (predictions scored by their outcomes).
    ("feedback_tracking", "subject = ANY(%(subjects)s)"),
)
# Table -> the text and JSON columns that may quote a member with no key to them.
MENTIONS: dict[str, tuple[str, ...]] = {
    "logs": ("message", "context"),
    "queue_jobs": ("payload", "result", "error"),
    "integration_logs": ("request_body", "response_body"),
    "feedback_tracking": ("context_data", "notes", "notes_en", "notes_fr"),
    "performance_metrics": ("metadata", "error_message_en", "error_message_fr"),
    "prompt_performance": ("input_data", "output_data", "error_message"),
    "translation_cache": ("source_text", "translated_text"),
    # Outreach: an e-mail received from the member (a reply, a bounce quoting them), a
    # business prospect row naming them, the log of what a campaign sent and what came back.
    "outreach_inbound_emails": ("recipient", "sender", "from_header", "subject", "body_plain", "stripped_text",
                                "headers", "report", "attachments"),
    "prospect_candidates": ("business_name", "contact_email", "metadata"),
    "prospect_outreach_log": ("subject", "email_body", "reply_content", "metadata"),
    # The Growth Copilot: what a client or an admin asked and was answered, the changes it
    # prepared (a change to a form lead goes with the lead), its tool calls' arguments and summaries.
    "copilot_messages": ("content",),
    "copilot_actions": ("arguments", "description", "result"),
    "agent_logs": ("input_summary", "output_summary", "error_message"),
}
# Campaign e-mails written to the member are kept as figures (a sent e-mail counts in its
# campaign's metrics for ever) with nothing left of the recipient, nor in their events.
# Parameter: the member's pattern; one row per e-mail anonymised.
ANONYMISED: LiteralString = """
    WITH emails AS (
        UPDATE outreach_emails SET prospect_email = NULL, prospect_name = NULL, company_name = NULL,
               website = NULL, subject = NULL, content = NULL, reply_content = NULL, thread_id = NULL,
               metadata = '{"forgotten": true}'
        WHERE concat_ws(' ', prospect_email, prospect_name, subject, content, reply_content, metadata::text) ~* %s
        RETURNING id),
    events AS (UPDATE outreach_tracking SET metadata = '{}' WHERE email_id IN (SELECT id FROM emails))
    SELECT id FROM emails"""


@dataclass
class Forgotten:
    """What `forget` erased."""

    leads: int = 0
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, count: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + count


@dataclass
class Member:
    """What identifies one member: their rows, and what their text can be recognised by."""

    lead_ids: list[int] = field(default_factory=list)
    linked_forms: list[uuid.UUID] = field(default_factory=list)
    nationals: set[str] = field(default_factory=set)
    user_ids: set[str] = field(default_factory=set)
    form_ids: list[uuid.UUID] = field(default_factory=list)
    emails: set[str] = field(default_factory=set)

    def keys(self) -> dict[str, Any]:
        """The parameters of the KEYED and FORM_KEYED conditions."""
        return {
            "leads": self.lead_ids, "lead_keys": [str(i) for i in self.lead_ids],
            "threads": [thread_id(i) for i in self.lead_ids],
            "sessions": [memory_session_id(i) for i in self.lead_ids],
            "forms": self.form_ids, "form_keys": [str(i) for i in self.form_ids],
            "subjects": [f"member:{i}" for i in self.lead_ids] + [f"lead:{i}" for i in self.form_ids],
        }

    def pattern(self) -> str | None:
        """A PostgreSQL regular expression (case-insensitive) for any of the member's identifiers."""
        parts = [_SEPARATORS.join(n) + "(?![0-9])" for n in sorted(self.nationals)]
        parts += [_literal(text) for text in sorted(self.emails | self.user_ids)]
        return "|".join(f"({p})" for p in parts) or None


def _literal(text: str) -> str:
    """`text` matched literally by a PostgreSQL regular expression."""
    return "".join(c if c.isalnum() else "\\" + c for c in text)


def national_number(phone: str) -> str:
    """The digits a phone number is recognised by however it is written (see NATIONAL_DIGITS)."""
    return re.sub(r"\D", "", phone)[-NATIONAL_DIGITS:]


def find_leads(conn: Conn, *, phone: str) -> Member:
    """The member's `leads` rows, by phone number in any format or by provider user id."""
    member = Member()
    digits = re.sub(r"\D", "", phone) if _PHONE.fullmatch(phone.strip()) else ""
    rows = conn.execute(
        """SELECT id, phone, channel_user_id, platform_lead_id FROM leads
           WHERE phone = %(p)s OR channel_user_id = %(p)s
              OR (%(d)s <> '' AND regexp_replace(phone, '\\D', '', 'g') = %(d)s)""",
        {"p": phone, "d": digits},
    ).fetchall()
    for number in [phone if digits else ""] + [row["phone"] or "" for row in rows]:
        if len(national_number(number)) >= 8:  # shorter digit runs are not a person's number
            member.nationals.add(national_number(number))
    for row in rows:
        member.lead_ids.append(row["id"])
        member.user_ids.update([row["channel_user_id"]] if row["channel_user_id"] else [])
        member.linked_forms.extend([row["platform_lead_id"]] if row["platform_lead_id"] else [])
    return member


def find_forms(conn: Conn, member: Member) -> None:
    """Add the member's form leads (every tenant; the service role) and the e-mails they gave."""
    rows = conn.execute(
        """SELECT id, email FROM lead_memory WHERE id = ANY(%s)
           OR right(regexp_replace(phone, '\\D', '', 'g'), %s) = ANY(%s)""",
        (member.linked_forms, NATIONAL_DIGITS, list(member.nationals)),
    ).fetchall()
    member.emails = {r["email"].strip().lower() for r in rows if r["email"] and r["email"].strip()}
    if member.emails:  # the same person's forms that gave the e-mail only
        rows += conn.execute(
            "SELECT id, email FROM lead_memory WHERE lower(trim(email)) = ANY(%s) AND NOT id = ANY(%s)",
            (list(member.emails), [r["id"] for r in rows]),
        ).fetchall()
    member.form_ids = [r["id"] for r in rows]


def _delete(conn: Conn, table: str, condition: LiteralString, params: dict[str, Any]) -> int:
    query = sql.SQL("DELETE FROM {} WHERE {}").format(sql.Identifier(table), sql.SQL(condition))
    return conn.execute(query, params).rowcount


def _delete_mentions(conn: Conn, table: str, columns: tuple[str, ...], pattern: str) -> int:
    text = sql.SQL("concat_ws(' ', {})").format(
        sql.SQL(", ").join(sql.SQL("{}::text").format(sql.Identifier(c)) for c in columns))
    query = sql.SQL("DELETE FROM {} WHERE {} ~* %s").format(sql.Identifier(table), text)
    return conn.execute(query, (pattern,)).rowcount


def forget(conn: Conn, *, phone: str, requested_by: Requester = "operator") -> Forgotten:
    """Erase a member (by phone number or provider user id) everywhere, in one transaction."""
    result = Forgotten()
    with conn.transaction():
        member = find_leads(conn, phone=phone)
        if member.lead_ids:
            for table, condition in KEYED:
                result.add(table, _delete(conn, table, condition, member.keys()))
            result.leads = result.rows["leads"]
        # The service role from here to the end of the transaction (SET LOCAL ROLE).
        with service_transaction(conn):
            find_forms(conn, member)
            if member.form_ids:
                for table, condition in FORM_KEYED:
                    result.add(table, _delete(conn, table, condition, member.keys()))
            if member.lead_ids or member.form_ids:
                for table, condition in SERVICE_KEYED:
                    result.add(table, _delete(conn, table, condition, member.keys()))
            pattern = member.pattern()
            if pattern:
                for table, columns in MENTIONS.items():
                    result.add(table, _delete_mentions(conn, table, columns, pattern))
                result.add("outreach_emails", conn.execute(ANONYMISED, (pattern,)).rowcount)
            if member.emails:
                result.add("outreach_suppressions", conn.execute(
                    f"""UPDATE outreach_suppressions SET email = {forgotten_address_sql('email')}, email_id = NULL
                        WHERE email = ANY(%s)""", (sorted(member.emails),)).rowcount)
            if any(result.rows.values()):
                conn.execute(
                    "INSERT INTO erasures (requested_by, members, form_leads, rows) VALUES (%s, %s, %s, %s)",
                    (requested_by, result.leads, result.rows.get("lead_memory", 0),
                     json.dumps({t: n for t, n in sorted(result.rows.items()) if n})),
                )
    return result
