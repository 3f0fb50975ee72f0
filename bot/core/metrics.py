"""What an operator watches, in the Prometheus format (prometheus-client).

Two kinds of figures:
- Counted by this process, in prometheus-client's default registry: job durations and
  failures, turn latency, webhook acknowledgements, deliveries, LLM calls. Each process
  (`matchbot serve`, every `matchbot worker`) exposes its own; Prometheus sums them.
- Read at scrape time, so that every process reports the same numbers: the queue
  (one grouped statement over queue_jobs), the process's connection pools, and which
  database is in use. The queue figures are global: aggregate them with max(), not sum().
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from wsgiref.simple_server import WSGIServer

import psycopg
from prometheus_client import REGISTRY, Counter, Histogram, generate_latest, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from psycopg_pool import AsyncConnectionPool, ConnectionPool

from bot.core.connections import AsyncConn, Conn, Pool, Row
from bot.core.db import describe_host
from bot.core.queue import Job
from bot.core.settings import Settings

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)
# A member's wait includes the burst window (2 s by default) and, in LLM mode, the model.
TURN_BUCKETS = (0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60, 120, 300)

JOB_SECONDS = Histogram("matchbot_job_duration_seconds", "Time a job's handler ran, by kind and outcome "
                        "(completed, retried, failed, postponed)", ["job_type", "outcome"],
                        buckets=LATENCY_BUCKETS)
JOB_FAILURES = Counter("matchbot_job_failures", "Job attempts that raised, by kind and exception type",
                       ["job_type", "error"])
TURN_LATENCY = Histogram("matchbot_turn_latency_seconds", "From a member's oldest unanswered message to "
                         "the committed reply (burst window included)", buckets=TURN_BUCKETS)
WEBHOOK_ACKS = Counter("matchbot_webhook_acks", "Webhook answers by provider and HTTP status",
                       ["provider", "status"])
WEBHOOK_SECONDS = Histogram("matchbot_webhook_ack_seconds", "Time to answer a webhook, by provider",
                            ["provider"], buckets=LATENCY_BUCKETS)
DELIVERIES = Counter("matchbot_deliveries", "Sends to a provider by channel, outcome "
                     "(the provider's status, retry, failed, refused) and error code",
                     ["channel", "outcome", "error_code"])
DELIVERY_STATUSES = Counter("matchbot_delivery_statuses", "Delivery statuses reported by the providers' "
                            "callbacks, by status and error code", ["status", "error_code"])
LLM_CALLS = Counter("matchbot_llm_calls", "Chat model calls by prompt", ["prompt"])
LLM_ERRORS = Counter("matchbot_llm_errors", "Chat model calls that failed, by prompt and exception type",
                     ["prompt", "error"])
LLM_TOKENS = Counter("matchbot_llm_tokens", "Tokens the provider counted, by prompt and direction "
                     "(input, output)", ["prompt", "direction"])
LLM_SECONDS = Histogram("matchbot_llm_call_seconds", "Chat model call time by prompt", ["prompt"],
                        buckets=LATENCY_BUCKETS)


def provider_error_code(error: str | None) -> str:
    """The code in a provider error as the webhooks record it ("Twilio 63016: …" → "63016"), else ""."""
    words = (error or "").split(":", 1)[0].split()
    return words[1][:20] if len(words) >= 2 else ""


# -- jobs -----------------------------------------------------------------------------

@contextmanager
def timed_job(job: Job, *, busy: type[BaseException], permanent: type[BaseException]) -> Iterator[None]:
    """Time a job's handler and count its failure; `busy` is a postponement, `permanent` a final failure."""
    started, outcome = time.perf_counter(), "completed"
    try:
        yield
    except busy:
        outcome = "postponed"
        raise
    except Exception as exc:
        final = isinstance(exc, permanent) or job.attempts >= job.max_attempts
        outcome = "failed" if final else "retried"
        JOB_FAILURES.labels(job.job_type, type(exc).__name__).inc()
        raise
    finally:
        JOB_SECONDS.labels(job.job_type, outcome).observe(time.perf_counter() - started)


# -- scrape time ------------------------------------------------------------------------

# Pending jobs split into those due now (the backlog) and those scheduled later (retries,
# periodic jobs); the age is how long the oldest due job has been waiting. Served by the
# partial indexes on pending and processing jobs.
QUEUE_SQL = """
SELECT job_type,
       CASE WHEN status = 'processing' THEN 'processing'
            WHEN run_at <= now() THEN 'due' ELSE 'scheduled' END AS state,
       count(*) AS jobs,
       coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE status = 'pending' AND run_at <= now())),
                0)::float8 AS oldest_seconds
FROM queue_jobs WHERE status IN ('pending', 'processing')
GROUP BY 1, 2
"""
SCRAPE_STATEMENT_MS = 2000  # a scrape never waits long on a slow database


