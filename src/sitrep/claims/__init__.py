"""Claim attribution: who (source) said (cue) what (content), and with which stance.

Rules over spaCy's dependency parse and a lemma-based cue lexicon
(``data/reporting_cues.tsv``, see :mod:`sitrep.claims.lexicon`) find:

- reporting and attitude verbs with a clause or object: "X said (that) ...", "..., X said.",
  "..., said X", "X told reporters ...", "X accused Y of ...", "X warned that ...",
  "X insisted ...", "X endorsed Y", "X seemed to ..." (:mod:`~sitrep.claims.verbs`);
- "according to X, ..." and "..., according to X"; "As X reported, ..."; verb +
  preposition cues ("pointed to X", "called for X"); "Name: statement" headlines;
- noun and adjective cues: "a statement saying ...", "X's claim that ...", "criticism of
  X", "critics of X", "X is critical of Y" (:mod:`~sitrep.claims.nouns`);
- direct quotes next to a cue, quotes spanning several sentences, and quotes in their own
  paragraph, linked to the last named speaker (:mod:`~sitrep.claims.quotes`);
- verification caveats ("Reuters could not independently verify ...", "there was no
  independent confirmation", "unverified reports") and the claims each is about
  (``covers``; :mod:`~sitrep.claims.verification`).

Attitude cues ("think", "support") inside a quotation or inside the content of a speech cue
are the speaker's own words and are not reported separately. A statement reported inside
another ("X said officials told him ...") keeps the outer source in ``relayed_by``.

Stance comes from the cue (say -> asserted, claim -> claimed, deny -> denied, confirm ->
confirmed); a caveat is ``unverified``. All spans are character offsets into ``doc.text``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from spacy.attrs import LOWER, POS
from spacy.strings import get_string_id
from spacy.symbols import ADJ, AUX, NOUN, VERB
from spacy.tokens import Doc, Token

from sitrep import records
from sitrep.claims import quotes as quoting
from sitrep.claims.lexicon import Lexicon, packaged
from sitrep.claims.nouns import adjective_cue, noun_cue
from sitrep.claims.verbs import according_to, headline_colon, verb_cue
from sitrep.claims.verification import UNVERIFIED_ADJECTIVES, marker, scope
from sitrep.nlp import text_of

__all__ = ["run"]

logger = logging.getLogger(__name__)

# Only a token with one of these parts of speech or words ("according to", a headline's
# colon, "unverified") can anchor a cue: every cue function in ``run`` returns None for
# the others, so they are not looked at.
_CUE_POS = frozenset({ADJ, AUX, NOUN, VERB})
_CUE_WORDS = frozenset(get_string_id(w) for w in ("according", ":", *UNVERIFIED_ADJECTIVES))


def run(doc: Doc, *, lexicon: dict[str, str] | None = None) -> list[records.Attribution]:
    """Find attributed statements in a parsed document.

    Args:
        doc (Doc): a document parsed by the shared pipeline (needs parser and lemmatizer).
        lexicon (dict[str, str] | None): extra or overriding verb lemmas mapped to a stance
            (taken with the "report" frame); default None uses the packaged lexicon only.

    Returns:
        list[records.Attribution]: in text order of their cues.
    """
    cues = packaged().with_verbs(lexicon) if lexicon else packaged()
    quotes = quoting.quote_regions(text_of(doc))
    found: dict[tuple[int, int], tuple[records.Attribution, bool]] = {}
    for token in _cue_candidates(doc):
        attribution = (
            according_to(token)
            or headline_colon(token)
            or marker(token, cues)
            or verb_cue(token, cues, quotes)
            or noun_cue(token, cues, quotes)
            or adjective_cue(token, cues, quotes)
        )
        key = (attribution.cue.start, attribution.cue.end) if attribution else None
        if attribution is not None and key is not None and key not in found:
            found[key] = (attribution, _is_attitude(token, cues))
    speech = [a for a, attitude in found.values() if not attitude]
    kept = [a for a, attitude in found.values() if not attitude or not _within(a, speech)]
    kept = _one_per_content(kept)
    kept += quoting.standalone(doc, quotes, kept)
    kept = [_relayed(a, speech) for a in kept]
    kept = [scope(doc, a, kept) if a.stance == "unverified" else a for a in kept]
    result = sorted(kept, key=lambda a: (a.cue.start, a.cue.end, a.content.start))
    logger.debug("%d attributions in %d tokens", len(result), len(doc))
    return result


def _cue_candidates(doc: Doc) -> Iterator[Token]:
    """The tokens that may anchor a cue, in text order (the doc's arrays read once)."""
    for i, (pos, lower) in enumerate(doc.to_array([POS, LOWER]).tolist()):
        if pos in _CUE_POS or lower in _CUE_WORDS:
            yield doc[i]


def _is_attitude(token: Token, cues: Lexicon) -> bool:
    """Whether the token is an attitude cue (think, support, criticism, critical)."""
    entry = cues.verb(token) or cues.noun(token) or cues.adjective(token)
    return entry is not None and entry.attitude


def _within(attribution: records.Attribution, outer: list[records.Attribution]) -> bool:
    """Whether the attribution's cue lies inside another's content."""
    at = attribution.cue.start
    return any(o is not attribution and o.content.start <= at < o.content.end for o in outer)


def _one_per_content(found: list[records.Attribution]) -> list[records.Attribution]:
    """One attribution per content span: the one with a source, else the earlier cue
    ("a statement saying X" is found from both "statement" and "saying")."""
    best: dict[tuple[int, int], records.Attribution] = {}
    for a in sorted(found, key=lambda a: (a.source is None, a.cue.start)):
        best.setdefault((a.content.start, a.content.end), a)
    return list(best.values())


def _relayed(
    attribution: records.Attribution, speech: list[records.Attribution]
) -> records.Attribution:
    """The attribution with ``relayed_by`` set when another speaker reports it ("X said
    officials told him ...": the officials' statement is relayed by X)."""
    at = attribution.cue.start
    outer = [
        o
        for o in speech
        if o.source is not None
        and o.cue.start != at
        and o.content.start <= at < o.content.end
        and not o.source.start <= at < o.source.end
    ]
    if not outer or attribution.source is None:
        return attribution
    closest = min(outer, key=lambda o: o.content.end - o.content.start)
    return attribution.model_copy(update={"relayed_by": closest.source})
