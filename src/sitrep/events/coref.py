"""Who a phrase refers to: the members of a collective ("three armed groups") and the
antecedents of pronouns and generic actor nouns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from sitrep import records
from sitrep.events.candidate import Candidate
from sitrep.events.phrases import (
    Resolved,
    cleaned_name,
    count_of,
    is_break,
    number_of,
    partitive_noun,
    phrase_range,
    pronominal,
)
from sitrep.events.words import words

_NON_STATE_KINDS = {"rebel group", "political militia", "identity militia"}
_UNNAMED_KINDS = {"civilians", "protesters", "rioters"}
_QUOTE_CHARS = "\"'“‘«"


@dataclass(frozen=True)
class _Collective:
    """A plural actor phrase ("three armed groups") and the named actors the text makes its
    members, in text order. ``size`` is the number the text gives it, if any."""

    name: str | None
    members: tuple[str, ...]
    size: int | None
    intro: int | None  # token index of the phrase that names it
    introduced: bool  # named by a counted or listing phrase, not only a bare plural


def member_names(head: Token, actors: list[records.ActorMention]) -> Resolved | None:
    """Names for a phrase that denotes a collective whose members the text names.

    A phrase with its own members ("one of the groups, the X"; "groups including X and Y")
    gives them. Otherwise "the groups", "the three militias", "all of the factions" or the
    introducing phrase itself give every member of its collective: the first is the actor,
    the others its associates. A part the text does not pin down ("two of the groups" when
    three are known, "one of the factions") gives the collective's own name, or no name at
    all (empty names) when it has none: naming some members would be a guess. With no known
    member, a counted collective ("three armed groups") gives its name; else None, so that
    the caller resolves the phrase its usual way.
    """
    noun = partitive_noun(head)
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in words("collective_nouns"):
        return None
    span = phrase_range(head)
    own = _linked(noun, actors)
    if own:
        return own, span
    if noun.tag_ != "NNS":
        return None
    collective = collective_of(noun, actors)
    refers = _definite(noun) or head.i != noun.i or noun.i == collective.intro
    if not refers:
        return None
    if not collective.members:
        if collective.introduced and collective.name:
            return (collective.name,), span
        return None
    if _is_part(head, noun, collective):
        return ((collective.name,) if collective.name else ()), span
    return collective.members, span


def collective_of(noun: Token, actors: list[records.ActorMention]) -> _Collective:
    """The collective that a phrase headed by ``noun`` belongs to, with its members.

    Mentions with the same head lemma form one collective until a new one is introduced
    with a number or quantifier ("two rival militias") or its own list of members
    ("militias including X and Y"); phrases before the second introduction belong to the
    first. Without any introduction the collective is named after its first bare plural.
    """
    lemma = noun.lemma_.lower()
    doc = noun.doc
    same = [t for t in doc if t.pos_ == "NOUN" and t.lemma_.lower() == lemma]
    intros = [t for t in same if _introduces(t, actors)]
    k = max(sum(t.i <= noun.i for t in intros) - 1, 0)
    low = intros[k].i if k else 0
    high = intros[k + 1].i if k + 1 < len(intros) else len(doc)
    members = [name for t in same if low <= t.i < high for name in _linked(t, actors)]
    if intros:
        intro: Token | None = intros[k]
    else:
        intro = next((t for t in same if t.tag_ == "NNS" and not _definite(t)), None)
    cleaned = cleaned_name(intro) if intro is not None else None
    return _Collective(
        name=cleaned[0][0] if cleaned is not None else None,
        members=tuple(dict.fromkeys(members)),
        size=count_of(intro) if intro is not None else None,
        intro=intro.i if intro is not None else None,
        introduced=bool(intros),
    )


def _introduces(tok: Token, actors: list[records.ActorMention]) -> bool:
    """ "Three armed groups", "militias such as X": a plural phrase that starts a collective."""
    if tok.tag_ != "NNS" or _definite(tok) or _partitive_of(tok) is not None:
        return False
    return (
        count_of(tok) is not None
        or any(
            c.dep_ in {"det", "amod"} and c.lower_ in words("collective_quantifiers")
            for c in tok.children
        )
        or bool(_listed(tok, actors))
    )


def _definite(noun: Token) -> bool:
    return any(
        c.dep_ in {"det", "predet", "poss"} and c.lower_ in words("definite") | words("pronouns")
        for c in noun.children
    )


def _partitive_of(noun: Token) -> Token | None:
    """The quantity word of "two of the groups" when ``noun`` is its object."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.i != prep.i:
        quantity = prep.head
        if partitive_noun(quantity).i == noun.i:
            return quantity
    return None


