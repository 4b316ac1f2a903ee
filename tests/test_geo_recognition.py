"""Tests for toponym recognition: places inside longer names, and small towns named without
a cue word that count only near the article's other places."""

from __future__ import annotations

import datetime as dt

import pytest

from place_fixture import place as _place
from sitrep import geocode, nlp
from sitrep.gazetteer import Gazetteer
from sitrep.gazetteer import load as load_index
from sitrep.geo.name_parts import known_part
from sitrep.geo.recognize import recognize
from sitrep.geo.resolve import mentions
from sitrep.records import Article

LITCHFIELD = _place("Litchfield", 41.75, -73.19, "US", "PPL", 8_000, admin1="CT")
PLACES = [
    _place("United States", 39.8, -98.5, "US", "PCLI", 330_000_000),
    _place("Egypt", 26.7, 30.8, "EG", "PCLI", 100_000_000),
    _place("Ohio", 40.4, -82.7, "US", "ADM1", 11_700_000, admin1="OH"),
    _place("Cincinnati", 39.1, -84.5, "US", "PPL", 311_000, admin1="OH"),
    _place("Luhansk", 48.57, 39.31, "UA", "PPLA", 400_000, admin1="Luhansk Oblast"),
    _place("Danbury", 41.39, -73.45, "US", "PPL", 84_000, admin1="CT"),
    _place("Union", 38.94, -84.68, "US", "PPL", 7_000, admin1="KY"),
    LITCHFIELD,
]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_places(PLACES, aliases={"United States": ["US"]})


def _mentions(text, gaz):
    article = Article(id="t", text=text, published=dt.date(2024, 1, 1))
    return geocode.run(nlp.load()(text), article=article, gazetteer=gaz)


def test_a_place_heading_an_organisation_name_or_after_its_preposition_is_a_toponym(gaz):
    text = (
        "Kelly Smith, a spokeswoman for the Ohio Department of Development, said the "
        "grants were approved. Zoz, a University of Cincinnati student, won one."
    )
    found = {m.text: m.place for m in _mentions(text, gaz)}
    assert found["Ohio"].feature_code == "ADM1"
    assert found["Cincinnati"].name == "Cincinnati"


def test_a_common_word_ending_an_organisation_name_is_no_toponym(gaz):
    text = "Somali forces backed by African Union troops retook the town near Cincinnati."
    assert "Union" not in {m.text for m in _mentions(text, gaz)}


def test_an_armed_group_named_after_a_town_holds_no_place(gaz):
    text = (
        "On 7 May, the Ukrainian Forces fired mortars at the positions of the Luhansk "
        "People's Militia in the area of Berezivske, Luhansk."
    )
    starts = [m.start for m in _mentions(text, gaz) if m.text == "Luhansk"]
    assert starts == [text.rindex("Luhansk")]


def test_a_country_stays_a_place_after_a_person_name_ending_with_it(gaz):
    text = "Rethinking Egypt-US relations. Egypt, which often had trouble, said so."
    starts = [m.start for m in _mentions(text, gaz) if m.text == "Egypt"]
    assert text.index("Egypt,") in starts


def test_a_small_town_without_a_cue_word_is_a_place_only_near_the_other_places(gaz):
    text = "A Danbury mason was arraigned in Litchfield on Monday."
    found = {m.text: m.place for m in _mentions(text, gaz)}
    assert found["Danbury"].admin1 == "CT"
    # The only Danbury known lies in Texas, far from Litchfield: a word, not a place.
    far = Gazetteer.from_places(
        [LITCHFIELD, _place("Danbury", 29.23, -95.34, "US", "PPL", 1_700, admin1="TX")]
    )
    assert [m.text for m in _mentions(text, far)] == ["Litchfield"]


def test_state_abbreviations_are_places_but_other_abbreviations_are_not(gaz_states):
    text = "Rep. James Clyburn, D-S.C., said the bill from Acme Inc. would pass."
    found = {m.text: m.place for m in _mentions(text, gaz_states)}
    assert found["S.C."].name == "South Carolina"
    assert "Inc." not in found


def test_an_upper_case_dateline_inside_an_article_is_a_place(gaz):
    text = "Officials said little last year. DANBURY: The body of a man was found on Monday."
    found = {m.text: m.place for m in _mentions(text, gaz)}
    assert found["DANBURY"].name == "Danbury"


