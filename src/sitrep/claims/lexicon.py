"""The reporting-cue lexicon: which words signal an attributed statement, and how.

Entries come from ``sitrep/data/reporting_cues.tsv`` (written by the sitrep authors), one
per lemma and part of speech, with the stance the cue signals, the frame its content takes
and its kind: ``speech`` (said, told, a statement) or ``attitude`` (think, support, a
criticism). Attitude cues inside a quotation or inside the content of a speech cue are the
speaker's own words, not a new attribution.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, cast, get_args

from spacy.tokens import Token

from sitrep import records
from sitrep.data import read_tsv

LEXICON_FILE = "reporting_cues.tsv"
Frame = Literal["report", "object", "clause", "prep", "raising", "noun", "adjective"]
PartOfSpeech = Literal["VERB", "NOUN", "ADJ"]


@dataclass(frozen=True)
class Cue:
    """One lexicon entry.

    Frames: ``report`` (a clause, an adjacent quote, the clause the cue is parenthetical
    to, or the object), ``object`` (as report, the object first), ``clause`` (only a
    that/to-clause), ``prep`` ("lemma preposition": the prepositional object), ``raising``
    ("X seemed to Y": the whole clause, no source), ``noun`` ("a statement saying Y",
    "X's claim that Y", "criticism of Y"), ``adjective`` ("X is critical of Y", "made it
    clear that Y").
    """

    stance: records.Stance
    frame: Frame
    attitude: bool = False


@dataclass(frozen=True)
class Lexicon:
    """Cue entries keyed by (lemma, part of speech); verb + preposition pairs as "lemma prep"."""

    entries: dict[tuple[str, PartOfSpeech], Cue]

    def verb(self, token: Token) -> Cue | None:
        """The entry for a verb token, if it is a cue."""
        return self.entries.get((token.lemma_.lower(), "VERB"))

    def phrase(self, verb: Token, prep: Token) -> Cue | None:
        """The entry for a verb followed by a preposition ("pointed to")."""
        return self.entries.get((f"{verb.lemma_.lower()} {prep.lower_}", "VERB"))

    def noun(self, token: Token) -> Cue | None:
        """The entry for a noun token, if it is a cue."""
        return self.entries.get((token.lemma_.lower(), "NOUN"))

    def adjective(self, token: Token) -> Cue | None:
        """The entry for an adjective token, if it is a cue."""
        return self.entries.get((token.lower_, "ADJ"))

    def with_verbs(self, extra: dict[str, str]) -> Lexicon:
        """A copy with extra or overriding verb lemmas, each mapped to a stance ("report" frame)."""
        entries = dict(self.entries)
        entries.update(
            {
                (lemma, "VERB"): Cue(stance=_stance(stance), frame="report")
                for lemma, stance in extra.items()
            }
        )
        return Lexicon(entries)


@lru_cache(maxsize=1)
def packaged() -> Lexicon:
    """The lexicon shipped in ``sitrep/data`` (read on first use)."""
    entries: dict[tuple[str, PartOfSpeech], Cue] = {}
    for row in read_tsv(LEXICON_FILE):
        pos, frame = row["pos"], row["frame"]
        if pos not in get_args(PartOfSpeech) or frame not in get_args(Frame):
            raise ValueError(f"bad part of speech or frame in {LEXICON_FILE}: {row}")
        entries[(row["lemma"], cast(PartOfSpeech, pos))] = Cue(
            stance=_stance(row["stance"]),
            frame=cast(Frame, frame),
            attitude=row["kind"] == "attitude",
        )
    return Lexicon(entries)


def _stance(value: str) -> records.Stance:
    if value not in get_args(records.Stance):
        raise ValueError(f"unknown stance {value!r} in {LEXICON_FILE}")
    return cast(records.Stance, value)
