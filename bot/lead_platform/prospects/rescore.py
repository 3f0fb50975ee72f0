"""Recomputing automation-need scores (score.py) from what is stored, writing only the changed ones."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from bot.core.connections import Conn
from bot.core.db import service_transaction, tenant_transaction
from bot.lead_platform.prospects.score import ScoreInputs, automation_need
from bot.lead_platform.store import prospects as repo


def inputs_of(row: Mapping[str, Any], rates: Mapping[str, tuple[float | None, int]]) -> ScoreInputs:
    """A stored prospect (repo.score_inputs row) as the score's inputs."""
    rate, contacted = rates.get((row["industry"] or "").lower(), (None, 0))
    return ScoreInputs(
        test_status=row["test_status"], response_minutes=row["response_time_minutes"],
        tone=row["autoresponder_tone"], site_read=row["site_status"] == "ok",
        has_chat_widget=row["has_chat_widget"], has_form=row["form_url"] is not None,
        has_email=row["contact_email"] is not None, industry_reply_rate=rate, industry_contacted=contacted,
    )


def rescore(conn: Conn, *, client_id: uuid.UUID | str, prospect_ids: Iterable[uuid.UUID] | None = None) -> int:
    """Score these prospects of the client (all of them when None); returns how many changed.

    Not inside another transaction: the industry statistics are read as the service, the
    prospects written as the tenant.
    """
    ids = None if prospect_ids is None else list(prospect_ids)
    if ids == []:
        return 0
    with service_transaction(conn):
        rates = repo.industry_reply_rates(conn)
    changed = 0
    with tenant_transaction(conn, client_id):
        for row in repo.score_inputs(conn, ids):
            score, parts = automation_need(inputs_of(row, rates))
            changed += repo.set_automation_need(conn, row["id"], score=score, factors=parts)
    return changed


def rescore_everyone(conn: Conn) -> dict[str, int]:
    """Every client's prospects (after the industry statistics changed): client → scores changed."""
    with service_transaction(conn):
        clients = repo.clients_with_prospects(conn)
    return {str(client_id): rescore(conn, client_id=client_id) for client_id in clients}
