"""Check: a draft goes to anyone only if it invents nothing and reads like a letter, not spam.

- Every claim about the recipient is traceable to the facts: a model's paragraph may not
  state a number or name absent from them, and each of its sentences about the recipient
  must rest on a fact (the ideas of agents/grounding.py, applied to facts instead of a
  knowledge-base entry).
- No link but the campaign's (its templates' and the booking link), no attachment or
  embedded content, no address or phone number in the paragraph.
- No spam-trigger wording or shouting; subject and body of a readable length; a first
  e-mail's subject does not pretend to be a reply.
- Every template variable has a value or a fallback.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from agents.grounding import content_stems, numbers_in
from agents.nlu.language import detect_language
from agents.outreach.state import Brief, Draft, Verdict
from bot.lead_platform.outreach import content_rules
from knowledge.text import fold

MAX_PARAGRAPH = 600
_ATTACHED = re.compile(r"(?i)\b(?:cid|data):\S|<\s*(?:img|script|iframe|object|embed|link)\b|\battach(?:ed|ment)\b"
                       r"|\bpi[eè]ce jointe\b")
_FAKE_REPLY = re.compile(r"(?i)^\s*(?:re|fwd?|tr)\s*:")
_SECOND_PERSON = {"you", "your", "yours", "vous", "votre", "vos"}
_SENTENCES = re.compile(r"(?<=[.!?;])\s+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCES.split(text) if s.strip()]


def proper_names(text: str) -> set[str]:
    """Capitalised words not opening a sentence: names of people, places, brands."""
    names: set[str] = set()
    for sentence in sentences(text):
        words = _WORD.findall(sentence)
        names.update(w for w in words[1:] if w[:1].isupper() and len(w) > 1)
    return names


def _normal_link(url: str) -> str:
    return url.rstrip("/").lower()


def grounding_problems(paragraph: str, *, facts: Mapping[str, str], language: str, known: str) -> list[str]:
    """What a model's paragraph says that the facts do not (known: the template and sender's name)."""
    problems: list[str] = []
    source = " ".join(facts.values())
    invented = numbers_in(paragraph) - numbers_in(source)
    if invented:
        problems.append(f"states {', '.join(sorted(invented))}, not in the facts")
    familiar = set(fold(f"{source} {known}").replace("-", " ").split())
    strangers = {n for n in proper_names(paragraph) if not set(fold(n).replace("-", " ").split()) <= familiar}
    if strangers:
        problems.append(f"names {', '.join(sorted(strangers))}, not in the facts")
    company = fold(facts.get("company", ""))
    grounds = content_stems(source)
    for sentence in sentences(paragraph):
        folded = fold(sentence)
        about = bool(_SECOND_PERSON & set(re.findall(r"[a-z]+", folded))) or bool(company and company in folded)
        if about and not content_stems(sentence) & grounds:
            problems.append(f"says of the recipient what no fact says: “{sentence[:80]}”")
    if len(paragraph) > MAX_PARAGRAPH:
        problems.append(f"a first paragraph of {len(paragraph)} characters")
    spoken = detect_language(paragraph)
    if spoken is not None and spoken != language:
        problems.append(f"written in {spoken}, the e-mail is in {language}")
    return problems


def check_draft(draft: Draft, *, brief: Brief, facts: Mapping[str, str]) -> Verdict:
    """Whether the draft may be shown to the client (and sent)."""
    reasons: list[str] = [f"no value for {{{{{name}}}}}" for name in draft.missing]
    reasons += content_rules.length_problems(subject=draft.subject, body=draft.body)
    whole = f"{draft.subject}\n{draft.body}"
    triggers = content_rules.spam_triggers(whole)
    if triggers:
        reasons.append(f"spam-trigger wording: {', '.join(triggers)}")
    reasons += content_rules.shouting(whole)
    allowed = {_normal_link(link) for link in brief.allowed_links}
    foreign = [link for link in content_rules.links_in(whole) if _normal_link(link) not in allowed]
    if foreign:
        reasons.append(f"links the campaign does not give: {', '.join(foreign[:3])}")
    if _ATTACHED.search(whole):
        reasons.append("attachments or embedded content")
    if brief.step == 1 and _FAKE_REPLY.search(draft.subject):
        reasons.append("a first e-mail's subject may not pretend to be a reply or a forward")
    if content_rules.addresses_in(draft.personal) or content_rules.phones_in(draft.personal):
        reasons.append("an address or phone number in the first paragraph")
    if draft.source == "model":
        templates = " ".join(f"{t.subject} {t.body}" for t in brief.templates.values())
        reasons += grounding_problems(draft.personal, facts=facts, language=draft.language,
                                      known=f"{brief.sender_company} {templates}")
    return Verdict(ok=not reasons, reasons=tuple(reasons))
