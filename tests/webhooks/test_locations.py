"""Shared locations keep their coordinates (Twilio form fields, Meta's location object)."""

from __future__ import annotations

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.webhooks.conftest import meta_payload, post_meta, post_twilio, sid, twilio_message

PATH = "/webhooks/twilio/whatsapp"


def _meta_location(wamid: str, place: dict[str, object]) -> dict[str, object]:
    return {"from": "237650000002", "id": wamid, "timestamp": "1763776000", "type": "location", "location": place}


def test_a_twilio_location_keeps_latitude_longitude_address_and_label(
        client: TestClient, conn: psycopg.Connection) -> None:
    form = twilio_message(sid(1), body="", Latitude="4.0511", Longitude="9.7679", Address="Rue Joss, Douala",
                          Label="Boulangerie du Port", MessageType="location")
    assert post_twilio(client, PATH, form).status_code == 200
    row = conn.execute("SELECT content, message_type, metadata FROM conversations").fetchone()
    assert row["metadata"]["location"] == {"latitude": 4.0511, "longitude": 9.7679,
                                           "name": "Boulangerie du Port", "address": "Rue Joss, Douala"}
    assert row["message_type"] == "location"
    assert row["content"] == "Boulangerie du Port, Rue Joss, Douala"  # what the bot reads of it


def test_a_meta_location_keeps_its_coordinates(client: TestClient, conn: psycopg.Connection) -> None:
    place = {"latitude": 3.848, "longitude": 11.5021, "name": "Poste centrale", "address": "Yaoundé"}
    assert post_meta(client, meta_payload(messages=[_meta_location("wamid.LOC1", place)])).status_code == 200
    row = conn.execute("SELECT content, message_type, metadata FROM conversations").fetchone()
    assert row["metadata"]["location"] == place and row["message_type"] == "location"
    assert row["content"] == "Poste centrale, Yaoundé"


@pytest.mark.parametrize(("latitude", "longitude", "field"), [
    ("95", "9.7", "'Latitude'"), ("4.05", "", "'Longitude'"), ("nan", "9.7", "'Latitude'"),
    ("4.05", "inf", "'Longitude'"), ("quatre", "9.7", "'Latitude'"),
])
def test_a_twilio_location_out_of_range_is_refused_naming_the_field(
        client: TestClient, conn: psycopg.Connection, latitude: str, longitude: str, field: str) -> None:
    form = twilio_message(sid(2), body="", Latitude=latitude, Longitude=longitude)
    response = post_twilio(client, PATH, form)
    assert response.status_code == 400 and field in response.json()["detail"]
    assert conn.execute("SELECT count(*) AS n FROM conversations").fetchone()["n"] == 0


@pytest.mark.parametrize("place", [{"latitude": "abc", "longitude": 9.7}, {"latitude": 4.0, "longitude": 200},
                                   {"latitude": True, "longitude": 9.7}, {"longitude": 9.7}])
def test_a_meta_location_without_coordinates_is_refused_naming_the_field(
        client: TestClient, place: dict[str, object]) -> None:
    response = post_meta(client, meta_payload(messages=[_meta_location("wamid.LOC2", place)]))
    assert response.status_code == 400 and ".location.l" in response.json()["detail"]
