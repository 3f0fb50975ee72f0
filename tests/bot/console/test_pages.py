"""Console pages through the app: the 24-hour window, profile sends, catalogue and knowledge edits."""

from __future__ import annotations

import psycopg
from fastapi.testclient import TestClient

from bot.channels import job_handlers as channel_handlers
from bot.core.worker import Worker
from knowledge.faq import DEFAULT_MIN_SCORE, index_knowledge, upsert_knowledge
from knowledge.profile_store import upsert_profile
from knowledge.profiles import index_profiles
from tests.bot.console.conftest import Account, csrf_of, member, module_fixtures, sign_in

db_url, settings, app_client = module_fixtures()


def _deliver(client: TestClient) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    worker = Worker(services.pool, channel_handlers(services), database_url=services.database_url)
    while worker.run_one() is not None:
        pass


def test_window_closed_reply_is_refused_without_a_template_then_sent_with_one(
    client: TestClient, conn: psycopg.Connection, admin_account: Account
) -> None:
    lead_id = member(conn, "Bonjour, je reviens vers vous")
    conn.execute(
        "UPDATE leads SET last_inbound_at = now() - interval '2 days' WHERE id = %s", (lead_id,)
    )
    assert sign_in(client, admin_account) == 303
    page = client.get(f"/admin/conversations/{lead_id}")
    assert "Fenêtre de 24 h fermée" in page.text and "Aucun modèle « admin »" in page.text
    csrf = csrf_of(page.text)
    client.post(
        f"/admin/conversations/{lead_id}/reply",
        data={"csrf_token": csrf, "text": "Toujours intéressée ?"},
    )
    _deliver(client)
    row = conn.execute(
        "SELECT delivery_status, delivery_error, sender_id, metadata FROM conversations "
        "WHERE sender_type = 'admin' AND lead_id = %s",
        (lead_id,),
    ).fetchone()
    assert (
        row["delivery_status"] == "refused"
        and "no approved template for 'admin'" in row["delivery_error"]
    )
    assert row["metadata"]["business_initiated"] is True and row["sender_id"] == admin_account.id
    lead = conn.execute("SELECT assigned_admin_id FROM leads WHERE id = %s", (lead_id,)).fetchone()
    assert lead["assigned_admin_id"] == admin_account.id  # writing takes the conversation
    assert (
        "no approved template for &#39;admin&#39;"
        in client.get(f"/admin/conversations/{lead_id}/thread").text
    )
    conn.execute("""UPDATE configuration SET value = '{"admin": {"content_sid": "HXadmin", "variables": ["text"]}}'
                    WHERE key = 'whatsapp_templates'""")
    assert "Un modèle « admin » est configuré" in client.get(f"/admin/conversations/{lead_id}").text
    client.post(
        f"/admin/conversations/{lead_id}/reply",
        data={"csrf_token": csrf, "text": "Nouvelle relance"},
    )
    _deliver(client)
    statuses = [
        r["delivery_status"]
        for r in conn.execute(
            "SELECT delivery_status FROM conversations WHERE sender_type = 'admin' AND lead_id = %s ORDER BY id",
            (lead_id,),
        ).fetchall()
    ]
    assert statuses == ["refused", "delivered"]


def test_inbox_unread_counts_and_polling_fragment(
    client: TestClient, conn: psycopg.Connection, admin_account: Account
) -> None:
    lead_id = member(conn, "Bonjour")
    other = member(conn, "Salut")
    conn.execute("UPDATE leads SET status = 'attente_humain' WHERE id = %s", (other,))
    assert sign_in(client, admin_account) == 303
    inbox = client.get("/admin/inbox").text
    assert f'data-lead="{lead_id}"' in inbox and "Attend un humain" in inbox
    waiting = client.get("/admin/inbox/rows?status=waiting").text
    assert f'data-lead="{other}"' in waiting and f'data-lead="{lead_id}"' not in waiting
    assert 'class="has-unread"' in client.get("/admin/inbox/rows").text
    counts = client.get("/admin/inbox/counts").json()
    assert counts["waiting"] >= 1 and counts["bot"] >= 1 and counts["unread"] >= 2
    client.get(f"/admin/conversations/{lead_id}")
    unread = conn.execute(
        "SELECT unread_count FROM active_conversations WHERE lead_id = %s", (lead_id,)
    ).fetchone()
    assert unread["unread_count"] == 0
    assert client.get("/admin/conversations/99999").status_code == 404


