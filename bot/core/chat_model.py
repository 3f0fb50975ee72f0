"""The chat model of the configured provider (Mistral or OpenAI), or None offline."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from bot.core.settings import Settings


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
            max_retries=2,
            timeout=30,
            **kwargs,
        )
    if provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=settings.openai_chat_model,
            api_key=settings.openai_api_key,
            base_url=settings.openai_base_url,
            temperature=0.2,
            max_retries=2,
            timeout=30,
        )
    return None
