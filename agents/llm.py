"""The few structured calls the bot makes to a chat model (built by bot.core.chat_model)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from bot.core.prompts import PromptCall
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


def llm_understand(model: BaseChatModel, text: str, *, prompt: PromptCall, memory: Sequence[tuple[str, str]] = (),
                   awaiting: str = "none") -> LlmUnderstanding:
    """Read one message with the recent conversation (one structured-output call of `prompt`)."""
    history = "\n".join(f"{'Member' if role == 'human' else 'Assistant'}: {said}" for role, said in memory)
    context = f"Recent conversation:\n{history}\n\n" if history else ""
    user = f"{context}The assistant's last message waits for: {awaiting}.\nNew member message: {text}"
    structured = prompt.model(model).with_structured_output(LlmUnderstanding)
    result = structured.invoke([SystemMessage(prompt.system()), HumanMessage(user)], config=prompt.config())
    if isinstance(result, LlmUnderstanding):
        return result
    return LlmUnderstanding.model_validate(result)


def llm_answer(model: BaseChatModel, *, prompt: PromptCall, system: str, user: str) -> str:
    """A free-form answer (one LLM call of `prompt`, whose text with its values is `system`)."""
    message = prompt.model(model).invoke([SystemMessage(system), HumanMessage(user)], config=prompt.config())
    content = message.content
    return content if isinstance(content, str) else " ".join(str(part) for part in content)
