"""agents/smalltalk.py: the weather a member chats about."""

from __future__ import annotations

import pytest

from agents.smalltalk import weather_of


@pytest.mark.parametrize(("text", "weather"), [
    ("il fait trop chaud à dla aujourd'hui 🥵", "heat"),
    ("la pluie là à yaoundé ce matin, on a souffert", "rain"),
    ("il neige à Montréal, on gèle", "cold"),
    ("harmattan don start for Garoua o", "cold"),
    ("it's raining cats and dogs in Buea", "rain"),
    ("☀️☀️ quelle journée", "heat"),
    ("le match d'hier là, les Lions ont gagné !", None),
    ("je cherche une femme chaleureuse", None),
])
def test_weather_of(text: str, weather: str | None) -> None:
    assert weather_of(text) == weather
