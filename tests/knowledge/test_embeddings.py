"""The embedders: offline model shape, determinism and speed; online wrappers' metadata."""

from __future__ import annotations

import math
import time

from bot.core.settings import Settings
from knowledge.embeddings import OfflineEmbeddings, make_embedder, to_halfvec


def test_offline_vectors_are_512_wide_normalised_and_deterministic(embedder: OfflineEmbeddings) -> None:
    first = embedder.embed_documents(["Bonjour, je cherche une femme sérieuse", "Hello"])
    again = embedder.embed_documents(["Bonjour, je cherche une femme sérieuse", "Hello"])
    one_by_one = OfflineEmbeddings(batch_size=1).embed_documents(
        ["Bonjour, je cherche une femme sérieuse", "Hello"])
    assert len(first) == 2 and all(len(v) == 512 for v in first)
    assert math.isclose(math.fsum(x * x for x in first[0]), 1.0, rel_tol=1e-3)
    assert first == again
    # Batch composition changes float rounding in BLAS, nothing more.
    for a, b in zip(first, one_by_one, strict=True):
        assert max(abs(x - y) for x, y in zip(a, b, strict=True)) < 1e-5
    assert max(abs(x - y) for x, y in zip(embedder.embed_query("Hello"), first[1], strict=True)) < 1e-5
    assert embedder.model_name == "usem3-multilingual" and embedder.dimensions == 512


def test_offline_model_understands_french_and_english(embedder: OfflineEmbeddings) -> None:
    fr, en, other = embedder.embed_documents(
        ["Combien coûte une mise en relation ?", "How much does an introduction cost?",
         "Le match de football commence à 20 heures"]
    )
    same = sum(a * b for a, b in zip(fr, en, strict=True))
    different = sum(a * b for a, b in zip(fr, other, strict=True))
    assert same > different + 0.2


def test_offline_embedding_is_fast(embedder: OfflineEmbeddings) -> None:
    sentences = [f"Je cherche une personne sérieuse à Douala, numéro {i}" for i in range(100)]
    started = time.process_time()  # CPU time: other work on the machine does not count
    embedder.embed_documents(sentences)
    assert time.process_time() - started < 2.0  # ~0.05-0.1 s measured on 2 idle cores


def test_empty_text_still_gets_a_vector(embedder: OfflineEmbeddings) -> None:
    assert len(embedder.embed_documents([""])[0]) == 512


def test_online_providers_carry_their_model_name_and_width() -> None:
    mistral = make_embedder(Settings(
        _env_file=None, embedding_provider="mistral", mistral_api_key="k",  # type: ignore[call-arg]
        mistral_base_url="http://127.0.0.1:9/v1/",
    ))
    assert (mistral.model_name, mistral.dimensions) == ("mistral-embed", 1024)
    assert mistral.inner.endpoint == "http://127.0.0.1:9/v1/"  # type: ignore[attr-defined]
    openai = make_embedder(Settings(
        _env_file=None, embedding_provider="openai", openai_api_key="k",  # type: ignore[call-arg]
        openai_base_url="http://127.0.0.1:9/v1", openai_embedding_model="text-embedding-3-large",
    ))
    assert (openai.model_name, openai.dimensions) == ("text-embedding-3-large", 3072)
    assert openai.inner.openai_api_base == "http://127.0.0.1:9/v1"  # type: ignore[attr-defined]


def test_halfvec_literal() -> None:
    assert to_halfvec([1, 0.5, -2.25]) == "[1,0.5,-2.25]"
