"""The parties of events: roles from the parse, targets that stand for parties, ACLED's
conventions for unnamed parties, and the actor figures and error listing of the eval."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep import actors, events, nlp
from sitrep.eval import actor_errors, event_notes
from sitrep.events import conventions
from sitrep.records import AnnotatedArticle, Article, Event, Span

DAY = dt.date(2020, 5, 9)


def _run(text: str) -> list[Event]:
    """The event stage (trigger rules alone) on a text with its actor layer and no places."""
    doc = nlp.load()(text)
    annotated = AnnotatedArticle(
        article=Article(id="a1", text=text, published=DAY),
        sentences=[Span(start=s.start_char, end=s.end_char, text=s.text) for s in doc.sents],
        entities=[],
        timexes=[],
        places=[],
        attributions=[],
        actors=actors.run(doc),
    )
    return events.run(annotated, doc=doc, use_models=False)


def _actors_of(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.name) for m in actors.run(nlp.load()(text))]


@pytest.mark.slow
def test_a_party_harmed_in_the_sentence_is_the_target_when_the_anchor_has_none():
    (event,) = _run(
        "A policeman was killed following an attack by Taliban militants on a wedding hall."
    )
    assert event.actor1 == "Taliban"
    assert event.actor2 == "Police Forces"


@pytest.mark.slow
def test_the_first_target_that_is_a_party_wins_over_objects():
    (event,) = _run("Boko Haram raided several houses in the village, taking away clothes.")
    assert event.actor1 == "Boko Haram"
    assert event.actor2 == "Civilians"  # the houses' owners, not the clothes


@pytest.mark.slow
def test_property_destroyed_stands_for_its_civilian_owners():
    (event,) = _run("Unidentified individuals looted a warehouse in the town.")
    assert event.actor1 == "Unidentified Armed Group"
    assert event.actor2 == "Civilians"


@pytest.mark.slow
def test_forces_of_two_countries_are_both_parties():
    assert _actors_of("Military forces of India and Pakistan exchanged fire across the LoC.") == [
        ("Military forces of India", "Military Forces of India"),
        ("Pakistan", "Military Forces of Pakistan"),
    ]
    (event,) = _run("Military forces of India and Pakistan exchanged fire across the LoC.")
    assert {event.actor1, event.actor2} == {
        "Military Forces of India",
        "Military Forces of Pakistan",
    }


@pytest.mark.slow
def test_state_factions_and_unrecognised_states_are_named_as_acled_names_them():
    assert _actors_of("GNA forces attacked LNA forces near Tripoli.") == [
        ("GNA forces", "Military Forces of Libya Government of National Accord"),
        ("LNA forces", "Military Forces of Libya Haftar Faction"),
    ]
    (event,) = _run(
        "Military forces of Artsakh fired on the positions of the military forces of Azerbaijan."
    )
    assert event.actor1 == "Military Forces of Artsakh"
    assert event.actor2 == "Military Forces of Azerbaijan"


@pytest.mark.slow
def test_an_unnamed_perpetrator_of_political_violence_is_an_unidentified_armed_group():
    (event,) = _run("A man was shot dead in a drive-by shooting in the market.")
    assert event.actor1 == "Unidentified Armed Group"
    assert event.actor2 == "Civilians"


@pytest.mark.slow
def test_a_party_that_only_speaks_is_not_a_participant():
    (event,) = _run("According to the army, a roadside bomb exploded near the bridge.")
    assert event.actor1 == "Unidentified Armed Group"
    assert event.actor2 is None


def test_country_named_reads_names_of_several_words_and_skips_pro_qualifiers():
    assert actors.country_named("Civilians (Democratic Republic of Congo)") == "CD"
    assert actors.country_named("Russia's army") == "RU"
    assert actors.country_named("Military Forces of Artsakh") == "XA"
    assert actors.country_named("pro-Russian separatists") is None
    assert actors.country_named("Rioters (Sierra Leone)") == "SL"


def _event(**fields: object) -> Event:
    base = dict(
        article_id="a1", event_id="e1", event_type="Protests",
        sub_event_type="Protest with intervention", country_code="PE", sentence="x",
    )  # fmt: skip
    return Event(**(base | fields))


def test_conventions_name_the_party_acled_implies_when_the_text_names_none():
    protest = conventions.apply(_event(), "x")
    assert (protest.actor1, protest.actor2) == ("Protesters (Peru)", "Police Forces of Peru")
    riot = conventions.apply(
        _event(
            event_type="Riots", sub_event_type="Violent demonstration", actor2="Civilians (Peru)"
        ),
        "x",
    )
    assert (riot.actor1, riot.actor2) == ("Rioters (Peru)", "Civilians (Peru)")
    clash = conventions.apply(
        _event(event_type="Battles", sub_event_type="Armed clash", actor1="Taliban"), "x"
    )
    assert (clash.actor1, clash.actor2) == ("Taliban", "Unidentified Armed Group (Peru)")
    bombing = conventions.apply(
        _event(
            event_type="Explosions/Remote violence",
            sub_event_type="Remote explosive/landmine/IED",
            actor2="Civilians (Peru)",
        ),
        "x",
    )
    assert bombing.actor1 == "Unidentified Armed Group (Peru)"
    looting = conventions.apply(
        _event(event_type="Strategic developments", sub_event_type="Looting/property destruction"),
        "x",
    )
    assert looting.actor1 is None  # no convention names who looted


def _note(actor1: str, inter1: str, actor2: str, inter2: str) -> event_notes.Note:
    return event_notes.Note(
        row_id="AFG1", text="Taliban militants attacked a police post.", date=DAY,
        event_type="Battles", sub_event_type="Armed clash", fatalities=0, actor1=actor1,
        actor2=actor2, inter1=inter1, inter2=inter2, country="Afghanistan",
    )  # fmt: skip


def _scored(actor1: str | None, actor2: str | None) -> Event:
    return _event(
        event_type="Battles", sub_event_type="Armed clash", country_code="AF",
        actor1=actor1, actor2=actor2,
    )  # fmt: skip


def test_a_pair_coded_the_other_way_round_counts_for_both_actors():
    note = _note("Taliban", "2", "Police Forces of Afghanistan (2014-)", "1")
    swapped = _scored("Police Forces of Afghanistan", "Taliban")
    assert event_notes.swapped_pair(swapped, note)
    assert not event_notes.swapped_pair(_scored("Police Forces of Afghanistan", None), note)
    figures = event_notes.score_notes([(note, [swapped])])
    assert figures["actor1_agreement"] == figures["actor2_agreement"] == 1.0
    assert figures["actor2_ordered_agreement"] == 0.0


def test_actor_disagreements_are_grouped_by_cause():
    note = _note("Taliban", "2", "Police Forces of Afghanistan (2014-)", "1")
    assert actor_errors.cause_of("actor2", None, note) == "no event"
    assert actor_errors.cause_of("actor2", _scored("Taliban", None), note) == "no actor"
    assert (
        actor_errors.cause_of("actor2", _scored("Taliban", "Police Forces of Pakistan"), note)
        == "country wrong"
    )
    assert (
        actor_errors.cause_of("actor2", _scored("Taliban", "Civilians (Afghanistan)"), note)
        == "civilians wrongly"
    )
    assert actor_errors.cause_of("actor2", _scored("Taliban", "a wedding"), note) == (
        "not in actor table"
    )
    assert actor_errors.cause_of("actor1", _scored("Islamic State", None), note) == "other party"
    listing = actor_errors.listing([(note, [_scored("Taliban", None)]), (note, [])])
    assert "== actor2: 0/2 agree, 2 disagree" in listing
    assert "-- no actor: 1" in listing and "-- no event: 1" in listing
    assert "== actor1: 1/2 agree, 1 disagree" in listing


@pytest.mark.slow
def test_a_thing_whose_modifier_names_a_force_stands_for_that_force():
    (event,) = _run("Gunmen fired rockets at a police station in the town.")
    assert event.actor1 == "Unidentified Armed Group"
    assert event.actor2 == "Police Forces"  # not the civilians of a building


@pytest.mark.slow
def test_a_generic_party_followed_by_a_member_noun_is_that_party():
    assert _actors_of("Gendarmerie forces arrested three men.") == [
        ("Gendarmerie forces", "Military Forces")
    ]


@pytest.mark.slow
def test_the_side_a_harmed_party_clashed_with_is_the_initiator():
    (event,) = _run("Three soldiers were wounded during clashes with Al Shabaab militants.")
    assert event.actor1 == "Al Shabaab"
    assert event.actor2 == "Military Forces"


@pytest.mark.slow
def test_the_attacker_an_attack_was_repelled_from_is_the_initiator():
    (event,) = _run("Police forces repulsed an attack by Al Shabaab militants on the town.")
    assert (event.actor1, event.actor2) == ("Al Shabaab", "Police Forces")
    (event,) = _run("Police forces thwarted an attack by Al Shabaab militants on the town.")
    assert event.actor1 == "Police Forces"  # preventing it is the police's own act


@pytest.mark.slow
def test_who_runs_into_an_explosive_is_its_target_not_its_agent():
    (event,) = _run("A police vehicle hit a landmine on the road to the town.")
    assert event.actor1 == "Unidentified Armed Group"
    assert event.actor2 == "Police Forces"


@pytest.mark.slow
def test_anti_qualified_names_do_not_name_the_group_they_oppose():
    houthis = "Military Forces of Yemen Supreme Political Council"
    found = _actors_of("Anti-Houthi forces attacked Houthi positions.")
    assert [text for text, name in found if name == houthis] == ["Houthi positions"]


@pytest.mark.slow
def test_where_two_sides_fought_is_not_the_target():
    (event,) = _run("Military forces of India and Pakistan exchanged fire at the Uri sector area.")
    assert (event.actor1, event.actor2) == (
        "Military Forces of India",
        "Military Forces of Pakistan",
    )


def test_property_of_unnamed_owners_belongs_to_civilians():
    looting = conventions.apply(
        _event(
            event_type="Strategic developments",
            sub_event_type="Looting/property destruction",
            actor1="Shining Path",
        ),
        "x",
    )
    assert (looting.actor1, looting.actor2) == ("Shining Path", "Civilians (Peru)")


@pytest.mark.slow
def test_an_event_noun_names_its_author_when_the_clause_gives_no_agent():
    (event,) = _run("Two soldiers were killed by a bomb planted by Al Shabaab militants.")
    assert (event.actor1, event.actor2) == ("Al Shabaab", "Military Forces")


@pytest.mark.slow
def test_an_agent_of_another_clause_or_a_modifier_clause_is_not_the_agent():
    (event,) = _run(
        "Villagers are afraid and a deadly attack on a military base has highlighted insecurity."
    )
    assert event.actor1 == "Unidentified Armed Group"  # not the villagers
    (event,) = _run(
        "U.S. forces carried out airstrikes against IS, hitting areas abandoned by Syrian troops."
    )
    assert event.actor1 == "Military Forces of the United States"


@pytest.mark.slow
def test_the_source_named_before_a_speaker_noun_only_speaks():
    (event,) = _run("Afghan Interior Ministry spokesman Tariq Arian said a car bomb exploded.")
    assert (event.actor1, event.actor2) == ("Unidentified Armed Group", None)


@pytest.mark.slow
def test_neither_the_accuser_nor_the_accused_of_an_attack_is_its_agent():
    (event,) = _run("Afghan officials accused the Taliban of plotting the attack on the school.")
    assert event.actor1 == "Unidentified Armed Group"  # neither the accusers nor the accused


@pytest.mark.slow
def test_the_audience_of_a_statement_is_not_a_participant():
    (event,) = _run("The police chief told reporters that gunmen attacked the prison.")
    assert event.actor2 == "Civilians"  # the prison's people, not the reporters
