"""French alphabetical order: accents, case and ligatures ignored, ties broken by the
text itself, so that 'États-Unis' sorts among the E and 'Égypte' before 'Espagne'."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Letters that do not decompose into a base letter and accents.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "’": "'"})


@lru_cache(maxsize=65536)
def french_key(text: str) -> tuple[str, str]:
    """The sort key of a name in French order."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    return base.casefold(), text
