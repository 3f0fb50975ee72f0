"""The conversation graph's state, declared once: the contract between the graph and its agents.

A leaf: the standard library and LangGraph's types only, so that agents (one layer down)
can share it. Fields marked *turn* are reset by the `start_turn` node of every turn; the
others persist in the lead's checkpoint thread from one turn to the next. Lists with a
reducer grow by what each node returns; a node that must replace one returns
`Overwrite(...)`.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Annotated, Any, Literal, TypedDict
from uuid import UUID

from langgraph.types import Overwrite

Route = Literal[
    "silent", "opt_out", "opt_in", "forget", "confirm", "ineligible", "handoff", "waiting",
    "contact", "matching", "profile_info", "qualification", "faq", "smalltalk", "clarify",
    "fallback", "code_limit", "reroute",
]
# The qualification questions, in the order they are asked.
Question = Literal["gender", "age", "city", "looking_for_gender", "age_range", "preferred_city"]
Gender = Literal["male", "female"]
Language = Literal["fr", "en"]
# What the bot's last message waits for (the context a reply is read in).
Awaiting = Literal[
    "none", "asked_gender", "asked_age", "asked_city", "asked_looking_for", "asked_age_range",
    "asked_preferred_city", "profile_shown", "offered_adviser", "asked_confirmation",
]
# What the member is asked to confirm or choose ("profile_offer": a profile a member outreach
# alert proposed, graph/offers.py).
PendingKind = Literal["delete_data", "gender", "city_role", "interest", "intent_choice", "widen", "profile_offer"]
# What a member's message wants most (the classifier's labels, agents/nlu/corpus/README.md).
Intent = Literal[
    "greeting", "thanks", "yes", "no", "answer", "change_criteria", "question", "profile_question",
    "show_profiles", "next_profile", "decline_reason", "view_profile", "interest", "human",
    "complaint", "opt_out", "opt_in", "is_bot", "flirt", "delete_data", "chitchat", "unclear",
]
# What a question about a shown profile asks for.
ProfileField = Literal[
    "religion", "children", "profession", "hobbies", "neighbourhood", "age", "city", "height",
    "photos", "surname", "phone", "marital_status", "other",
]
DeclineReason = Literal["too_old", "too_young", "too_far", "religion", "children", "not_my_type", "other"]


class Button(TypedDict):
    """A quick-reply choice under a message."""

    id: str
    title: str


class Reply(TypedDict, total=False):
    """One outbound WhatsApp message composed by an agent."""

    text: str
    media: list[str]
    buttons: list[Button]
    profile_code: str | None
    first_name: str  # of the profile on a card (public; the guard keeps it)
    purpose: str


class AgentRun(TypedDict):
    """What one agent did, for agent_logs."""

    agent: str
    input: str
    output: str
    duration_ms: int
    success: bool
    error: str | None


@dataclass(frozen=True)
class Understanding:
    """What was understood in one turn's messages (the offline NLU, maybe the LLM after it)."""

    text: str = ""  # the message(s) as written
    language: Language | None = None  # None when too short to tell ("35", "ok")
    intent: Intent | None = None  # what the member wants most (None: nothing to go on)
    confidence: float = 0.0  # of the intent, 0..1
    by_model: bool = False  # the intent is the LLM's (the offline reading was unsure)
    also: tuple[Intent, ...] = ()  # other intents the rules read in the same message
    # Slots about the member or the person sought (stored); ones merely named in a question
    # are in `mentioned` ("city=Douala") and never stored.
    name: str | None = None  # the member's first name
    age: int | None = None  # the member's own age (16..99; the agents check adulthood)
    gender: Gender | None = None  # the member's own gender
    city: str | None = None  # the member's city (canonical when in the catalogue)
    looking_for_gender: Gender | None = None
    age_range: tuple[int | None, int | None] | None = None  # wanted partner ages; open ends allowed
    preferred_city: str | None = None  # city wanted for the partner (canonical)
    wanted_cities: tuple[str, ...] = ()  # cities wanted as alternatives ("Yaoundé ou Douala"), not one
    any_preference: bool = False  # "peu importe", "any", "no preference"
    any_age: bool = False  # ...said of the age sought
    any_city: bool = False  # ...said of the city sought
    mentioned: tuple[str, ...] = ()
    inferred: tuple[str, ...] = ()  # slots read from the member's grammar, not said ("divorcée")
    unsure: tuple[str, ...] = ()  # slots whose role is unclear ("Douala": theirs or the sought one's?)
    profile_codes: tuple[str, ...] = ()  # canonical "MAT-2025-001"
    profile_ordinal: int | None = None  # "le premier" 1, "la deuxième" 2, "le dernier" -1
    profile_field: ProfileField | None = None  # what a question about the shown profile asks
    decline_reason: DeclineReason | None = None
    wants_next: bool = False
    wants_profiles: bool = False
    see_again: bool = False  # "revoir", "again": profiles already shown may be shown again
    contact_request: bool = False
    yes: bool = False
    no: bool = False
    opt_out: bool = False  # STOP and the like, as a whole-message command or explicit request
    opt_in: bool = False
    wants_human: bool = False
    complaint: bool = False
    greeting: bool = False
    thanks: bool = False
    question: bool = False
    correction: bool = False

    def is_empty(self) -> bool:
        """Whether the rules read nothing at all (the language and the classifier do not count)."""
        return not any(
            getattr(self, f.name) for f in fields(self) if f.name not in _NOT_READINGS
        )

    def answers_qualification(self, *, asked: Question | None) -> bool:
        """The message answers (or corrects) some qualification question."""
        if any((self.age is not None, self.gender, self.city, self.looking_for_gender,
                self.age_range, self.preferred_city, self.wanted_cities)):
            return True
        return self.any_preference and asked in ("age_range", "preferred_city")


