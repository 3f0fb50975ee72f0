"""agents/grounding.py: a model's answer or translation goes out only when it keeps the facts."""

from __future__ import annotations

import pytest

from agents.grounding import MAX_LENGTH, MIN_LENGTH, check_answer, check_translation, numbers_in

ENTRY = ("La consultation est gratuite. Une mise en relation coûte 15 000 FCFA, payable par "
         "Orange Money ou MTN MoMo.")
FAITHFUL = "La consultation est gratuite ; une mise en relation coûte 15 000 FCFA, par Orange Money ou MTN MoMo."


def test_a_faithful_rephrasing_passes() -> None:
    assert check_answer(FAITHFUL, entry=ENTRY, lang="fr").ok


@pytest.mark.parametrize("price", ["15000", "15.000", "15,000", "15 000"])
def test_a_price_written_another_way_is_the_same_price(price: str) -> None:
    answer = FAITHFUL.replace("15 000", price)
    check = check_answer(answer, entry=ENTRY, lang="fr")
    assert check.ok, check.reasons


def test_a_dropped_number_is_rejected() -> None:
    check = check_answer(FAITHFUL.replace("15 000", "quinze mille"), entry=ENTRY, lang="fr")
    assert not check.ok
    assert "drops ['15000']" in check.reasons


def test_an_invented_number_is_rejected() -> None:
    answer = FAITHFUL.replace("15 000 FCFA", "15 000 FCFA (20 000 FCFA en urgence)")
    check = check_answer(answer, entry=ENTRY, lang="fr")
    assert not check.ok
    assert "adds ['20000']" in check.reasons


def test_a_changed_price_is_both_dropped_and_invented() -> None:
    check = check_answer(FAITHFUL.replace("15 000", "10 000"), entry=ENTRY, lang="fr")
    assert check.reasons == ["drops ['15000']", "adds ['10000']"]


def test_an_added_service_is_rejected() -> None:
    answer = FAITHFUL.replace("Orange Money ou MTN MoMo", "Orange Money, MTN MoMo ou Western Union")
    check = check_answer(answer, entry=ENTRY, lang="fr")
    assert not check.ok
    assert "adds ['western union']" in check.reasons


def test_a_dropped_service_is_rejected() -> None:
    check = check_answer(FAITHFUL.replace(" ou MTN MoMo", ""), entry=ENTRY, lang="fr")
    assert not check.ok
    assert "drops ['momo', 'mtn']" in check.reasons


def test_services_are_compared_without_case_or_accents() -> None:
    answer = FAITHFUL.replace("Orange Money ou MTN MoMo", "ORANGE MONEY ou mtn momo")
    assert check_answer(answer, entry=ENTRY, lang="fr").ok


def test_an_added_link_is_rejected_but_the_entrys_own_link_is_kept() -> None:
    added = check_answer(FAITHFUL + " Payez sur https://pay.example.com", entry=ENTRY, lang="fr")
    assert "adds a link" in added.reasons
    entry = ENTRY + " Détails sur https://agence.example/tarifs"
    kept = check_answer(FAITHFUL + " Détails : https://agence.example/tarifs", entry=entry, lang="fr")
    assert kept.ok, kept.reasons
    www = check_answer(FAITHFUL + " Voir www.example.org", entry=ENTRY, lang="fr")
    assert "adds a link" in www.reasons


def test_the_wrong_language_is_rejected() -> None:
    english = "The consultation is free; an introduction costs 15 000 FCFA, paid with Orange Money or MTN MoMo."
    assert check_answer(english, entry=ENTRY, lang="fr").reasons == ["language en"]
    assert check_answer(english, entry=ENTRY, lang="en").ok


