"""knowledge/translations.py: the seeded dictionary (exact entry first, then without case or
accents), the cache's 90 days, and the `translation` metric written whatever the caller's role."""

from __future__ import annotations

from datetime import timedelta

from bot.core.connections import Conn
from bot.lead_platform.enrichment.taxonomy import INTENT_FR, TONE_FR
from knowledge import translations
from knowledge.demo_profiles import catalogue_translations

DESCRIPTION = "Aime la cuisine et la danse"


def test_the_catalogue_vocabulary_is_seeded_by_the_migration(conn: Conn) -> None:
    # Migration 0019 holds a copy of the demo word lists: a word added there needs a migration.
    pairs = catalogue_translations()
    known = translations.from_dictionary(conn, [fr for fr, _, _ in pairs], source="fr", target="en")
    assert known == {fr: en for fr, en, _ in pairs}


def test_intents_urgencies_and_tones_are_seeded_both_ways(conn: Conn) -> None:
    assert translations.from_dictionary(conn, list(INTENT_FR), source="en", target="fr") == INTENT_FR
    assert translations.from_dictionary(conn, list(INTENT_FR.values()), source="fr", target="en") == {
        fr: en for en, fr in INTENT_FR.items()}
    assert translations.from_dictionary(conn, list(TONE_FR), source="en", target="fr") == TONE_FR
    assert translations.from_dictionary(conn, ["Élevée", "moyenne", "FAIBLE"], source="fr", target="en") == {
        "Élevée": "High", "moyenne": "Medium", "FAIBLE": "Low"}


def test_the_exact_entry_comes_before_one_that_differs_by_case_or_accents(conn: Conn) -> None:
    # Both spellings of a hobby are seeded, as a list shows it inside a sentence and at its head.
    assert translations.from_dictionary(conn, ["La lecture", "la lecture"], source="fr", target="en") == {
        "La lecture": "Reading", "la lecture": "reading"}
    translations.add_to_dictionary(conn, [("Sœur aînée", "Elder sister", "family")])
    assert translations.from_dictionary(conn, ["soeur ainee", "SŒUR AÎNÉE"], source="fr", target="en") == {
        "soeur ainee": "Elder sister", "SŒUR AÎNÉE": "Elder sister"}
    # The lookup reads the index on the folded text, not the whole dictionary.
    with conn.transaction():
        conn.execute("SET LOCAL enable_seqscan = off")
        plan = "\n".join(r["QUERY PLAN"] for r in conn.execute(
            f"EXPLAIN SELECT 1 FROM translation_dictionary d WHERE d.source_language = 'fr' "
            f"AND d.target_language = 'en' AND {translations.FOLDED.format('d.source_text')} = 'la lecture'"))
    assert "translation_dictionary_folded_idx" in plan


def test_a_cached_translation_lasts_90_days(conn: Conn) -> None:
    translations.remember(conn, [(DESCRIPTION, "Loves cooking and dancing")], source="fr", target="en",
                          context_type="profile_card")
    row = conn.execute("SELECT expires_at - created_at AS ttl FROM translation_cache").fetchone()
    assert row["ttl"] == timedelta(days=90)
    assert translations.from_cache(conn, [DESCRIPTION], source="fr", target="en", context_type="profile_card") == {
        DESCRIPTION: "Loves cooking and dancing"}
    # Its use is recorded, at most hourly (a hit is a read, not a write, most of the time).
    conn.execute("UPDATE translation_cache SET last_used_at = now() - interval '2 hours'")
    translations.from_cache(conn, [DESCRIPTION], source="fr", target="en", context_type="profile_card")
    row = conn.execute("SELECT now() - last_used_at AS idle FROM translation_cache").fetchone()
    assert row["idle"] < timedelta(minutes=1)
    conn.execute("UPDATE translation_cache SET expires_at = now() - interval '1 second'")
    assert translations.from_cache(conn, [DESCRIPTION], source="fr", target="en", context_type="profile_card") == {}
    # Cached again (a new translation): another 90 days.
    translations.remember(conn, [(DESCRIPTION, "Enjoys cooking and dancing")], source="fr", target="en",
                          context_type="profile_card")
    row = conn.execute("SELECT translated_text, expires_at - now() AS left FROM translation_cache").fetchone()
    assert row["translated_text"] == "Enjoys cooking and dancing" and row["left"] > timedelta(days=89)


def test_the_metric_is_written_as_the_service_and_the_callers_role_is_kept(conn: Conn) -> None:
    with conn.transaction():
        # As a tenant without a tenant set, RLS would refuse a row of no client: the service writes it.
        conn.execute("SET LOCAL ROLE matchbot_app")
        translations.record_use(conn, client_id=None, component="profile_card", counts={"dictionary": 2},
                                response_time_ms=3, context={"source": "fr", "target": "en"})
        assert conn.execute("SELECT current_user AS role").fetchone()["role"] == "matchbot_app"
    row = conn.execute("SELECT * FROM performance_metrics").fetchone()
    assert (row["event_type"], row["source_component"], row["client_id"], row["success_rate"]) == (
        "translation", "profile_card", None, 1)
    assert row["metadata"] == {"source": "fr", "target": "en", "found": {"dictionary": 2}}
    assert row["response_time_ms"] == 3 and row["metric_unit"] == "ms"
    # With no role set (the bot's own connection), none is left set afterwards either.
    with conn.transaction():
        user = conn.execute("SELECT current_user AS role").fetchone()["role"]
        translations.record_use(conn, client_id=None, component="profile_card", counts={"cache": 1},
                                response_time_ms=1)
        assert conn.execute("SELECT current_user AS role").fetchone()["role"] == user
    assert conn.execute("SELECT count(*) AS n FROM performance_metrics").fetchone()["n"] == 2
