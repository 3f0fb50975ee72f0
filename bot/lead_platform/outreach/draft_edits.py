"""A client's edit of a draft before approving it: the outreach agent's check runs again on
the edited text, and only a text that passes replaces the draft.

The check is the agent's own (agents/outreach/check.py), with the brief the draft was
written from (its step's templates, the campaign's links) and the facts the agent had.
The client now wrote the whole e-mail, so the rules about a model's paragraph (grounded in
the facts, in the e-mail's language) do not apply; every other one does: no placeholder
left unfilled, readable lengths, no spam wording or shouting, no link the campaign does
not give, no attachment, a first e-mail not posing as a reply. The re-check is an
`outreach.check` row of agent_logs, like the agent's own steps.
"""

from __future__ import annotations

import time
import uuid

from agents.outreach.check import check_draft
from agents.outreach.state import Draft, Verdict
from bot.core.connections import Pool
from bot.core.db import service_transaction, tenant_transaction
from bot.lead_platform.outreach.drafting import brief_for
from bot.lead_platform.outreach.templates import variables_of
from bot.lead_platform.store import campaigns as repo
from bot.lead_platform.store import outreach_emails as emails
from bot.lead_platform.store.clients import get_client
from bot.store.logs import record_agent_runs
from graph.state import AgentRun


class DraftError(ValueError):
    """An edit that cannot be checked: which field, and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def edit(pool: Pool, *, client_id: uuid.UUID, campaign_id: uuid.UUID, email_id: uuid.UUID, subject: str,
         body: str, by: str) -> Verdict | None:
    """Check the edited draft and store it when it passes; None when the tenant has no such draft
    in this campaign. DraftError when it is not waiting for approval or the subject is not one line."""
    subject, body = subject.strip(), body.strip()
    if "\n" in subject or "\r" in subject:
        raise DraftError("subject", "must be one line")
    started = time.perf_counter()
    with pool.connection() as conn, tenant_transaction(conn, client_id):
        campaign, client = repo.get_campaign(conn, campaign_id), get_client(conn, client_id)
        email = emails.get_email(conn, email_id)
        if campaign is None or client is None or email is None or email["campaign_id"] != campaign.id:
            return None
        if email["status"] != "pending":
            raise DraftError("status", f"the e-mail is {email['status']}: only a draft waiting for approval "
                                       "can be edited")
        brief = brief_for(conn, campaign, client, step=email["follow_up_sequence"])
        if brief is None:
            raise DraftError("email_template_id", "a template of the campaign was deleted: choose another")
        draft = Draft(subject=subject, body=body, language=email["language"] or client.language,
                      template_id=str(email["template_id"] or ""), personal="", source="client",
                      missing=tuple(variables_of(f"{subject}\n{body}")))
        verdict = check_draft(draft, brief=brief, facts=(email["metadata"] or {}).get("facts") or {})
        if verdict.ok:
            emails.edit_draft(conn, email_id, subject=subject, content=body, by=by)
    run = AgentRun(agent="outreach.check", input=f"campaign {campaign_id} step {brief.step}, draft {email_id} "
                                                 f"edited by {by}",
                   output=("ok" if verdict.ok else "refused: " + "; ".join(verdict.reasons))[:500],
                   duration_ms=int((time.perf_counter() - started) * 1000), success=True, error=None)
    with pool.connection() as conn, service_transaction(conn):
        record_agent_runs(conn, lead_id=None, runs=[run])
    return verdict
