"""The agency's own Growth Brain, over its members (the console's page): what they ask, where
their qualification stalls, which profiles draw interest, and what that suggests. Computed
on each visit from aggregates (bot/store/member_insights.py) over a window of days."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from agents.qualification import QUESTIONS
from bot.core.connections import Conn
from bot.lead_platform.intelligence.messages import AGENCY, say
from bot.lead_platform.intelligence.scores import percent
from bot.store import member_insights as repo
from bot.store.member_insights import ProfileInterest, Topic

STALL_AFTER = timedelta(hours=48)  # a member silent this long at a question has stopped there
# Intents that answer the bot rather than ask it something: shown, never "what members ask most".
REPLIES = frozenset({"answer", "yes", "no", "greeting", "thanks", "unclear"})


@dataclass(frozen=True)
class IntentShare:
    intent: str
    label: str
    messages: int
    percent: float  # of the messages read


@dataclass(frozen=True)
class FunnelStep:
    """One qualification question: members past it, members at it now, and of those the stalled."""

    slot: str
    label: str
    answered: int
    waiting: int
    stalled: int


@dataclass(frozen=True)
class AgencyBrain:
    days: int
    since: datetime
    members: int  # who wrote in the window
    messages: int
    asked: tuple[IntentShare, ...]
    topics: tuple[Topic, ...]
    started: int  # members who started in the window (the funnel's cohort)
    qualified: int
    funnel: tuple[FunnelStep, ...]
    profiles: tuple[ProfileInterest, ...]
    insights: tuple[str, ...]
    recommendations: tuple[str, ...]


def analyse(conn: Conn, *, now: datetime, days: int, intent_labels: Mapping[str, str],
            slot_labels: Mapping[str, str], language: str = "fr") -> AgencyBrain:
    """The members' figures over the last `days` and the observations on them."""
    since = now - timedelta(days=days)
    members, messages = repo.members_since(conn, since=since)
    asked_rows = repo.asked(conn, since=since)
    read = sum(a.messages for a in asked_rows)
    steps = {s.slot: s for s in repo.qualification(conn, since=since, stalled_before=now - STALL_AFTER)}
    started = sum(s.members for s in steps.values())
    funnel = []
    past = started
    for slot in QUESTIONS:
        step = steps.get(slot)
        past -= step.members if step else 0
        funnel.append(FunnelStep(slot=slot, label=slot_labels.get(slot, slot), answered=past,
                                 waiting=step.members if step else 0, stalled=step.stalled if step else 0))
    brain = AgencyBrain(
        days=days, since=since, members=members, messages=messages,
        asked=tuple(IntentShare(a.intent, intent_labels.get(a.intent, a.intent), a.messages, percent(a.messages, read))
                    for a in asked_rows),
        topics=tuple(repo.faq_topics(conn, since=since)), started=started,
        qualified=steps["qualified"].members if "qualified" in steps else 0, funnel=tuple(funnel),
        profiles=tuple(repo.profile_interest(conn, since=since)), insights=(), recommendations=(),
    )
    said, advice = observations(brain, language)
    return replace(brain, insights=tuple(said), recommendations=tuple(advice))


def observations(brain: AgencyBrain, lang: str) -> tuple[list[str], list[str]]:
    """What the figures say and suggest, every figure quoted from them."""
    if not brain.members and not brain.started:
        return [say(AGENCY, "no_members", lang)], []
    said: list[str] = []
    advice: list[str] = []
    asking = [a for a in brain.asked if a.intent not in REPLIES]
    if asking:
        top = asking[0]
        said.append(say(AGENCY, "asked", lang, count=top.messages, label=top.label, messages=top.messages,
                        percent=top.percent))
    if brain.topics:
        best = brain.topics[0]
        said.append(say(AGENCY, "topic", lang, count=best.answers, topic=best.topic, answers=best.answers))
        advice.append(say(AGENCY, "rec_topic", lang))
    if brain.started:
        said.append(say(AGENCY, "qualified", lang, qualified=brain.qualified, members=brain.started,
                        percent=percent(brain.qualified, brain.started)))
    worst = max(brain.funnel, key=lambda s: s.stalled, default=None)
    if worst is not None and worst.stalled:
        said.append(say(AGENCY, "stall", lang, count=worst.stalled, slot=worst.label, stalled=worst.stalled))
        advice.append(say(AGENCY, "rec_stall", lang))
    wanted = [p for p in brain.profiles if p.requests]
    if wanted:
        p = wanted[0]
        said.append(say(AGENCY, "profile", lang, code=p.code, first_name=p.first_name, requests=p.requests,
                        shown=p.shown))
    return said, advice