def _is_part(head: Token, noun: Token, collective: _Collective) -> bool:
    """Whether the phrase denotes only some of the collective's members, not knowing which."""
    known = max(collective.size or 0, len(collective.members))
    if head.i != noun.i:
        if head.lower_ in words("whole_words"):
            return False
        number = number_of(head)
        return number is None or number < known
    number = count_of(noun)
    return number is not None and number < known


def _linked(noun: Token, actors: list[records.ActorMention]) -> tuple[str, ...]:
    """Named actors the text equates with, or lists under, the phrase headed by ``noun``.

    Links: apposition ("one of the groups, the X"; "X, one of the groups"), a copula ("the
    other two groups were X and Y"; "X is one of the groups"), and lists ("groups including
    X and Y", "militias such as X", "the factions include X").
    """
    head = _partitive_of(noun) or noun
    linked: list[Token] = [c for c in head.children if c.dep_ == "appos"]
    if head.dep_ == "appos":
        linked.append(head.head)
    verb = head.head
    if verb.lemma_.lower() == "be" and head.dep_ in {"nsubj", "attr"}:
        other = "attr" if head.dep_ == "nsubj" else "nsubj"
        linked.extend(c for c in verb.children if c.dep_ == other)
    names = [name for tok in linked for name in _names_at(tok, actors)]
    names.extend(_listed(noun, actors))
    if not names and head.i != noun.i:
        names.extend(_following_apposition(head, actors))
    return tuple(dict.fromkeys(names))


def _listed(noun: Token, actors: list[records.ActorMention]) -> list[str]:
    """Members listed by "including", "such as" or a governing "include"/"comprise"."""
    listed: list[Token] = []
    for child in noun.children:
        word = child.lower_
        if child.dep_ != "prep":
            continue
        if word in {"including", "include"} or (
            word == "as" and child.i > 0 and child.doc[child.i - 1].lower_ == "such"
        ):
            listed.extend(g for g in child.children if g.dep_ == "pobj")
    verb = noun.head
    if noun.dep_ == "nsubj" and verb.lemma_.lower() in {"include", "comprise"}:
        listed.extend(c for c in verb.children if c.dep_ == "dobj")
    return [name for tok in listed for name in _names_at(tok, actors)]


def _following_apposition(head: Token, actors: list[records.ActorMention]) -> list[str]:
    """ "one of the groups, the right-wing X": a name right after the comma closing the phrase,
    which the parser often attaches elsewhere."""
    doc = head.doc
    after = max(t.i for t in head.subtree) + 1
    if after >= len(doc) or doc[after].text != ",":
        return []
    for tok in doc[after + 1 : after + 7]:
        found = _names_at(tok, actors)
        if found:
            return found
        if tok.pos_ in {"VERB", "AUX"} or is_break(tok):
            return []
    return []


def _names_at(tok: Token, actors: list[records.ActorMention]) -> list[str]:
    """Named actors at ``tok`` and the phrases conjoined with it."""
    names: list[str] = []
    for part in [tok, *tok.conjuncts]:
        for mention in actors:
            if mention.start <= part.idx < mention.end and is_named(mention):
                names.append(mention.name)
                break
    return names


def _is_plural(noun: Token) -> bool:
    if noun.lower_ in words("pronouns"):
        return noun.lower_ in words("plural_pronouns")
    poss = [c for c in noun.children if c.dep_ == "poss" and c.lower_ in words("pronouns")]
    if poss:
        return poss[0].lower_ in words("plural_pronouns")
    return noun.tag_ in {"NNS", "NNPS"}


