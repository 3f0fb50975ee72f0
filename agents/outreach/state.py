"""The outreach agent's state: what it is given, and what each step adds."""

from __future__ import annotations

import operator
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypedDict

from bot.lead_platform.outreach.templates import Template
from graph.state import AgentRun

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from bot.core.prompts import PromptRegistry

Status = Literal["pending", "approved", "rejected"]
Source = Literal["model", "facts", "none", "client"]  # "client": the client edited the draft


@dataclass(frozen=True)
class Recipient:
    """Who the e-mail is for: a prospect (a business) or one of the client's leads (a person)."""

    kind: Literal["prospect", "lead"]
    id: uuid.UUID
    address: str
    language: str
    timezone: str
    row: Mapping[str, Any] = field(default_factory=dict)  # the prospect (with `form_test`) or lead row


@dataclass(frozen=True)
class Brief:
    """What the campaign gives the agent for this e-mail."""

    campaign_id: uuid.UUID
    sender_company: str
    step: int  # 1 = the first e-mail, 2–4 = follow-ups
    templates: Mapping[str, Template]  # by language
    approval_mode: Literal["manual", "auto"]
    booking_link: str | None = None
    # Links the e-mail may carry: the templates' own and the booking link.
    allowed_links: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
    language: str
    template_id: str
    personal: str  # the first paragraph about the recipient ("" when no fact is known)
    source: Source  # who wrote `personal` (the whole e-mail, for "client")
    missing: tuple[str, ...] = ()  # variables with no value and no fallback
    execution_id: str | None = None  # the recorded model call that wrote `personal` (prompt_performance)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reasons: tuple[str, ...] = ()


class InputState(TypedDict):
    """What a run is given."""

    recipient: Recipient
    brief: Brief


class OutreachState(InputState, total=False):
    """Everything a run knows; each node returns only what it adds."""

    facts: dict[str, str]  # research: what is known of the recipient, key -> value, all in data
    email: Draft  # draft: the filled template
    verdict: Verdict  # check
    refused_model: tuple[str, ...]  # check: why a model's paragraph was refused (then facts only)
    status: Status  # decide
    runs: Annotated[list[AgentRun], operator.add]  # every step, for agent_logs


@dataclass(frozen=True)
class OutreachContext:
    """The run's infrastructure (LangGraph runtime context): the chat model, when configured, and
    the prompt registry its prompt is read from and its calls recorded in."""

    chat_model: BaseChatModel | None = None
    prompts: PromptRegistry | None = None
