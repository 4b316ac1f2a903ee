"""The word tables of the event stage, read from ``data/event_words.json`` (and those of
the actor roles from ``data/actor_words.json``) on first use."""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources
from typing import Any

_WORDS_FILE = "event_words.json"
_ACTOR_WORDS_FILE = "actor_words.json"


@cache
def _tables(file_name: str = _WORDS_FILE) -> dict[str, Any]:
    text = resources.files("sitrep.data").joinpath(file_name).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def words(name: str) -> frozenset[str]:
    """The word list ``name`` of ``event_words.json``, with its ``@name`` includes expanded.

    Raises:
        KeyError: when the file has no such list.
    """
    found: set[str] = set()
    for word in _tables()[name]["words"]:
        found |= words(word[1:]) if word.startswith("@") else {word}
    return frozenset(found)


@lru_cache(maxsize=1)
def aside_heads() -> dict[str, frozenset[str]]:
    """Nouns a reported-speech aside hangs an event word on, with the prepositions that do it."""
    return {noun: frozenset(preps) for noun, preps in _tables()["aside_heads"]["words"].items()}


@cache
def actor_words(name: str) -> frozenset[str]:
    """The word list ``name`` of ``actor_words.json``.

    Raises:
        KeyError: when the file has no such list.
    """
    return frozenset(_tables(_ACTOR_WORDS_FILE)[name]["words"])