@pytest.fixture(scope="module")
def gaz_states() -> Gazetteer:
    return Gazetteer.from_places(
        [
            _place("South Carolina", 34.0, -81.0, "US", "ADM1", 5_000_000, admin1="SC"),
            _place("Inca", 39.72, 2.91, "ES", "PPL", 150_000),
        ],
        aliases={"South Carolina": ["S.C."], "Inca": ["Inc"]},
    )


def test_a_skeleton_match_outside_the_named_area_stays_unresolved():
    gaz = Gazetteer.from_places(
        [
            _place("Donetsk Oblast", 48.0, 37.8, "UA", "ADM1", 4_100_000, admin1="Donetsk Oblast"),
            _place("Gagarin", 55.55, 35.0, "RU", "PPL", 150_000, admin1="Smolensk Oblast"),
        ],
        aliases={"Donetsk Oblast": ["Donetsk"]},
    )
    text = "Rebels fired at positions in the area of Gagarina, Donetsk."
    article = Article(id="t", text=text, published=dt.date(2024, 1, 1))
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Gagarina", "Donetsk")]
    found = geocode.resolve(nlp.load()(text), spans, article=article, gazetteer=gaz)
    assert [m.place.name if m.place else None for m in found] == [None, "Donetsk Oblast"]


@pytest.fixture(scope="module")
def gaz_districts() -> Gazetteer:
    return Gazetteer.from_places(
        [
            _place("Afghanistan", 33.9, 67.7, "AF", "PCLI", 38_000_000),
            _place("Kunduz", 36.7, 68.9, "AF", "ADM1", 1_100_000, admin1="Kunduz"),
            _place("Kunduz", 36.73, 68.86, "AF", "PPLA", 270_000, admin1="Kunduz"),
            _place("Imam Sahib", 37.18, 68.92, "AF", "PPL", 60_000, admin1="Kunduz"),
            _place("Imam Sahib", 31.9, 74.4, "PK", "PPL", 90_000, admin1="Punjab"),
            _place("Lahore", 31.55, 74.34, "PK", "PPLA", 11_000_000, admin1="Punjab"),
        ]
    )


def _resolved(text, names, gaz):
    article = Article(id="t", text=text, published=dt.date(2024, 1, 1))
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    return geocode.resolve(nlp.load()(text), spans, article=article, gazetteer=gaz)


def test_a_kind_word_between_a_place_and_its_container_keeps_the_containment(gaz_districts):
    for text in (
        "Taliban militants seized 2 check points in Imam Sahib district, Kunduz.",
        "Police fired tear gas at Imam Sahib village (Kunduz).",
        "A bomb hit a patrol in Imam Sahib area of Kunduz on Monday.",
    ):
        spans = [(text.index(n), text.index(n) + len(n)) for n in ("Imam Sahib", "Kunduz")]
        inner, outer = mentions(nlp.load()(text), text, spans, gaz_districts)
        assert inner.within == 1 and outer.contains, text
    text = "Imam Sahib district officials met Kunduz elders."
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Imam Sahib", "Kunduz")]
    inner, _ = mentions(nlp.load()(text), text, spans, gaz_districts)
    assert inner.within is None


def test_a_trailing_kind_of_town_is_not_part_of_the_name(gaz_districts):
    (found,) = _resolved("Journalists protested in Lahore city.", ["Lahore city"], gaz_districts)
    assert found.place is not None and found.place.name == "Lahore"


def test_a_skeleton_match_far_from_its_town_container_stays_unresolved():
    gaz = Gazetteer.from_places(
        [
            _place("Amritsar", 31.63, 74.87, "IN", "PPLA2", 1_100_000, admin1="Punjab"),
            _place("Jatholi", 31.7, 74.9, "IN", "PPL", 2_000, admin1="Punjab"),
            _place("Gagarin", 55.55, 35.0, "RU", "PPL", 150_000, admin1="Smolensk Oblast"),
        ]
    )
    near = _resolved("A mob attacked a youth in Jathola, Amritsar.", ["Jathola", "Amritsar"], gaz)
    assert near[0].place is not None and near[0].place.name == "Jatholi"
    far = _resolved("A mob attacked a youth in Gagarina, Amritsar.", ["Gagarina", "Amritsar"], gaz)
    assert far[0].place is None


