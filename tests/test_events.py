"""Event detection, typing and assembly on hand-built annotated articles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep import actors as actor_stage
from sitrep import events, fatalities, nlp
from sitrep.errors import MissingDataError
from sitrep.eval import events as eval_events
from sitrep.events import filters
from sitrep.records import (
    ActorMention,
    AnnotatedArticle,
    Article,
    Attribution,
    Place,
    PlaceMention,
    Span,
    TimeExpression,
)

pytestmark = pytest.mark.slow

PUBLISHED = dt.date(2024, 3, 21)
PLACES = {
    "Kharkiv": Place(name="Kharkiv", latitude=50.0, longitude=36.2, country_code="UA",
                     country="Ukraine", admin1="Kharkiv", feature_class="P", feature_code="PPLA"),
    "Odesa": Place(name="Odesa", latitude=46.5, longitude=30.7, country_code="UA",
                   country="Ukraine", admin1="Odesa", feature_class="P", feature_code="PPLA"),
    "Kursk": Place(name="Kursk Oblast", latitude=51.5, longitude=36.0, country_code="RU",
                   country="Russia", admin1="Kursk", feature_class="A", feature_code="ADM1"),
    "Belgorod": Place(name="Belgorod Oblast", latitude=50.7, longitude=37.0, country_code="RU",
                      country="Russia", admin1="Belgorod", feature_class="A", feature_code="ADM1"),
    "Sudan": Place(name="Sudan", latitude=15.6, longitude=30.0, country_code="SD",
                   country="Sudan", feature_class="A", feature_code="PCLI", geonameid=366755),
    "U.S.": Place(name="United States", latitude=39.8, longitude=-98.5, country_code="US",
                  country="United States", feature_class="A", feature_code="PCLI"),
    "Khartoum": Place(name="Khartoum", latitude=15.55, longitude=32.53, country_code="SD",
                      country="Sudan", admin1="Khartoum", feature_class="P", feature_code="PPLC"),
}  # fmt: skip


def _span(text: str, part: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Span(start=start, end=start + len(part), text=part)


def _annotate(
    text: str,
    *,
    timexes: list[TimeExpression] = (),
    places: list[str] = (),
    attributions: list[Attribution] = (),
    actors: list[ActorMention] = (),
) -> tuple[AnnotatedArticle, object]:
    doc = nlp.load()(text)
    mentions = []
    for name in places:
        s = _span(text, name)
        mentions.append(PlaceMention(start=s.start, end=s.end, text=name, place=PLACES.get(name)))
    annotated = AnnotatedArticle(
        article=Article(id="a1", text=text, published=PUBLISHED),
        sentences=[Span(start=s.start_char, end=s.end_char, text=s.text) for s in doc.sents],
        entities=[],
        timexes=list(timexes),
        places=mentions,
        attributions=list(attributions),
        actors=list(actors) or actor_stage.run(doc),
    )
    return annotated, doc


def _run(text: str, *, use_models: bool = False, **layers) -> list:
    """The event stage on a hand-annotated text; the trigger rules alone unless asked."""
    annotated, doc = _annotate(text, **layers)
    return events.run(annotated, doc=doc, use_models=use_models)


def _weekdays(text: str) -> list[TimeExpression]:
    """Time expressions for the weekdays a text names, in the week before publication."""
    found = []
    for offset, name in enumerate(["Friday", "Saturday", "Sunday", "Monday", "Tuesday"]):
        if name in text:
            day = dt.date(2024, 3, 15) + dt.timedelta(days=offset)
            found.append(_timex(text, name, day, day, 1))
    return found


def _timex(text: str, part: str, start: dt.date, end: dt.date, precision: int) -> TimeExpression:
    s = _span(text, part)
    return TimeExpression(start=s.start, end=s.end, text=part, type="DATE", value="x",
                          date_start=start, date_end=end, precision=precision)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Warplanes carried out an airstrike on the market, killing four people.",
         "Air/drone strike"),
        ("Rebels fired mortar shells at army positions near the town.",
         "Shelling/artillery/missile attack"),
        ("A roadside bomb exploded next to a police vehicle.", "Remote explosive/landmine/IED"),
        ("Gunmen abducted a journalist from his home.", "Abduction/forced disappearance"),
        ("Thousands of workers staged a peaceful protest demanding higher wages.",
         "Peaceful protest"),
        ("Police fired tear gas to disperse hundreds of protesters.",
         "Protest with intervention"),
        ("Security forces shot dead three protesters during the march.",
         "Excessive force against protesters"),
        ("Rioters pelted police with stones and torched vehicles.", "Violent demonstration"),
        ("An angry mob lynched a suspected thief in the village.", "Mob violence"),
        ("Militants clashed with soldiers at a checkpoint.", "Armed clash"),
        ("The army recaptured the town from the rebels.", "Government regains territory"),
        ("Police arrested the opposition leader on sedition charges.", "Arrests"),
        ("The two sides signed a ceasefire agreement.", "Agreement"),
        ("Bomb disposal experts defused an explosive device planted near the bridge.",
         "Disrupted weapons use"),
        ("Settlers uprooted olive trees and vandalised homes in the village.",
         "Looting/property destruction"),
    ],
)  # fmt: skip
def test_sub_type(text, expected):
    found = _run(text)
    assert [e.sub_event_type for e in found] == [expected]


def test_two_events_in_one_sentence_each_with_its_place():
    text = "Russian forces shelled Kharkiv and drones hit Odesa on Tuesday."
    found = _run(text, places=["Kharkiv", "Odesa"])
    assert [e.sub_event_type for e in found] == [
        "Shelling/artillery/missile attack",
        "Air/drone strike",
    ]
    assert [e.location for e in found] == ["Kharkiv", "Odesa"]
    assert found[0].geo_precision == 1 and found[0].country_code == "UA"
    assert "Russia" in found[0].actor1  # raw phrase, or canonical when sitrep.actors is installed
    assert len({e.event_id for e in found}) == 2


@pytest.mark.parametrize(
    "text",
    [
        "The army did not attack the village.",
        "The rebels threatened to attack the town.",
        "Militants could attack the base if talks fail.",
        "Officials warned of possible airstrikes in the region.",
        "A flood killed 20 people in the province.",
        "The weather was mild and markets were calm.",
    ],
)
def test_negated_hypothetical_and_non_political_are_not_events(text):
    assert _run(text) == []


def test_denial_gives_a_contested_event():
    found = _run("The army denied carrying out the airstrike on the hospital.")
    assert len(found) == 1
    event = found[0]
    assert event.sub_event_type == "Air/drone strike"
    assert event.verification == "contested"
    assert [c.stance for c in event.claims] == ["denied"]


def test_date_from_sentence_else_published_with_precision_two():
    text = (
        "Rebels attacked an army post in Kharkiv on 12 March. Gunmen killed two farmers in Odesa."
    )
    timex = _timex(text, "12 March", dt.date(2024, 3, 12), dt.date(2024, 3, 12), 1)
    first, second = _run(text, timexes=[timex], places=["Kharkiv", "Odesa"])
    assert (first.date_start, first.time_precision) == (dt.date(2024, 3, 12), 1)
    assert first.evidence["date_start"] == first.evidence["date_end"] == (timex.start, timex.end)
    assert "date" not in first.evidence
    assert (second.date_start, second.date_end, second.time_precision) == (
        PUBLISHED,
        PUBLISHED,
        2,
    )
    assert "date_start" not in second.evidence
    assert second.fatalities == 2


def test_a_date_that_only_dates_the_statement_is_not_the_incident_date():
    text = "The army said on Wednesday that rebels attacked a post in Kharkiv."
    said = _timex(text, "Wednesday", dt.date(2024, 3, 20), dt.date(2024, 3, 20), 1)
    (event,) = _run(text, timexes=[said], places=["Kharkiv"])
    assert "date_start" not in event.evidence and event.time_precision == 2


def test_sentences_about_one_incident_give_one_event_with_gathered_fields():
    text = (
        "Rebels attacked an army post on Monday. "
        "The fighting in Kharkiv killed four soldiers, the army said."
    )
    monday = _timex(text, "Monday", dt.date(2024, 3, 18), dt.date(2024, 3, 18), 1)
    (event,) = _run(text, timexes=[monday], places=["Kharkiv"])
    assert event.date_start == dt.date(2024, 3, 18) and event.location == "Kharkiv"
    assert event.fatalities == 4 and event.sentence.startswith("Rebels attacked")


def test_background_event_is_dated_by_its_own_expression():
    text = (
        "Rebels raided an army post on Monday. "
        "The current raid follows previous actions by the group in Kharkiv in May 2023."
    )
    timexes = [
        _timex(text, "Monday", dt.date(2024, 3, 18), dt.date(2024, 3, 18), 1),
        _timex(text, "May 2023", dt.date(2023, 5, 1), dt.date(2023, 5, 31), 3),
    ]
    found = _run(text, timexes=timexes, places=["Kharkiv"])
    assert len(found) == 2, found
    assert found[1].date_start == dt.date(2023, 5, 1)
    assert found[1].date_end == dt.date(2023, 5, 31)
    assert found[1].sub_event_type == found[0].sub_event_type


def test_claimed_event_with_unverified_marker_and_conjoined_places():
    text = (
        "The groups said their fighters launched raids into the regions of Kursk and Belgorod. "
        "Reuters could not independently verify the claims."
    )
    said = Attribution(
        source=_span(text, "The groups"),
        cue=_span(text, "said"),
        content=_span(text, "their fighters launched raids into the regions of Kursk and Belgorod"),
        stance="claimed",
    )
    marker = Attribution(
        source=_span(text, "Reuters"),
        cue=_span(text, "could not independently verify"),
        content=_span(text, "the claims"),
        stance="unverified",
    )
    actors = [ActorMention(start=0, end=10, text="The groups", name="Freedom Legion")]
    found = _run(text, places=["Kursk", "Belgorod"], attributions=[said, marker], actors=actors)
    assert [e.admin1 for e in found] == ["Kursk", "Belgorod"]
    for event in found:
        assert event.verification == "unverified"
        assert [c.stance for c in event.claims] == ["claimed", "unverified"]
        assert event.claims[0].claimant == "Freedom Legion"
        assert event.actor1 == "Freedom Legion"
        assert event.geo_precision == 3
        for start, end in event.evidence.values():
            assert 0 <= start < end <= len(text)


def test_a_combatants_own_claim_is_claimed_and_a_caveat_covers_only_what_it_names():
    text = (
        "The rebels said they shot down a helicopter in Kharkiv on Monday. "
        "Police said gunmen attacked a checkpoint in Odesa on Tuesday. "
        "Reporters could not verify the rebels' claims."
    )
    rebels = Attribution(
        source=_span(text, "The rebels"),
        cue=_span(text, "said"),
        content=_span(text, "they shot down a helicopter in Kharkiv on Monday"),
        stance="claimed",
    )
    police = Attribution(
        source=_span(text, "Police"),
        cue=_span(text, "said", 1),
        content=_span(text, "gunmen attacked a checkpoint in Odesa on Tuesday"),
        stance="asserted",
    )
    caveat = Attribution(
        source=_span(text, "Reporters"),
        cue=_span(text, "could not verify"),
        content=_span(text, "the rebels' claims"),
        stance="unverified",
    )
    rebel_name = _span(text, "rebels", 1)
    actors = [
        ActorMention(start=0, end=10, text="The rebels", name="Free Legion", kind="rebel group"),
        ActorMention(start=rebel_name.start, end=rebel_name.end, text="rebels",
                     name="Free Legion", kind="rebel group"),
    ]  # fmt: skip
    found = _run(text, places=["Kharkiv", "Odesa"], attributions=[rebels, police, caveat],
                 actors=actors)  # fmt: skip
    shot_down, checkpoint = found
    assert shot_down.verification == "unverified"
    assert [c.stance for c in shot_down.claims] == ["claimed", "unverified"]
    assert checkpoint.verification == "reported"
    assert [c.claimant for c in checkpoint.claims] == ["Police"]


def test_canonical_actor_names_from_the_actor_layer():
    text = "RVC fighters attacked a Russian border post."
    actors = [ActorMention(start=0, end=3, text="RVC", name="Russian Volunteer Corps")]
    (event,) = _run(text, actors=actors)
    assert event.actor1 == "Russian Volunteer Corps"
    assert event.evidence["actor1"] == (0, 3)


def test_event_ids_are_stable():
    text = "Militants clashed with soldiers near the border."
    assert [e.event_id for e in _run(text)] == [e.event_id for e in _run(text)]


def test_doc_must_match_article():
    annotated, _ = _annotate("Rebels attacked the town.")
    with pytest.raises(ValueError):
        events.run(annotated, doc=nlp.load()("Something else."))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen killed 12 villagers.", 12),
        ("At least 70 people were killed in the attack.", 70),
        ("Three soldiers died in the ambush.", 3),
        ("The death toll rose to 15.", 15),
        ("The strike killed 2 soldiers and 3 civilians.", 5),
        ("Gunmen shot dead a farmer.", 1),
        ("No one was killed in the blast.", 0),
        ("Clashes erupted between the two groups.", None),
        ("Several people were killed.", None),
        ("One policeman was shot and killed by militants.", 1),
        ("A suspect was shot and died.", 1),
        ("Four people killed and twenty wounded in the fighting.", 4),
        ("Around 8 May 2020, a man was found dead in the village.", 1),
        ("Two men were fatally assaulted by a mob.", 2),
        ("Officials said 31 people, including 9 guards, lost their lives in the attack.", 31),
        ("The blast claimed the lives of five miners.", 5),
        ("Many people lost their lives.", None),
        ("Around 8 May 2020 (as reported), in Torreon, three women were found dead.", 3),
        ("On 19 March, 30 Taliban militants and 2 soldiers were killed.", 32),
        ("6 commandos, 5 soldiers, 2 police commandos, and 15 militants were killed.", 28),
        ("The blast killed five people, three soldiers and two civilians.", 5),
        ("12 pro-Houthi fighters were reported killed, including a field leader.", 12),
        ("On 13 March 2020, 5 IS militants were killed by an airstrike.", 5),
    ],
)
def test_fatalities(text, expected):
    number, evidence = fatalities.count(nlp.load()(text).sents)
    assert number == expected
    assert (evidence is None) == (expected is None)


def test_a_later_sentence_adds_deaths_it_reports_as_further_ones():
    doc = nlp.load()(
        "Two policemen were killed in the ambush. Officials said six militants were also killed. "
        "The attack killed eight people in all."
    )
    number, _ = fatalities.count_incident(list(doc.sents)[:2])
    assert number == 8
    number, _ = fatalities.count_incident(doc.sents)  # the last restates the toll
    assert number == 8


def test_a_breakdown_of_a_stated_toll_does_not_add_to_it():
    doc = nlp.load()(
        "Officials said 31 people were killed in the hijacking. "
        "Eighteen soldiers and eight passengers were among those killed in the initial attack. "
        "Five guards were also killed in the ensuing battle."
    )
    number, _ = fatalities.count_incident(doc.sents)
    assert number == 31


def test_a_count_inside_an_ignored_claim_is_left_out():
    text = "Twelve villagers were killed. The army said it killed 40 militants."
    doc = nlp.load()(text)
    claim = (text.index("it killed"), len(text) - 1)
    assert fatalities.count_incident(doc.sents)[0] == 40
    number, evidence = fatalities.count_incident(doc.sents, ignore=[claim])
    assert number == 12 and evidence == (0, len("Twelve"))


def test_eval_needs_the_data(tmp_path: Path):
    with pytest.raises(MissingDataError):
        eval_events.evaluate(tmp_path)


def test_unnamed_groups_stand_for_the_named_armed_groups():
    text = "The Free Legion is one of the groups. The groups attacked a border post on Friday."
    actors = [
        ActorMention(start=4, end=15, text="Free Legion", name="Free Legion", kind="rebel group")
    ]
    (event,) = _run(text, actors=actors)
    assert event.actor1 == "Free Legion"
    assert event.assoc_actors == []


RUSSIA = Place(
    name="Russia",
    latitude=61.7,
    longitude=99.7,
    country_code="RU",
    country="Russia",
    feature_class="A",
    feature_code="PCLI",
    geonameid=2017370,
)
SYRIA = Place(
    name="Syria",
    latitude=35.0,
    longitude=38.5,
    country_code="SY",
    country="Syria",
    feature_class="A",
    feature_code="PCLI",
    geonameid=163843,
)
KYIV = Place(
    name="Kyiv",
    latitude=50.45,
    longitude=30.52,
    country_code="UA",
    country="Ukraine",
    admin1="Kyiv City",
    feature_class="P",
    feature_code="PPLC",
    geonameid=703448,
)
CONTRACT_EVIDENCE = {
    "event_type", "sub_event_type", "actor1", "actor2", "location", "date_start", "date_end",
    "fatalities", "claims",
}  # fmt: skip


@pytest.fixture(scope="module")
def small_gazetteer():
    from sitrep.gazetteer import Gazetteer

    return Gazetteer.from_places([RUSSIA, SYRIA, KYIV], demonyms={"Russian": "RU"})


def _with_dateline(text: str) -> tuple[AnnotatedArticle, object]:
    """An article whose leading "KYIV - " dateline is resolved to Kyiv."""
    doc = nlp.load()(text)
    dateline = Span(start=0, end=4, text=text[:4])
    annotated = AnnotatedArticle(
        article=Article(id="d1", text=text, published=PUBLISHED, dateline=dateline),
        sentences=[Span(start=s.start_char, end=s.end_char, text=s.text) for s in doc.sents],
        entities=[],
        timexes=[],
        places=[PlaceMention(start=0, end=4, text=text[:4], place=KYIV)],
        attributions=[],
    )
    return annotated, doc


def test_geonameid_and_admin_fields_come_from_the_chosen_place():
    place = PLACES["Kharkiv"].model_copy(update={"geonameid": 706483, "admin2": "Kharkiv Raion"})
    text = "Russian forces shelled Kharkiv on Tuesday."
    annotated, doc = _annotate(text)
    mention = PlaceMention(start=23, end=30, text="Kharkiv", place=place)
    annotated = annotated.model_copy(update={"places": [mention]})
    (event,) = events.run(annotated, doc=doc, use_models=False)
    got = (event.geonameid, event.location, event.admin1, event.admin2, event.country,
           event.country_code, event.latitude, event.longitude)  # fmt: skip
    assert got == (706483, "Kharkiv", "Kharkiv", "Kharkiv Raion", "Ukraine", "UA", 50.0, 36.2)
    assert event.evidence["location"] == (23, 30)


@pytest.mark.parametrize(
    ("text", "location", "precision"),
    [
        ("KYIV - Rebels raided villages in Russian border regions on Monday.", "Russia", 3),
        ("KYIV - Rebel fighters attacked an army post on Russian territory.", "Russia", 3),
        ("KYIV - Militants attacked a convoy inside Syria on Monday.", "Syria", 3),
        ("KYIV - Rebels raided an army post on Monday.", "Kyiv", 2),
    ],
)
def test_country_hint_in_the_sentence_beats_the_dateline(
    small_gazetteer, text, location, precision
):
    annotated, doc = _with_dateline(text)
    (event,) = events.run(annotated, doc=doc, gazetteer=small_gazetteer, use_models=False)
    assert (event.location, event.geo_precision) == (location, precision)
    expected = {"Russia": RUSSIA, "Syria": SYRIA, "Kyiv": KYIV}[location]
    assert event.geonameid == expected.geonameid
    assert event.country_code == expected.country_code
    key = "location_inferred" if location == "Kyiv" else "location"  # the dateline is inferred
    start, end = event.evidence[key]
    assert text[start:end] == {"Russia": "Russian", "Syria": "Syria", "Kyiv": "KYIV"}[location]


def test_plural_generic_agent_takes_every_group_the_last_sentence_named():
    text = (
        "The Free Legion and the North Brigade spoke to reporters on Monday. "
        "The groups attacked a border post on Friday."
    )
    actors = [
        ActorMention(start=4, end=15, text="Free Legion", name="Free Legion", kind="rebel group"),
        ActorMention(start=24, end=37, text="North Brigade", name="North Brigade",
                     kind="rebel group"),
    ]  # fmt: skip
    (event,) = _run(text, actors=actors)
    assert event.actor1 == "Free Legion"
    assert event.assoc_actors == ["North Brigade"]
    assert event.evidence["actor1"] == (4, 15)


def test_generic_agent_without_antecedent_is_stripped_or_left_empty():
    (first,) = _run("Two of the groups attacked a border post on Friday.")
    assert first.actor1 == "Unidentified Armed Group"  # ACLED's party for an unnamed side
    (second,) = _run("Three armed groups attacked a border post on Friday.")
    assert second.actor1 == "armed groups"


def test_generic_agent_falls_back_to_the_first_sentence_subject():
    text = (
        "Three Ukrainian-backed paramilitary groups spoke to reporters on Monday. "
        "The groups attacked a border post on Friday."
    )
    (event,) = _run(text)
    assert event.actor1 == "Ukrainian-backed paramilitary groups"


def test_pronoun_claimants_become_the_nearest_fitting_name():
    text = (
        "Commander John Smith spoke to reporters on Monday. He said rebels attacked the base "
        "in Kharkiv. The Free Legion issued a statement. They said soldiers shelled a village "
        "near Odesa."
    )
    he = Attribution(
        source=_span(text, "He"),
        cue=_span(text, "said"),
        content=_span(text, "rebels attacked the base in Kharkiv"),
        stance="asserted",
    )
    they = Attribution(
        source=_span(text, "They"),
        cue=_span(text, "said", 1),
        content=_span(text, "soldiers shelled a village near Odesa"),
        stance="claimed",
    )
    legion = _span(text, "Free Legion")
    actors = [ActorMention(start=legion.start, end=legion.end, text=legion.text,
                           name="Free Legion", kind="rebel group")]  # fmt: skip
    first, second = _run(text, attributions=[he, they], actors=actors, places=["Kharkiv", "Odesa"])
    assert [(c.claimant, c.start, c.end) for c in first.claims] == [
        ("John Smith", he.content.start, he.content.end)
    ]
    assert [c.claimant for c in second.claims] == ["Free Legion"]


def test_quoted_third_person_pronoun_is_not_the_speaker():
    text = '"They attacked the hotel at dawn," the police chief said.'
    said = Attribution(source=_span(text, "the police chief"), cue=_span(text, "said"),
                       content=_span(text, '"They attacked the hotel at dawn,"'),
                       stance="asserted")  # fmt: skip
    (event,) = _run(text, attributions=[said])
    assert event.actor1 == "Unidentified Armed Group"  # not the police: "they" is unknown
    assert event.claims[0].claimant == "police chief"


@pytest.mark.parametrize(
    "text",
    [
        "The president dismissed a question about the army's involvement in the seizure of "
        "the port.",
        "Officials made vague comments about the attacks.",
    ],
)
def test_event_words_inside_talk_about_something_else_are_not_events(text):
    assert _run(text) == []


def test_sentence_is_trimmed_and_evidence_uses_contract_fields():
    text = (
        "Rebels attacked an army post on 12 March, killing two soldiers.\n\nThe road is closed.\n"
    )
    timex = _timex(text, "12 March", dt.date(2024, 3, 12), dt.date(2024, 3, 12), 1)
    (event,) = _run(text, timexes=[timex])
    assert event.sentence == "Rebels attacked an army post on 12 March, killing two soldiers."
    assert set(event.evidence) <= CONTRACT_EVIDENCE
    assert {"date_start", "date_end", "fatalities", "actor1"} <= set(event.evidence)
    for start, end in event.evidence.values():
        assert 0 <= start < end <= len(text)


def test_talk_about_an_event_with_its_own_agent_and_place_still_counts():
    found = _run("The minister answered a question about the attack by rebels in Syria.")
    assert [e.sub_event_type for e in found] == ["Armed clash"]


def test_attack_on_a_market_is_an_event_but_market_prices_are_not():
    (event,) = _run("Gunmen attacked a crowded market, killing five people.")
    assert event.event_type == "Violence against civilians"
    assert _run("The stock market fell sharply as prices rose.") == []


def _named(text: str, *names: str, kind: str = "rebel group") -> list[ActorMention]:
    """Actor mentions for every occurrence of each name, in text order."""
    mentions = []
    for name in names:
        start = text.find(name)
        while start >= 0:
            mentions.append(ActorMention(start=start, end=start + len(name), text=name,
                                         name=name, kind=kind))  # fmt: skip
            start = text.find(name, start + 1)
    return sorted(mentions, key=lambda m: m.start)


def _event_in(found: list, words: str):
    return next(e for e in found if words in e.sentence)


def test_collective_agent_takes_members_named_by_apposition_and_copula():
    text = (
        "Two rival militias have fought for control of the town since April. "
        "Adam Musa, a commander of one of the militias, the Southern Shield, spoke to reporters. "
        "The other militia is the Desert Hawks. "
        "On Tuesday the militias attacked a market in the town."
    )
    found = _run(
        text, actors=_named(text, "Southern Shield", "Desert Hawks"), timexes=_weekdays(text)
    )
    event = _event_in(found, "attacked a market")
    assert event.actor1 == "Southern Shield"
    assert event.assoc_actors == ["Desert Hawks"]
    start, end = event.evidence["actor1"]
    assert text[start:end] == "militias"
    assert start > text.index("On Tuesday")


def test_members_listed_by_including_and_named_before_the_collective_phrase():
    text = (
        "Rebel groups including the Lotus Army and the Hill Alliance Front met in the hills. "
        "The Lotus Army, one of the groups, later issued a statement. "
        "The groups attacked an army base near the border on Friday."
    )
    event = _event_in(
        _run(text, actors=_named(text, "Lotus Army", "Hill Alliance Front")), "army base"
    )
    assert (event.actor1, event.assoc_actors) == ("Lotus Army", ["Hill Alliance Front"])


def test_a_part_of_the_collective_is_not_guessed():
    text = (
        "Three armed factions have held the port for a year. "
        "The factions are the Northern Front, the River Brigade and the Coast Guardians. "
        "Two of the factions shelled the airport on Friday. "
        "All of the factions bombed the harbour on Sunday."
    )
    actors = _named(text, "Northern Front", "River Brigade", "Coast Guardians")
    found = _run(text, actors=actors, timexes=_weekdays(text))
    part = _event_in(found, "shelled the airport")
    assert (part.actor1, part.assoc_actors) == ("armed factions", [])
    whole = _event_in(found, "bombed the harbour")
    assert whole.actor1 == "Northern Front"
    assert whole.assoc_actors == ["River Brigade", "Coast Guardians"]


def test_pronoun_agent_reaches_the_members_through_the_collective():
    text = (
        "Militias such as the Blue Nile Defenders and the Sennar Guard raided villages on Monday. "
        "They also looted shops in the town on Tuesday."
    )
    found = _run(
        text, actors=_named(text, "Blue Nile Defenders", "Sennar Guard"), timexes=_weekdays(text)
    )
    looting = _event_in(found, "looted")
    assert (looting.actor1, looting.assoc_actors) == ("Blue Nile Defenders", ["Sennar Guard"])
    assert looting.evidence["actor1"] == (0, len("Militias"))


def test_one_member_named_for_a_part_and_both_for_the_whole():
    text = (
        "Two rival militias have fought for the town since April. "
        "One of the militias, the Southern Shield, attacked a market on Tuesday. "
        "The other militia is the Desert Hawks. "
        "Both militias shelled the airport on Friday."
    )
    found = _run(
        text, actors=_named(text, "Southern Shield", "Desert Hawks"), timexes=_weekdays(text)
    )
    assert _event_in(found, "attacked a market").actor1 == "Southern Shield"
    both = _event_in(found, "shelled the airport")
    assert (both.actor1, both.assoc_actors) == ("Southern Shield", ["Desert Hawks"])


def test_no_membership_without_a_link():
    text = (
        "Three armed groups met in the capital on Monday. "
        "The Northern Front said the talks had failed. "
        "The groups attacked a checkpoint on Friday."
    )
    event = _event_in(_run(text, actors=_named(text, "Northern Front")), "checkpoint")
    assert event.actor1 == "armed groups"
    assert event.assoc_actors == []


def test_event_without_a_place_falls_back_to_the_article_country():
    text = (
        "Sudan has been at war for two years. Aid workers in Khartoum warned of famine. "
        "The rainy season began early.\n\n"
        "Gunmen killed four villagers on Monday, witnesses said."
    )
    (event,) = _run(text, places=["Sudan", "Khartoum"])
    assert (event.country_code, event.location, event.geo_precision) == ("SD", "Sudan", 3)
    assert event.evidence["location_inferred"] == (0, 5) and "location" not in event.evidence


@pytest.mark.parametrize(
    "text",
    [
        "The KLF is one of three armed groups driving a rise in insecurity in the north.",
        "The victims were mostly students leaving for home after their exams.",
        "Police say the leaders of the movement are based in a neighbouring country.",
        "She was released in June 2019.",
        "The outlawed separatist outfit said it had issued a statement.",
        "According to the governor, the market reopened on Monday.",
        "The report, released last week, describes a rise in crime.",
        "The rebel leader's escape from the central jail shocked the nation.",
        "Last year a similar smuggling network was dismantled in two port cities.",
        "The health system has stopped working since the coup.",
        "Investigators have yet to find any trace of the former commander.",
        "A passenger train left the station on time.",
        "The region was caught up in a power struggle between two generals.",
    ],
)  # fmt: skip
def test_ambiguous_strategic_triggers_need_fitting_arguments(text):
    assert [e.sub_event_type for e in _run(text)] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The envoy strongly condemned the coup leaders, as at least six protesters were "
         "killed by soldiers in the capital.", "Excessive force against protesters"),
        ("The ministry said the commander was killed in a precision airstrike, and his body "
         "was recovered.", "Air/drone strike"),
        ("Officials said 12 people lost their lives in the ambush on the convoy.",
         "Armed clash"),
        ("A group of armed inmates exchanged gunfire with the guards.", "Armed clash"),
    ],
)  # fmt: skip
def test_violence_with_casualties_outranks_strategic_readings(text, expected):
    assert [e.sub_event_type for e in _run(text)][:1] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Government troops withdrew from the town without a fight.",
         "Non-violent transfer of territory"),
        ("The militants set up a new base in the forest.", "Headquarters or base established"),
        ("The rebels handed over the border post to the army.",
         "Non-violent transfer of territory"),
        ("The two groups signed a peace deal in the capital.", "Agreement"),
        ("The army and the rebels exchanged 40 prisoners on Monday.", "Agreement"),
        ("The authorities released 30 detainees on Sunday.", "Change to group/activity"),
        ("Soldiers seized a large cache of weapons and ammunition.", "Disrupted weapons use"),
        ("Police arrested the opposition leader at his home.", "Arrests"),
        ("The army staged a coup and dissolved parliament.", "Other"),
    ],
)  # fmt: skip
def test_real_strategic_developments_still_found(text, expected):
    assert [e.sub_event_type for e in _run(text)][:1] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Hospital staff said the number of dead had climbed to 41 after Tuesday's bombing at a "
        "bus station.",
        "Police said the casualty count from the shelling of the market rose to 12.",
    ],
)
def test_abstract_subject_is_not_an_agent(text):
    (event,) = _run(text)
    assert event.actor1 == "Unidentified Armed Group"  # ACLED's unnamed perpetrator
    assert event.actor2 is None  # nor is the speaker ("Police said ...") a target


def test_condemning_party_is_not_the_perpetrator():
    text = (
        "The foreign minister sharply denounced the repression by the security forces, as eleven "
        "protesters were shot dead on Sunday in the capital."
    )
    (event,) = _run(text)
    assert event.actor1 == "Protesters"  # ACLED names protest events after the protesters
    assert event.actor2 is not None and "Forces" in event.actor2
    assert not any("minister" in (a or "").lower() for a in (event.actor1, event.actor2))


def test_reporting_subject_and_passive_without_agent_leave_the_perpetrator_unnamed():
    text = "The bishop deplored the violence, as nine villagers were killed near the border."
    (event,) = _run(text)
    assert event.actor1 == "Unidentified Armed Group"
    assert event.actor2 == "Civilians"
    assert event.fatalities == 9


@pytest.mark.parametrize(
    "text",
    [
        "Over the past six months, 870 militants have been killed, the army said.",
        "Bandits killed about 250 villagers in more than 90 raids during 2023.",
        "Since March, more than 1,100 people have died in the fighting.",
        "So far this year, 640 civilians have been killed in the region.",
        "Police have detained more than 3,000 people since 12 April, a rights group said.",
        "His troops had killed 700 insurgents in the past two weeks, the general said on Monday.",
    ],
)
def test_totals_over_a_period_are_not_one_event(text):
    assert _run(text) == []


def test_single_incident_keeps_its_toll():
    (event,) = _run("Gunmen killed seven villagers in a raid on Tuesday.")
    assert event.fatalities == 7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 3 June, army drones carried out nine airstrikes on rebel positions, killing 14 "
         "fighters.", 14),
        ("Last week, gunmen killed five farmers in a village near the river.", 5),
    ],
)  # fmt: skip
def test_counted_strikes_on_one_day_remain_one_event(text, expected):
    assert _run(text)[0].fatalities == expected


def test_a_name_that_only_qualifies_a_noun_is_not_the_event_place():
    text = (
        "Sudan and its capital Khartoum face a hunger crisis. The rains came early.\n\n"
        "Gunmen killed five villagers on Monday, U.S. officials said."
    )
    (event,) = _run(text, places=["Sudan", "Khartoum", "U.S."])
    assert event.country_code == "SD"


def test_names_that_only_qualify_nouns_do_not_make_the_main_country():
    text = (
        "U.S. envoys flew to Sudan for talks. The talks ended late.\n\n"
        "Gunmen killed five villagers on Monday."
    )
    (event,) = _run(text, places=["U.S.", "Sudan"])
    assert (event.country_code, event.geo_precision) == ("SD", 3)


def test_a_date_on_the_event_word_inside_a_statement_dates_the_incident():
    text = (
        "The ministry issued a statement saying an attack and an airstrike on Monday that "
        "killed nine people in Kharkiv show contempt for human life."
    )
    monday = _timex(text, "Monday", dt.date(2024, 3, 18), dt.date(2024, 3, 18), 1)
    (event,) = _run(text, timexes=[monday], places=["Kharkiv"])
    assert event.date_start == dt.date(2024, 3, 18) and event.time_precision == 1


def test_an_incident_named_by_its_day_joins_that_days_incident_whatever_its_words():
    text = (
        "Militants attacked a train in Kharkiv on Monday, killing 26 people. "
        "Monday's attack marked an escalation in an insurgency that has seen a sharp "
        "increase in violence in recent months."
    )
    monday = _timex(text, "Monday", dt.date(2024, 3, 18), dt.date(2024, 3, 18), 1)
    later = _timex(text, "Monday's", dt.date(2024, 3, 18), dt.date(2024, 3, 18), 1)
    (event,) = _run(text, timexes=[monday, later], places=["Kharkiv"])
    assert event.event_type in {"Violence against civilians", "Battles"}


def test_a_siege_told_on_the_day_it_began_and_the_day_it_ended_is_one_incident():
    text = (
        "Gunmen attacked a hotel in Kharkiv on Monday and took dozens of hostages. "
        "Troops stormed the hotel on Tuesday, killing six attackers, and rescued the hostages."
    )
    monday = _timex(text, "Monday", dt.date(2024, 3, 18), dt.date(2024, 3, 18), 1)
    tuesday = _timex(text, "Tuesday", dt.date(2024, 3, 19), dt.date(2024, 3, 19), 1)
    (event,) = _run(text, timexes=[monday, tuesday], places=["Kharkiv"])
    assert (event.date_start, event.date_end) == (dt.date(2024, 3, 18), dt.date(2024, 3, 19))


def test_attacks_on_two_named_days_stay_two_incidents():
    text = (
        "Gunmen attacked a village in Kharkiv on Monday. Gunmen attacked a school there on Tuesday."
    )
    monday = _timex(text, "Monday", dt.date(2024, 3, 18), dt.date(2024, 3, 18), 1)
    tuesday = _timex(text, "Tuesday", dt.date(2024, 3, 19), dt.date(2024, 3, 19), 1)
    found = _run(text, timexes=[monday, tuesday], places=["Kharkiv"])
    assert [e.date_start for e in found] == [dt.date(2024, 3, 18), dt.date(2024, 3, 19)]


@pytest.mark.parametrize(
    ("opener", "expected"),
    [("In a separate statement, the army said", 1), ("In a separate attack,", 2)],
)
def test_an_opener_that_sets_apart_a_statement_starts_no_new_incident(opener, expected):
    text = (
        "Gunmen attacked an army base in Kharkiv on Monday, killing six soldiers. "
        f"{opener} gunmen attacked soldiers in Kharkiv on Monday."
    )
    monday = _timex(text, "Monday", dt.date(2024, 3, 18), dt.date(2024, 3, 18), 1)
    found = _run(text, timexes=[monday], places=["Kharkiv"])
    assert len(found) == expected, found


def test_an_event_word_that_only_describes_a_thing_is_no_event():
    text = "She placed flowers at a memorial near the burned husk of the mall in Kharkiv."
    assert _run(text, places=["Kharkiv"]) == []


@pytest.mark.parametrize(
    "comment",
    [
        "The attack came as the president was giving a speech in Kharkiv.",
        "Monday's attack mirrors the insecurity in Kharkiv.",
        "The arrest of the journalist sent a chilling message in Kharkiv.",
    ],
)
def test_a_comment_on_an_incident_reports_none(comment):
    assert _run(comment, places=["Kharkiv"]) == []
    told = "Gunmen attacked a village in Kharkiv, killing six people. " + comment
    assert len(_run(told, places=["Kharkiv"])) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Officials said there were no indications the plane went down because of enemy fire "
        "in Kharkiv.",
        "There is no evidence that rebels attacked the convoy in Kharkiv.",
    ],
)
def test_an_event_a_clause_says_there_is_no_sign_of_is_no_event(text):
    assert _run(text, places=["Kharkiv"]) == []


@pytest.mark.parametrize(("where", "expected"), [("", 0), (" in Kharkiv", 1)])
def test_an_earlier_incident_the_text_gives_no_place_for_is_not_coded(where, expected):
    text = f"Her brother, a policeman, was killed by militants{where} last year."
    last_year = _timex(text, "last year", dt.date(2023, 1, 1), dt.date(2023, 12, 31), 3)
    found = _run(text, timexes=[last_year], places=["Kharkiv"] if where else [])
    assert len(found) == expected, found
    assert all(e.background for e in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Al-Shabab immediately claimed responsibility for the attack.", True),
        ("The group took credit for the bombing on Monday.", True),
        ("The minister condemned the attack on Monday.", False),
    ],
)
def test_a_claim_of_responsibility_names_an_incident_told_elsewhere(text, expected):
    doc = nlp.load()(text)
    event_noun = next(t for t in doc if t.lower_ in {"attack", "bombing"})
    assert filters.claims_responsibility(event_noun) is expected


def test_sentence_forms_are_each_tokens_forms() -> None:
    from sitrep.events.triggers import forms_of, sentence_forms

    doc = nlp.load()("Gunmen Killed 12 villagers. The ARMY said troops were attacking.")
    for sent in doc.sents:
        forms, parts_of_speech = sentence_forms(sent)
        assert forms == [forms_of(tok) for tok in sent]
        assert parts_of_speech == [tok.pos for tok in sent]
    assert ("kill", "killed") in sentence_forms(next(doc.sents))[0]
