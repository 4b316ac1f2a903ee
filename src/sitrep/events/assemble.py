"""Run the event stage over an annotated article: candidates -> filled ``Event`` records."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span

from sitrep import records
from sitrep.events import conventions, model
from sitrep.events.attribution import (
    event_claims,
    is_partisan_count,
    is_unverified_marker,
    partisan_ranges,
    verification_of,
    with_stated_tolls,
)
from sitrep.events.candidate import Candidate
from sitrep.events.compat import PLACE_EVIDENCE, STRATEGIC_FAMILY, family, is_placed, kilometres
from sitrep.events.dates import event_date
from sitrep.events.detect import ANY, classify
from sitrep.events.features import (
    combine_types,
    incident_features,
    sentence_features,
    sentence_toll,
    summed_scores,
)
from sitrep.events.filters import (
    claims_responsibility,
    comments_on_incident,
    is_aggregate,
    is_single_incident,
)
from sitrep.events.headline import reports_by_form
from sitrep.events.merge import Draft, Incident, group
from sitrep.events.participants import event_parties
from sitrep.events.place import (
    CountryHints,
    EventPlace,
    event_places,
    finer_place,
    speaker_places,
)
from sitrep.events.words import words
from sitrep.fatalities import count_incident
from sitrep.nlp import text_of
from sitrep.taxonomy import SubEventType
from sitrep.taxonomy import load as load_taxonomy

if TYPE_CHECKING:
    from sitrep.gazetteer import Gazetteer

# Ages (days before publication) of background and of history, which is not coded.
_WEEK_DAYS = 7
_RECENT_DAYS = 49
_HISTORY_DAYS = 730
# How far from a named region's point a finer place may lie when the gazetteer gives it
# another admin1 ("Nablus" in "the West Bank").
_REGION_KM = 50.0

# A brief report (a headline, a lead, a coder's note) that names an incident is about it; the
# detector's own threshold was set on whole stories, where most violent sentences are context.
# Chosen on dev parts only: incident benchmark end-to-end B-cubed 0.713 -> 0.787, ACLED notes
# detected 0.954 -> 0.972, whole stories unchanged (they are longer). The story length as a
# detector feature alone did not replace it (end-to-end B-cubed 0.791 -> 0.745 on dev).
BRIEF_REPORT_SENTENCES = 2
BRIEF_REPORT_THRESHOLD = 0.5


def run(
    annotated: records.AnnotatedArticle,
    *,
    doc: Doc,
    gazetteer: Gazetteer | None = None,
    use_models: bool = True,
    models: Mapping[str, model.LinearModel] | None = None,
) -> list[records.Event]:
    """Detect, type and fill the events that ``annotated`` reports, one per incident.

    Args:
        annotated (AnnotatedArticle): the article with its time, place, claim and actor layers.
        doc (Doc): the spaCy parse of ``annotated.article.text`` (tagger, parser, lemmatizer).
        gazetteer (Gazetteer | None): where country hints ("on Russian soil") are looked up;
            default None loads the packaged gazetteer on first need.
        use_models (bool): filter sentences with the trained detector and type incidents
            with the trained typer (default True); False keeps the trigger rules alone.
        models (Mapping[str, LinearModel] | None): "detector" and "typer" to use instead of
            the packaged ones (training compares candidates this way).

    Returns:
        list[Event]: events in the order of their first reports (zero or many).
    """
    if text_of(doc) != annotated.article.text:
        raise ValueError("doc must be the parse of annotated.article.text")
    chosen_models = (models or model.packaged()) if use_models else {}
    countries = CountryHints(gazetteer)
    taxonomy = load_taxonomy()
    actors = list(annotated.actors)
    sentences = list(doc.sents)
    found: list[tuple[int, Candidate]] = []
    supporting: set[int] = set()
    brief = len(sentences) <= BRIEF_REPORT_SENTENCES
    for index, sent in enumerate(sentences):
        cands = classify(sent, taxonomy=taxonomy)
        if (
            cands
            and use_models
            and not _reports_incident(
                sent,
                index,
                len(sentences),
                cands,
                annotated,
                chosen_models["detector"],
                brief=brief,
            )
        ):
            supporting.add(index)
        found.extend((index, cand) for cand in cands)
    drafts: list[Draft] = []
    last_sub: str | None = None
    lasting = words("lasting_incident_lemmas")
    per_sentence: dict[int, tuple[tuple[int | None, tuple[int, int] | None], bool, bool]] = {}
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
        if index not in per_sentence:  # a sentence's candidates share these
            per_sentence[index] = (
                sentence_toll(sent),  # the incident's toll is settled in _finish
                is_aggregate(sent),
                any(t.lemma_.lower() in lasting for t in sent),
            )
        deaths, aggregate, lasts = per_sentence[index]
        if aggregate:
            if not is_single_incident(cand):
                continue
            deaths = (None, None)
        chosen: list[EventPlace | None] = list(places) or [None]
        claimed = claims_responsibility(cand.anchor)  # "claimed responsibility for the attack"
        for place in chosen:
            event = _assemble(cand, sub, sent, annotated, actors, timex, place, deaths)
            if use_models:
                event = _typed(event, [sent], [cand], chosen_models["typer"])
            drafts.append(
                Draft(
                    event=conventions.apply(event, annotated.article.text),
                    candidate=cand,
                    sentence=index,
                    support=(index in supporting or claimed or comments_on_incident(cand.anchor))
                    and not _anchored_background(cand, event),
                    fresh=_opens_another_incident(sent),
                    refers_back=claimed or _named_by_its_day(cand),
                    claimed=claimed,
                    lasting=lasts,
                )
            )
    markers = [a for a in annotated.attributions if is_unverified_marker(a)]
    told = {index for index, _ in found}
    speakers = speaker_places(annotated, doc)
    finished = (
        _finish(
            incident,
            sentences,
            annotated,
            actors,
            markers,
            typer=chosen_models.get("typer"),
            after=_following(incident.sentences, told, len(sentences)),
            speakers=speakers,
        )
        for incident in group(drafts)
    )
    return [event for event in finished if event is not None]


def _anchored_background(cand: Candidate, event: records.Event) -> bool:
    """ "previous actions ... in Russian border regions in May 2023": an earlier incident
    named with its own date and place is background, whatever the detector says."""
    return cand.background and "date_start" in event.evidence and "location" in event.evidence


def _named_by_its_day(cand: Candidate) -> bool:
    """ "Tuesday's attack": an event noun owned by a date names an incident by its day."""
    anchor = cand.anchor
    return anchor.pos_ == "NOUN" and any(
        child.dep_ == "poss" and child.ent_type_ == "DATE" for child in anchor.children
    )


def _opens_another_incident(sent: Span) -> bool:
    """ "Meanwhile, ...", "In a separate attack, ...": the sentence tells a new incident,
    unless the opener sets apart a statement ("In a separate statement, the army said ...")."""
    opening = " ".join(t.lower_ for t in sent[:3] if not t.is_punct)
    if not any(
        opening == marker or opening.startswith(marker + " ")
        for marker in words("new_incident_markers")
    ):
        return False
    noun = next((t for t in sent[:5] if t.pos_ == "NOUN"), None)
    return noun is None or noun.lemma_.lower() not in words("statement_nouns")


def _reports_incident(
    sent: Span,
    index: int,
    count: int,
    cands: list[Candidate],
    annotated: records.AnnotatedArticle,
    detector: model.LinearModel,
    *,
    brief: bool,
) -> bool:
    """The detector's verdict on sentence ``index`` of ``count``, which has rule candidates
    (``brief``: the article is a brief report, judged by :data:`BRIEF_REPORT_THRESHOLD`;
    a headline whose form reports the incident needs no detector)."""
    if brief and reports_by_form(sent, cands):
        return True
    features = sentence_features(
        sent, index=index, count=count, candidates=cands, annotated=annotated
    )
    threshold = BRIEF_REPORT_THRESHOLD if brief else detector.threshold
    return detector.probabilities(features)["event"] >= threshold


def _typed(
    event: records.Event,
    sentences: list[Span],
    cands: list[Candidate],
    typer: model.LinearModel,
    *,
    within_family: bool = False,
) -> records.Event:
    """``event`` with the sub-event type the typer gives its sentences and candidates;
    ``within_family`` keeps the type in the family of the event's own (violence,
    demonstration) unless that is a strategic development."""
    taxonomy = load_taxonomy()
    probs = typer.probabilities(incident_features(sentences, cands))
    own = family(event.event_type)
    if within_family and own != STRATEGIC_FAMILY:
        types = {s.name: s.event_type for s in taxonomy.sub_event_types}
        probs = {name: p for name, p in probs.items() if family(types[name]) == own} or probs
    sub = taxonomy.sub_type(combine_types(probs, summed_scores(cands), typer.rule_weight))
    return event.model_copy(
        update={
            "event_type": sub.event_type,
            "sub_event_type": sub.name,
            "plover_type": sub.plover,
            "cameo_code": sub.cameo,
        }
    )


def _finish(
    incident: Incident,
    sentences: list[Span],
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
    markers: list[records.Attribution],
    *,
    typer: model.LinearModel | None,
    after: list[int],
    speakers: set[int],
) -> records.Event | None:
    """Type the incident, flag or drop it by age, and settle its toll and verification.

    The toll is the reporter's count over the incident's sentences or, when they give
    none, over the ``after`` sentences ("Militants hijacked a train. At least 26 people
    were killed, officials said."); a count a party claims is never the toll.
    """
    event = incident.event
    published = annotated.article.published
    age: int | None = None
    if published is not None:
        if event.date_start is not None and event.date_start > published:
            return None  # planned or scheduled, not realised
        age = (published - (event.date_end or event.date_start or published)).days
        if age > _HISTORY_DAYS:
            return None  # history, not news: wars and coups of years past
    if typer is not None:
        # the incident keeps the family its first report gives it: a protest whose
        # sentences also tell an arrest stays a protest, a strategic development may
        # become the attack it is told with
        event = _typed(
            event,
            [sentences[i] for i in incident.sentences],
            incident.candidates,
            typer,
            within_family=True,
        )
    partisan = partisan_ranges(event)
    toll, toll_span = count_incident((sentences[i] for i in incident.sentences), ignore=partisan)
    if toll is None:
        claimed = [
            (a.content.start, a.content.end)
            for a in annotated.attributions
            if a.stance == "claimed"
        ]
        toll, toll_span = count_incident(
            (sentences[i] for i in after), ignore=[*partisan, *claimed]
        )
    if toll is not None and toll_span is not None:
        evidence = {**event.evidence, "fatalities": toll_span}
        event = event.model_copy(update={"fatalities": toll, "evidence": evidence})
    finer = finer_place(event, incident.sentences, sentences, annotated, speakers=speakers)
    if finer is not None:
        moved = _placed(event, finer)
        if _inside_stated_region(moved, event):
            event = moved
    values: dict[str, Any] = {}
    named_earlier = any(d.candidate.background for d in incident.drafts)
    month_only = age is not None and (event.time_precision or 0) >= 3 and age > _WEEK_DAYS
    values["background"] = named_earlier or month_only or (age or 0) > _RECENT_DAYS
    if values["background"] and event.country_code is None and event.location is None:
        return None  # an earlier incident the text gives no place for is not coded
    event = conventions.apply(event.model_copy(update=values), annotated.article.text)
    if is_partisan_count(event):
        evidence = {k: v for k, v in event.evidence.items() if k != "fatalities"}
        event = event.model_copy(update={"fatalities": None, "evidence": evidence})
    verification, claims = verification_of(event, markers, actors)
    claims = with_stated_tolls(claims, sentences[0].doc)
    evidence = dict(event.evidence)
    if claims:
        evidence["claims"] = (claims[0].start, claims[0].end)
    return event.model_copy(
        update={"verification": verification, "claims": claims, "evidence": evidence}
    )


def _inside_stated_region(moved: records.Event, event: records.Event) -> bool:
    """Whether ``moved`` (``event`` at a finer place) lies in the region the event's own
    text names, if it names one (the same admin1, or within 50 km of the region's point):
    of "drones over the Cherkasy, Kyiv and Odesa regions", the Odesa event is not moved to
    the city of Cherkasy."""
    if not (is_placed(event) and event.geo_precision == 3 and event.admin1 is not None):
        return True
    if moved.admin1 == event.admin1:
        return True
    distance = kilometres(moved, event)
    return distance is not None and distance <= _REGION_KM


def _place_fields(place: EventPlace) -> dict[str, Any]:
    """The record fields of a place: its gazetteer entry, or the name alone if unresolved."""
    mention = place.mention
    p = mention.place
    fields: dict[str, Any] = dict.fromkeys(
        ("country", "country_code", "admin1", "admin2", "latitude", "longitude", "geonameid")
    )
    fields.update(location=mention.text, geo_precision=place.precision)
    if p is not None:
        fields.update(
            location=p.name,
            latitude=p.latitude,
            longitude=p.longitude,
            country=p.country,
            country_code=p.country_code,
            admin1=p.admin1,
            admin2=p.admin2,
            geonameid=p.geonameid,
        )
    return fields


def _placed(event: records.Event, place: EventPlace) -> records.Event:
    """``event`` moved to ``place`` (evidence says whether the place was inferred)."""
    evidence = {k: v for k, v in event.evidence.items() if k not in PLACE_EVIDENCE}
    evidence.update(place.evidence())
    return event.model_copy(update={**_place_fields(place), "evidence": evidence})


def _following(own: list[int], told: set[int], count: int) -> list[int]:
    """The sentences right after the incident's that tell no event of their own."""
    return sorted({i + 1 for i in own if i + 1 < count and i + 1 not in told} - set(own))


def _assemble(
    cand: Candidate,
    sub: SubEventType,
    sent: Span,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
    timex: records.TimeExpression | None,
    place: EventPlace | None,
    deaths: tuple[int | None, tuple[int, int] | None],
) -> records.Event:
    article = annotated.article
    anchor = cand.anchor
    trigger = (anchor.idx, anchor.idx + len(anchor))
    evidence: dict[str, tuple[int, int]] = {"event_type": trigger, "sub_event_type": trigger}
    values: dict[str, Any] = {}
    parties, parties_evidence = event_parties(cand, sent, annotated, actors)
    values.update(parties)
    evidence.update(parties_evidence)
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
        values.update(_place_fields(place))
        evidence.update(place.evidence())
        place_key = f":{place.mention.start}"
    number, number_span = deaths
    if number is not None:
        values["fatalities"] = number
        if number_span is not None:
            evidence["fatalities"] = number_span
    claims = event_claims(cand, sent, annotated, actors)
    key = f"{article.id}:{trigger[0]}:{trigger[1]}{place_key}"
    return records.Event(
        article_id=article.id,
        event_id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        event_type=sub.event_type,
        sub_event_type=sub.name,
        plover_type=sub.plover,
        cameo_code=sub.cameo,
        claims=claims,
        sentence=sent.text.strip(),
        evidence=evidence,
        **values,
    )
