"""Tests for Ukraine's settlement register: reading the codifier, placing villages at their
community's centre, and resolving and reporting such approximate places honestly."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from sitrep import geocode, nlp
from sitrep.gazetteer import Gazetteer
from sitrep.geo import katottg
from sitrep.geo.names import romanized_variants
from sitrep.pipeline import Pipeline
from sitrep.records import Article, Place

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# (first-level code, second, third, fourth, category, name), as the codifier lays them out.
_ROWS = [
    ("UA14000000000000000", "", "", "", "O", "Донецька"),
    ("UA14000000000000000", "UA14020000000000000", "", "", "P", "Бахмутський"),
    ("UA14000000000000000", "UA14020000000000000", "UA14020010000000000", "", "H", "Бахмутська "),
    ("UA14000000000000000", "UA14020000000000000", "UA14020010000000000", "UA1", "M", "Бахмут"),
    ("UA14000000000000000", "UA14020000000000000", "UA14020010000000000", "UA2", "C", "Кліщіївка"),
    ("UA14000000000000000", "UA14020000000000000", "UA14020020000000000", "", "H", "Соледарська"),
    ("UA14000000000000000", "UA14020000000000000", "UA14020020000000000", "UA3", "M", "Соледар"),
    ("UA14000000000000000", "UA14020000000000000", "UA14020020000000000", "UA4", "C", "Кам’янка"),
    ("UA01000000000000000", "", "", "", "O", "Автономна Республіка Крим"),
]


def _write_codifier(path: Path, rows: list[tuple[str, ...]] = _ROWS) -> Path:
    """A tiny workbook in the codifier's layout (shared strings, one sheet)."""
    strings: list[str] = []
    cells = []
    for r, row in enumerate(rows, start=5):
        xml = []
        for column, value in zip("ABCDEFG", (*row[:4], "", *row[4:]), strict=True):
            if column == "E" or not value:
                continue
            strings.append(value)
            xml.append(f'<c r="{column}{r}" t="s"><v>{len(strings) - 1}</v></c>')
        cells.append(f'<row r="{r}">{"".join(xml)}</row>')
    shared = "".join(f"<si><t>{s}</t></si>" for s in strings)
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("xl/sharedStrings.xml", f'<sst xmlns="{_NS}">{shared}</sst>')
        book.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{_NS}"><sheetData>{"".join(cells)}</sheetData></worksheet>',
        )
    return path


def test_codifier_codes_that_differ_from_iso_3166_2_are_mapped(tmp_path):
    l1, l2, h1 = "UA44000000000000000", "UA44020000000000000", "UA44020010000000000"
    c1, c2, h2 = "UA73000000000000000", "UA73020000000000000", "UA73020010000000000"
    rows = [
        (l1, "", "", "", "O", "Луганська"),
        (l1, l2, "", "", "P", "Алчевський"),
        (l1, l2, h1, "", "H", "Алчевська"),
        (l1, l2, h1, "UA5", "M", "Алчевськ"),
        (c1, "", "", "", "O", "Чернівецька"),
        (c1, c2, "", "", "P", "Вижницький"),
        (c1, c2, h2, "", "H", "Вижницька"),
        (c1, c2, h2, "UA6", "M", "Вижниця"),
    ]  # fmt: skip
    found = list(katottg.settlements(_write_codifier(tmp_path / "k.xlsx", rows)))
    assert [(r.name, r.oblast) for r in found] == [("Алчевськ", "UA-09"), ("Вижниця", "UA-77")]


def _place(name, lat, lon, code, *, admin2=None, pop=None):
    return Place(
        name=name, latitude=lat, longitude=lon, country_code="UA", country="Ukraine",
        admin1="Donetsk Oblast", admin2=admin2, feature_class="A" if code[:3] == "ADM" else "P",
        feature_code=code, population=pop,
    )  # fmt: skip


OBLAST = _place("Donetsk Oblast", 48.0, 37.8, "ADM1", pop=4_100_000)
RAION = _place("Bakhmut Raion", 48.6, 38.0, "ADM2", admin2="Bakhmut Raion", pop=200_000)
BAKHMUT = _place("Bakhmut", 48.59, 38.0, "PPL", admin2="Bakhmut Raion", pop=70_000)
SOLEDAR = _place("Soledar", 48.68, 38.09, "PPL", admin2="Bakhmut Raion", pop=10_000)


