"""The thread's option lists, built once, are exactly what the template's loops wrote."""

from __future__ import annotations

from jinja2 import Environment

from bot.console.messages import CONTEXT_LABELS, INTENT_LABELS
from bot.console.options import option_tags

LOOP = Environment(autoescape=True).from_string(
    "{% for key, text in labels.items() %}<option value=\"{{ key }}\"{{ ' selected' if key == chosen }}>"
    "{{ text }}</option>{% endfor %}"
)


def test_option_tags_match_the_template_loop() -> None:
    for name, labels in (("intent", INTENT_LABELS), ("context", CONTEXT_LABELS)):
        for chosen in (None, next(iter(labels)), list(labels)[-1], "not-a-key", {"odd": "metadata"}):
            expected = LOOP.render(labels=labels, chosen=chosen if isinstance(chosen, str) else None)
            assert str(option_tags(name, chosen)) == expected
