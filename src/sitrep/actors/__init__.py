"""Actor recognition: find conflict actors in a parsed article and name them canonically.

Sources of mentions, from most to least trusted:

1. aliases defined in the article itself: ``Russian Volunteer Corps (RVC)`` or
   ``RVC (Russian Volunteer Corps)`` make later bare ``RVC`` mentions resolve;
2. the packaged lexicon (``data/actors.tsv``, read by :mod:`sitrep.actors.table`): named
   groups and state forces with their aliases, matched case-insensitively (acronyms
   case-sensitively);
3. generic actors qualified by a country: ``Russian troops`` and ``Russia's
   army`` give "Military Forces of Russia", ``Palestinian protesters`` gives
   "Protesters (Palestine)"; unqualified generics (``protesters``, ``police``)
   take the article's country (``data/actor_countries.tsv``);
4. spaCy ORG/NORP/PERSON entities that look like armed groups (``... Brigade``,
   ``Kurdish fighters``), named by their own text.

Overlapping candidates are resolved longest first; entity-based candidates
never override the lexicon.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from sitrep import nlp as sitrep_nlp
from sitrep.actors.table import (
    CONTEXT,
    FIXED,
    Country,
    Entry,
    Lexicon,
    category,
    country_named,
    for_country,
    is_generic,
    load_lexicon,
    requalified,
)
from sitrep.records import ActorMention

__all__ = [
    "category",
    "country_named",
    "for_country",
    "is_generic",
    "requalified",
    "resolve",
    "run",
]

log = logging.getLogger(__name__)

# Candidate priorities: lower wins when two candidates are equally long.
_P_DOC_ALIAS, _P_LEXICON, _P_QUALIFIED, _P_GENERIC, _P_ENTITY = range(5)

_ARMED_HEADS = frozenset(
    "forces force army armies militia militias brigade brigades battalion battalions "
    "corps legion regiment division guard guards rebels rebel front movement "
    "fighters militants insurgents separatists unit units squad commandos mujahideen "
    "jihadists militiamen paramilitaries".split()
)
_MILITIA_HEADS = frozenset({"militia", "militias", "militiamen", "paramilitaries"})
_REBEL_HEADS = frozenset(
    "rebels rebel front movement insurgents separatists mujahideen jihadists militants".split()
)
# Nouns that, right after a named actor, still denote that actor ("Hamas gunmen").
_MEMBER_NOUNS = frozenset(
    "fighters militants forces troops rebels members units insurgents gunmen militia "
    "militiamen jihadists commanders soldiers operatives positions rebel fighter militant "
    "member soldier".split()
)
_NOT_QUALIFIERS = frozenset({"-", "pro", "anti", "non", "ex"})
_CONNECTORS = frozenset({"of", "for", "the", "and", "al", "de", "du", "la", "-", "'s", "’s"})
_ACRONYM = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Z][A-Za-z0-9/&.-]{1,11}$")
_ENTITY_LABELS = frozenset({"ORG", "NORP", "PERSON"})


@dataclass
class _Candidate:
    start: int  # token indexes, end exclusive
    end: int
    name: str
    kind: str | None
    priority: int


def run(doc: Doc, *, country: str | None = None, use_entities: bool = True) -> list[ActorMention]:
    """Find the actors named in ``doc``, in text order, one per span.

    Args:
        doc (Doc): an article parsed by ``sitrep.nlp.load()`` (or any pipeline
            with the same tokenizer; entities are used when present).
        country (str | None): ISO code or name of the country generic actors
            ("protesters", "police") belong to. Default None: the country the
            article names most often, else the one its demonyms point to.
        use_entities (bool): also accept spaCy entities that look like armed
            groups. Default True.

    Returns:
        list[ActorMention]: character offsets into ``doc.text``, canonical
        ``name`` and ACLED-style ``kind``.
    """
    lexicon = load_lexicon()
    matchers = _matchers(doc.vocab)
    context = (
        _resolve_country(country, lexicon) if country else _doc_country(doc, matchers, lexicon)
    )
    candidates = _lexicon_candidates(doc, matchers, lexicon, context)
    if use_entities:
        candidates += _entity_candidates(doc, candidates)
    candidates = _apply_doc_aliases(doc, candidates)
    mentions = []
    for cand in _select(candidates):
        span = doc[cand.start : cand.end]
        mentions.append(
            ActorMention(
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                name=cand.name,
                kind=cand.kind,
            )
        )
    return _unify_entity_names(mentions)


def resolve(text: str) -> str | None:
    """Return the canonical name of the actor a short phrase names, or None.

    ``resolve("the IDF")`` gives "Military Forces of Israel"; ``resolve("ISIS")``
    gives "Islamic State". Uses the lexicon and demonym patterns only (no
    statistical model), so it is fast; results are cached.
    """
    return _resolve_cached(" ".join(text.split()))


@lru_cache(maxsize=4096)
def _resolve_cached(text: str) -> str | None:
    if not text:
        return None
    lexicon = load_lexicon()
    bare = re.sub(r"^(?:the|The|THE)\s+", "", text)
    bare = re.sub(r"['’]s$", "", bare)
    for table, key in ((lexicon.exact, bare), (lexicon.folded, bare.lower())):
        entries = [lexicon.entries[i] for i in table.get(key, [])]
        fixed = [e for e in entries if e.scope == FIXED]
        if fixed:
            return fixed[0].name
    doc = sitrep_nlp.load().make_doc(text)
    candidates = _lexicon_candidates(doc, _matchers(doc.vocab), lexicon, None)
    candidates = _apply_doc_aliases(doc, candidates)
    best = _select(candidates)
    if not best:
        return None
    return max(best, key=lambda c: (c.end - c.start, -c.priority)).name


@dataclass(frozen=True)
class _Matchers:
    folded: PhraseMatcher
    exact: PhraseMatcher
    places: PhraseMatcher  # demonyms ("D") and country names ("C")


@lru_cache(maxsize=4)
def _matchers(vocab: Vocab) -> _Matchers:
    """Build the phrase matchers once per vocabulary."""
    import spacy

    lexicon = load_lexicon()
    shared = sitrep_nlp.load()  # its tokenizer splits every alias as a blank English one does
    make_doc = shared.make_doc if shared.vocab is vocab else spacy.blank("en", vocab=vocab).make_doc
    folded = PhraseMatcher(vocab, attr="LOWER")
    exact = PhraseMatcher(vocab, attr="ORTH")
    places = PhraseMatcher(vocab, attr="ORTH")
    for alias in lexicon.folded:
        folded.add(alias, [make_doc(alias)])
    for alias in lexicon.exact:
        exact.add(alias, [make_doc(alias)])
    for form, code in lexicon.demonyms.items():
        places.add(f"D{code}", [make_doc(form)])
    for form, code in lexicon.country_names.items():
        places.add(f"C{code}", [make_doc(form)])
    log.debug("built actor matchers: %d aliases", len(lexicon.folded) + len(lexicon.exact))
    return _Matchers(folded, exact, places)


# --- candidates ------------------------------------------------------------------


def _resolve_country(country: str, lexicon: Lexicon) -> Country | None:
    code = country.upper() if country.upper() in lexicon.countries else None
    code = code or lexicon.country_names.get(country) or lexicon.demonyms.get(country)
    if code is None:
        log.debug("unknown country %r for generic actors", country)
        return None
    return lexicon.countries[code]


def _place_matches(doc: Doc, matchers: _Matchers) -> list[tuple[str, str, int, int]]:
    """(kind "D"/"C", country code, start, end) for each demonym or country name."""
    strings = doc.vocab.strings
    found = []
    for key, start, end in matchers.places(doc):
        label = strings[key]
        found.append((label[0], label[1:], start, end))
    return found


def _doc_country(doc: Doc, matchers: _Matchers, lexicon: Lexicon) -> Country | None:
    """The country the article is most about: most-named country, else most-used demonym."""
    places = [p for p in _place_matches(doc, matchers) if not _modifies_noun(doc[p[3] - 1])]
    for kind in ("C", "D"):
        counts = Counter(code for k, code, _, _ in places if k == kind)
        if counts:
            top = max(counts.values())
            first = next(c for k, c, _, _ in places if k == kind and counts[c] == top)
            return lexicon.countries[first]
    return None


def _lexicon_candidates(
    doc: Doc, matchers: _Matchers, lexicon: Lexicon, context: Country | None
) -> list[_Candidate]:
    strings = doc.vocab.strings
    hits: list[tuple[int, int, int]] = []  # (entry index, start, end)
    for matcher, table in ((matchers.folded, lexicon.folded), (matchers.exact, lexicon.exact)):
        for key, start, end in matcher(doc):
            hits.extend((index, start, end) for index in table.get(strings[key], []))
    qualifiers = _qualifiers(doc, matchers)
    countries = {start: (end, code) for kind, code, start, end in _place_matches(doc, matchers)}
    candidates = []
    for index, start, end in hits:
        entry = lexicon.entries[index]
        if _opposed(doc, start):
            continue  # "anti-Houthi forces" are the Houthis' enemies
        if entry.scope == FIXED:
            candidates.append(_Candidate(start, end, entry.name, entry.kind, _P_LEXICON))
            candidates.extend(_with_members(doc, start, end, entry))
            if entry.template and end < len(doc) and doc[end].lower_ == "and":
                # "the military forces of India and Pakistan": the second country's too
                second = countries.get(end + 1)
                if second is not None:
                    name = entry.template.format(country=lexicon.countries[second[1]].of_name)
                    candidates.append(_Candidate(end + 1, second[0], name, entry.kind, _P_LEXICON))
            continue
        if start in qualifiers:
            q_start, code = qualifiers[start]
            country = lexicon.countries[code]
            candidates.append(
                _Candidate(q_start, end, entry.named(country), entry.kind, _P_QUALIFIED)
            )
        elif entry.scope == CONTEXT:
            stop = _member_end(doc, end)  # "gendarmerie forces", "army units"
            if stop > end or not _modifies_noun(doc[end - 1]):  # not "police car"
                name = entry.named(context)
                candidates.append(_Candidate(start, stop, name, entry.kind, _P_GENERIC))
    return candidates


def _opposed(doc: Doc, start: int) -> bool:
    """Whether the name at ``start`` follows "anti-" ("anti-Houthi forces")."""
    before = [t.lower_ for t in doc[max(start - 2, 0) : start]]
    return before[-1:] == ["anti"] or before == ["anti", "-"]


def _qualifiers(doc: Doc, matchers: _Matchers) -> dict[int, tuple[int, str]]:
    """Map a token index to (start, country code) of a demonym or possessive just before it."""
    found: dict[int, tuple[int, str]] = {}
    for kind, code, start, end in _place_matches(doc, matchers):
        if start > 0 and doc[start - 1].lower_ in _NOT_QUALIFIERS:
            continue  # "pro-Russian separatists" are not Russian forces
        if end < len(doc) and doc[end].text == "-":
            continue  # "Russian-backed"
        if kind == "D":
            found[end] = (start, code)
        elif end < len(doc) and doc[end].lower_ in ("'s", "’s"):
            found[end + 1] = (start, code)
    return found


def _modifies_noun(token: Token) -> bool:
    """True when a parse says the token only modifies the next noun."""
    return token.doc.has_annotation("DEP") and token.dep_ in ("compound", "amod", "nmod")


def _with_members(doc: Doc, start: int, end: int, entry: Entry) -> list[_Candidate]:
    """ "Hamas gunmen", "Wagner fighters": a named actor followed by a member noun."""
    stop = _member_end(doc, end)
    if stop == end:
        return []
    return [_Candidate(start, stop, entry.name, entry.kind, _P_LEXICON)]


def _member_end(doc: Doc, end: int) -> int:
    """Extend ``end`` over up to two member nouns ("fighters", "forces")."""
    stop = end
    while stop < len(doc) and doc[stop].lower_ in _MEMBER_NOUNS and stop - end < 2:
        stop += 1
    return stop


def _entity_candidates(doc: Doc, known: list[_Candidate]) -> list[_Candidate]:
    """spaCy entities that look like armed groups and overlap no lexicon actor."""
    named = [c for c in known if c.priority <= _P_QUALIFIED]
    found = []
    for ent in doc.ents:
        if ent.label_ not in _ENTITY_LABELS:
            continue
        span = _trim(ent)
        if span is None:
            continue
        head = span[-1].lower_
        if head not in _ARMED_HEADS or head in {"front", "movement"} and len(span) == 1:
            end = _member_end(doc, span.end)
            if end == span.end:
                continue
            span = doc[span.start : end]
            head = span[-1].lower_
        if any(c.start < span.end and span.start < c.end for c in named):
            continue
        found.append(_Candidate(span.start, span.end, span.text, _kind_of(head), _P_ENTITY))
    return found


def _trim(span: Span) -> Span | None:
    """Drop a leading article and a trailing possessive."""
    start, end = span.start, span.end
    if span[0].lower_ == "the":
        start += 1
    if end > start and span.doc[end - 1].lower_ in ("'s", "’s"):
        end -= 1
    return span.doc[start:end] if end > start else None


def _kind_of(head: str) -> str | None:
    if head in _MILITIA_HEADS:
        return "political militia"
    if head in _REBEL_HEADS:
        return "rebel group"
    return None


# --- in-document aliases ---------------------------------------------------------


def _apply_doc_aliases(doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
    """Learn "Long Name (ACR)" / "ACR (Long Name)" and resolve bare ACR mentions."""
    aliases: dict[str, _Candidate] = {}
    hidden: list[tuple[int, int]] = []  # definition parentheses: not separate mentions
    for i, token in enumerate(doc):
        if token.text != "(":
            continue
        close = next((j for j in range(i + 1, min(i + 15, len(doc))) if doc[j].text == ")"), None)
        if close is None or close == i + 1:
            continue
        inner = doc[i + 1 : close]
        if len(inner) == 1 and _ACRONYM.match(inner.text):
            long = _expansion_before(doc, i, candidates)
            if long is not None and _initials_fit(inner.text, doc[long.start : long.end], long):
                aliases[inner.text] = long
                hidden.append((i + 1, close))
                if long not in candidates:
                    candidates.append(long)
        elif i > 0 and _ACRONYM.match(doc[i - 1].text):
            long = _longest_within(candidates, i + 1, close)
            if long is None and _looks_armed(inner):
                long = _Candidate(i + 1, close, inner.text, _kind_of(inner[-1].lower_), _P_ENTITY)
            if long is not None and _initials_fit(doc[i - 1].text, inner, long):
                aliases[doc[i - 1].text] = long
                hidden.append((i + 1, close))
    if not aliases:
        return candidates
    kept = [c for c in candidates if not any(s <= c.start and c.end <= e for s, e in hidden)]
    for i, token in enumerate(doc):
        long = aliases.get(token.text)
        if long is None or any(s <= i < e for s, e in hidden):
            continue
        end = _member_end(doc, i + 1)  # "NFB fighters"
        kept = [c for c in kept if c.priority != _P_ENTITY or not c.start <= i < c.end]
        kept.append(_Candidate(i, end, long.name, long.kind, _P_DOC_ALIAS))
    return kept


def _expansion_before(doc: Doc, paren: int, candidates: list[_Candidate]) -> _Candidate | None:
    """The actor named right before "(": a known candidate or a capitalised armed-group name."""
    ending = [c for c in candidates if c.end == paren]
    if ending:
        return max(ending, key=lambda c: (c.end - c.start, -c.priority))
    start = paren
    while start > 0 and (
        doc[start - 1].is_title
        or doc[start - 1].is_upper
        or (doc[start - 1].lower_ in _CONNECTORS and start - 1 > 0 and start < paren)
    ):
        start -= 1
    while start < paren and doc[start].lower_ in _CONNECTORS:
        start += 1
    span = doc[start:paren]
    if not _looks_armed(span):
        return None
    return _Candidate(start, paren, span.text, _kind_of(span[-1].lower_), _P_ENTITY)


def _longest_within(candidates: list[_Candidate], start: int, end: int) -> _Candidate | None:
    inside = [c for c in candidates if start <= c.start and c.end <= end]
    if not inside:
        return None
    best = max(inside, key=lambda c: (c.end - c.start, -c.priority))
    return best if best.end - best.start >= end - start - 1 else None


def _initials_fit(acronym: str, span: Span, cand: _Candidate) -> bool:
    """The acronym starts like the long form or the canonical name ("RVC", "Russian ...")."""
    words = [t.text for t in span if t.lower_ not in _CONNECTORS]
    firsts = {w[0].lower() for w in words[:1] + cand.name.split()[:1] if w}
    return acronym[0].lower() in firsts


def _looks_armed(span: Span) -> bool:
    return len(span) >= 2 and span[0].is_title and span[-1].lower_ in _ARMED_HEADS


# --- selection -------------------------------------------------------------------


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep the longest non-overlapping candidates (ties: higher priority), in text order."""
    chosen: list[_Candidate] = []
    taken: set[int] = set()
    order = sorted(candidates, key=lambda c: (-(c.end - c.start), c.priority, c.start))
    for cand in order:
        tokens = set(range(cand.start, cand.end))
        if tokens & taken:
            continue
        taken |= tokens
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _unify_entity_names(mentions: list[ActorMention]) -> list[ActorMention]:
    """Give entity-derived actors one name per document, whatever the case or plural."""
    lexicon = load_lexicon()
    known = {e.name for e in lexicon.entries}
    first: dict[str, str] = {}
    unified = []
    for mention in mentions:
        if mention.name in known or "(" in mention.name:
            unified.append(mention)
            continue
        key = re.sub(r"s$", "", mention.name.lower())
        name = first.setdefault(key, mention.name)
        unified.append(mention.model_copy(update={"name": name}))
    return unified
