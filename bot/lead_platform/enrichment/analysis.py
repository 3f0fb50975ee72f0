"""The structured result of enriching one lead (also the LLM's output schema)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from bot.lead_platform.enrichment.taxonomy import INTENTS, Tone, Urgency

IntentName = Literal[INTENTS]  # type: ignore[valid-type]


class LeadAnalysis(BaseModel):
    """What we learn from a lead's message."""

    summary: str = Field(description="One-sentence summary of the lead's request, in the lead's language.",
                         max_length=600)
    intent: IntentName = Field(description="The lead's main intent, from the fixed list.")
    tone: Tone = Field(description="The tone of the message.")
    urgency: Urgency = Field(description="Élevée (today), Moyenne (days), Faible (no hurry).")
    confidence: float = Field(ge=0.0, le=1.0, description="Confidence in the intent, 0 to 1.")
    language: Literal["en", "fr"] = Field(description="Language the lead wrote in.")

    @field_validator("intent", mode="before")
    @classmethod
    def _unknown_intent_is_other(cls, value: object) -> object:
        return value if value in INTENTS else "Other"