def test_a_city_district_names_the_city_by_its_own_name():
    gaz = Gazetteer.from_places(
        [
            _place("Donetsk", 48.02, 37.8, "UA", "PPLA", 900_000, admin1="Donetsk Oblast"),
            _place("Surrey", 49.1, -122.8, "CA", "PPL", 500_000, admin1="BC"),
        ],
        aliases={"Surrey": ["Sare"]},
    )
    found = _resolved(
        "Shelling hit Donetsk-Kirovskyi and Sare-Sang.", ["Donetsk-Kirovskyi", "Sare-Sang"], gaz
    )
    assert [m.place.name if m.place else None for m in found] == ["Donetsk", None]


def test_the_place_inside_a_longer_unknown_name_is_its_known_part():
    gaz = Gazetteer.from_places(
        PLACES
        + [
            _place("Henderson County", 32.2, -95.8, "US", "ADM2", 80_000, admin1="TX"),
            _place("Massachusetts", 42.3, -71.8, "US", "ADM1", 7_000_000, admin1="MA"),
        ]
    )
    text = (
        "He was held at Henderson County Jail, then sent to Western Massachusetts, to St. "
        "Mary's Church in Cincinnati, to Cincinnati Street, to Union Town Hall, to Union "
        "Nickles, to Downtown Cincinnati and to Egypt's Day."
    )
    doc = nlp.load()(text)

    def part(name):
        start = text.index(name)
        found = known_part(doc, start, start + len(name), gaz)
        return text[found[0] : found[1]] if found else None

    assert part("Henderson County Jail") == "Henderson County"
    assert part("Western Massachusetts") == "Massachusetts"
    assert part("St. Mary's Church in Cincinnati") == "Cincinnati"
    assert part("Cincinnati Street") is None  # a street named after the city
    assert part("Union Town Hall") == "Union"  # a town's site
    assert part("Union Nickles") is None  # a small town's name heads other names too
    assert part("Downtown Cincinnati") == "Cincinnati"
    assert part("Egypt's Day") is None


def test_a_place_entity_the_index_lacks_is_placed_at_the_place_it_holds():
    county = _place("Henderson County", 32.2, -95.8, "US", "ADM2", 80_000, admin1="TX")
    gaz = Gazetteer.from_places(PLACES + [county])
    text = "The man was booked into the Henderson County Jail on Monday."
    (jail,) = _mentions(text, gaz)
    assert jail.text == "Henderson County Jail"  # the span spaCy found, the place it holds
    assert jail.place == county


def test_a_place_after_a_qualifier_heading_an_organisation_name_is_a_toponym():
    state = _place("Pennsylvania", 40.9, -77.7, "US", "ADM1", 12_800_000, admin1="PA")
    gaz = Gazetteer.from_places(PLACES + [state])
    text = "Nance Shields, president of the Western Pennsylvania Kennel Association, spoke."
    (found,) = _mentions(text, gaz)
    assert found.text == "Pennsylvania" and found.place == state


def test_a_small_town_heading_a_site_name_is_a_place_only_near_the_others():
    augusta = _place("Augusta", 33.47, -81.97, "US", "PPL", 200_000, admin1="GA")
    oakdale = _place("Oakdale", 33.5, -82.1, "US", "PPL", 2_000, admin1="GA")
    far_oakdale = _place("Oakdale", 37.77, -120.85, "US", "PPL", 1_500, admin1="CA")
    gaz = Gazetteer.from_places(PLACES + [augusta, oakdale, far_oakdale])
    found = _mentions("The Oakdale Fire Department will host tryouts in Augusta.", gaz)
    assert [(m.text, m.place) for m in found] == [("Oakdale", oakdale), ("Augusta", augusta)]
    assert not _mentions("The Oakdale Fire Department will host tryouts.", gaz)


def test_the_surname_of_a_person_named_with_a_possessive_is_not_a_place():
    jones = _place("Jones", 14.6, 120.9, "PH", "PPL", 150_000)
    gaz = Gazetteer.from_places(PLACES + [jones])
    text = (
        "The Rev. Roy Jones' most recent job was at a store. McCoy said of Jones' "
        "appointment that Jones will be paid $9 an hour."
    )
    assert not [m for m in _mentions(text, gaz) if m.text == "Jones"]


