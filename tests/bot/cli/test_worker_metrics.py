"""`matchbot worker` with MATCHBOT_METRICS_PORT: its own /metrics on the configured address."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest
from psycopg_pool import ConnectionPool

from bot.core import queue
from bot.core.db import open_pool
from bot.core.errors import ConfigError
from bot.core.services import Services
from bot.core.settings import Settings
from bot.runtime import serve_metrics


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def pool(db_url: str) -> Iterator[ConnectionPool]:
    p = open_pool(db_url, max_size=2)
    yield p
    p.close()


def services(settings: Settings, pool: ConnectionPool, db_url: str, port: int | None) -> Services:
    return Services(settings=settings.model_copy(update={"metrics_port": port}), pool=pool,
                    database_url=db_url, embedder=None)  # type: ignore[arg-type]


def test_a_worker_serves_the_queue_and_its_pool_on_its_port(settings: Settings, pool: ConnectionPool,
                                                            db_url: str) -> None:
    with pool.connection() as conn:
        queue.enqueue(conn, "deliver_message", {"message_id": 1}, delay=60)
    port = free_port()
    server = serve_metrics(services(settings, pool, db_url, port))
    assert server is not None and server.server_address[0] == "127.0.0.1"  # loopback unless told otherwise
    try:
        text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
    finally:
        server.shutdown()
        server.server_close()
    assert "matchbot_database_up 1.0" in text
    assert 'matchbot_queue_jobs{job_type="deliver_message",state="scheduled"} 1.0' in text
    assert 'matchbot_db_pool_max{pool="matchbot"} 2.0' in text
    assert 'matchbot_database_in_use{host=' in text and 'role="primary"' in text
    assert "matchbot_job_duration_seconds" in text  # the process's own counters too


def test_no_port_no_server_and_a_taken_port_is_one_clear_error(settings: Settings, pool: ConnectionPool,
                                                              db_url: str) -> None:
    assert serve_metrics(services(settings, pool, db_url, None)) is None
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        with pytest.raises(ConfigError, match=f"127.0.0.1:{port}.*MATCHBOT_METRICS_PORT"):
            serve_metrics(services(settings, pool, db_url, port))
