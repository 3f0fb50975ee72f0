"""Text folding shared by SQL filters and Python: case-, accent- and hyphen-insensitive."""

from __future__ import annotations

import unicodedata

# The same mapping runs in SQL (translate) and in Python, so that both sides agree
# without the unaccent extension, which managed databases do not always offer.
# Upper-case letters are listed too: lower() leaves them alone under the C locale.
ACCENTED = "-'àáâãäåçèéêëìíîïñòóôõöùúûüýÿœæÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝŸŒÆ"
PLAIN = "  aaaaaaceeeeiiiinooooouuuuyyoaaaaaaaceeeeiiiinooooouuuuyyoa"


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form of a name (cities, neighbourhoods)."""
    lowered = text.lower().translate(str.maketrans(ACCENTED, PLAIN))
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())
