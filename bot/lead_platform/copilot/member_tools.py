"""The agency console's extra tools: the matchmaking service's members and their conversations.

Members are named by id and first name only (bot/store/member_overview.py selects nothing
more), contact requests by profile code and first name, and every text a member or the bot
wrote passes the privacy guard before the model reads it: no phone number, e-mail address
or profile surname. Once these tools have run, the rest of the request (the other tools'
answers and the copilot's reply) is guarded the same way.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from langchain_core.tools import BaseTool, ToolException
from pydantic import BaseModel, Field

from agents.privacy import load_name_index
from bot.lead_platform.copilot.tools import MAX_ROWS, Answer, Runtime, answer, tool
from bot.lead_platform.copilot.workspace import Workspace
from bot.store import contacts, conversations
from bot.store import member_overview as members

WEEK = timedelta(days=7)


def _guarded(ws: Workspace) -> Workspace:
    """The workspace with every profile's surname loaded for the guard (once per request)."""
    if ws.names is None:
        with ws.service() as conn:
            ws.names = load_name_index(conn)
    return ws


def members_overview(*, runtime: Runtime) -> Answer:
    """Members in figures: total, qualified, new this week, with the bot / waiting for an adviser / with an
    adviser / opted out, unread messages, and contact requests by status."""
    ws = _guarded(runtime.context)
    with ws.service() as conn:
        counts = members.member_counts(conn, since=ws.now() - WEEK)
    return answer(counts, f"{counts['members']} members")


class SearchMembers(BaseModel):
    status: Literal["bot", "waiting", "admin", "opted_out"] | None = Field(
        None, description="bot: with the bot; waiting: for an adviser; admin: with an adviser; opted_out")
    city: str | None = Field(None, max_length=100, description="the member's city or the one they seek")
    qualified: bool | None = Field(None, description="qualification finished or not")
    limit: int = Field(10, ge=1, le=MAX_ROWS)


def search_members(status: str | None = None, city: str | None = None, qualified: bool | None = None,
                   limit: int = 10, *, runtime: Runtime) -> Answer:
    """Members who wrote, latest conversation first: id, first name, age, city, whom they seek, status."""
    ws = _guarded(runtime.context)
    with ws.service() as conn:
        rows = members.find_members(conn, status=status, city=city, qualified=qualified, limit=limit)
    return answer({"members": [vars(r) for r in rows]}, f"{len(rows)} members")


class MemberId(BaseModel):
    member_id: int = Field(ge=1, description="the member's id, from search_members")
    limit: int = Field(20, ge=1, le=50, description="latest messages")


def read_member_conversation(member_id: int, limit: int = 20, *, runtime: Runtime) -> Answer:
    """A member's profile answers and latest messages (who wrote: member, bot or adviser)."""
    ws = _guarded(runtime.context)
    with ws.service() as conn:
        member = members.get_member(conn, member_id)
        thread = conversations.thread(conn, member_id, limit=limit) if member else []
    if member is None:
        raise ToolException(f"No member with id {member_id}.")
    messages = [{"at": m.created_at, "from": "member" if m.direction == "in" else m.sender_type,
                 "text": ws.mask(m.content or f"[{m.message_type}]"), "intent": m.intent} for m in thread]
    content, logged = answer({"member": vars(member), "messages": messages}, f"member {member_id}: {len(messages)} messages")
    return content, {**logged, "member_id": member_id}  # agent_logs.lead_id: forgotten with the member


class ContactRequests(BaseModel):
    status: Literal["pending", "approved", "rejected", "paid", "shared", "cancelled"] | None = None
    limit: int = Field(10, ge=1, le=MAX_ROWS)


def list_contact_requests(status: str | None = None, limit: int = 10, *, runtime: Runtime) -> Answer:
    """Members' requests to meet a profile, newest first: member id, profile code and first name, status."""
    ws = _guarded(runtime.context)
    with ws.service() as conn:
        rows = contacts.list_requests(conn, status=status, limit=limit)
    found = [{"id": r.id, "member_id": r.lead_id, "profile_code": r.profile_code,
              "profile_first_name": r.profile_first_name, "status": r.status, "payment": r.payment_status,
              "at": r.created_at} for r in rows]
    return answer({"requests": found}, f"{len(found)} contact requests")


MEMBER_TOOLS: tuple[BaseTool, ...] = (
    tool(members_overview), tool(search_members, SearchMembers), tool(read_member_conversation, MemberId),
    tool(list_contact_requests, ContactRequests),
)