_NOT_READINGS = frozenset({"text", "language", "intent", "confidence", "also", "mentioned", "inferred", "unsure"})


class LeadUpdates(TypedDict, total=False):
    """Columns of the lead a turn changes, written when the turn commits."""

    name: str | None
    age: int | None
    gender: Gender | None
    city: str | None
    status: str
    looking_for_gender: Gender | None
    preferred_age_min: int | None
    preferred_age_max: int | None
    preferred_city: str | None
    qualification_complete: bool
    last_profile_shown: str | None
    conversation_phase: str
    language: str
    opted_out: bool
    opted_out_at: datetime | None
    assigned_admin_id: int | None
    human_since: datetime | None
    handoff_reason: str | None
    not_understood_count: int
    seeking_text: str | None
    admin_read_at: datetime | None
    last_outbound_at: datetime | None
    metadata: dict[str, Any]  # the whole column (agents merge into the lead's own)
    platform_lead_id: UUID | None


def merge_updates(done: LeadUpdates, new: LeadUpdates) -> LeadUpdates:
    """The reducer of `lead_updates`: later changes win, column by column."""
    return {**done, **new}


class Pending(TypedDict, total=False):
    """A question the bot asked that the next message may answer with yes, no or a choice."""

    kind: PendingKind
    value: str  # the gender, city, profile code or widening proposed
    options: list[str]  # the choices offered (intents, or "mine"/"theirs"), in button order
    labels: list[str]  # how the buttons read, folded, in the same order
    text: str  # the message that was unclear (intent_choice)


def merge_said(done: dict[str, int], new: dict[str, int]) -> dict[str, int]:
    """The reducer of `said`: the variant last used for each message key."""
    return {**done, **new}


class InputState(TypedDict):
    """What a turn starts from (the graph's input schema)."""

    inbound: list[str]  # *turn* texts of the messages answered by this turn, oldest first


class State(InputState, total=False):
    """The whole state."""

    understanding: Understanding  # *turn* what was understood
    context: Awaiting  # *turn* what the previous turn's last message waited for
    answering: Pending | None  # *turn* the confirmation asked last turn, which this turn may answer
    route: Route  # *turn* which agent answers
    intent: str  # *turn* label stored on the conversation rows
    replies: Annotated[list[Reply], operator.add]  # *turn* outbound messages, in order
    lead_updates: Annotated[LeadUpdates, merge_updates]  # *turn* lead columns to write
    agent_runs: Annotated[list[AgentRun], operator.add]  # *turn* for agent_logs
    llm_calls: Annotated[int, operator.add]  # *turn* LLM calls made by this turn
    asked: Question | None  # the qualification question last asked
    offered_human: bool  # the last reply offered an adviser (a "yes" then means handoff)
    awaiting: Awaiting  # what this turn's last message waits for (the next turn's context)
    pending: Pending | None  # a confirmation or choice this turn asks for
    said: Annotated[dict[str, int], merge_said]  # variant last used per message key (no repeats)


class Update(TypedDict, total=False):
    """What a node returns: only what it adds or changes (reducers do the rest)."""

    understanding: Understanding
    context: Awaiting
    answering: Pending | None
    route: Route
    intent: str
    replies: list[Reply] | Overwrite
    lead_updates: LeadUpdates | Overwrite
    agent_runs: list[AgentRun] | Overwrite
    llm_calls: int | Overwrite
    asked: Question | None
    offered_human: bool
    awaiting: Awaiting
    pending: Pending | None
    said: dict[str, int]


def turn_start(state: State) -> Update:
    """The *turn* fields as every turn starts: the previous turn's are cleared, and what its
    last message waits for becomes the context this turn is read in."""
    return Update(
        understanding=Understanding(), route="fallback", intent="", replies=Overwrite([]),
        lead_updates=Overwrite({}), agent_runs=Overwrite([]), llm_calls=Overwrite(0),
        context=state.get("awaiting", "none"), answering=state.get("pending"), awaiting="none", pending=None,
    )
