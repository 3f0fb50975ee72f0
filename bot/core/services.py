"""The one typed dependencies object through which infrastructure reaches agents and jobs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from bot.core.connections import Pool
from bot.core.prompt_runs import Recorder
from bot.core.prompts import PromptRegistry
from bot.core.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


def utc_now() -> datetime:
    return datetime.now(UTC)


class Embedder(Protocol):
    """What indexing and retrieval need: LangChain's two methods plus name and width."""

    model_name: str
    dimensions: int

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


@dataclass
class Services:
    """Pool, models, settings and clock, built once per process (bot/runtime.py) and passed in,
    and the prompt registry over the pool (every LLM call reads its prompt there)."""

    settings: Settings
    pool: Pool
    database_url: str
    embedder: Embedder
    chat_model: BaseChatModel | None = None
    clock: Callable[[], datetime] = utc_now
    prompts: PromptRegistry = field(init=False)

    def __post_init__(self) -> None:
        recorder = Recorder(self.pool, environment=self.settings.environment, prices=self.settings.llm_prices)
        self.prompts = PromptRegistry(self.pool, recorder=recorder)