def test_a_person_spacy_takes_for_an_organisation_lends_no_place_name():
    petrova = _place("Petrova", 47.6, 24.1, "RO", "PPL", 2_500)
    gaz = Gazetteer.from_places(PLACES + [petrova])
    text = (
        '"Some go together, some don\'t," said Yevgenia Petrova, deputy director of the '
        'museum. "It was not patriotic," Petrova said.'
    )
    assert not _mentions(text, gaz)


NAMED_LIKE_PLACES = Gazetteer.from_places(
    [
        _place("Bell County", 31.04, -97.48, "US", "ADM2", 313_000, admin1="TX"),
        _place("Toyota", 35.08, 137.16, "JP", "PPL", 426_000, admin1="23"),
        _place("Stevens County", 39.60, -119.70, "US", "ADM2", 9_000, admin1="NV"),
        _place("Welch", 36.20, -115.10, "US", "PPL", 2_000, admin1="NV"),
        _place("Las Vegas", 36.17, -115.14, "US", "PPL", 640_000, admin1="NV"),
        _place("Reno", 39.53, -119.81, "US", "PPL", 250_000, admin1="NV"),
        _place("Charleston", 38.35, -81.63, "US", "PPLA", 48_000, admin1="WV"),
        _place("Elbow Lake", 45.99, -95.98, "US", "PPL", 1_100, admin1="MN"),
        _place("Hume", 37.99, -94.58, "US", "PPL", 500, admin1="MO"),
        _place("North Carolina", 35.5, -79.4, "US", "ADM1", 10_400_000, admin1="NC"),
        _place("Carthage", 35.35, -79.42, "US", "PPL", 2_200, admin1="NC"),
        _place("Crafton", 40.43, -80.07, "US", "PPL", 5_900, admin1="PA"),
        _place("Edgar County", 39.68, -87.75, "US", "ADM2", 10_400, admin1="IL"),
    ],
    aliases={"Bell County": ["Bell"], "Stevens County": ["Stevens"], "North Carolina": ["N.C."]},
    demonyms={"Russian": "RU"},
)


def _names(text):
    return [m.text for m in _mentions(text, NAMED_LIKE_PLACES)]


def test_a_name_after_a_model_year_is_a_car_in_all_its_mentions():
    text = (
        "Police said a 2004 Toyota Camry hit a fence in Las Vegas on Friday night. "
        "The Toyota was towed away."
    )
    assert _names(text) == ["Las Vegas"]


def test_a_name_joined_by_an_ampersand_is_a_firm():
    text = "The city hired the architects Stevens & Wilkinson last year, officials in Reno said."
    assert "Stevens" not in _names(text)


def test_a_persons_surname_is_no_place_though_a_big_county_shares_it():
    text = (
        "A jury in Las Vegas cleared the officer who shot Keyon T. Bell in March. "
        "Officer Dale Moss shot Bell as the two fought. Bell ran from the officer."
    )
    assert "Bell" not in _names(text)


def test_a_small_towns_name_spacy_reads_as_a_person_again_and_again_is_the_person():
    text = (
        "A judge in Las Vegas heard that Welch owed money to two men. Welch drove to a "
        "motel in Reno. Friends said Welch was scared. Later, Ortiz told police Welch left."
    )
    assert "Welch" not in _names(text)


def test_a_lawmakers_party_letter_joins_their_home_place():
    text = (
        "Delegate Anna Price, D-Charleston, voted against the bill on Tuesday. "
        "Rep. Tom Lund, R-Elbow Lake, said he would back it."
    )
    assert _names(text) == ["Charleston", "Elbow Lake"]


def test_an_upper_case_small_town_opening_a_story_inside_the_text_is_a_dateline():
    text = (
        "Mill to close. CARTHAGE, N.C. (AP) - The mill will close in May, its owner said. "
        "School budget set. HUME – The school board agreed on a budget on Monday."
    )
    assert _names(text) == ["CARTHAGE", "N.C.", "HUME"]


def test_a_small_town_before_a_word_for_its_people_is_a_place_on_its_own():
    assert _names("A Crafton man won the state lottery on Friday.") == ["Crafton"]


