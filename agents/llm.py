"""The few structured calls the bot makes to a chat model (built by bot.core.chat_model)."""

from __future__ import annotations

from typing import Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from agents import prompts


class LlmUnderstanding(BaseModel):
    """What the LLM adds when the offline understanding found nothing."""

    intent: Literal[
        "greeting", "qualification_answer", "question", "show_profiles", "next_profile",
        "interest_in_profile", "contact_request", "human", "opt_out", "complaint", "other",
    ] = Field(description="The member's main intent")
    age: int | None = Field(None, description="The member's own age, if stated")
    gender: Literal["male", "female"] | None = Field(None, description="The member's own gender")
    looking_for_gender: Literal["male", "female"] | None = None
    age_min: int | None = Field(None, description="Youngest partner age wanted")
    age_max: int | None = Field(None, description="Oldest partner age wanted")
    city: str | None = Field(None, description="The member's own city")
    preferred_city: str | None = Field(None, description="City wanted for the partner")
    language: Literal["fr", "en"] | None = None


def llm_understand(model: BaseChatModel, text: str) -> LlmUnderstanding:
    """Classify a message the offline layer could not read (one LLM call)."""
    structured = model.with_structured_output(LlmUnderstanding)
    result = structured.invoke(
        [SystemMessage(prompts.UNDERSTAND_SYSTEM), HumanMessage(text)]
    )
    if isinstance(result, LlmUnderstanding):
        return result
    return LlmUnderstanding.model_validate(result)


def llm_answer(model: BaseChatModel, *, system: str, user: str) -> str:
    """A free-form answer (one LLM call)."""
    message = model.invoke([SystemMessage(system), HumanMessage(user)])
    content = message.content
    return content if isinstance(content, str) else " ".join(str(part) for part in content)
