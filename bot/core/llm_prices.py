"""What an LLM call cost, from the tokens the provider reported and a small price table.

USD per million tokens (input, output), from the providers' public price lists
(mistral.ai/pricing, openai.com/api/pricing, standard tier, checked November 2025). A
model is priced by the longest entry its name starts with ("gpt-4o-mini-2024-07-18" is
"gpt-4o-mini", "mistral-small-latest" is "mistral-small"). MATCHBOT_LLM_PRICES adds or
overrides entries (JSON: {"my-model": [0.2, 0.6]}) for another model or a negotiated
price. A model in neither has no cost recorded (NULL, never a made-up 0).
"""

from __future__ import annotations

from collections.abc import Mapping

Prices = Mapping[str, tuple[float, float]]

PRICES_PER_MILLION: dict[str, tuple[float, float]] = {
    "mistral-small": (0.10, 0.30),
    "mistral-medium": (0.40, 2.00),
    "mistral-large": (2.00, 6.00),
    "ministral-3b": (0.04, 0.04),
    "ministral-8b": (0.10, 0.10),
    "open-mistral-nemo": (0.15, 0.15),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-5-nano": (0.05, 0.40),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5": (1.25, 10.00),
}


def price_of(model: str | None, extra: Prices | None = None) -> tuple[float, float] | None:
    """(input, output) USD per million tokens for a model name, or None when unknown."""
    if not model:
        return None
    table = {**PRICES_PER_MILLION, **(extra or {})}
    name = model.lower()
    matches = [key for key in table if name.startswith(key.lower())]
    return table[max(matches, key=len)] if matches else None


def cost_usd(model: str | None, *, input_tokens: int, output_tokens: int, extra: Prices | None = None) -> float | None:
    """The call's cost in USD (6 decimals), or None for a model with no known price."""
    price = price_of(model, extra)
    if price is None:
        return None
    return round((input_tokens * price[0] + output_tokens * price[1]) / 1_000_000, 6)