def test_shortlist_and_send_profile(
    client: TestClient, conn: psycopg.Connection, admin_account: Account
) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    for code, age, city in [
        ("F01", 28, "Douala"),
        ("F02", 33, "Douala"),
        ("F03", 45, "Douala"),
        ("M01", 30, "Douala"),
    ]:
        upsert_profile(
            conn,
            {
                "code": code,
                "first_name": f"Prénom{code}",
                "name": f"Secret {code}",
                "age": age,
                "gender": "male" if code.startswith("M") else "female",
                "city": city,
                "description_short": "Souriante",
                "photos": [f"https://img.test/{code}.jpg"],
            },
        )
    index_profiles(conn, services.embedder)
    lead_id = member(conn, "Je cherche une femme")
    conn.execute(
        """UPDATE leads SET age = 35, gender = 'male', looking_for_gender = 'female', preferred_age_min = 25,
                    preferred_age_max = 40, preferred_city = 'Douala', qualification_complete = TRUE, status = 'prospect_qualifie'
                    WHERE id = %s""",
        (lead_id,),
    )
    assert sign_in(client, admin_account) == 303
    page = client.get(f"/admin/conversations/{lead_id}").text
    assert "F01" in page and "F02" in page and "F03" not in page and "M01" not in page
    client.post(
        f"/admin/conversations/{lead_id}/send-profile",
        data={"csrf_token": csrf_of(page), "code": "F02"},
    )
    sent = conn.execute(
        "SELECT content, media, profile_code, sender_type, metadata FROM conversations "
        "WHERE direction = 'out' AND lead_id = %s",
        (lead_id,),
    ).fetchone()
    assert sent["profile_code"] == "F02" and sent["sender_type"] == "admin"
    assert "PrénomF02" in sent["content"] and "Secret" not in sent["content"]
    assert sent["media"] == ["https://img.test/F02.jpg"] and sent["metadata"]["buttons"]
    assert (
        conn.execute(
            "SELECT count(*) AS n FROM profile_views WHERE lead_id = %s", (lead_id,)
        ).fetchone()["n"]
        == 1
    )
    page = client.get(f"/admin/conversations/{lead_id}").text
    shortlist = page.split("Profils compatibles")[1].split("Profils déjà montrés")[0]
    assert "F02" not in shortlist and "F01" in shortlist


def test_catalogue_and_knowledge_edits_are_indexed(
    client: TestClient, conn: psycopg.Connection, admin_account: Account
) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    assert sign_in(client, admin_account) == 303
    csrf = csrf_of(client.get("/admin/profiles/new").text)
    form = {
        "csrf_token": csrf,
        "code": "n01",
        "first_name": "Estelle",
        "age": "27",
        "gender": "female",
        "city": "Yaoundé",
        "photos": "https://img.test/a.jpg\nhttps://img.test/b.jpg",
        "status": "active",
    }
    bad = client.post("/admin/profiles/save", data={**form, "age": "12", "photos": "ftp://x"})
    assert bad.status_code == 400 and "age" in bad.text and "photos" in bad.text
    assert client.post("/admin/profiles/save", data=form, follow_redirects=False).status_code == 303
    profile = conn.execute(
        "SELECT id, code, photos, embedding_model, indexed_at FROM profiles WHERE code = 'N01'"
    ).fetchone()
    assert profile["code"] == "N01" and profile["photos"] == [
        "https://img.test/a.jpg",
        "https://img.test/b.jpg",
    ]
    assert profile["embedding_model"] == services.embedder.model_name and profile["indexed_at"]
    assert "Estelle" in client.get("/admin/profiles?q=estel&gender=female").text
    edit = client.get(f"/admin/profiles/{profile['id']}").text
    assert 'value="Estelle"' in edit
    assert (
        client.post(
            "/admin/profiles/save",
            data={**form, "profession": "Architecte"},
            follow_redirects=False,
        ).status_code
        == 303
    )
    for status in ("inactive", "married", "active"):
        client.post(
            f"/admin/profiles/{profile['id']}/status", data={"csrf_token": csrf, "status": status}
        )
        assert (
            conn.execute("SELECT status FROM profiles WHERE code = 'N01'").fetchone()["status"]
            == status
        )
    row = conn.execute(
        "SELECT profession, indexed_at >= updated_at AS fresh FROM profiles WHERE code = 'N01'"
    ).fetchone()
    assert row == {
        "profession": "Architecte",
        "fresh": False,
    }  # status changes wait for the reindex button
    client.post("/admin/profiles/reindex", data={"csrf_token": csrf})
    assert conn.execute(
        "SELECT bool_and(indexed_at >= updated_at) AS fresh FROM profiles"
    ).fetchone()["fresh"]

    upsert_knowledge(
        conn,
        {
            "question": "Quels sont vos horaires ?",
            "answer": "De 8 h à 18 h.",
            "language": "fr",
            "keywords": ["horaires"],
            "is_active": True,
        },
    )
    index_knowledge(conn, services.embedder)
    entry = {
        "csrf_token": csrf,
        "title": "Prix",
        "question": "Combien coûte une mise en relation ?",
        "answer": "15 000 XAF par contact.",
        "category": "tarifs",
        "language": "fr",
        "keywords": "prix, tarif",
        "is_active": "yes",
    }
    assert (
        client.post("/admin/knowledge/save", data=entry, follow_redirects=False).status_code == 303
    )
    kb = conn.execute(
        "SELECT id, keywords, embedding_model FROM knowledge_base WHERE title = 'Prix'"
    ).fetchone()
    assert (
        kb["keywords"] == ["prix", "tarif"]
        and kb["embedding_model"] == services.embedder.model_name
    )
    tried = client.get("/admin/knowledge?question=C%27est+combien+le+contact").text
    assert f"Seuil de réponse : {DEFAULT_MIN_SCORE:.2f}" in tried
    assert tried.index("Combien coûte une mise en relation") < tried.index(
        "Quels sont vos horaires"
    )
    client.post(f"/admin/knowledge/{kb['id']}/active", data={"csrf_token": csrf, "active": "false"})
    assert (
        conn.execute("SELECT is_active FROM knowledge_base WHERE id = %s", (kb["id"],)).fetchone()[
            "is_active"
        ]
        is False
    )
    assert (
        client.post(
            "/admin/knowledge/save",
            data={**entry, "id": str(kb["id"]), "answer": "20 000 XAF."},
            follow_redirects=False,
        ).status_code
        == 303
    )
    assert (
        conn.execute("SELECT answer FROM knowledge_base WHERE id = %s", (kb["id"],)).fetchone()[
            "answer"
        ]
        == "20 000 XAF."
    )
    assert client.get(f"/admin/knowledge/{kb['id']}").status_code == 200


