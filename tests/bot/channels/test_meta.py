"""Meta Cloud API delivery against a real local HTTP server: interactive messages, limits, errors."""

from __future__ import annotations

import psycopg

from bot.core.worker import Worker
from tests.bot.channels.conftest import (
    make_lead,
    queue_outbound,
    row,
    run_due,
    set_templates,
)
from tests.support.stand_ins import GraphServer


def _lead(conn: psycopg.Connection, **kwargs) -> int:
    return make_lead(conn, channel="meta", **kwargs)


def test_text_with_photos_goes_photos_first(conn: psycopg.Connection, worker: Worker, graph: GraphServer) -> None:
    mid = queue_outbound(conn, _lead(conn), "Voici A12", media=["https://cdn.example.org/A12.jpg"])
    run_due(worker)
    assert [c["json"]["type"] for c in graph.requests] == ["image", "text"]
    assert all(c["path"] == "/v21.0/1234567890/messages" and c["auth"] == "Bearer meta-token" for c in graph.requests)
    assert graph.requests[0]["json"]["to"] == "237650000001"
    assert graph.requests[0]["json"]["image"] == {"link": "https://cdn.example.org/A12.jpg"}
    assert graph.requests[1]["json"]["text"]["body"] == "Voici A12"
    assert row(conn, mid) == {"delivery_status": "sent", "delivery_error": None, "provider_message_id": "wamid.OUT2"}


def test_reply_buttons_are_interactive_and_clipped(conn: psycopg.Connection, worker: Worker,
                                                   graph: GraphServer) -> None:
    queue_outbound(conn, _lead(conn), "On continue ?", metadata={"buttons": [
        {"id": "next", "title": "Profil suivant"},
        {"id": "contact", "title": "Demander le contact de ce profil"},
    ]})
    run_due(worker)
    interactive = graph.requests[0]["json"]["interactive"]
    assert interactive["type"] == "button"
    titles = [b["reply"]["title"] for b in interactive["action"]["buttons"]]
    assert titles[0] == "Profil suivant" and len(titles[1]) <= 20 and titles[1].endswith("…")
    assert [b["reply"]["id"] for b in interactive["action"]["buttons"]] == ["next", "contact"]


def test_more_than_three_choices_become_a_list_of_at_most_ten(conn: psycopg.Connection, worker: Worker,
                                                              graph: GraphServer) -> None:
    rows = [{"id": f"city:{n}", "title": f"Ville numéro {n} avec un nom long", "description": "d"} for n in range(12)]
    queue_outbound(conn, _lead(conn), "Quelle ville ?", metadata={"list": {"button": "Choisir", "rows": rows}})
    queue_outbound(conn, _lead(conn), "Et vous ?", metadata={"buttons": [
        {"id": str(n), "title": f"Choix {n}"} for n in range(4)]})
    run_due(worker)
    first, second = (c["json"]["interactive"] for c in graph.requests)
    assert first["type"] == "list" and first["action"]["button"] == "Choisir"
    listed = first["action"]["sections"][0]["rows"]
    assert len(listed) == 10 and all(len(r["title"]) <= 24 for r in listed)
    assert second["type"] == "list" and len(second["action"]["sections"][0]["rows"]) == 4


def test_business_scoped_user_id_is_sent_as_recipient(conn: psycopg.Connection, worker: Worker,
                                                      graph: GraphServer) -> None:
    lead = _lead(conn, phone=None, user_id="CM.1502576394655843")
    queue_outbound(conn, lead, "Bonjour")
    run_due(worker)
    body = graph.requests[0]["json"]
    assert body["recipient"] == "CM.1502576394655843" and "to" not in body


def test_template_outside_the_window(conn: psycopg.Connection, worker: Worker, graph: GraphServer) -> None:
    set_templates(conn, {"opener": {"name": "agency_opener", "language": "fr", "variables": ["lead_name"]}})
    queue_outbound(conn, _lead(conn, hours_since_inbound=30), "Bonjour Awa !",
                   metadata={"purpose": "opener", "business_initiated": True})
    run_due(worker)
    template = graph.requests[0]["json"]["template"]
    assert template == {"name": "agency_opener", "language": {"code": "fr"},
                        "components": [{"type": "body", "parameters": [{"type": "text", "text": "Awa"}]}]}


def test_rate_limit_is_retried_and_window_error_is_permanent(conn: psycopg.Connection, worker: Worker,
                                                             graph: GraphServer) -> None:
    graph.script = [(429, {"error": {"message": "rate", "code": 130429}}),
                    (400, {"error": {"message": "Re-engagement message", "code": 131047}})]
    mid = queue_outbound(conn, _lead(conn))
    run_due(worker)
    job = conn.execute("SELECT status, attempts FROM queue_jobs").fetchone()
    assert job == {"status": "pending", "attempts": 1}
    conn.execute("UPDATE queue_jobs SET run_at = now()")
    run_due(worker)
    assert conn.execute("SELECT status FROM queue_jobs").fetchone()["status"] == "completed"
    assert row(conn, mid)["delivery_status"] == "failed"
    assert row(conn, mid)["delivery_error"] == "Meta 131047: outside the 24-hour window: only an approved template can be sent"
