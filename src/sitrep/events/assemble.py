"""Run the event stage over an annotated article: candidates -> filled ``Event`` records."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span

from sitrep import records
from sitrep.events.attribution import event_claims, is_unverified_marker, verification_of
from sitrep.events.candidate import Candidate
from sitrep.events.dates import event_date
from sitrep.events.detect import ANY, classify
from sitrep.events.filters import is_aggregate, is_repeat, is_single_incident
from sitrep.events.participants import actor_name, agent_of, assoc_actors, is_abstract, patient_of
from sitrep.events.place import CountryHints, event_places
from sitrep.fatalities import count as count_fatalities
from sitrep.nlp import text_of
from sitrep.taxonomy import SubEventType
from sitrep.taxonomy import load as load_taxonomy

if TYPE_CHECKING:
    from sitrep.gazetteer import Gazetteer


def run(
    annotated: records.AnnotatedArticle, *, doc: Doc, gazetteer: Gazetteer | None = None
) -> list[records.Event]:
    """Detect, type and fill the events that ``annotated`` reports.

    Args:
        annotated (AnnotatedArticle): the article with its time, place, claim and actor layers.
        doc (Doc): the spaCy parse of ``annotated.article.text`` (tagger, parser, lemmatizer).
        gazetteer (Gazetteer | None): where country hints ("on Russian soil") are looked up;
            default None loads the packaged gazetteer on first need.

    Returns:
        list[Event]: events in the order of their sentences (zero or many).
    """
    if text_of(doc) != annotated.article.text:
        raise ValueError("doc must be the parse of annotated.article.text")
    countries = CountryHints(gazetteer)
    taxonomy = load_taxonomy()
    actors = list(annotated.actors)
    sentences = list(doc.sents)
    found: list[tuple[int, Candidate]] = []
    for index, sent in enumerate(sentences):
        found.extend((index, cand) for cand in classify(sent, taxonomy=taxonomy))
    markers = [a for a in annotated.attributions if is_unverified_marker(a)]
    events: list[records.Event] = []
    seen_types: set[str] = set()
    last_sub: str | None = None
    for index, cand in found:
        if cand.sub == ANY:
            if last_sub is None:
                continue
            cand.scores = {last_sub: 1.0}
        sub = taxonomy.sub_type(cand.sub)
        last_sub = sub.name
        sent = sentences[index]
        timex = event_date(cand, sent, annotated)
        prev = sentences[index - 1] if index else None
        places = event_places(cand, sent, prev, annotated, countries)
        deaths = count_fatalities(_fatality_scope(cand, sentences, index, found))
        if is_aggregate(sent):
            if not is_single_incident(cand):
                continue
            deaths = (None, None)
        if is_repeat(cand, sub, seen_types, timex, places, deaths, sent=sent):
            continue
        seen_types.add(sub.event_type)
        chosen: list[tuple[records.PlaceMention, int] | None] = list(places) or [None]
        for place in chosen:
            events.append(
                _assemble(cand, sub, sent, annotated, actors, timex, place, deaths, markers)
            )
    return events


def _fatality_scope(
    cand: Candidate, sentences: list[Span], index: int, found: list[tuple[int, Candidate]]
) -> list[Span]:
    """The event's sentence, plus the next one when that reports no event of its own."""
    scope = [sentences[index]]
    nxt = index + 1
    if nxt < len(sentences) and not any(i == nxt for i, _ in found):
        scope.append(sentences[nxt])
    return scope


def _assemble(
    cand: Candidate,
    sub: SubEventType,
    sent: Span,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
    timex: records.TimeExpression | None,
    place: tuple[records.PlaceMention, int] | None,
    deaths: tuple[int | None, tuple[int, int] | None],
    markers: list[records.Attribution],
) -> records.Event:
    article = annotated.article
    anchor = cand.anchor
    trigger = (anchor.idx, anchor.idx + len(anchor))
    evidence: dict[str, tuple[int, int]] = {"event_type": trigger, "sub_event_type": trigger}
    values: dict[str, Any] = {}
    agent_tok = agent_of(cand)
    if agent_tok is not None and is_abstract(agent_tok):
        agent_tok = None
    agent = actor_name(agent_tok, cand, annotated, actors) if agent_tok is not None else None
    patient_tok = patient_of(cand)
    patient = actor_name(patient_tok, cand, annotated, actors) if patient_tok is not None else None
    if agent:
        values["actor1"], evidence["actor1"] = agent[0][0], agent[1]
    if patient and (not agent or patient[0][0] not in agent[0]):
        values["actor2"], evidence["actor2"] = patient[0][0], patient[1]
    assoc = [*(agent[0][1:] if agent else ()), *assoc_actors(agent_tok, cand, annotated, actors)]
    taken = {values.get("actor1"), values.get("actor2")}
    values["assoc_actors"] = [n for n in dict.fromkeys(assoc) if n not in taken]
    if timex is not None:
        values.update(
            date_start=timex.date_start,
            date_end=timex.date_end or timex.date_start,
            time_precision=timex.precision or 1,
        )
        evidence["date_start"] = evidence["date_end"] = (timex.start, timex.end)
    else:
        values.update(date_start=article.published, date_end=article.published, time_precision=2)
    place_key = ""
    if place is not None:
        mention, precision = place
        values.update(location=mention.text, geo_precision=precision)
        if mention.place is not None:
            p = mention.place
            values.update(
                location=p.name,
                latitude=p.latitude,
                longitude=p.longitude,
                country=p.country,
                country_code=p.country_code,
                admin1=p.admin1,
                admin2=p.admin2,
                geonameid=p.geonameid,
            )
        evidence["location"] = (mention.start, mention.end)
        place_key = f":{mention.start}"
    number, number_span = deaths
    if number is not None:
        values["fatalities"] = number
        if number_span is not None:
            evidence["fatalities"] = number_span
    claims = event_claims(cand, sent, annotated, actors)
    verification, claims = verification_of(claims, markers)
    if claims:
        evidence["claims"] = (claims[0].start, claims[0].end)
    key = f"{article.id}:{trigger[0]}:{trigger[1]}{place_key}"
    return records.Event(
        article_id=article.id,
        event_id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        event_type=sub.event_type,
        sub_event_type=sub.name,
        plover_type=sub.plover,
        cameo_code=sub.cameo,
        claims=claims,
        verification=verification,
        sentence=sent.text.strip(),
        evidence=evidence,
        **values,
    )
