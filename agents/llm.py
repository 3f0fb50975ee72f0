"""The few structured calls the bot makes to a chat model (built by bot.core.chat_model)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from agents import prompts
from bot.core.llm_metrics import llm_config
from graph.state import Intent


class LlmUnderstanding(BaseModel):
    """What the LLM reads in a message the offline layer was unsure about."""

    intent: Intent = Field(description="What the member wants most (one label)")
    age: int | None = Field(None, description="The member's own age, only if they state it")
    gender: Literal["male", "female"] | None = Field(None, description="The member's own gender, if stated")
    looking_for_gender: Literal["male", "female"] | None = Field(None, description="Gender of the person sought")
    age_min: int | None = Field(None, description="Youngest age wanted for the person sought")
    age_max: int | None = Field(None, description="Oldest age wanted for the person sought")
    city: str | None = Field(None, description="The member's own city, only if they say they live there")
    preferred_city: str | None = Field(None, description="City wanted for the person sought")
    language: Literal["fr", "en"] | None = None


def llm_understand(model: BaseChatModel, text: str, *, memory: Sequence[tuple[str, str]] = (),
                   awaiting: str = "none") -> LlmUnderstanding:
    """Read one message with the recent conversation (one structured-output call)."""
    history = "\n".join(f"{'Member' if role == 'human' else 'Assistant'}: {said}" for role, said in memory)
    context = f"Recent conversation:\n{history}\n\n" if history else ""
    user = f"{context}The assistant's last message waits for: {awaiting}.\nNew member message: {text}"
    structured = model.with_structured_output(LlmUnderstanding)
    result = structured.invoke([SystemMessage(prompts.UNDERSTAND_SYSTEM), HumanMessage(user)],
                               config=llm_config("understand"))
    if isinstance(result, LlmUnderstanding):
        return result
    return LlmUnderstanding.model_validate(result)


def llm_answer(model: BaseChatModel, *, prompt: str, system: str, user: str) -> str:
    """A free-form answer (one LLM call, counted under `prompt`)."""
    message = model.invoke([SystemMessage(system), HumanMessage(user)], config=llm_config(prompt))
    content = message.content
    return content if isinstance(content, str) else " ".join(str(part) for part in content)
