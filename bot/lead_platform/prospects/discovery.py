"""Discovery: a provider proposes businesses page by page; new websites become the client's prospects.

A run asks for `count` new prospects (the daily number: 16 by default, as the platform
document's flow says) and keeps paging past the websites the client already has until it
has them or the provider has nothing more. Where the provider stopped (its cursors, e.g.
PDL scroll tokens) is kept with the run, so the next run carries on from there. Every new
prospect gets its automation-need score at once and a site-facts job.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from bot.core import queue
from bot.core.connections import Conn
from bot.core.db import switch_to_service, tenant_transaction
from bot.lead_platform.prospects.rescore import rescore
from bot.lead_platform.store import prospects as repo
from bot.lead_platform.store.prospects import NewProspect

SITE_FACTS_JOB = "prospect_site_facts"
MAX_PAGES = 50  # a run never pages further than this (each page may cost the provider's credits)


class ProviderError(Exception):
    """The provider failed; `retryable` when trying again later may work (rate limit, outage)."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class CandidatePage:
    """One page of businesses and the provider's cursors after it."""

    candidates: list[NewProspect]
    cursors: dict[str, str]


class Provider(Protocol):
    """A source of businesses (People Data Labs, a list of websites…), one object per run."""

    name: str

    def next_page(self, *, wanted: int, cursors: Mapping[str, str]) -> CandidatePage | None:
        """Up to about `wanted` more businesses after `cursors`; None when there are no more."""
        ...


@dataclass
class DiscoveryResult:
    run_id: uuid.UUID
    provider: str
    requested: int
    added: list[uuid.UUID] = field(default_factory=list)
    duplicates: int = 0
    error: ProviderError | None = None


def add_prospects(conn: Conn, *, client_id: uuid.UUID | str, candidates: list[NewProspect]
                  ) -> tuple[list[uuid.UUID], int]:
    """Insert the new ones and queue their site facts (inside the caller's tenant transaction,
    which this leaves as the service role); returns (new ids, duplicates). Score them after."""
    added, duplicates = [], 0
    for candidate in candidates:
        new_id = repo.add_prospect(conn, client_id=client_id, prospect=candidate)
        if new_id is None:
            duplicates += 1
        else:
            added.append(new_id)
    switch_to_service(conn)  # queue_jobs is the service's
    for new_id in added:
        queue.enqueue(conn, SITE_FACTS_JOB, {"client_id": str(client_id), "prospect_id": str(new_id)},
                      dedup_key=str(new_id))
    return added, duplicates


def discover(conn: Conn, *, client_id: uuid.UUID | str, provider: Provider, count: int) -> DiscoveryResult:
    """One run: at least `count` new prospects unless the provider runs out or fails."""
    with tenant_transaction(conn, client_id):
        cursors = repo.last_cursors(conn, provider=provider.name)
        result = DiscoveryResult(repo.start_run(conn, client_id=client_id, provider=provider.name,
                                                requested=count), provider.name, count)
    try:
        for _ in range(MAX_PAGES):
            wanted = count - len(result.added)
            if wanted <= 0:
                break
            page = provider.next_page(wanted=wanted, cursors=cursors)
            if page is None:
                break
            with tenant_transaction(conn, client_id):
                added, duplicates = add_prospects(conn, client_id=client_id, candidates=page.candidates)
            rescore(conn, client_id=client_id, prospect_ids=added)
            result.added += added
            result.duplicates += duplicates
            cursors = page.cursors
    except ProviderError as exc:
        result.error = exc
    finally:
        with tenant_transaction(conn, client_id):
            repo.finish_run(conn, result.run_id, added=len(result.added), duplicates=result.duplicates,
                            cursors=cursors, error=str(result.error) if result.error else None)
    return result