def test_a_county_named_with_its_kind_heading_a_body_is_a_place_on_its_own():
    text = "The grant came from the Edgar County Community Foundation, the mayor said."
    assert _names(text) == ["Edgar County"]


def test_a_lower_case_word_spacy_calls_a_place_is_a_common_word():
    text = "The former minister was sentenced in Georgia in absentia last year."
    assert "absentia" not in _names(text)


def test_demonyms_heading_a_bodys_name_count_only_when_asked_for():
    text = "The envoy met officials of the Russian Foreign Ministry before he flew to Reno."
    article = Article(id="t", text=text, published=dt.date(2024, 1, 1))
    doc = nlp.load()(text)

    def names(demonyms):
        found = geocode.run(doc, article=article, gazetteer=NAMED_LIKE_PLACES, demonyms=demonyms)
        return [m.text for m in found]

    assert names(True) == ["Russian", "Reno"]
    assert names(False) == ["Reno"]


def test_a_word_of_a_persons_name_spacy_also_calls_a_place_is_no_place_when_unknown():
    text = (
        "The rally in Reno will demand that President Saakashvili step down. "
        "Dissatisfaction with Saakashvili has grown since the war."
    )
    assert _names(text) == ["Reno"]


VOLNOVAKHA = _place("Volnovakha", 47.6, 37.5, "UA", "PPL", 21_000, admin1="Donetsk Oblast")
SIVERSKODONETSK = _place(
    "Sievierodonetsk", 48.95, 38.49, "UA", "PPL", 99_000, admin1="Luhansk Oblast"
)


def test_a_small_town_alone_in_a_headline_is_a_place():
    gaz = Gazetteer.from_places(
        [VOLNOVAKHA, SIVERSKODONETSK], aliases={"Sievierodonetsk": ["Severodonetsk"]}
    )
    (found,) = _mentions("Volnovakha hit by rockets", gaz)
    assert found.text == "Volnovakha" and found.place == VOLNOVAKHA
    (found,) = _mentions("Severodonetsk: shelling damages a chemical plant", gaz)
    assert found.place == SIVERSKODONETSK
    # A common word before the colon is the headline's label, not a town of that name.
    # (the packaged index: it knows the towns named Police in Poland and Czechia)
    text = "Police: man arrested after robbery"
    article = Article(id="t", text=text, published=dt.date(2024, 1, 1))
    found = recognize(nlp.load()(text), article=article, gazetteer=load_index())
    assert not found.spans and not found.if_near
    # In a longer text without a cue word it still needs another place nearby.
    story = (
        "Volnovakha hit by rockets. The attack began before dawn and lasted for "
        "hours, witnesses told reporters on Sunday, and the power was cut across the area "
        "for most of the following day."
    )
    assert not _mentions(story, gaz)


def test_a_party_before_a_word_for_its_members_is_no_town():
    cherkasy = _place("Cherkasy", 49.44, 32.06, "UA", "PPL", 270_000, admin1="Cherkasy Oblast")
    svoboda = _place("Svoboda", 49.3, 32.2, "UA", "PPL", 2_000, admin1="Cherkasy Oblast")
    gaz = Gazetteer.from_places([cherkasy, svoboda])
    found = _mentions("Svoboda activists clash with police in Cherkasy", gaz)
    assert [m.text for m in found] == ["Cherkasy"]


def test_a_city_written_after_a_town_stands_for_the_region_named_after_it():
    odesa = _place("Odesa", 46.48, 30.73, "UA", "PPLA", 1_000_000, admin1="Odesa Oblast")
    reni = _place("Reni", 45.46, 28.29, "UA", "PPL", 18_000, admin1="Odesa Oblast")
    rennes = _place("Rennes", 48.11, -1.68, "FR", "PPLA", 220_000, admin1="Bretagne")
    kyiv = _place("Kyiv", 50.45, 30.52, "UA", "ADM1", 2_900_000, admin1="Kyiv")
    ivankiv = _place("Ivankiv", 50.94, 29.9, "UA", "PPL", 10_000, admin1="Kyiv Oblast")
    gaz = Gazetteer.from_places(
        [odesa, reni, rennes, kyiv, ivankiv], aliases={"Rennes": ["Reni"], "Odesa": ["Odessa"]}
    )
    found = {m.text: m.place for m in _mentions("Drone strike damages port in Reni, Odessa", gaz)}
    assert found["Reni"] == reni
    found = {m.text: m.place for m in _mentions("Missile hits a village near Ivankiv, Kyiv", gaz)}
    assert found["Ivankiv"] == ivankiv