def _known_towns(name: str, oblast: Place) -> list[Place]:
    forms = set(romanized_variants(name))
    return [p for p in (BAKHMUT, SOLEDAR) if p.name.lower() in forms]


def test_codifier_rows_know_their_oblast_raion_and_community_centre(tmp_path):
    rows = list(katottg.settlements(_write_codifier(tmp_path / "k.xlsx")))
    assert [r.name for r in rows] == ["Бахмут", "Кліщіївка", "Соледар", "Кам’янка"]
    assert {r.oblast for r in rows} == {"UA-14"}
    assert [r.centre for r in rows] == ["Бахмут", "Бахмут", "Соледар", "Соледар"]
    assert rows[1].raion == "Бахмутський"


def test_villages_take_their_community_centre_and_known_towns_are_skipped(tmp_path):
    rows = list(katottg.settlements(_write_codifier(tmp_path / "k.xlsx")))
    found = list(
        katottg.approximate_places(
            rows, oblasts={"UA-14": OBLAST}, raions=lambda _: [RAION], towns=_known_towns
        )
    )
    by_name = {place.name: (place, ukrainian) for place, ukrainian in found}
    assert set(by_name) == {"Klishchiivka", "Kamianka"}  # Bakhmut and Soledar are known
    village, ukrainian = by_name["Klishchiivka"]
    assert ukrainian == "Кліщіївка"
    assert (village.latitude, village.longitude) == (BAKHMUT.latitude, BAKHMUT.longitude)
    assert village.admin2 == "Bakhmut Raion" and village.feature_code == katottg.APPROXIMATE
    kamianka = by_name["Kamianka"][0]
    assert (kamianka.latitude, kamianka.longitude) == (SOLEDAR.latitude, SOLEDAR.longitude)


def test_a_raion_named_otherwise_in_the_index_is_found_by_its_community_centres(tmp_path):
    rows = list(katottg.settlements(_write_codifier(tmp_path / "k.xlsx")))
    old_name = RAION.model_copy(update={"name": "Artemivsk District", "admin2": "Artemivsk"})
    towns = [p.model_copy(update={"admin2": "Artemivsk"}) for p in (BAKHMUT, SOLEDAR)]
    found = list(
        katottg.approximate_places(
            rows,
            oblasts={"UA-14": OBLAST},
            raions=lambda _: [old_name],
            towns=lambda name, _: [p for p in towns if p.name.lower() in romanized_variants(name)],
        )
    )
    assert {place.admin2 for place, _ in found} == {"Artemivsk"}
    none = katottg.approximate_places(rows, oblasts={"UA-14": OBLAST}, raions=lambda _: [],
                                      towns=_known_towns)  # fmt: skip
    assert list(none) == []  # no raion, no point to trust


def test_apostrophes_are_dropped_when_romanising():
    assert "kamianka" in romanized_variants("Кам’янка")
    assert "kupiansk" in romanized_variants("Куп'янськ")


def test_ukrainian_names_are_also_written_as_bgn_spells_them():
    assert {"vodyane", "vodiane"} <= set(romanized_variants("Водяне"))
    assert "khutir vilny" in romanized_variants("Хутір Вільний")
    assert romanized_variants("Вільне")[-1] == "vilne"  # the national form comes last


def _russian_latin(ukrainian: str) -> set[str]:
    return {v for form in katottg.russian_forms(ukrainian) for v in romanized_variants(form)}


def test_register_names_are_also_found_in_their_russian_spelling():
    assert "trudovskoye" in _russian_latin("Трудівське")  # -ів- is -ов-, -ське is -ское
    assert "trudovskiye" in _russian_latin("Трудівські")
    assert {"olenovka", "elenovka"} <= _russian_latin("Оленівка")  # initial Оле- is Еле- too
    assert "aleksandrovka" in _russian_latin("Олександрівка")
    assert "andreyevka" in _russian_latin("Андріївка")
    assert "khutor volnyy" in _russian_latin("Хутір Вільний")  # closed-syllable і is о
    assert "molodezhnoye" in _russian_latin("Молодіжне")  # or е
    assert {"zhabichevo", "vodyanoye"} <= _russian_latin("Жабичеве") | _russian_latin("Водяне")
    assert "lisichansk" in _russian_latin("Лисичанськ")
    assert "nikopol" in _russian_latin("Нікополь")  # an open syllable's і is и