def antecedent_names(
    noun: Token,
    before: int,
    cand: Candidate,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
    *,
    name_of: Callable[[Token], Resolved | None],
) -> Resolved | None:
    """Names a pronoun or generic actor noun refers back to; ``name_of`` names a phrase head.

    Pronouns take the source of the attribution covering the event, else the subject before
    them in their sentence or of the previous sentence. Then, for pronouns and nouns alike,
    the most recent named actor before the phrase (for a plural, every named actor of the
    sentence that names it; "groups" only take armed non-state actors; pronouns look two
    sentences back at most); for nouns, last, the subject of the article's first sentence.
    """
    doc = noun.doc
    pronoun = pronominal(noun)
    person = _person_word(noun)
    if pronoun:
        source = _covering_source(cand, annotated, person=person, plural=_is_plural(noun))
        if source is not None:
            span = doc.char_span(source.start, source.end, alignment_mode="expand")
            if span is not None:
                found = name_of(span.root)
                if found is not None:
                    return found
        subject = _earlier_subject(noun)
        if subject is not None and _number_fits(subject, plural=_is_plural(noun)):
            found = name_of(subject)
            if found is not None:
                return found
    if person in words("person_pronouns"):
        return None
    window = sentence_start(noun, back=2) if pronoun else 0
    groups_only = noun.lemma_.lower() in words("group_nouns")
    named = [
        m
        for m in actors
        if window <= m.start
        and m.end <= before
        and is_named(m)
        and (not groups_only or m.kind in _NON_STATE_KINDS)
    ]
    if named:
        last = named[-1]
        chosen = [last]
        if _is_plural(noun):
            sent = doc.char_span(last.start, last.end, alignment_mode="expand")
            if sent is not None:
                bounds = sent.sent
                chosen = [m for m in named if bounds.start_char <= m.start < bounds.end_char]
        names = tuple(dict.fromkeys(m.name for m in chosen))
        return names, (chosen[0].start, chosen[0].end)
    subject = None if pronoun else _first_subject(noun)
    if subject is None:
        return None
    return name_of(subject)


def _number_fits(tok: Token, *, plural: bool) -> bool:
    """Whether a noun can be what a plural (or singular) pronoun refers to."""
    if tok.tag_ in {"NNS", "NNPS"}:
        return plural
    if plural:
        return tok.pos_ == "PROPN" and tok.ent_type_ != "PERSON"
    return True


def is_named(mention: records.ActorMention) -> bool:
    return not mention.name.lower().startswith("unidentified") and (
        mention.kind not in _UNNAMED_KINDS
    )


def _person_word(noun: Token) -> str:
    """The pronoun that makes a phrase pronominal ("their" in "their forces"), lower-cased."""
    if noun.lower_ in words("pronouns"):
        return noun.lower_
    return next((c.lower_ for c in noun.children if c.dep_ == "poss"), "")


def _covering_source(
    cand: Candidate, annotated: records.AnnotatedArticle, *, person: str, plural: bool
) -> records.Span | None:
    """The source of the statement reporting the event, if the pronoun can be that source.

    In a direct quotation only "we"/"our" are the speaker; a plural pronoun is not a person.
    """
    anchor = cand.anchor.idx
    doc = cand.anchor.doc
    for attribution in annotated.attributions:
        source = attribution.source
        content = attribution.content
        if source is None or not content.start <= anchor < content.end:
            continue
        if source.text.lower() in words("pronouns"):
            continue
        if content.text[:1] in _QUOTE_CHARS and person not in {"we", "our"}:
            continue
        span = doc.char_span(source.start, source.end, alignment_mode="expand")
        if plural and span is not None and span.root.ent_type_ == "PERSON":
            continue
        return source
    return None


def sentence_start(tok: Token, *, back: int) -> int:
    """Character offset where the sentence ``back`` sentences before ``tok``'s begins."""
    sent = tok.sent
    for _ in range(back):
        if sent.start == 0:
            break
        sent = tok.doc[sent.start - 1].sent
    return sent.start_char


def _earlier_subject(head: Token) -> Token | None:
    """A subject before ``head`` in its sentence, else the main subject of the previous one."""
    sent = head.sent
    for tok in sent:
        if tok.i >= head.i:
            break
        if tok.dep_ in {"nsubj", "nsubjpass"} and not pronominal(tok):
            return tok
    if sent.start > 0:
        prev = head.doc[sent.start - 1].sent
        subj = [t for t in prev if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"]
        if subj and not pronominal(subj[0]):
            return subj[0]
    return None


def _first_subject(noun: Token) -> Token | None:
    """The main subject of the article's first sentence, when it is not ``noun`` itself."""
    first = next(noun.doc.sents)
    subj = [t for t in first if t.dep_ in {"nsubj", "nsubjpass"} and t.head.dep_ == "ROOT"]
    if not subj or subj[0].i == noun.i or partitive_noun(subj[0]).i == noun.i:
        return None
    return subj[0]
