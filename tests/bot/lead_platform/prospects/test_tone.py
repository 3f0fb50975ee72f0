"""Reading an answer to the test enquiry: autoresponder or person, tone, quality score; by rules
offline, by the chat model when one is configured (the real OpenAI SDK against the local stand-in)."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from bot.core.chat_model import make_chat_model
from bot.core.settings import Settings
from bot.lead_platform.prospects.messages import KEYWORDS
from bot.lead_platform.prospects.tone import fresh_text, quality_score, read_by_rules, read_reply
from tests.support.llm_server import LLMServer, ScriptedLLM

ENQUIRY = "Pourriez-vous nous indiquer vos horaires d'ouverture, et si vous faites des devis ?"
AUTO_BODY = "Bonjour,\n\nNous avons bien reçu votre message et nous vous répondrons dans les plus brefs délais."


def rules(body: str, *, minutes: int, subject: str = "Re: Demande test", sender: str = "Julie <julie@durand.fr>",
          headers: dict[str, str] | None = None) -> tuple[bool, str]:
    reading = read_by_rules(sender=sender, subject=subject, body=body, headers=headers or {}, minutes=minutes,
                            keywords=KEYWORDS["fr"], first_name="Camille")
    return reading.autoresponder, reading.tone


def test_rules() -> None:
    # Declared automatic by its headers, or its sender, however long it took: generic, so robotic.
    assert rules(AUTO_BODY, minutes=90, headers={"Auto-Submitted": "auto-replied"}) == (True, "robotic")
    assert rules(AUTO_BODY, minutes=90, sender="no-reply@durand.fr") == (True, "robotic")
    # Boilerplate within minutes is automatic; the same words a day later are a person's.
    assert rules(AUTO_BODY, minutes=3) == (True, "robotic")
    assert rules(AUTO_BODY, minutes=1500) == (False, "human")
    # An automatic answer in the first person, greeting the enquirer, reads as human.
    assert rules("Bonjour Camille, je reviens vers vous très vite !", minutes=0) == (True, "human")
    # Taking up the questions is personalised, automatic or not; quoting our own enquiry is not.
    assert rules("Nous sommes ouverts de 7h à 19h, et oui, nous faisons des devis.", minutes=45) == \
        (False, "personalized")
    quoted = f"Merci pour votre message.\n\nLe 3 mars 2026 à 10:00, Camille a écrit :\n> {ENQUIRY}"
    assert fresh_text(quoted) == "Merci pour votre message."
    assert rules(quoted, minutes=600) == (False, "human")


def test_quality_score() -> None:
    assert quality_score(minutes=1, tone="personalized") == 100
    assert quality_score(minutes=1, tone="robotic") == 65
    assert quality_score(minutes=300, tone="human") == 60
    assert quality_score(minutes=5000, tone="robotic") == 20
    assert quality_score(minutes=None, tone="none") == 0


def _model(server: LLMServer) -> BaseChatModel:
    settings = Settings(_env_file=None, environment="test", chat_provider="openai",  # type: ignore[call-arg]
                        openai_api_key="sk-test", openai_base_url=server.base_url)
    model = make_chat_model(settings)
    assert model is not None
    return model


def test_the_chat_model_reads_the_tone_and_the_rules_remain_the_fallback() -> None:
    script = ScriptedLLM(structured=[{"autoresponder": False, "tone": "personalized",
                                      "reason": "It answers about the opening hours."}])
    with LLMServer(script) as server:
        model = _model(server)
        reading = read_reply(model, sender="julie@durand.fr", subject="Re: Demande test",
                             body="On ouvre à 7h tous les jours sauf lundi.\n> Pourriez-vous…", headers={},
                             minutes=50, enquiry=ENQUIRY, keywords=KEYWORDS["fr"], first_name="Camille")
        assert (reading.autoresponder, reading.tone, reading.engine) == (False, "personalized", "llm:gpt-4o-mini")
        prompt = str(script.requests[0]["messages"])
        assert "On ouvre à 7h" in prompt and "Pourriez-vous…" not in prompt  # the quoted enquiry is cut
        # Declared automatic by its headers: that stands whatever the model says.
        script.structured.append({"autoresponder": False, "tone": "human", "reason": "Friendly."})
        reading = read_reply(model, sender="julie@durand.fr", subject="Merci", body="Merci, à très vite !",
                             headers={"Auto-Submitted": "auto-replied"}, minutes=30, enquiry=ENQUIRY,
                             keywords=KEYWORDS["fr"], first_name="Camille")
        assert (reading.autoresponder, reading.tone) == (True, "human")
        script.failures = 2  # the provider fails (the SDK retries once): the rules answer
        reading = read_reply(model, sender="no-reply@durand.fr", subject="Accusé de réception", body=AUTO_BODY,
                             headers={}, minutes=0, enquiry=ENQUIRY, keywords=KEYWORDS["fr"], first_name="Camille")
        assert (reading.autoresponder, reading.tone, reading.engine) == (True, "robotic", "rules")
