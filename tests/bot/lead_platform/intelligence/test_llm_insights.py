"""Insights written by a model (the real OpenAI SDK against the local scripted server): the
registry's prompt, the figures checked, the other language through the translation service;
a model that invents a figure or fails is replaced by the rules, and what else the checks refuse."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from langchain_core.embeddings import FakeEmbeddings

from bot.core.chat_model import make_chat_model
from bot.core.db import open_pool, service_transaction
from bot.core.services import Services
from bot.core.settings import Settings
from bot.lead_platform.intelligence import analyse_client, rules
from bot.lead_platform.intelligence.prompts import INSIGHTS_SYSTEM
from bot.lead_platform.intelligence.writer import problems
from tests.bot.lead_platform.intelligence.brainkit import fill
from tests.bot.lead_platform.leadkit import Tenant, make_tenant
from tests.support.llm_server import LLMServer, ScriptedLLM

NOW = datetime.now(UTC).replace(microsecond=0)
SAID_FR = ["« Demande de tarifs » est la première demande : 4 leads, soit 36,4 % des leads analysés.",
           "Le score d'engagement est de 46,67/100 : 8 leads n'ont reçu aucune action."]
ADVICE_FR = ["Répondez dans l'heure aux leads urgents et rappelez vous-même les clients mécontents."]
SAID_EN = ["“Pricing request” is the first request: 4 leads, 36.4% of the analysed leads.",
           "The engagement score is 46.67/100: 8 leads have had no action."]
ADVICE_EN = ["Answer urgent leads within the hour and call unhappy customers back yourself."]


@pytest.fixture(scope="module")
def script() -> ScriptedLLM:
    return ScriptedLLM()


@pytest.fixture
def services(db_url: str, script: ScriptedLLM) -> Iterator[Services]:
    with LLMServer(script) as server:
        configured = Settings(_env_file=None, environment="test", database_url=db_url,  # type: ignore[call-arg]
                              chat_provider="openai", embedding_provider="offline", openai_api_key="sk-test",
                              openai_base_url=server.base_url)
        made = Services(settings=configured, pool=open_pool(db_url, max_size=3), database_url=db_url,
                        embedder=FakeEmbeddings(size=8), chat_model=make_chat_model(configured))
        yield made
        made.pool.close()


@pytest.fixture
def alpha(db_url: str) -> Tenant:
    return make_tenant(db_url, f"alpha{uuid.uuid4().hex[:6]}", language="fr")


def verdicts(conn: psycopg.Connection) -> list[tuple[float | None, list[str]]]:
    with service_transaction(conn):
        rows = conn.execute("SELECT output_quality_score, output_data FROM prompt_performance "
                            "WHERE prompt_name = 'growth_insights' ORDER BY executed_at").fetchall()
    return [(None if r["output_quality_score"] is None else float(r["output_quality_score"]),
             r["output_data"].get("refused", [])) for r in rows]


def test_the_model_writes_checked_insights_else_the_rules_do(services: Services, script: ScriptedLLM,
                                                               conn: psycopg.Connection, alpha: Tenant) -> None:
    fill(conn, alpha, NOW)
    script.structured.append({"insights": SAID_FR, "recommendations": ADVICE_FR})
    script.texts.extend(SAID_EN + ADVICE_EN)
    brain = analyse_client(conn, alpha.client_id, chat_model=services.chat_model, prompts=services.prompts, now=NOW)
    assert brain.insights.engine == "llm:gpt-4o-mini"
    assert (brain.insights.fr, brain.insights.recommendations_fr) == (tuple(SAID_FR), tuple(ADVICE_FR))
    assert (brain.insights.en, brain.insights.recommendations_en) == (tuple(SAID_EN), tuple(ADVICE_EN))
    asked = script.requests[-4]["messages"]  # the insights call, then three translations
    assert asked[0]["content"] == INSIGHTS_SYSTEM.format(
        business=alpha.email.split("@")[0].title(), language_name="French",
        formal=' (address the reader as "vous", never "tu")', max_items=5)
    assert "<figures>" in asked[1]["content"] and "Demande de tarifs: 4 leads (36.4 %)" in asked[1]["content"]
    assert verdicts(conn) == [(1.0, [])]
    with service_transaction(conn):
        cached = conn.execute("SELECT count(*) AS n FROM translation_cache WHERE context_type = 'growth_insight'"
                              ).fetchone()
    assert cached == {"n": 3}  # the next analysis with the same sentences asks the model nothing
    # What the checks refuse, on this Brain's figures.
    assert problems(["Tu devrais rappeler tes 8 leads."], brain=brain, language="fr") == ["tutoiement"]
    assert problems(["Call back your 8 leads today, they are waiting for you."], brain=brain,
                    language="fr") == ["language en"]
    assert problems(["Voyez www.example.com : 8 leads."], brain=brain, language="fr") == ["adds a link"]
    assert "invented figure 2026" in problems(["Le 12/11/2026, 8 leads."], brain=brain, language="fr")

    # A model that invents a figure, then one that does not answer: the rules write them.
    script.structured.append({"insights": ["Au rythme actuel, attendez-vous à 250 leads la semaine prochaine."],
                              "recommendations": ADVICE_FR})
    invented = analyse_client(conn, alpha.client_id, chat_model=services.chat_model, prompts=services.prompts,
                              now=NOW)
    offline = rules.insights(invented)
    assert invented.insights == offline and invented.insights.engine == "rules"
    assert verdicts(conn)[-1] == (0.0, ["invented figure 250"])
    calls = script.chat_calls
    script.failures = 2  # the provider is down (the SDK tries twice)
    down = analyse_client(conn, alpha.client_id, chat_model=services.chat_model, prompts=services.prompts, now=NOW)
    assert down.insights == offline and script.chat_calls == calls + 2

