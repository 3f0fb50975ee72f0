"""Open pixel, click redirect and unsubscribe: signed links only, events recorded, one-click works."""

from __future__ import annotations

import asyncio

import psycopg
from fastapi.testclient import TestClient

from bot.core.db import tenant_transaction
from bot.lead_platform.outreach.tokens import make_token, url_signature
from bot.lead_platform.store import tracking
from tests.webhooks.outreach.kit import SECRET, click_path, make_client, make_email, token

IPHONE_MAIL = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def events(conn: psycopg.Connection, email_id: object) -> list[dict[str, object]]:
    return conn.execute("SELECT action, metadata, client_id FROM outreach_tracking WHERE email_id = %s "
                        "ORDER BY timestamp, id", (email_id,)).fetchall()


def test_the_pixel_records_every_hit_and_the_first_open_once(web: TestClient, conn: psycopg.Connection) -> None:
    client_id = make_client(conn, "Alpha")
    email_id = make_email(conn, client_id)
    path = f"/t/o/{token(email_id)}.gif"
    prefetch = web.get(path, headers={"User-Agent": "Mozilla/5.0"})  # Apple Mail Privacy Protection
    assert prefetch.status_code == 200 and prefetch.headers["content-type"] == "image/gif"
    assert prefetch.content.startswith(b"GIF89a") and len(prefetch.content) == 43
    assert "no-store" in prefetch.headers["cache-control"] and prefetch.headers["pragma"] == "no-cache"
    first = conn.execute("SELECT status, opened_at FROM outreach_emails WHERE id = %s", (email_id,)).fetchone()
    assert first["status"] == "opened" and first["opened_at"] is not None
    assert web.get(path, headers={"User-Agent": IPHONE_MAIL}).status_code == 200
    assert conn.execute("SELECT opened_at FROM outreach_emails WHERE id = %s",
                        (email_id,)).fetchone()["opened_at"] == first["opened_at"]
    rows = events(conn, email_id)
    assert [r["action"] for r in rows] == ["opened", "opened"]
    assert [r["metadata"] for r in rows] == [
        {"ua": "apple_proxy", "machine": True, "first_open": True},
        {"ua": "apple_mail", "machine": False, "first_open": False},
    ]
    assert {r["client_id"] for r in rows} == {client_id}


def test_links_whose_token_or_signature_was_altered_are_404(web: TestClient, conn: psycopg.Connection) -> None:
    email_id = make_email(conn, make_client(conn, "Alpha"))
    good = token(email_id)
    altered = good[:-1] + ("A" if good[-1] != "A" else "B")
    form_test = make_token(SECRET, email_id, purpose="formtest")
    for bad in (altered, form_test, "x", good + "x"):
        assert web.get(f"/t/o/{bad}.gif").status_code == 404
        assert web.get(f"/t/c/{bad}", params={"u": "https://a.example/", "s": "x"}).status_code == 404
        assert web.get(f"/t/u/{bad}").status_code == 404
        assert web.post(f"/t/u/{bad}", data={"List-Unsubscribe": "One-Click"}).status_code == 404
    assert events(conn, email_id) == []


def test_a_click_goes_only_where_the_email_pointed(web: TestClient, conn: psycopg.Connection) -> None:
    client_id = make_client(conn, "Alpha")
    email_id, other = make_email(conn, client_id), make_email(conn, client_id, address="bob@else.example")
    url = "https://agence.example/offre?utm_source=outreach&x=1"
    path, params = click_path(email_id, url)
    scanner = web.get(path, params=params, headers={"User-Agent": "Mimecast Link Scanner"})
    assert scanner.status_code == 302 and scanner.headers["location"] == url
    assert conn.execute("SELECT opened_at FROM outreach_emails WHERE id = %s", (email_id,)).fetchone()["opened_at"] is None
    person = web.get(path, params=params, headers={"User-Agent": FIREFOX})
    assert person.status_code == 302 and person.headers["location"] == url
    # A person's click proves the open that blocked images hid.
    assert conn.execute("SELECT status FROM outreach_emails WHERE id = %s", (email_id,)).fetchone()["status"] == "opened"
    assert [(r["action"], r["metadata"]["url"], r["metadata"]["machine"]) for r in events(conn, email_id)] == [
        ("clicked", url, True), ("clicked", url, False)]
    # Never an open redirect: another URL, a signature of another e-mail, a signed non-web URL.
    evil = "https://evil.example/"
    assert web.get(path, params={"u": evil, "s": params["s"]}).status_code == 404
    assert web.get(path, params={"u": url, "s": url_signature(SECRET, other, url)}).status_code == 404
    assert web.get(path, params={"u": url}).status_code == 404
    script = "javascript:alert(1)"
    assert web.get(path, params={"u": script, "s": url_signature(SECRET, email_id, script)}).status_code == 404
    assert len(events(conn, email_id)) == 2