def test_take_over_silences_the_bot_and_release_gives_it_back(
    client: TestClient, conn: psycopg.Connection, admin_account: Account
) -> None:
    from bot.channels.local import LocalChat
    from graph.turn import job_handlers as turn_handlers

    services = client.app.state.services  # type: ignore[attr-defined]
    worker = Worker(
        services.pool,
        {**turn_handlers(services), **channel_handlers(services)},
        database_url=services.database_url,
    )
    chat = LocalChat(services, worker, phone="+237655000111")
    assert chat.send("Bonjour")
    assert sign_in(client, admin_account) == 303
    csrf = csrf_of(client.get(f"/admin/conversations/{chat.lead_id}").text)
    client.post(f"/admin/conversations/{chat.lead_id}/take-over", data={"csrf_token": csrf})
    assert chat.send("Vous êtes là ?") == []  # a person has the conversation: the bot stays silent
    client.post(
        f"/admin/conversations/{chat.lead_id}/reply",
        data={"csrf_token": csrf, "text": "Oui, je suis là."},
    )
    worker.drain(max_wait=0.5)
    assert [m.text for m in chat.new_messages()] == ["Oui, je suis là."]
    client.post(f"/admin/conversations/{chat.lead_id}/release", data={"csrf_token": csrf})
    assert chat.send("Je suis un homme")  # the bot answers again


def test_simulator_posts_like_a_member_but_never_takes_a_real_members_number(
    client: TestClient, conn: psycopg.Connection, admin_account: Account
) -> None:
    real = member(conn, "Hello", phone="+237677000222", channel="twilio")
    assert sign_in(client, admin_account) == 303
    csrf = csrf_of(client.get("/admin/simulator").text)
    refused = client.post(
        "/admin/simulator/send", data={"csrf_token": csrf, "phone": "+237677000222", "text": "x"}
    )
    assert refused.status_code == 409
    assert (
        conn.execute("SELECT channel FROM leads WHERE id = %s", (real,)).fetchone()["channel"]
        == "twilio"
    )
    sent = client.post(
        "/admin/simulator/send",
        data={"csrf_token": csrf, "phone": "+237677000333", "text": "Salut"},
    )
    lead_id = sent.json()["lead_id"]
    job = conn.execute(
        "SELECT job_type, dedup_key FROM queue_jobs WHERE payload->>'lead_id' = %s", (str(lead_id),)
    ).fetchone()
    assert job == {"job_type": "bot_turn", "dedup_key": f"lead:{lead_id}"}
    thread = client.get("/admin/simulator/messages?phone=%2B237677000333").json()
    assert [(m["direction"], m["text"]) for m in thread["messages"]] == [("in", "Salut")]
    assert client.get("/admin/simulator/messages?phone=%2B237677000222").json()["messages"] == []
