"""The agency's Growth Brain page: what members ask, where qualification stalls, which profiles
draw interest (codes and first names only), on a hand-made month of members."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from fastapi.testclient import TestClient

from bot.console.growth_messages import SLOT_LABELS
from bot.console.messages import INTENT_LABELS
from bot.lead_platform.intelligence import agency
from tests.bot.console.conftest import Account, module_fixtures, sign_in

db_url, settings, app_client = module_fixtures()
NOW = datetime.now(UTC)


def member(conn: psycopg.Connection, phone: str, *, days_ago: float, silent_hours: float = 1,
           status: str = "nouveau_lead", opted_out: bool = False, **answers: Any) -> int:
    row = conn.execute(
        """INSERT INTO leads (phone, name, status, opted_out, created_at, last_inbound_at, gender, age, city,
                              looking_for_gender, preferred_age_min, preferred_city, qualification_complete, metadata)
           VALUES (%(phone)s, 'Nadia Ekane', %(status)s, %(opted_out)s, %(created)s, %(last)s, %(gender)s, %(age)s,
                   %(city)s, %(looking)s, %(age_min)s, %(pcity)s, %(done)s, %(meta)s) RETURNING id""",
        {"phone": phone, "status": status, "opted_out": opted_out, "created": NOW - timedelta(days=days_ago),
         "last": NOW - timedelta(hours=silent_hours), "gender": answers.get("gender"), "age": answers.get("age"),
         "city": answers.get("city"), "looking": answers.get("looking"), "age_min": answers.get("age_min"),
         "pcity": answers.get("pcity"), "done": answers.get("done", False),
         "meta": json.dumps(answers.get("meta", {}))}).fetchone()
    assert row is not None
    return int(row["id"])


def said(conn: psycopg.Connection, lead: int, intent: str, *, minutes_ago: float) -> None:
    conn.execute("INSERT INTO conversations (lead_id, direction, content, sender_type, metadata, created_at) "
                 "VALUES (%s, 'in', 'message', 'client', %s, %s)",
                 (lead, json.dumps({"reading": {"intent": intent, "confidence": 0.9}}),
                  NOW - timedelta(minutes=minutes_ago)))


def sent(conn: psycopg.Connection, lead: int, content: str, *, minutes_ago: float, intent: str = "faq",
         code: str | None = None) -> None:
    conn.execute("INSERT INTO conversations (lead_id, direction, content, sender_type, intent, profile_code, "
                 "created_at) VALUES (%s, 'out', %s, 'bot', %s, %s, %s)",
                 (lead, content, intent, code, NOW - timedelta(minutes=minutes_ago)))


def profile(conn: psycopg.Connection, code: str, name: str, first_name: str) -> int:
    row = conn.execute("INSERT INTO profiles (code, name, first_name, age, gender) VALUES (%s, %s, %s, 30, 'female') "
                       "RETURNING id", (code, name, first_name)).fetchone()
    assert row is not None
    return int(row["id"])


def month(conn: psycopg.Connection) -> None:
    full = {"gender": "male", "age": 34, "city": "Douala", "looking": "female", "age_min": 25, "pcity": "Douala"}
    m1 = member(conn, "+237600000001", days_ago=3, done=True, **full)
    m2 = member(conn, "+237600000002", days_ago=5, silent_hours=72, gender="male", age=30)  # stopped at the city
    member(conn, "+237600000003", days_ago=1, gender="female")  # at the age question, still talking
    member(conn, "+237600000004", days_ago=2, opted_out=True)  # left at the first question
    member(conn, "+237600000005", days_ago=4, meta={"preferred_city_any": True},
           **{k: v for k, v in full.items() if k != "pcity"})  # every question answered
    member(conn, "+237600000006", days_ago=2, status="non_eligible")  # a minor: not in the funnel
    member(conn, "+237600000007", days_ago=100)  # before the window
    for n, intent in enumerate(["question", "question", "question", "greeting"]):
        said(conn, m1, intent, minutes_ago=300 - n)
    for n in range(4):
        said(conn, m2, "answer", minutes_ago=200 - n)
    said(conn, m2, "question", minutes_ago=150)
    conn.execute("INSERT INTO knowledge_base (question, answer, category) VALUES "
                 "('Combien coûte l''inscription ?', 'L''inscription coûte 10 000 FCFA.', 'tarifs'), "
                 "('Comment ça marche ?', 'Vous écrivez, nous cherchons.', 'service')")
    for n in range(3):
        sent(conn, m1, "L'inscription coûte 10 000 FCFA.", minutes_ago=290 - n)
    sent(conn, m2, "Vous écrivez, nous cherchons.", minutes_ago=149)
    sent(conn, m2, "Reformulé par un modèle.", minutes_ago=148)
    p1 = profile(conn, "MAT-2025-001", "Clarisse Mbarga-Secret", "Clarisse")
    p2 = profile(conn, "MAT-2025-002", "Brigitte Nkolo-Hidden", "Brigitte")
    profile(conn, "MAT-2025-003", "Jeanne Never-Asked", "Jeanne")
    sent(conn, m1, "Carte de Clarisse", minutes_ago=100, intent="matching", code="MAT-2025-001")
    said(conn, m1, "interest", minutes_ago=99)
    sent(conn, m1, "Carte de Brigitte", minutes_ago=50, intent="matching", code="MAT-2025-002")
    said(conn, m1, "interest", minutes_ago=49)
    for lead, shown in ((m1, p1), (m2, p1), (m1, p2)):
        conn.execute("INSERT INTO profile_views (lead_id, profile_id) VALUES (%s, %s)", (lead, shown))
    conn.execute("INSERT INTO profile_views (lead_id, profile_id) SELECT id, %s FROM leads WHERE phone = %s",
                 (p1, "+237600000003"))
    for lead, wanted, code, status in ((m1, p1, "MAT-2025-001", "paid"), (m2, p1, "MAT-2025-001", "pending"),
                                       (m1, p2, "MAT-2025-002", "pending")):
        conn.execute("INSERT INTO contact_requests (lead_id, profile_id, profile_code, status) VALUES (%s, %s, %s, %s)",
                     (lead, wanted, code, status))


def test_the_members_page_from_nothing_to_a_month(client: TestClient, conn: psycopg.Connection,
                                                  admin_account: Account) -> None:
    assert sign_in(client, admin_account) == 303
    empty = html.unescape(client.get("/admin/growth").text)
    assert "Aucun membre n'a écrit sur cette période." in empty and 'href="/admin/growth"' in empty
    assert client.get("/admin/growth?days=12").status_code == 422  # only the offered windows

    month(conn)
    brain = agency.analyse(conn, now=NOW, days=30, intent_labels=INTENT_LABELS, slot_labels=SLOT_LABELS)
    assert (brain.members, brain.messages, brain.started, brain.qualified) == (2, 11, 5, 2)
    assert [(a.intent, a.messages, a.percent) for a in brain.asked] == [
        ("answer", 4, 36.4), ("question", 4, 36.4), ("interest", 2, 18.2), ("greeting", 1, 9.1)]
    assert [(t.topic, t.answers) for t in brain.topics] == [("Combien coûte l'inscription ?", 3),
                                                            ("Comment ça marche ?", 1)]
    assert [(s.slot, s.answered, s.waiting, s.stalled) for s in brain.funnel] == [
        ("gender", 4, 1, 1), ("age", 3, 1, 0), ("city", 2, 1, 1), ("looking_for_gender", 2, 0, 0),
        ("age_range", 2, 0, 0), ("preferred_city", 2, 0, 0)]
    assert [(p.code, p.first_name, p.shown, p.interested, p.requests, p.paid) for p in brain.profiles] == [
        ("MAT-2025-001", "Clarisse", 3, 1, 2, 1), ("MAT-2025-002", "Brigitte", 1, 1, 1, 0)]
    assert brain.insights == (
        "Ce que les membres demandent le plus : « Question sur l'agence (prix, paiement, sécurité…) » "
        "(4 messages, 36,4 %).",
        "Question la plus posée : « Combien coûte l'inscription ? » (3 réponses de la base de connaissances).",
        "2 membres sur 5 ont terminé leur qualification (40 %).",
        "La qualification cale surtout à la question « Son genre » : 1 membre s'est arrêté là.",
        "Le profil MAT-2025-001 (Clarisse) attire le plus : demandes de mise en relation : 2, présentations : 3.")
    assert len(brain.recommendations) == 2

    page = client.get("/admin/growth?days=30")
    text = html.unescape(page.text)
    assert page.status_code == 200 and "style=" not in text
    for section in ("kpis", "insights", "asked", "topics", "funnel", "profiles"):
        assert f'id="{section}"' in text, section
    assert "MAT-2025-001" in text and "Clarisse" in text and "Jeanne" not in text
    for secret in ("Mbarga", "Nkolo", "Hidden", "Ekane", "+2376", "600000001"):
        assert secret not in text, secret  # never a profile's full name nor a member's name or phone
    assert "2 ont répondu · 1 calé" in text  # the city question