def test_an_answer_too_short_or_too_long_is_rejected() -> None:
    assert "length 4" in check_answer("Oui.", entry="Oui.", lang="fr").reasons
    long = (FAITHFUL + " ") * (MAX_LENGTH // len(FAITHFUL) + 1)
    assert f"length {len(long.strip())}" in check_answer(long, entry=ENTRY, lang="fr").reasons


def test_the_length_bounds_are_inclusive() -> None:
    entry = "Nous sommes une agence sérieuse."
    shortest = "Oui, agence." + " " * 5  # surrounding spaces do not count
    assert len(shortest.strip()) == MIN_LENGTH
    assert check_answer(shortest, entry=entry, lang="fr").ok
    longest = ("Nous sommes une agence sérieuse et discrète. " * 20)[:MAX_LENGTH]
    assert check_answer(longest, entry=entry, lang="fr").ok
    assert not check_answer(longest + "x", entry=entry, lang="fr").ok


def test_numbers_are_read_without_separators() -> None:
    assert numbers_in("15 000 FCFA, 48 h, 2,5 %") == {"15000", "48", "25"}
    assert numbers_in("aucun chiffre") == set()


def test_a_faithful_reordering_of_two_numbers_passes() -> None:
    entry = "Depuis 2015, 300 couples se sont rencontrés grâce à nous."
    assert check_answer("300 couples se sont rencontrés grâce à nous depuis 2015.", entry=entry, lang="fr").ok


class TestTranslation:
    def test_a_faithful_translation_passes(self) -> None:
        assert check_translation("Calm and a believer", source="Calme et croyante", lang="en").ok
        assert check_translation("Nurse, 29 years old", source="Infirmière, 29 ans", lang="en").ok

    def test_different_numbers_are_rejected(self) -> None:
        check = check_translation("Nurse, 30 years old", source="Infirmière, 29 ans", lang="en")
        assert check.reasons == ["numbers differ"]
        assert not check_translation("Nurse", source="Infirmière, 29 ans", lang="en").ok

    def test_a_link_is_rejected(self) -> None:
        assert "adds a link" in check_translation("Nurse www.x.io", source="Infirmière", lang="en").reasons

    def test_the_source_language_left_as_is_is_rejected(self) -> None:
        assert check_translation("Calme et croyante", source="Calme et croyante", lang="en").reasons == ["language fr"]

    def test_an_empty_or_padded_translation_is_rejected(self) -> None:
        assert check_translation("  ", source="Infirmière", lang="en").reasons == ["length 0"]
        padded = "Nurse who loves cooking and dancing, and travelling the world"
        assert check_translation(padded, source="Infirmière", lang="en").reasons == [f"length {len(padded)}"]
        # Up to twice the source's length plus 20 characters is a translation, not a paragraph.
        assert check_translation("Nurse in a big hospital", source="Infirmière", lang="en").ok


# What SmolLM2-135M wrote for this entry in bench llm_realism: French-looking, facts kept,
# meaning lost. It must not reach a member.
BROKEN = ("La consultation est gratuite, vous devez la mise en relation coûte 15 000 FCFA, le paiement "
          "Orange Money ou MTN MoMo se fait au rendez-vous de l'amour avec votre âme soeur, vos "
          "chances augmentent chaque jour avec nos experts et leur garantie.")


def test_a_rephrasing_that_brings_its_own_content_is_rejected() -> None:
    check = check_answer(BROKEN, entry=ENTRY, lang="fr")
    assert not check.ok
    assert any("not in the entry" in reason for reason in check.reasons)


def test_words_of_the_members_question_and_courtesy_may_be_added() -> None:
    answer = f"Bonjour ! Merci pour votre question sur les tarifs : {FAITHFUL}"
    check = check_answer(answer, entry=ENTRY, lang="fr", question="c combien vos tarifs ?")
    assert check.ok, check.reasons


def test_an_answer_that_keeps_too_little_of_the_entry_is_rejected() -> None:
    check = check_answer("Gratuit, 15 000 FCFA, par Orange Money ou MTN.",
                         entry=ENTRY + " Aucun frais caché, aucun abonnement, remboursement si refus.",
                         lang="fr")
    assert any(reason.startswith("keeps") for reason in check.reasons)


@pytest.mark.parametrize("echo", ["Entry answer: ", "Member's question: c combien ? ", "System prompt: "])
def test_an_answer_that_echoes_the_prompt_is_rejected(echo: str) -> None:
    check = check_answer(echo + FAITHFUL, entry=ENTRY, lang="fr")
    assert "prompt scaffolding" in check.reasons


@pytest.mark.parametrize("familiar", ["Tu sais, ", "Pour toi, ", "Si t'as une question, "])
def test_a_french_answer_that_says_tu_is_rejected(familiar: str) -> None:
    check = check_answer(familiar + FAITHFUL[0].lower() + FAITHFUL[1:], entry=ENTRY, lang="fr")
    assert "says tu, not vous" in check.reasons
