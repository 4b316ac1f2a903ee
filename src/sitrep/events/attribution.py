"""Claims about an event and its verification status."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span

from sitrep import fatalities, records
from sitrep.events.candidate import Candidate, clause_tokens
from sitrep.events.coref import collective_of, is_named, sentence_start
from sitrep.events.participants import actor_name
from sitrep.events.phrases import anaphoric_actor, cleaned_name, partitive_noun, phrase_range
from sitrep.events.words import words
from sitrep.nlp import entities_of, text_of

_EDGE_CHARS = " \t\n\"'“”‘’«».,;:!?-—–()[]"


@lru_cache(maxsize=1)
def _unverified_topics() -> re.Pattern[str]:
    """Nouns (singular or plural) an "unverified" caveat must name to cover claimed events."""
    alternatives = "|".join(sorted(words("unverified_topics")))
    return re.compile(rf"\b(?:{alternatives})s?\b", re.IGNORECASE)


def is_unverified_marker(attribution: records.Attribution) -> bool:
    text = attribution.content.text
    return attribution.stance == "unverified" and bool(_unverified_topics().search(text))


def event_claims(
    cand: Candidate,
    sent: Span,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
) -> list[records.Claim]:
    clause = clause_tokens(cand, sent) or list(sent)
    start = min(t.idx for t in clause)
    end = max(t.idx + len(t) for t in clause)
    doc = sent.doc
    claims: list[records.Claim] = []
    for attribution in annotated.attributions:
        content, told_by = attribution.content, attribution.source
        if attribution.stance == "unverified" or not (content.start < end and start < content.end):
            continue
        if told_by is not None and told_by.start <= cand.anchor.idx < told_by.end:
            continue  # the event is what "says" it ("the attack highlighted insecurity")
        claimant = _claimant(attribution.source, cand, annotated, actors)
        claims.append(
            records.Claim(
                claimant=claimant,
                stance=attribution.stance,
                text=content.text,
                start=content.start,
                end=content.end,
            )
        )
    if cand.denied_by is not None:
        subj = [c for c in cand.denied_by.children if c.dep_ == "nsubj"]
        source = None
        if subj:
            s_start, s_end = phrase_range(subj[0])
            source = records.Span(start=s_start, end=s_end, text=text_of(doc)[s_start:s_end])
        s_start, s_end = _stripped(sent)
        claims.append(
            records.Claim(
                claimant=_claimant(source, cand, annotated, actors),
                stance="denied",
                text=text_of(doc)[s_start:s_end],
                start=s_start,
                end=s_end,
            )
        )
    return claims


def _stripped(sent: Span) -> tuple[int, int]:
    """Character range of the sentence without surrounding white space."""
    text = sent.text
    start = sent.start_char + len(text) - len(text.lstrip())
    return start, sent.start_char + len(text.rstrip())


def _claimant(
    source: records.Span | None,
    cand: Candidate,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
) -> str | None:
    """The source's canonical name: "he"/"they" become the nearest fitting earlier name,
    "the groups" the collective it belongs to or else the actors it refers back to; else the
    source's head phrase without numbers ("KYIV - Three armed groups" -> "armed groups"), or
    its own words."""
    if source is None:
        return None
    doc = cand.anchor.doc
    for mention in actors:
        if mention.start < source.end and source.start < mention.end:
            return mention.name
    text = source.text.strip(_EDGE_CHARS) or None
    lower = (text or "").lower()
    if lower in words("person_pronouns"):
        return _previous_person(doc, source.start) or text
    if lower in words("plural_pronouns"):
        return _previous_group(doc, source.start, cand, annotated, actors) or text
    span = doc.char_span(source.start, source.end, alignment_mode="expand")
    if span is None:
        return text
    noun = partitive_noun(span.root)
    if anaphoric_actor(noun, span.root):
        if noun.lemma_.lower() in words("collective_nouns") and noun.tag_ == "NNS":
            collective = collective_of(noun, actors).name
            if collective:
                return collective
        found = actor_name(span.root, cand, annotated, actors)
        if found is not None:
            return found[0][0]
    cleaned = cleaned_name(span.root)
    return cleaned[0][0] if cleaned is not None else text


def _previous_person(doc: Doc, before: int) -> str | None:
    """The nearest person named before ``before``, in the fullest form the text gives it."""
    people = [e for e in entities_of(doc) if e.label_ == "PERSON" and e.end_char <= before]
    if not people:
        return None
    nearest = people[-1]
    last = nearest[-1].lower_
    fuller = [e for e in people if e[-1].lower_ == last and len(e) > len(nearest)]
    return (fuller[0] if fuller else nearest).text


def _previous_group(
    doc: Doc,
    before: int,
    cand: Candidate,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
) -> str | None:
    """The nearest earlier plural source or named actor within the two previous sentences."""
    span = doc.char_span(before, before + 1, alignment_mode="expand")
    if span is None:
        return None
    window = sentence_start(span[0], back=2)
    found: list[tuple[int, str]] = [
        (m.start, m.name) for m in actors if window <= m.start and m.end <= before and is_named(m)
    ]
    for attribution in annotated.attributions:
        source = attribution.source
        if source is None or not window <= source.start or source.end > before:
            continue
        head = doc.char_span(source.start, source.end, alignment_mode="expand")
        if head is None or head.root.lower_ in words("pronouns"):
            continue
        if head.root.tag_ in {"NNS", "NNPS"} or head.root.ent_type_ in {"ORG", "NORP"}:
            name = _claimant(source, cand, annotated, actors)
            if name:
                found.append((source.start, name))
    return max(found)[1] if found else None


def verification_of(
    event: records.Event,
    markers: list[records.Attribution],
    actors: list[records.ActorMention],
) -> tuple[str, list[records.Claim]]:
    """The event's verification from the claims that cover it, and its claims.

    ``unverified`` when a caveat ("could not independently verify ...") covers one of its
    claims: a caveat naming a party covers that party's claims, one naming none covers
    combatants' claims; else ``contested`` when a claim denies it; else ``claimed`` when
    its trigger is told only inside a combatant's claim (stance "claimed", or the claimant is
    the event's own actor1); else ``reported``. A caveat that applies is added as an
    ``unverified`` claim.
    """
    claims = list(event.claims)
    for marker in markers:
        if _covers(marker, claims, actors):
            source = marker.source.text.strip(_EDGE_CHARS) if marker.source else None
            extra = records.Claim(
                claimant=source or None,
                stance="unverified",
                text=marker.content.text,
                start=marker.content.start,
                end=marker.content.end,
            )
            return "unverified", [*claims, extra]
    if any(c.stance == "denied" for c in claims):
        return "contested", claims
    trigger = event.evidence.get("event_type")
    if trigger is not None and any(
        _partisan(c, event) and c.start <= trigger[0] < c.end for c in claims
    ):
        return "claimed", claims
    return "reported", claims


def with_stated_tolls(claims: list[records.Claim], doc: Doc) -> list[records.Claim]:
    """The claims, each with the death toll its text in ``doc`` states (None when none)."""
    stated = []
    for claim in claims:
        span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
        toll = fatalities.count([span])[0] if span is not None else None
        stated.append(claim.model_copy(update={"toll": toll}))
    return stated


def _covers(
    marker: records.Attribution, claims: list[records.Claim], actors: list[records.ActorMention]
) -> bool:
    content = marker.content
    named = {m.name for m in actors if content.start <= m.start < content.end}
    if named:
        return any(c.claimant in named for c in claims)
    return any(c.stance == "claimed" for c in claims)


def _partisan(claim: records.Claim, event: records.Event) -> bool:
    """A combatant's own claim: stance "claimed", or told by the event's own perpetrator."""
    return claim.stance == "claimed" or (
        claim.claimant is not None and claim.claimant == event.actor1
    )


def is_partisan_count(event: records.Event) -> bool:
    """Whether the event's death toll sits inside a combatant's claim (not the reporter's)."""
    span = event.evidence.get("fatalities")
    if span is None:
        return False
    return any(_partisan(c, event) and c.start <= span[0] < c.end for c in event.claims)


def partisan_ranges(event: records.Event) -> list[tuple[int, int]]:
    """Character ranges of the event's claims made by a combatant (see ``_partisan``)."""
    return [(c.start, c.end) for c in event.claims if _partisan(c, event)]
