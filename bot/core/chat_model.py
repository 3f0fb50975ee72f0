"""The chat model of the configured provider (Mistral or OpenAI), or None offline."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from bot.core.llm_metrics import LlmMetrics
from bot.core.settings import Settings

# A member waits for the turn: every call is bounded. A reply is 1-3 WhatsApp sentences and a
# reading a small JSON object; a model that rambles is cut, not waited for (a cut answer fails
# the grounding checks and the knowledge-base entry goes out instead).
MAX_TOKENS = 400
TIMEOUT_SECONDS = 20
MAX_RETRIES = 1


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None in offline mode."""
    provider = settings.resolved_chat_provider
    if provider == "mistral":
        from langchain_mistralai import ChatMistralAI

        kwargs = {"base_url": settings.mistral_base_url} if settings.mistral_base_url else {}
        return ChatMistralAI(
            model=settings.mistral_chat_model,
            api_key=settings.mistral_api_key,
            temperature=0.2,
            max_tokens=MAX_TOKENS,
            max_retries=MAX_RETRIES,
            timeout=TIMEOUT_SECONDS,
            callbacks=[LlmMetrics()],  # calls, tokens and errors by prompt (/metrics)
            **kwargs,
        )
    if provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=settings.openai_chat_model,
            api_key=settings.openai_api_key,
            base_url=settings.openai_base_url,
            temperature=0.2,
            max_tokens=MAX_TOKENS,
            max_retries=MAX_RETRIES,
            timeout=TIMEOUT_SECONDS,
            callbacks=[LlmMetrics()],  # calls, tokens and errors by prompt (/metrics)
        )
    return None
