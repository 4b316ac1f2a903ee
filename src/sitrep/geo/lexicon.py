"""The run-level place lexicon: how the other articles of a run decide a name the article
alone leaves open (after Lieberman, Samet & Sankaranarayanan 2010, "local lexicon").

Articles from one source name places consistently: a local paper's "Athens" is the
Athens of its own state. Each article's *confident* picks — a name whose candidates all
lie in one admin1 area, or a pick another name of the article shares an admin1 area with,
or that fits the container the text gives it ("Alexandria, La.") — vote once per
article for their admin1 area, per source (:attr:`Article.source`; articles without one
form one group). A mention the article leaves *open* (its candidates lie in several
areas, and nothing in the article supports its pick's area; or it was left unresolved
though it has candidates) then takes the best-scoring
candidate in the area that the source's other articles name most, when at least
:data:`MIN_ARTICLES` of them name it, it holds at least :data:`MIN_SHARE` of their
votes (a run mixing many sources' articles without a ``source`` is no local paper), and
no other area of the name's candidates is named as often (ties keep the article's own
pick). An article never votes for itself.

The lexicon grows over a run, chunk by chunk (:class:`RunLexicon`): each chunk's votes are
added before its open mentions are decided, so results within a chunk do not depend on
the order of its articles; an article sees the votes of every article of its source in
its own and earlier chunks. A single-article run is resolved exactly as without the
lexicon. A place the lexicon decided carries ``evidence`` saying so on its mention.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sitrep.gazetteer import normalize
from sitrep.geo.ranker import FEATURES
from sitrep.geo.resolve import Context
from sitrep.records import Place

MIN_ARTICLES = 2
MIN_SHARE = 0.2
MIN_NAMES_TOGETHER = 2  # names of an article picked in one area that make it vote
_CONTAINER_FITS = FEATURES.index("container_fits")

Area = tuple[str, str]  # (country code, admin1 code)


@dataclass
class Resolution:
    """One article's resolved mentions, kept until its chunk's lexicon is known:
    its context (final picks), the resolved places per mention, and its source."""

    context: Context
    places: list[Place | None]
    source: str
    confident: frozenset[Area]  # the areas of its confident picks
    open: tuple[int, ...]  # mentions (first of their name) the article leaves open


def standing(context: Context, places: list[Place | None], *, source: str) -> Resolution:
    """Sort an article's picks into confident ones (their areas vote) and open ones: a
    pick is anchored by a name whose candidates lie in one area, by the container the
    text gives it, or by being an admin1 area itself; a pick in the area of another
    name's anchored pick is confident too. Picks that only support each other ("Dublin"
    and "Franklin County" both in Ohio) stay open, but their area votes: it is where at
    least :data:`MIN_NAMES_TOGETHER` of the article's names lie. A name left unresolved
    though it has candidates is open too."""
    features = context.features_of_picks
    chosen = [
        (i, row, place)
        for i, (row, place) in enumerate(zip(context.picks.tolist(), places, strict=True))
        if row >= 0 and place is not None and context.representative[i] == i
    ]
    anchored = {
        i: _area(place)
        for i, row, place in chosen
        if len(_areas(context, i)) == 1
        or features[row, _CONTAINER_FITS] > 0
        or place.feature_code == "ADM1"
    }
    keys = [m.key for m in context.mentions]
    named = {(_area(place), keys[i]) for i, _, place in chosen if not context.mentions[i].fuzzy}
    names_in = Counter(area for area, _ in named if area is not None)
    confident = {area for area in anchored.values() if area is not None}
    confident |= {area for area, count in names_in.items() if count >= MIN_NAMES_TOGETHER}
    open_ = [
        i
        for i, _, place in chosen
        if i not in anchored
        and not context.mentions[i].fuzzy
        and not any(a == _area(place) and keys[j] != keys[i] for j, a in anchored.items())
    ]
    # A name the article leaves unresolved (a stray namesake, a village not singled out)
    # is open too: the source's other articles may name the area of one of its candidates.
    strays = [
        i for i, row in enumerate(context.picks.tolist())
        if row >= 0 and places[i] is None and context.representative[i] == i
        and not context.mentions[i].fuzzy and context.mentions[i].within is None
    ]
    return Resolution(context, places, source, frozenset(confident), tuple(open_ + strays))


def _area(place: Place) -> Area | None:
    if place.country_code and place.admin1:
        return place.country_code, place.admin1
    return None


def _named(context: Context, index: int, row: int) -> bool:
    """Whether the place is known by the name as written, perhaps with a word after it
    ("Greenbrier" for Greenbrier County), not by an alternate name alone."""
    return normalize(context.places[row].name).startswith(context.mentions[index].key)


def _country_kept(pick: Place | None, other: Place) -> bool:
    """A country stays the country unless the other place is an admin1 area of the name
    ("Georgia" in an Atlanta paper): not a town named after it ("China, Texas")."""
    return (
        pick is not None
        and (pick.feature_code or "").startswith("PCL")
        and other.feature_code != "ADM1"
    )


def _areas(context: Context, index: int) -> set[Area | None]:
    return {_area(p) for p in context.places[context.starts[index] : context.starts[index + 1]]}


class RunLexicon:
    """Votes per source and admin1 area over a run's articles (see the module docstring)."""

    def __init__(self) -> None:
        self.votes: dict[str, Counter[Area]] = {}

    def add(self, resolutions: list[Resolution]) -> None:
        """Add a chunk's confident areas (one vote per article and area)."""
        for r in resolutions:
            self.votes.setdefault(r.source, Counter()).update(r.confident)

    def decide(self, resolution: Resolution) -> dict[int, tuple[Place, str]]:
        """The open mentions the source's other articles decide: mention index -> (place,
        evidence)."""
        votes = self.votes.get(resolution.source)
        if not votes:
            return {}
        context = resolution.context
        out: dict[int, tuple[Place, str]] = {}
        for i in resolution.open:
            pick = resolution.places[i]
            rows = range(context.starts[i], context.starts[i + 1])
            best, count = _best_area(
                {_area(context.places[row]) for row in rows}, votes, resolution.confident
            )
            if best is None or (pick is not None and _area(pick) == best):
                continue
            named = [r for r in rows if _area(context.places[r]) == best and _named(context, i, r)]
            if not named or _country_kept(pick, context.places[named[0]]):
                continue
            row = max(named, key=lambda r: (context.scores[r], -r))
            out[i] = (
                context.places[row],
                f"run lexicon: {count} other articles of {resolution.source or 'this run'} "
                f"name places in {best[0]}.{best[1]}",
            )
        return out


def _best_area(
    areas: set[Area | None], votes: Counter[Area], own: frozenset[Area]
) -> tuple[Area | None, int]:
    """The area with the most votes of other articles (an article's own votes taken out),
    if it has at least :data:`MIN_ARTICLES`, :data:`MIN_SHARE` of all their votes and more
    than any other; else None."""
    support = sorted(((votes[a] - (a in own), a) for a in areas if a is not None), reverse=True)
    if not support or support[0][0] < MIN_ARTICLES:
        return None, 0
    if support[0][0] < MIN_SHARE * (sum(votes.values()) - len(own)):
        return None, 0
    if len(support) > 1 and support[1][0] == support[0][0]:
        return None, 0
    return support[0][1], support[0][0]
