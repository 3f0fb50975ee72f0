"""Handed over, then waiting: the member is told when advisers answer, is still answered meanwhile,
and gets the conversation back with an apology when nobody came.

Nothing sleeps: the turn's clock is injected (advisers' hours, the waiting notices) and the
database's `human_since` is moved back (the `handback` job compares it with the server's now()).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from bot.channels.local import LocalChat
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.jobs import all_handlers
from bot.runtime import build_services
from graph.handback import hand_back

# Douala is UTC+1 all year. Advisers' default hours: Monday to Saturday, 8:00 to 20:00.
MONDAY_10H = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
SUNDAY_22H = datetime(2025, 6, 1, 21, 0, tzinfo=UTC)
FRIDAY_18H = datetime(2025, 6, 6, 17, 0, tzinfo=UTC)
PHONES = (f"+2376992{n:05d}" for n in itertools.count(1))
# Far longer than any test session: the shared demo database's other waiting members stay waiting.
A_DAY = 24 * 60

Configure = Callable[[str, Any], None]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY_10H)


@pytest.fixture
def services(demo_db_url: str, clock: Clock) -> Iterator[Services]:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="test", database_url=demo_db_url, chat_provider="offline",
        embedding_provider="offline", burst_window_seconds=0,
    )
    built = build_services(settings, demo_db_url, pool_size=3)
    built.clock = clock
    yield built
    built.pool.close()


@pytest.fixture
def chat(services: Services, demo_db_url: str) -> LocalChat:
    worker = Worker(services.pool, all_handlers(services), database_url=demo_db_url)
    return LocalChat(services, worker, phone=next(PHONES))


@pytest.fixture
def configure(demo_db_url: str) -> Iterator[Configure]:
    """Set configuration keys for one test; the shared demo database gets its values back after."""
    saved: dict[str, Any] = {}
    with psycopg.connect(demo_db_url, autocommit=True, row_factory=dict_row) as conn:

        def set_value(key: str, value: Any) -> None:
            if key not in saved:
                saved[key] = conn.execute("SELECT value FROM configuration WHERE key = %s", (key,)).fetchone()
            conn.execute(
                """INSERT INTO configuration (key, value) VALUES (%s, %s)
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value""", (key, Jsonb(value)))

        yield set_value
        for key, row in saved.items():
            if row is None:
                conn.execute("DELETE FROM configuration WHERE key = %s", (key,))
            else:
                conn.execute("UPDATE configuration SET value = %s WHERE key = %s", (Jsonb(row["value"]), key))


def lead_row(chat: LocalChat) -> dict[str, Any]:
    with chat.services.pool.connection() as conn:
        row = conn.cursor(row_factory=dict_row).execute("SELECT * FROM leads WHERE id = %s", (chat.lead_id,)).fetchone()
    assert row is not None
    return dict(row)


def texts(messages: list[Any]) -> str:
    return "\n".join(m.text for m in messages)


def test_during_advisers_hours_a_person_answers_within_minutes(chat: LocalChat) -> None:
    chat.send("Bonjour")
    said = texts(chat.send("je veux parler à un conseiller"))
    assert "dans les minutes qui viennent" in said
    assert lead_row(chat)["status"] == "attente_humain"


def test_outside_advisers_hours_the_member_is_told_when(chat: LocalChat, clock: Clock) -> None:
    clock.now = SUNDAY_22H
    chat.send("Bonjour")
    said = texts(chat.send("je veux parler à un conseiller"))
    assert "du lundi au samedi, de 8 h à 20 h (heure de Douala)" in said
    assert "demain à partir de 8 h" in said


def test_the_hours_come_from_the_configuration(chat: LocalChat, clock: Clock, configure: Configure) -> None:
    configure("adviser_hours", {"days": [1, 2, 3, 4, 5], "start": "09:00", "end": "17:30",
                                "timezone": "Africa/Douala"})
    clock.now = FRIDAY_18H
    chat.send("Bonjour")
    chat.send("blablabla")
    said = texts(chat.send("zzzz qwerty"))  # two turns not understood: handed over
    assert "du lundi au vendredi, de 9 h à 17 h 30" in said
    assert "lundi à partir de 9 h" in said
    assert lead_row(chat)["handoff_reason"] == "not_understood"


def test_while_waiting_questions_are_answered_and_notices_are_spaced(chat: LocalChat, clock: Clock) -> None:
    chat.send("Bonjour")
    chat.send("je veux parler à un conseiller")
    answer = chat.send("c combien ?")
    assert len(answer) == 1 and "15 000 FCFA" in answer[0].text  # the knowledge base, nothing more
    notice = chat.send("vous êtes là ?")
    assert len(notice) == 1 and "transmis" in notice[0].text and "dans les minutes qui viennent" in notice[0].text
    clock.now += timedelta(minutes=2)
    assert chat.send("allo ?") == []  # told two minutes ago: not told again
    clock.now += timedelta(minutes=2)
    ping = chat.send("vous êtes là ??")  # calling out a few minutes later is answered
    assert len(ping) == 1 and "là" in ping[0].text and ping[0].text != notice[0].text
    assert "dans les minutes qui viennent" in ping[0].text
    clock.now += timedelta(minutes=1)
    assert chat.send("ok") == []  # anything else waits for the ten minutes
    clock.now += timedelta(minutes=10)
    again = chat.send("allo ??")
    assert len(again) == 1 and again[0].text != notice[0].text  # told again, in other words
    stop = chat.send("STOP")
    assert "START" in texts(stop)
    assert lead_row(chat)["opted_out"] is True


def test_nobody_came_the_bot_takes_the_conversation_back(chat: LocalChat, clock: Clock,
                                                         configure: Configure) -> None:
    clock.now = datetime.now(UTC)  # the job compares `human_since` with the database's clock
    configure("handback_minutes", A_DAY)
    chat.send("Bonjour")
    chat.send("je suis un homme")
    chat.send("je veux parler à un conseiller")
    with chat.services.pool.connection() as conn:
        hand_back(conn)
        assert lead_row(chat)["status"] == "attente_humain"  # not waited long enough yet
        conn.execute("UPDATE leads SET human_since = now() - interval '25 hours' WHERE id = %s", (chat.lead_id,))
        # (Other tests' members handed over with a clock in the past come back too: not counted.)
        assert hand_back(conn) >= 1
    apology = chat.new_messages()
    assert len(apology) == 1 and "Pardon pour l'attente" in apology[0].text
    lead = lead_row(chat)
    assert (lead["status"], lead["human_since"], lead["not_understood_count"]) == ("nouveau_lead", None, 0)
    assert "âge" in texts(chat.send("c'est bon je suis là"))  # the bot answers again
    assert "ville" in texts(chat.send("37 ans"))


def test_hand_back_spares_taken_and_switched_off(chat: LocalChat, clock: Clock, configure: Configure) -> None:
    clock.now = datetime.now(UTC)
    chat.send("Bonjour")
    chat.send("je veux parler à un conseiller")
    with chat.services.pool.connection() as conn:
        conn.execute("UPDATE leads SET human_since = now() - interval '25 hours' WHERE id = %s", (chat.lead_id,))
        configure("handback_minutes", 0)
        assert hand_back(conn) == 0  # 0 switches the hand-back off
        assert lead_row(chat)["status"] == "attente_humain"
        configure("handback_minutes", A_DAY)
        admin = conn.execute(
            "INSERT INTO admin_users (email, password_hash) VALUES (%s, 'x') RETURNING id",
            (f"adviser{chat.lead_id}@example.test",)).fetchone()
        assert admin is not None
        conn.execute("UPDATE leads SET assigned_admin_id = %s WHERE id = %s", (admin["id"], chat.lead_id))
        hand_back(conn)
    assert lead_row(chat)["status"] == "attente_humain"  # an adviser has it
