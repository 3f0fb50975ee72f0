"""Small talk, clarifying questions and the fallback.

Greetings, thanks, "are you a bot?", compliments and off-topic chat get a short warm
answer that steers back; "Merci !" only when something was understood. When the reading
is unsure, the member is asked which of two things they meant; when nothing is
understood, the knowledge base may still know, else the member is asked to rephrase.
"""

from __future__ import annotations

import re

from langgraph.runtime import Runtime

from agents.common import (
    agent,
    config_value,
    first_name,
    language,
    reply,
    seen_lead,
    spoken,
    text_of,
    understood,
    voice,
)
from agents.context import TurnContext
from agents.faq import answer_or, lookup
from agents.nlu.reader import asks_if_anyone_there
from graph.state import Button, LeadUpdates, Pending, Reply, State, Update
from knowledge.places import fold

# The weather a member chats about: heat, rain or cold (in a folded text).
_WEATHER: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("rain", re.compile(r"\b(?:pluie|pleut|pleuvoir|orage|averse|inond\w*|mbula|rain\w*|storm|flood\w*)\b|☔|🌧")),
    ("cold", re.compile(r"\b(?:froid|fraich\w*|caille|gele|gel|neige\w*|harmattan|cold|freezing|chilly|snow\w*)\b|🥶|❄")),
    ("heat", re.compile(r"\b(?:chaud|chaleur|canicule|soleil|cuit|hot|heat|sweltering|boiling)\b|🥵|☀")),
)


def weather_of(text: str) -> str | None:
    """"heat", "rain" or "cold" when a message chats about the weather ("il fait trop chaud à
    dla aujourd'hui 🥵", "la pluie là à Yaoundé"), else None."""
    folded = fold(text)
    return next((kind for kind, pattern in _WEATHER if pattern.search(folded) or pattern.search(text)), None)


# Intents a member can be offered as a choice when the bot is unsure.
CHOOSABLE = ("show_profiles", "next_profile", "question", "interest", "human", "answer", "change_criteria",
             "view_profile", "profile_question", "opt_out", "delete_data", "complaint")


@agent("smalltalk")
def smalltalk_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Greetings, thanks, a bot question, a compliment, chat, and "no" to an adviser offer."""
    ctx = runtime.context
    lang = language(state, ctx)
    u = understood(state)
    words = voice(state)
    agency = config_value(ctx, "agency_name", "Matchbot")
    name = first_name(seen_lead(state, ctx))
    replies: list[Reply]
    if state.get("context") == "offered_adviser" and (u.intent == "no" or u.no):
        replies = [reply(words.say("declined_human", lang))]
    elif u.intent == "is_bot":
        replies = [reply(words.say("is_bot", lang, agency=agency))]
    elif u.intent == "flirt":
        replies = [reply(words.say("flirt", lang))]
    elif u.intent == "chitchat" and (weather := weather_of(u.text)):
        replies = [reply(words.say(f"weather_{weather}", lang))]
        if not state.get("context", "none").startswith("asked_"):
            replies.append(reply(words.say("anything_else", lang)))
    elif u.intent == "chitchat":
        pending = state.get("context", "none").startswith("asked_") and state.get("context") != "asked_confirmation"
        replies = [reply(words.say("chitchat_pending" if pending else "chitchat", lang))]
    elif u.intent == "greeting" and asks_if_anyone_there(u.text):
        replies = [reply(words.say("still_here", lang)), reply(words.say("anything_else", lang))]
    elif u.intent == "greeting" or (u.greeting and u.intent not in ("thanks", "yes")):
        replies = [reply(words.say("welcome_back", lang, name=f" {name}" if name else "")),
                   reply(words.say("anything_else", lang))]
    elif u.intent == "thanks" or u.thanks:
        replies = [reply(words.say("thanks_reply", lang))]
    else:
        replies = [reply(words.say("anything_else", lang))]
    return spoken(Update(replies=replies, intent="smalltalk", offered_human=False,
                         lead_updates=LeadUpdates(not_understood_count=0)), words)


@agent("ineligible")
def ineligible_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """A member the agency cannot serve (under the minimum age) gets the same polite answer."""
    words = voice(state)
    return spoken(Update(replies=[reply(words.say("not_eligible", language(state, runtime.context)))],
                         intent="ineligible"), words)


@agent("clarify")
def clarify_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """An unsure reading: ask which of the two likeliest meanings the member meant."""
    ctx = runtime.context
    lang = language(state, ctx)
    u = understood(state)
    words = voice(state)
    ranked = [i for i in (u.intent, *u.also) if i in CHOOSABLE]
    if ctx.reader is not None and ctx.reader.classifier is not None:
        ranked += [i for i in ctx.reader.alternatives(u.text, context=state.get("context", "none"))
                   if i in CHOOSABLE and i not in ranked]
    if not (u.answers_qualification(asked=None) or u.name):
        # Nothing in it answers a question of ours: "answer" is not a choice worth offering.
        ranked = [i for i in ranked if i not in ("answer", "change_criteria")]
    options = list(dict.fromkeys(ranked))[:2]
    if "question" in options and lookup(ctx, text_of(state), lang, context=state.get("context", "none")):
        # "j'ai peur des brouteurs": unsure what it wants, sure what the knowledge base says.
        answered = answer_or(state, ctx, miss_key="faq_unknown", count_miss=False)
        answered["route"] = "faq"
        return answered
    if len(options) < 2:
        not_understood = fallback_node(state, runtime=runtime)
        not_understood["route"] = "fallback"  # what compose resumes after (the question asked again)
        return not_understood
    labels = [words.say(f"choice_{o}", lang) for o in options]
    lines = "\n".join(f"{n}. {label}" for n, label in enumerate(labels, start=1))
    text = f"{words.say('clarify_intent', lang)}\n{lines}"
    buttons = [Button(id=f"choice:{o}", title=label) for o, label in zip(options, labels, strict=True)]
    pending = Pending(kind="intent_choice", options=[str(o) for o in options],
                      labels=[fold(label) for label in labels], text=u.text)
    return spoken(Update(replies=[reply(text, buttons=buttons)], intent="clarify", pending=pending,
                         awaiting="asked_confirmation"), words)


@agent("fallback")
def fallback_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Nothing understood (by the rules, the classifier, nor the LLM when there is one): the
    knowledge base may still know; otherwise the member is told so and offered help.

    The model does not write a free reply here: such a text has no entry to be checked
    against (agents/grounding.py), and no unchecked model text reaches a member.
    """
    return answer_or(state, runtime.context, miss_key="not_understood", count_miss=True)