def test_an_adjective_and_noun_name_is_also_joined_as_fronts_are_named():
    assert "krasnoliman" in romanized_variants(katottg.joined_form("Красный Лиман"))
    assert katottg.joined_form("Нова Каховка") == "новокаховка"
    assert katottg.joined_form("Хутір Вільний") == ""  # a noun first: nothing to join
    assert katottg.joined_form("Лиман") == ""
    assert "новокаховка" in katottg.russian_forms_of(["Нова Каховка"])


def test_russian_spellings_are_derived_from_ukrainian_names_only():
    assert katottg.russian_forms_of(["Водяное", "Vodyane"]) == []
    assert katottg.russian_forms_of(["Оленівка"]) == katottg.russian_forms("Оленівка")
    assert katottg.russian_forms("Трудовское") == []  # already Russian: nothing differs


def _approximate(name, lat, lon, raion):
    return _place(name, lat, lon, katottg.APPROXIMATE, admin2=raion)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    places = [
        Place(name="Ukraine", latitude=49.0, longitude=31.3, country_code="UA",
              feature_class="A", feature_code="PCLI", population=44_000_000),
        OBLAST, RAION, BAKHMUT,
        _place("Donetsk", 48.02, 37.8, "PPL", admin2="Donetsk Raion", pop=900_000),
        _approximate("Klishchiivka", 48.59, 38.0, "Bakhmut Raion"),
        _approximate("Vodiane", 47.2, 37.3, "Mariupol Raion"),
        _approximate("Vodiane", 48.2, 37.6, "Pokrovsk Raion"),
        _approximate("Mineralne", 48.13, 37.86, "Donetsk Raion"),
        _approximate("Kyrylenko", 48.3, 37.9, "Pokrovsk Raion"),
    ]  # fmt: skip
    return Gazetteer.from_places(places, aliases={"Donetsk Oblast": ["Donetsk"]})


def _run(text, gaz):
    article = Article(id="t", text=text, published=dt.date(2024, 8, 10))
    mentions = geocode.run(nlp.load()(text), article=article, gazetteer=gaz)
    return {m.text: m.place for m in mentions}


def test_a_village_named_with_its_oblast_resolves_to_its_approximate_point(gaz):
    found = _run("Russian forces shelled Klishchiivka, Donetsk, on Sunday.", gaz)
    assert found["Klishchiivka"].feature_code == katottg.APPROXIMATE
    assert found["Donetsk"].feature_code == "ADM1"


def test_a_small_village_named_with_its_oblast_is_a_place():
    village = _place("Hnutove", 47.2, 37.8, "PPL", admin2="Mariupol Raion", pop=300)
    gaz = Gazetteer.from_places([OBLAST, village], aliases={"Donetsk Oblast": ["Donetsk"]})
    found = _run("Rebels fired mortars at positions near Hnutove, Donetsk, on Sunday.", gaz)
    assert found["Hnutove"] == village
    assert "Hnutove" not in _run("Rebels fired mortars near Hnutove on Sunday.", gaz)


def test_a_village_known_only_approximately_is_a_place_after_near(gaz):
    found = _run("Monitors heard 12 explosions near Mineralne on Sunday.", gaz)
    assert found["Mineralne"].feature_code == katottg.APPROXIMATE
    assert "Mineralne" not in _run("Mineralne said the shop had closed.", gaz)


def test_a_person_named_before_an_oblast_is_no_village(gaz):
    found = _run("Two people were killed, said Pavlo Kyrylenko, Donetsk's governor.", gaz)
    assert not any("Kyrylenko" in text for text in found)


def test_namesakes_far_apart_in_the_oblast_stay_unresolved(gaz):
    found = _run("Russian forces shelled Vodiane, Donetsk, on Sunday.", gaz)
    assert found["Vodiane"] is None


def test_an_event_at_an_approximate_place_says_so(gaz):
    pipeline = Pipeline(gazetteer=gaz, batch_size=4)
    article = Article(
        id="a",
        text="On 9 May 2024, Russian forces shelled Ukrainian positions near "
        "Klishchiivka, Donetsk.",
        published=dt.date(2024, 5, 9),
    )
    event = next(iter(pipeline.run([article]))).events[0]
    assert event.location == "Klishchiivka"
    assert event.geo_precision == 2
    assert "location_approximate" in event.evidence
