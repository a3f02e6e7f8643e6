"""French alphabetical order for every list of names the site prints: accents, case,
punctuation and ligatures ignored, ties broken by the text itself, so that 'États-Unis'
sorts among the E and 'Égypte' before 'Espagne'. The first level is the registry's
collation key (people's index sorts by surname with it), so every page orders alike."""

from __future__ import annotations

from functools import lru_cache

from ..registry import collation_key

# Letters that do not decompose into a base letter and accents.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


@lru_cache(maxsize=65536)
def french_key(text: str) -> tuple[str, str]:
    """The sort key of a name in French order."""
    return collation_key(text.translate(_LIGATURES)), text
