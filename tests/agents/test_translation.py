"""agents/translation.py: the dictionary, then the cache, then the model (through the real
OpenAI SDK against the local stand-in); a translation that fails the checks is never shown
nor cached, and offline a text nobody knows stays as written."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_openai import ChatOpenAI

from agents.translation import Translated, Translator
from bot.core.chat_model import make_chat_model
from bot.core.connections import Conn
from bot.core.settings import Settings
from knowledge import translations
from tests.support.llm_server import LLMServer, ScriptedLLM

DESCRIPTION = "Aime la cuisine et la danse"


@pytest.fixture
def script() -> ScriptedLLM:
    return ScriptedLLM()


@pytest.fixture
def model(script: ScriptedLLM, db_url: str) -> Iterator[BaseChatModel]:
    with LLMServer(script) as server:
        settings = Settings(
            _env_file=None,
            environment="test", database_url=db_url, chat_provider="openai",
            openai_api_key="sk-test", openai_base_url=server.base_url,
        )
        chat_model = make_chat_model(settings)
        assert chat_model is not None
        yield chat_model


@pytest.fixture
def translator(model: BaseChatModel) -> Translator:
    return Translator(model)


def cached(conn: Conn, text: str) -> dict[str, str]:
    return translations.from_cache(conn, [text], source="fr", target="en")


def test_the_dictionary_comes_first_whatever_the_case_and_accents(
    conn: Conn, translator: Translator, script: ScriptedLLM
) -> None:
    translations.add_to_dictionary(conn, [("Infirmière", "Nurse", "profession")])
    for written in ("Infirmière", "infirmiere", "INFIRMIÈRE", "  infirmière "):
        assert translator.translate(conn, written, source="fr", target="en") == Translated("Nurse", "dictionary")
    assert script.chat_calls == 0
    assert translator.llm_calls == 0


def test_the_cache_comes_before_the_model(conn: Conn, translator: Translator,
                                          script: ScriptedLLM) -> None:
    translations.remember(conn, [(DESCRIPTION, "Loves cooking and dancing")], source="fr", target="en")
    assert translator.translate(conn, DESCRIPTION, source="fr", target="en") == Translated(
        "Loves cooking and dancing", "cache")
    assert script.chat_calls == 0


def test_the_model_translates_once_then_the_cache_answers(
    conn: Conn, translator: Translator, script: ScriptedLLM, model: BaseChatModel
) -> None:
    script.texts.append("  Loves cooking and dancing \n")
    first = translator.translate(conn, DESCRIPTION, source="fr", target="en")
    assert first == Translated("Loves cooking and dancing", "llm")
    assert script.chat_calls == 1
    assert translator.llm_calls == 1
    messages = script.requests[0]["messages"]
    assert "from French to English" in messages[0]["content"]
    assert messages[-1]["content"] == DESCRIPTION
    assert cached(conn, DESCRIPTION) == {DESCRIPTION: "Loves cooking and dancing"}
    # The same text again, even from another process's translator: no second call.
    again = Translated("Loves cooking and dancing", "cache")
    assert translator.translate(conn, DESCRIPTION, source="fr", target="en") == again
    assert Translator(model).translate(conn, DESCRIPTION, source="fr", target="en") == again
    assert script.chat_calls == 1


def test_only_the_missing_texts_go_to_the_model(conn: Conn, translator: Translator,
                                                script: ScriptedLLM) -> None:
    translations.add_to_dictionary(conn, [("Infirmière", "Nurse", "profession")])
    translations.remember(conn, [("Calme et croyante", "Calm and a believer")], source="fr", target="en")
    script.texts.append("Loves cooking and dancing")
    done = translator.translate_many(
        conn, ["Infirmière", "Calme et croyante", DESCRIPTION, DESCRIPTION, "", "  "], source="fr", target="en")
    assert done == {
        "Infirmière": Translated("Nurse", "dictionary"),
        "Calme et croyante": Translated("Calm and a believer", "cache"),
        DESCRIPTION: Translated("Loves cooking and dancing", "llm"),
    }
    assert script.chat_calls == 1
    assert script.requests[0]["messages"][-1]["content"] == DESCRIPTION


def test_the_cache_is_kept_per_context_type(conn: Conn, translator: Translator,
                                            script: ScriptedLLM) -> None:
    script.texts += ["Loves cooking and dancing", "Likes cooking and dancing"]
    # context_type is one of the seed's values (0004_platform.sql); None is a context too.
    translator.translate_many(conn, [DESCRIPTION], source="fr", target="en", context_type="ui_text")
    again = translator.translate_many(conn, [DESCRIPTION], source="fr", target="en", context_type="ui_text")
    assert again[DESCRIPTION].text == "Loves cooking and dancing"
    assert script.chat_calls == 1
    other = translator.translate_many(conn, [DESCRIPTION], source="fr", target="en")
    assert other[DESCRIPTION].text == "Likes cooking and dancing"
    assert script.chat_calls == 2


@pytest.mark.parametrize(("source", "bad"), [
    ("Infirmière, 29 ans", "Nurse, 30 years old"),  # an invented number
    (DESCRIPTION, "Aime la cuisine et la danse avec ses amis"),  # still French
    (DESCRIPTION, "Loves cooking, see https://example.com"),  # a link
    (DESCRIPTION, "Loves cooking and dancing. " * 5),  # a paragraph, not a translation
])
def test_a_bad_translation_is_rejected_shown_as_written_and_not_cached(
    conn: Conn, translator: Translator, script: ScriptedLLM, source: str, bad: str
) -> None:
    script.texts.append(bad)
    assert translator.translate(conn, source, source="fr", target="en") == Translated(source, "untranslated")
    assert script.chat_calls == 1
    assert cached(conn, source) == {}
    # Not cached: the next time the model is asked again (and may do better).
    script.texts.append("Nurse, 29 years old" if "29" in source else "Loves cooking and dancing")
    assert translator.translate(conn, source, source="fr", target="en").found
    assert script.chat_calls == 2


def test_a_model_that_cannot_be_reached_leaves_the_text_as_written(conn: Conn) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again when the block ends: nothing listens there
    unreachable = ChatOpenAI(model="gpt-4o-mini", api_key="sk-test",
                             base_url=f"http://127.0.0.1:{port}/v1", max_retries=0, timeout=5)
    translator = Translator(unreachable)
    assert translator.translate(conn, DESCRIPTION, source="fr", target="en") == Translated(DESCRIPTION, "untranslated")
    assert translator.llm_calls == 1
    assert cached(conn, DESCRIPTION) == {}
    metric = conn.execute("SELECT success_rate, error_message_en, metadata FROM performance_metrics "
                          "WHERE event_type = 'translation'").fetchone()
    assert metric["success_rate"] == 0 and "ConnectionError" in metric["error_message_en"]
    assert metric["metadata"]["found"] == {"untranslated": 1}


def test_offline_a_text_nobody_knows_stays_as_written(conn: Conn) -> None:
    translations.add_to_dictionary(conn, [("Infirmière", "Nurse", "profession")])
    offline = Translator()
    done = offline.translate_many(conn, ["infirmière", DESCRIPTION], source="fr", target="en")
    assert done == {"infirmière": Translated("Nurse", "dictionary"), DESCRIPTION: Translated(DESCRIPTION, "untranslated")}
    assert offline.llm_calls == 0


def test_the_same_language_needs_no_translation(conn: Conn, translator: Translator,
                                                script: ScriptedLLM) -> None:
    assert translator.translate(conn, DESCRIPTION, source="fr", target="fr") == Translated(DESCRIPTION, "same_language")
    assert translator.translate_many(conn, [], source="fr", target="en") == {}
    assert script.chat_calls == 0


def test_every_lookup_is_a_translation_event_saying_where_each_text_was_found(
    conn: Conn, model: BaseChatModel, script: ScriptedLLM
) -> None:
    translations.remember(conn, [("Calme et croyante", "Calm and a believer")], source="fr", target="en",
                          context_type="profile_card")
    script.texts.append("Loves cooking and dancing")
    cards = Translator(model, component="profile_card")
    cards.translate_many(conn, ["Infirmière", "Calme et croyante", DESCRIPTION], source="fr", target="en",
                         context_type="profile_card")
    assert "dating profile" in script.requests[0]["messages"][0]["content"]
    cards.translate_many(conn, ["Infirmière"], source="fr", target="fr")  # nothing to translate: no event
    rows = conn.execute("SELECT * FROM performance_metrics WHERE event_type = 'translation'").fetchall()
    assert len(rows) == 1
    assert (rows[0]["source_component"], rows[0]["client_id"], rows[0]["success_rate"]) == ("profile_card", None, 1)
    assert rows[0]["metadata"] == {"source": "fr", "target": "en", "context_type": "profile_card",
                                   "found": {"dictionary": 1, "cache": 1, "llm": 1}}