def test_a_draft_never_sent_records_nothing(web: TestClient, conn: psycopg.Connection) -> None:
    email_id = make_email(conn, make_client(conn, "Alpha"), status="approved")
    assert web.get(f"/t/o/{token(email_id)}.gif").status_code == 200
    assert web.post(f"/t/u/{token(email_id)}").status_code == 200
    assert events(conn, email_id) == []
    assert conn.execute("SELECT count(*) AS n FROM outreach_suppressions WHERE email_id = %s",
                        (email_id,)).fetchone()["n"] == 0


def test_one_click_unsubscribe_in_the_recipients_language(web: TestClient, conn: psycopg.Connection) -> None:
    client_id = make_client(conn, "Alpha", language="en")
    french = make_email(conn, client_id, address="Awa@Prospect.example", language="fr")
    page = web.get(f"/t/u/{token(french)}")
    assert page.status_code == 200 and 'lang="fr"' in page.text and "Me désinscrire" in page.text
    assert 'name="List-Unsubscribe" value="One-Click"' in page.text
    assert events(conn, french) == []  # opening the page (or a scanner following the link) changes nothing
    # RFC 8058: a POST with List-Unsubscribe=One-Click, no cookie, no CSRF token.
    for _ in range(2):
        done = web.post(f"/t/u/{token(french)}", data={"List-Unsubscribe": "One-Click"})
        assert done.status_code == 200 and "Vous êtes désinscrit(e)" in done.text and "Alpha" in done.text
    assert [r["action"] for r in events(conn, french)] == ["unsubscribed"]
    suppressed = conn.execute("SELECT client_id, email, reason, email_id FROM outreach_suppressions "
                              "WHERE client_id = %s", (client_id,)).fetchall()
    assert suppressed == [{"client_id": client_id, "email": "awa@prospect.example", "reason": "unsubscribed",
                           "email_id": french}]
    english = make_email(conn, client_id, address="bob@prospect.example", prospect=False)
    done = web.post(f"/t/u/{token(english)}", data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "You are unsubscribed" in done.text


def test_a_clients_events_are_invisible_to_another(web: TestClient, conn: psycopg.Connection) -> None:
    alpha, beta = make_client(conn, "Alpha"), make_client(conn, "Beta")
    alpha_email, beta_email = make_email(conn, alpha), make_email(conn, beta, address="carl@else.example")
    for email_id in (alpha_email, beta_email):
        web.get(f"/t/o/{token(email_id)}.gif")
        web.post(f"/t/u/{token(email_id)}")
    for me, mine in ((alpha, alpha_email), (beta, beta_email)):
        with tenant_transaction(conn, me):
            seen = conn.execute("SELECT DISTINCT email_id FROM outreach_tracking").fetchall()
            suppressed = conn.execute("SELECT email_id FROM outreach_suppressions").fetchall()
        assert seen == [{"email_id": mine}] and suppressed == [{"email_id": mine}]


def test_a_batch_of_hits_opens_each_email_once(conn: psycopg.Connection, db_url: str) -> None:
    """What the process's batcher writes when hits arrive together: one statement for all."""
    client_id = make_client(conn, "Alpha")
    opened, clicked = make_email(conn, client_id), make_email(conn, client_id, address="b@x.example")
    draft = make_email(conn, client_id, address="c@x.example", status="pending")

    async def write() -> None:
        async with await psycopg.AsyncConnection.connect(db_url, autocommit=True) as aconn:
            await tracking.arecord_hits(aconn, [
                tracking.Hit(opened, "opened", {"ua": "apple_mail"}, marks_open=True),
                tracking.Hit(clicked, "clicked", {"ua": "scanner"}, marks_open=False),
                tracking.Hit(opened, "opened", {"ua": "gmail_proxy"}, marks_open=True),
                tracking.Hit(draft, "opened", {}, marks_open=True),
            ])

    asyncio.run(write())
    # One statement, one timestamp: the rows compare in any order.
    assert sorted((r["metadata"]["ua"], r["metadata"]["first_open"]) for r in events(conn, opened)) == [
        ("apple_mail", True), ("gmail_proxy", False)]
    assert [(r["action"], r["metadata"]) for r in events(conn, clicked)] == [
        ("clicked", {"ua": "scanner", "first_open": False})]
    assert events(conn, draft) == []
    rows = conn.execute("SELECT id, status, opened_at IS NOT NULL AS opened FROM outreach_emails WHERE id = ANY(%s)",
                        ([opened, clicked, draft],)).fetchall()
    assert {r["id"]: (r["status"], r["opened"]) for r in rows} == {
        opened: ("opened", True), clicked: ("sent", False), draft: ("pending", False)}
