"""GET /metrics after real traffic: a signed Twilio webhook, a forged one, a bot turn and its
deliveries run by a Worker, a failing job and a status callback; who may read it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from bot.app import create_app
from bot.core import queue
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.jobs import all_handlers
from tests.conftest import create_database, drop_database
from tests.support.stand_ins import TwilioServer
from tests.webhooks.conftest import post_twilio, sid, sign_twilio, twilio_message, wa_settings  # noqa: F401

Series = dict[tuple[str, frozenset[tuple[str, str]]], float]
TOKEN = "metrics-token-0123456789abcdef"


def scrape(client: TestClient, **headers: str) -> Series:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(response.text) for s in family.samples}


def value(series: Series, name: str, **labels: str) -> float:
    return series.get((name, frozenset(labels.items())), 0.0)


def labelled(series: Series, name: str) -> list[dict[str, str]]:
    return [dict(labels) for (n, labels) in series if n == name]


@pytest.fixture
def db_url(pg_admin_url: str, template_db: str) -> Iterator[str]:
    """A database of this test's own (this folder's conftest shares one per module)."""
    url = create_database(pg_admin_url, template=template_db)
    yield url
    drop_database(pg_admin_url, url)


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(_env_file=None, environment="test", database_url=db_url,  # type: ignore[call-arg]
                    home=tmp_path / "home", chat_provider="offline", embedding_provider="offline",
                    burst_window_seconds=0.0)


@pytest.fixture
def twilio() -> Iterator[TwilioServer]:
    server = TwilioServer()
    yield server
    server.close()


@pytest.fixture
def app_settings(wa_settings: Settings, twilio: TwilioServer) -> Settings:  # noqa: F811
    return wa_settings.model_copy(update={"twilio_base_url": twilio.url})


@pytest.fixture
def local(app_settings: Settings, db_url: str) -> Iterator[TestClient]:
    """The app, called from this machine (a loopback client)."""
    app = create_app(app_settings, database_url=db_url)
    with TestClient(app, base_url="http://internal:8000", client=("127.0.0.1", 50123)) as client:
        yield client


def run_due(worker: Worker) -> None:
    while worker.run_one() is not None:
        pass


def test_traffic_moves_the_series_an_operator_watches(local: TestClient, twilio: TwilioServer) -> None:
    before = scrape(local)
    path = "/webhooks/twilio/whatsapp"
    assert post_twilio(local, path, twilio_message(sid(1), body="Bonjour", sender="+237650000101")).status_code == 200
    forged = local.post(path, data=twilio_message(sid(2)), headers={"X-Twilio-Signature": "forged"})
    assert forged.status_code == 403

    waiting = scrape(local)  # the turn is queued, not run yet
    assert value(waiting, "matchbot_queue_jobs", job_type="bot_turn", state="due") == 1
    assert value(waiting, "matchbot_queue_oldest_due_seconds", job_type="bot_turn") >= 0
    assert {"job_type": "bot_turn"} in labelled(waiting, "matchbot_queue_oldest_due_seconds")

    services = local.app.state.services  # type: ignore[attr-defined]
    worker = Worker(services.pool, all_handlers(services), database_url=services.database_url)
    run_due(worker)  # the turn, then its deliveries to the Twilio stand-in
    assert twilio.requests, "the turn's reply was not delivered"
    with services.pool.connection() as conn:
        queue.enqueue(conn, "bot_turn", {"lead_id": "not a lead id"})
    run_due(worker)  # fails for good (PermanentError)
    status = {"MessageSid": sid(3), "MessageStatus": "undelivered", "ErrorCode": "63016",
              "ErrorMessage": "Outside the allowed window"}
    assert post_twilio(local, "/webhooks/twilio/status", status).status_code == 200

    after = scrape(local)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("matchbot_webhook_acks_total", provider="twilio", status="200") == 2
    assert moved("matchbot_webhook_acks_total", provider="twilio", status="403") == 1
    assert moved("matchbot_webhook_ack_seconds_count", provider="twilio") == 3
    assert moved("matchbot_job_duration_seconds_count", job_type="bot_turn", outcome="completed") == 1
    assert moved("matchbot_job_duration_seconds_count", job_type="deliver_message", outcome="completed") >= 1
    assert moved("matchbot_job_duration_seconds_count", job_type="bot_turn", outcome="failed") == 1
    assert moved("matchbot_job_failures_total", job_type="bot_turn", error="PermanentError") == 1
    assert moved("matchbot_turn_latency_seconds_count") == 1
    assert moved("matchbot_deliveries_total", channel="twilio", outcome="queued", error_code="") == len(twilio.requests)
    assert moved("matchbot_delivery_statuses_total", status="undelivered", error_code="63016") == 1
    assert value(after, "matchbot_queue_jobs", job_type="bot_turn", state="due") == 0
    assert value(after, "matchbot_database_up") == 1
    assert [labels["role"] for labels in labelled(after, "matchbot_database_in_use")] == ["primary"]
    pool_size = local.app.state.settings.pool_size  # type: ignore[attr-defined]
    pools = {labels["pool"] for labels in labelled(after, "matchbot_db_pool_max")}
    assert {"matchbot", "matchbot-async"} <= pools  # the workers' pool and the webhooks' async one
    assert all(value(after, "matchbot_db_pool_max", pool=pool) == pool_size for pool in pools)
    assert {"pool": "matchbot-async", "state": "in_use"} in labelled(after, "matchbot_db_pool_connections")


def test_a_database_that_does_not_answer_is_a_figure_not_an_error(local: TestClient) -> None:
    local.portal.call(local.app.state.apool.close)  # type: ignore[attr-defined,union-attr]
    series = scrape(local)
    assert value(series, "matchbot_database_up") == 0
    assert not labelled(series, "matchbot_queue_jobs")


def test_without_a_token_only_this_machine_reads_the_metrics(local: TestClient, app_settings: Settings) -> None:
    scrape(local)
    with TestClient(local.app, client=("::1", 50124)) as ipv6:
        scrape(ipv6)
    # A local reverse proxy forwarding a stranger's request is not this machine.
    assert local.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404
    with TestClient(local.app, client=("203.0.113.9", 50125)) as stranger:
        answer = stranger.get("/metrics")
        assert answer.status_code == 404
        assert answer.json() == stranger.get("/no-such-route").json()  # nothing tells it exists


def test_with_a_token_everyone_needs_it(local: TestClient, app_settings: Settings) -> None:
    local.app.state.settings = app_settings.model_copy(update={"metrics_token": SecretStr(TOKEN)})  # type: ignore[attr-defined]
    with TestClient(local.app, client=("203.0.113.9", 50126)) as remote:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                        {"Authorization": f"Bearer {TOKEN}x"}, {"Authorization": "Bearer "}):
            answer = remote.get("/metrics", headers=headers)
            assert answer.status_code == 401, headers
            assert answer.headers["www-authenticate"].startswith("Bearer")
        assert local.get("/metrics").status_code == 401  # loopback is no exception then
        scrape(remote, Authorization=f"Bearer {TOKEN}")


def test_an_empty_token_is_no_token(local: TestClient, app_settings: Settings) -> None:
    local.app.state.settings = app_settings.model_copy(update={"metrics_token": SecretStr("")})  # type: ignore[attr-defined]
    with TestClient(local.app, client=("203.0.113.9", 50127)) as remote:
        assert remote.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_requests_carry_an_id_echoed_back(local: TestClient) -> None:
    given = local.get("/healthz", headers={"X-Request-ID": "lb-1234.abcd"})
    assert given.headers["x-request-id"] == "lb-1234.abcd"
    for hostile in ("a b", "x" * 65, "<script>"):
        fresh = local.get("/healthz", headers={"X-Request-ID": hostile})
        assert fresh.headers["x-request-id"] not in (hostile, "")
        assert len(fresh.headers["x-request-id"]) == 32
    assert local.get("/healthz").headers["x-request-id"] != local.get("/healthz").headers["x-request-id"]


def test_unknown_webhook_paths_do_not_make_series(local: TestClient) -> None:
    local.post("/webhooks/evil-provider-123")
    assert not [labels for labels in labelled(scrape(local), "matchbot_webhook_acks_total")
                if labels["provider"] not in ("twilio", "meta")]


def test_signed_forms_are_unaffected_by_the_request_id(local: TestClient) -> None:
    form = twilio_message(sid(9), sender="+237650000109")
    headers = {**sign_twilio("/webhooks/twilio/whatsapp", form), "X-Request-ID": "abc"}
    answer = local.post("/webhooks/twilio/whatsapp", content=urlencode(form), headers=headers)
    assert answer.status_code == 200 and answer.headers["x-request-id"] == "abc"