def test_a_headline_naming_a_town_and_a_nationality_still_places_the_town():
    gaz = Gazetteer.from_places([VOLNOVAKHA], demonyms={"Ukrainian": "UA"})
    found = _mentions("Volnovakha: militants attack Ukrainian positions", gaz)
    assert [(m.text, m.place) for m in found] == [("Volnovakha", VOLNOVAKHA)]


def test_a_numbered_settlement_is_placed_at_the_town_it_is_named_after():
    oblast = _place("Luhansk Oblast", 48.6, 39.0, "UA", "ADM1", 2_100_000, admin1="Luhansk Oblast")
    zolote = _place("Zolote", 48.7, 38.52, "UA", "PPL", 13_000, admin1="Luhansk Oblast")
    gaz = Gazetteer.from_places([oblast, zolote], aliases={"Luhansk Oblast": ["Luhansk"]})
    found = _mentions("Mortar fire on Zolote-4 and Zolote-5", gaz)
    assert [(m.text, m.place) for m in found] == [("Zolote-4", zolote), ("Zolote-5", zolote)]
    found = _mentions("Zolote-5, Luhansk region, comes under mortar fire", gaz)
    assert [(m.text, m.place) for m in found] == [("Zolote-5", zolote), ("Luhansk", oblast)]


WIRE_PLACES = [
    _place("Somalia", 6.0, 47.0, "SO", "PCLI", 15_000_000),
    _place("Europe", 48.7, 9.1, None, "CONT", 740_000_000),
    _place("United States", 39.8, -98.5, "US", "PCLI", 330_000_000),
    _place("China", 35.0, 105.0, "CN", "PCLI", 1_400_000_000),
    _place("Russia", 60.0, 100.0, "RU", "PCLI", 144_000_000),
    _place("Ukraine", 49.0, 32.0, "UA", "PCLI", 41_000_000),
    _place("Kharkiv", 49.5, 36.5, "UA", "ADM1", 2_600_000, admin1="Kharkiv"),
    _place("Chernihiv", 51.3, 31.9, "UA", "ADM1", 1_000_000, admin1="Chernihiv"),
    _place("Mykolaiv", 47.0, 32.0, "UA", "ADM1", 1_100_000, admin1="Mykolaiv"),
    _place("Kherson", 46.6, 32.6, "UA", "ADM1", 1_000_000, admin1="Kherson"),
    _place("Kyiv", 50.45, 30.52, "UA", "PPLC", 2_900_000, admin1="Kyiv"),
    _place("Dnipropetrovsk", 48.5, 35.0, "UA", "ADM1", 3_100_000, admin1="Dnipropetrovsk"),
    _place("Congress", 34.16, -112.85, "US", "PPL", 1_975, admin1="Arizona"),
    _place("West", 5.5, 10.5, "CM", "ADM1", 1_900_000, admin1="West"),
    _place("Canada", 60.0, -95.0, "CA", "PCLI", 38_000_000),
    _place("Canadian", 35.91, -100.38, "US", "PPL", 2_600, admin1="Texas"),
    _place("India", 22.0, 79.0, "IN", "PCLI", 1_400_000_000),
    _place("Indian River County", 27.69, -80.57, "US", "ADM2", 160_000, admin1="Florida"),
    _place("Iraq", 33.0, 44.0, "IQ", "PCLI", 38_000_000),
    _place("Iran", 32.0, 53.0, "IR", "PCLI", 84_000_000),
    _place("Arāk", 34.09, 49.69, "IR", "PPL", 500_000, admin1="Markazi"),
    _place("Syria", 35.0, 38.0, "SY", "PCLI", 18_000_000),
]


@pytest.fixture(scope="module")
def wire_gaz() -> Gazetteer:
    return Gazetteer.from_places(
        WIRE_PLACES,
        aliases={"United States": ["U.S."], "Arāk": ["Iraq"]},
        demonyms={
            "Somali": "SO",
            "Russian": "RU",
            "Chinese": "CN",
            "Canadian": "CA",
            "Indian": "IN",
        },
    )


