"""Members' photos and locations in the console thread: photos through the console's own
authenticated proxy (the provider's URL and credentials never reach the page), locations
as a map link."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.core.settings import Settings
from bot.store import conversations as repo
from tests.bot.console.conftest import Account, sign_in
from tests.support.stand_ins import GraphServer, TwilioServer
from tests.webhooks.conftest import (
    TOKEN,
    meta_payload,
    post_meta,
    post_twilio,
    sid,
    twilio_message,
    wa_settings,  # noqa: F401  (shared fixture)
)

ACCOUNT = "AC" + "0" * 32  # wa_settings' Twilio account
JPEG = b"\xff\xd8\xff\xe0" + b"member photo" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"meta photo" * 100
META_MEDIA_ID = "1044887766554433"


def twilio_media_url(n: int) -> str:
    return f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages/{sid(n, 'MM')}/Media/{sid(n, 'ME')}"


@pytest.fixture
def twilio() -> Iterator[TwilioServer]:
    server = TwilioServer()
    server.credentials = (ACCOUNT, TOKEN)
    server.media[sid(1, "ME")] = ("image/jpeg", JPEG)
    yield server
    server.close()


@pytest.fixture
def graph() -> Iterator[GraphServer]:
    server = GraphServer()
    server.media[META_MEDIA_ID] = ("image/png", PNG)
    yield server
    server.close()


@pytest.fixture
def console(wa_settings: Settings, db_url: str, twilio: TwilioServer,  # noqa: F811
            graph: GraphServer) -> Iterator[TestClient]:
    settings = wa_settings.model_copy(update={"twilio_base_url": twilio.url, "meta_graph_url": graph.url})
    with TestClient(create_app(settings, database_url=db_url), base_url="http://console.test") as client:
        yield client


def inbound(conn: psycopg.Connection, provider_id: str) -> dict[str, Any]:
    return conn.execute("SELECT id, lead_id FROM conversations WHERE provider_message_id = %s",
                        (provider_id,)).fetchone()


def twilio_photo(console: TestClient, conn: psycopg.Connection, n: int, url: str, *,
                 sender: str = "+237650000001") -> dict[str, Any]:
    form = twilio_message(sid(n), body="", sender=sender, NumMedia="1", MediaUrl0=url,
                          MediaContentType0="image/jpeg")
    assert post_twilio(console, "/webhooks/twilio/whatsapp", form).status_code == 200
    return inbound(conn, sid(n))


def meta_photo(console: TestClient, conn: psycopg.Connection) -> dict[str, Any]:
    message = {"from": "237650000009", "id": "wamid.PHOTO1", "timestamp": "1763776000", "type": "image",
               "image": {"id": META_MEDIA_ID, "mime_type": "image/png", "sha256": "x"}}
    assert post_meta(console, meta_payload(messages=[message])).status_code == 200
    return inbound(conn, "wamid.PHOTO1")


def proxy(message: dict[str, Any], index: int = 0, *, lead_id: int | None = None) -> str:
    return f"/admin/conversations/{lead_id or message['lead_id']}/media/{message['id']}/{index}"


def test_the_proxy_wants_a_console_session(console: TestClient, conn: psycopg.Connection,
                                           twilio: TwilioServer) -> None:
    photo = twilio_photo(console, conn, 1, twilio_media_url(1))
    response = console.get(proxy(photo), follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/admin/login")
    assert JPEG not in response.content and twilio.downloads == []


def test_member_photos_show_in_the_thread_through_the_proxy(
        console: TestClient, conn: psycopg.Connection, admin_account: Account,
        twilio: TwilioServer, graph: GraphServer) -> None:
    from_twilio = twilio_photo(console, conn, 1, twilio_media_url(1))
    from_meta = meta_photo(console, conn)
    assert sign_in(console, admin_account) == 303

    page = console.get(f"/admin/conversations/{from_twilio['lead_id']}/thread").text
    assert re.search(rf'<img class="thumb" src="{re.escape(proxy(from_twilio))}"', page)
    for secret in ("api.twilio.com", ACCOUNT, TOKEN, sid(1, "ME"), "{'url'"):
        assert secret not in page
    meta_page = console.get(f"/admin/conversations/{from_meta['lead_id']}").text
    assert f'src="{proxy(from_meta)}"' in meta_page
    assert META_MEDIA_ID not in meta_page and "meta-token" not in meta_page

    photo = console.get(proxy(from_twilio))
    assert photo.status_code == 200 and photo.content == JPEG
    assert photo.headers["content-type"] == "image/jpeg" and photo.headers["x-content-type-options"] == "nosniff"
    assert twilio.downloads[0]["auth"].startswith("Basic ")  # the server's credentials, not the browser's
    png = console.get(proxy(from_meta))
    assert png.status_code == 200 and png.content == PNG and png.headers["content-type"] == "image/png"
    assert {d["auth"] for d in graph.downloads} == {"Bearer meta-token"}


def test_the_proxy_refuses_what_is_not_this_members_media(
        console: TestClient, conn: psycopg.Connection, admin_account: Account, twilio: TwilioServer) -> None:
    photo = twilio_photo(console, conn, 1, twilio_media_url(1))
    other = twilio_photo(console, conn, 2, twilio_media_url(2), sender="+237650000002")
    text = twilio_message(sid(3), body="Bonjour")
    assert post_twilio(console, "/webhooks/twilio/whatsapp", text).status_code == 200
    text_message = inbound(conn, sid(3))
    bot_photo = repo.record_outbound(conn, lead_id=photo["lead_id"], content="Voici Awa",
                                     media=["https://cdn.example.org/p/A12.jpg"])
    elsewhere = twilio_photo(console, conn, 4, "https://evil.example.org/2010-04-01/Accounts/x/Media/ME1")
    assert sign_in(console, admin_account) == 303
    refused = [
        proxy(photo, lead_id=other["lead_id"]),  # another member's conversation
        proxy(other, lead_id=photo["lead_id"]),
        proxy(text_message),  # a message without media
        proxy(photo, 1),  # no second attachment
        f"/admin/conversations/{photo['lead_id']}/media/{bot_photo}/0",  # the bot's own message
        proxy(elsewhere),  # a URL that is not this Twilio account's media: no credentials sent
        proxy(other),  # media the provider no longer has
    ]
    for path in refused:
        assert console.get(path).status_code == 404, path
    assert console.get(proxy(photo, -1)).status_code == 422
    assert all(sid(2, "ME") in d["path"] for d in twilio.downloads)  # the only one asked for


def test_a_provider_refusing_the_credentials_is_a_502_not_a_500(
        console: TestClient, conn: psycopg.Connection, admin_account: Account, twilio: TwilioServer) -> None:
    photo = twilio_photo(console, conn, 1, twilio_media_url(1))
    twilio.credentials = (ACCOUNT, "another-token")
    assert sign_in(console, admin_account) == 303
    assert console.get(proxy(photo)).status_code == 502


def test_a_shared_location_shows_as_a_map_link(console: TestClient, conn: psycopg.Connection,
                                               admin_account: Account) -> None:
    form = twilio_message(sid(5), body="", Latitude="4.0511", Longitude="9.7679", Address="Rue Joss, Douala",
                          Label="Boulangerie du Port")
    assert post_twilio(console, "/webhooks/twilio/whatsapp", form).status_code == 200
    place = {"from": "237650000009", "id": "wamid.LOC1", "timestamp": "1763776000", "type": "location",
             "location": {"latitude": -3.848, "longitude": 11.5021, "name": "Poste centrale"}}
    assert post_meta(console, meta_payload(messages=[place])).status_code == 200
    assert sign_in(console, admin_account) == 303
    twilio_page = console.get(f"/admin/conversations/{inbound(conn, sid(5))['lead_id']}").text
    assert 'href="https://www.openstreetmap.org/?mlat=4.051100&amp;mlon=9.767900' in twilio_page
    assert "Boulangerie du Port, Rue Joss, Douala" in twilio_page
    meta_thread = console.get(f"/admin/conversations/{inbound(conn, 'wamid.LOC1')['lead_id']}/thread").text
    assert 'href="https://www.openstreetmap.org/?mlat=-3.848000&amp;mlon=11.502100' in meta_thread
