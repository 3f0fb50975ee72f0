"""Replays YAML conversation scripts through the local channel (the real inbound path)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import yaml
from psycopg.rows import dict_row

from bot.channels.local import BotMessage, LocalChat

SCRIPTS = Path(__file__).parent / "scripts"
PHONE = re.compile(r"\+?\d(?:[\s.()/-]{0,2}\d){7,}")


@dataclass
class Script:
    name: str
    path: Path
    data: dict[str, Any]


def load_scripts() -> list[Script]:
    return [
        Script(name=p.stem, path=p, data=yaml.safe_load(p.read_text()))
        for p in sorted(SCRIPTS.glob("*.yaml"))
    ]


def _check(expectation: dict[str, Any], messages: list[BotMessage], where: str) -> None:
    texts = [m.text for m in messages]
    joined = "\n".join(texts)
    for key, wanted in expectation.items():
        if key == "contains":
            for fragment in [wanted] if isinstance(wanted, str) else wanted:
                assert fragment.lower() in joined.lower(), f"{where}: {fragment!r} not in {texts}"
        elif key == "contains_any":
            assert any(f.lower() in joined.lower() for f in wanted), f"{where}: none of {wanted} in {texts}"
        elif key == "not_contains":
            for fragment in [wanted] if isinstance(wanted, str) else wanted:
                assert fragment.lower() not in joined.lower(), f"{where}: {fragment!r} leaked in {texts}"
        elif key == "count":
            assert len(messages) == wanted, f"{where}: {len(messages)} messages, wanted {wanted}: {texts}"
        elif key == "min_count":
            assert len(messages) >= wanted, f"{where}: {texts}"
        elif key == "intent":
            assert any(m.intent == wanted for m in messages), f"{where}: intents {[m.intent for m in messages]}"
        elif key == "agent":
            assert any(m.agent == wanted for m in messages), f"{where}: agents {[m.agent for m in messages]}"
        elif key == "profile_card":
            assert any(m.profile_code for m in messages) == wanted, f"{where}: {texts}"
        elif key == "media":
            assert any(m.media for m in messages) == wanted, f"{where}: {[m.media for m in messages]}"
        elif key == "no_phone_number":
            assert not PHONE.search(joined), f"{where}: a phone number in {texts}"
        elif key == "max_length":
            assert all(len(t) <= wanted for t in texts), f"{where}: too long: {texts}"
        else:
            raise AssertionError(f"{where}: unknown expectation {key!r}")


def _check_lead(conn: psycopg.Connection, lead_id: int, wanted: dict[str, Any], where: str) -> None:
    row = conn.execute("SELECT * FROM leads WHERE id = %s", (lead_id,)).fetchone()
    for key, value in wanted.items():
        assert row[key] == value, f"{where}: lead.{key} = {row[key]!r}, wanted {value!r}"


def _check_sql(conn: psycopg.Connection, lead_id: int, checks: list[dict[str, Any]], where: str) -> None:
    for check in checks:
        value = conn.execute(check["query"], {"lead_id": lead_id}).fetchone()
        got = next(iter(value.values())) if value else None
        assert got == check["equals"], f"{where}: {check['query']} = {got!r}, wanted {check['equals']!r}"


def run_script(script: Script, chat: LocalChat, database_url: str) -> None:
    """Play every step; fail with the step number and what the bot said."""
    for number, step in enumerate(script.data["steps"], start=1):
        where = f"{script.name} step {number}"
        if "send" in step:
            messages = chat.send(str(step["send"]))
            _check(step.get("expect", {}) or {}, messages, f"{where} ({step['send']!r})")
            # What members read is the product: WhatsApp-sized, never a phone number.
            _check({"max_length": 1000, "no_phone_number": True}, messages, where)
        if "lead" in step or "sql" in step:
            assert chat.lead_id is not None
            with psycopg.connect(database_url, row_factory=dict_row) as conn:
                if "lead" in step:
                    _check_lead(conn, chat.lead_id, step["lead"], where)
                if "sql" in step:
                    _check_sql(conn, chat.lead_id, step["sql"], where)