def _recognised(text, gaz, *, demonyms=True):
    article = Article(id="t", text=text, published=dt.date(2024, 1, 1))
    found = recognize(nlp.load()(text), article=article, gazetteer=gaz, demonyms=demonyms)
    return [text[s:e] for s, e in found.spans]


def test_a_demonym_the_tagger_reads_as_no_entity_is_its_country_when_demonyms_count(wire_gaz):
    text = "Six Somali government soldiers were killed on Friday."
    assert _recognised(text, wire_gaz) == ["Somali"]
    assert _recognised(text, wire_gaz, demonyms=False) == []
    article = Article(id="t", text=text, published=dt.date(2024, 1, 1))
    found = geocode.run(nlp.load()(text), article=article, gazetteer=wire_gaz, demonyms=True)
    assert [m.place.name for m in found if m.place] == ["Somalia"]


def test_a_continent_people_word_is_the_continent_but_not_inside_a_body_name(wire_gaz):
    text = "Many European consumers buy hybrids, the European Union said on Monday."
    found = _recognised(text, wire_gaz)
    assert found == ["European"]
    assert text.index("European") == text.index("European consumers")


def test_names_joined_by_hyphens_are_each_a_place(wire_gaz):
    text = "The U.S.-China relationship and the Russia-Ukraine border worry Sino-Russian analysts."
    found = _recognised(text, wire_gaz)
    assert {"U.S.", "China", "Russia", "Ukraine", "Russian"} <= set(found)
    assert not any("-" in name for name in found)


def test_a_region_the_tagger_reads_as_a_verb_at_the_start_is_a_place(wire_gaz):
    text = "Kharkiv regional Governor Oleh Sinehubov said seven people were killed."
    assert _recognised(text, wire_gaz) == ["Kharkiv"]


def test_a_legislature_and_the_political_west_are_no_places(wire_gaz):
    text = (
        "Sanctions against Turkey are in Congress awaiting ratification. It will be hard "
        "for the West to pull Russia away from China."
    )
    found = _recognised(text, wire_gaz)
    assert "Congress" not in found and "West" not in found
    assert {"Russia", "China"} <= set(found)


def test_a_place_name_goes_before_a_demonym_it_starts_with(wire_gaz):
    text = "Deputies in Indian River County said the Canadian Coast Guard helped."
    found = _recognised(text, wire_gaz)
    assert found == ["Indian River County", "Canadian"]
    article = Article(id="t", text=text, published=dt.date(2024, 1, 1))
    placed = geocode.run(nlp.load()(text), article=article, gazetteer=wire_gaz, demonyms=True)
    assert {m.text: m.place.name for m in placed if m.place}["Canadian"] == "Canada"


def test_a_country_by_its_own_name_is_not_a_town_it_is_an_alternate_name_of(wire_gaz):
    text = "Russia has missiles, and so do Iraq, Iran and Syria, the minister said."
    article = Article(id="t", text=text, published=dt.date(2024, 1, 1))
    placed = geocode.run(nlp.load()(text), article=article, gazetteer=wire_gaz)
    assert {m.text: m.place.name for m in placed if m.place}["Iraq"] == "Iraq"


def test_a_title_before_a_persons_name_is_no_town():
    gaz = Gazetteer.from_places(
        [
            _place("Jordan", 31.0, 36.0, "JO", "PCLI", 10_000_000),
            _place("Amman", 31.95, 35.93, "JO", "PPLC", 1_300_000, admin1="Amman"),
            _place("King", 43.92, -79.53, "CA", "PPL", 25_000, admin1="Ontario"),
            _place("King County", 47.49, -121.83, "US", "ADM2", 2_200_000, admin1="WA"),
            _place("Toronto", 43.70, -79.42, "CA", "PPLA", 2_600_000, admin1="Ontario"),
        ],
        aliases={"King County": ["King"]},
    )
    text = (
        "Lebanon's prime minister spoke by phone with Jordan's King Abdullah in Amman. "
        "Wildfires spread near Toronto."
    )
    assert [m.text for m in _mentions(text, gaz) if m.place] == ["Jordan", "Amman", "Toronto"]
    # The same word naming the town, with no person after it, stays a place.
    found = _mentions("Heavy snow closed roads in King on Monday, police in Toronto said.", gaz)
    assert [m.text for m in found] == ["King", "Toronto"]
