"""The one typed dependencies object through which infrastructure reaches agents and jobs."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from psycopg_pool import ConnectionPool

from bot.core.settings import Settings

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings
    from langchain_core.language_models import BaseChatModel


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Services:
    """Pool, models, channels and clock, built once per process and passed in."""

    settings: Settings
    pool: ConnectionPool
    database_url: str
    embedder: Embeddings
    chat_model: BaseChatModel | None = None
    clock: Callable[[], datetime] = utc_now
    # Filled by the channel layer: sends one stored outbound message (see bot/channels).
    extras: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