def read_queue(conn: Conn) -> list[Row]:
    """The queue's counts and ages by job kind (one statement)."""
    with conn.transaction():
        conn.execute("SELECT set_config('statement_timeout', %s, true)", (str(SCRAPE_STATEMENT_MS),))
        return conn.execute(QUEUE_SQL).fetchall()


async def aread_queue(conn: AsyncConn) -> list[Row]:
    """`read_queue` for the web process's async pool (whose connections have deadlines already)."""
    cur = await conn.execute(QUEUE_SQL)
    return await cur.fetchall()


AnyPool = ConnectionPool[Any] | AsyncConnectionPool[Any]


@dataclass
class Snapshot:
    """What one scrape read: the queue (None when the database did not answer), the pools, the database."""

    queue: list[Row] | None
    pools: Sequence[AnyPool] = ()
    database: dict[str, str] = field(default_factory=dict)  # labels: role (embedded|primary|failover), host

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("matchbot_database_up", "1 when the queue could be read at this scrape")
        up.add_metric([], 1.0 if self.queue is not None else 0.0)
        yield up
        if self.database:
            info = GaugeMetricFamily("matchbot_database_in_use", "The database this process uses (always 1)",
                                     labels=sorted(self.database))
            info.add_metric([self.database[k] for k in sorted(self.database)], 1.0)
            yield info
        if self.queue is not None:
            yield from _queue_families(self.queue)
        yield from _pool_families(self.pools)


def _queue_families(rows: list[Row]) -> Iterator[Metric]:
    depth = GaugeMetricFamily("matchbot_queue_jobs", "Jobs waiting or running, by kind and state "
                              "(due, scheduled, processing)", labels=["job_type", "state"])
    age = GaugeMetricFamily("matchbot_queue_oldest_due_seconds", "How long the oldest due job of a kind "
                            "has waited", labels=["job_type"])
    for row in rows:
        depth.add_metric([row["job_type"], row["state"]], float(row["jobs"]))
        if row["state"] == "due":
            age.add_metric([row["job_type"]], float(row["oldest_seconds"]))
    yield depth
    yield age


def _pool_families(pools: Iterable[AnyPool]) -> Iterator[Metric]:
    connections = GaugeMetricFamily("matchbot_db_pool_connections", "Connections of a pool by state "
                                    "(in_use, idle)", labels=["pool", "state"])
    limit = GaugeMetricFamily("matchbot_db_pool_max", "Most connections a pool may open", labels=["pool"])
    waiting = GaugeMetricFamily("matchbot_db_pool_waiting", "Requests waiting for a connection",
                                labels=["pool"])
    timeouts = CounterMetricFamily("matchbot_db_pool_timeouts", "Requests that gave up waiting for a "
                                   "connection since the pool opened", labels=["pool"])
    for pool in pools:
        if pool.closed:
            continue
        stats = pool.get_stats()
        size, idle = stats.get("pool_size", 0), stats.get("pool_available", 0)
        connections.add_metric([pool.name, "in_use"], float(max(size - idle, 0)))
        connections.add_metric([pool.name, "idle"], float(idle))
        limit.add_metric([pool.name], float(stats.get("pool_max", 0)))
        waiting.add_metric([pool.name], float(stats.get("requests_waiting", 0)))
        timeouts.add_metric([pool.name], float(stats.get("requests_errors", 0)))
    yield from (connections, limit, waiting, timeouts)


def database_labels(settings: Settings, url: str) -> dict[str, str]:
    """Which database `url` is for this deployment (embedded, primary or failover) and its host."""
    if not settings.database_url:
        role = "embedded"
    elif url == settings.database_failover_url and url != settings.database_url:
        role = "failover"
    else:
        role = "primary"
    return {"role": role, "host": describe_host(url)}


def exposition(snapshot: Snapshot) -> bytes:
    """This process's counters and the snapshot, in the Prometheus text format."""
    return generate_latest(_Joined([REGISTRY, snapshot]))


@dataclass
class _Joined:
    parts: Sequence[Any]

    def collect(self) -> Iterator[Metric]:
        for part in self.parts:
            yield from part.collect()


@dataclass
class LiveSnapshot:
    """A `Snapshot` read anew at every scrape, for a process without a web server (workers)."""

    pool: Pool
    database: Callable[[], dict[str, str]]

    def collect(self) -> Iterator[Metric]:
        try:
            with self.pool.connection(timeout=SCRAPE_STATEMENT_MS / 1000) as conn:
                rows: list[Row] | None = read_queue(conn)
        except psycopg.Error:  # pool timeouts included: a database that does not answer is a figure
            rows = None
        yield from Snapshot(rows, [self.pool], self.database()).collect()


def serve_worker_metrics(snapshot: LiveSnapshot, *, host: str, port: int) -> WSGIServer:
    """Expose this process's metrics on http://host:port/metrics (a daemon thread); the server."""
    server, _ = start_http_server(port, addr=host, registry=_Joined([REGISTRY, snapshot]))
    return server
