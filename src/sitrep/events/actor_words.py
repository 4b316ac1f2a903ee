"""The word tables of the actor roles, read from ``data/actor_words.json`` on first use."""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources
from typing import Any

_WORDS_FILE = "actor_words.json"


@lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    text = resources.files("sitrep.data").joinpath(_WORDS_FILE).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def actor_words(name: str) -> frozenset[str]:
    """The word list ``name`` of ``actor_words.json``.

    Raises:
        KeyError: when the file has no such list.
    """
    return frozenset(_tables()[name]["words"])
