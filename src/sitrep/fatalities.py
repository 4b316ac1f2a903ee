"""Fatality counts reported in a sentence: "killed 12", "at least 70 dead", "three soldiers died".

Rules over the dependency parse. A death word (kill, die, dead, death toll,
fatality, body...) is linked to the number that counts its victims: the
object or passive subject of "kill", the subject of "die", the number of
"deaths"/"fatalities", the value a "death toll" rose to. Conjoined victims are
summed ("killing 2 soldiers and 3 civilians" = 5); across death words the
largest count wins. "A man"/"the driver"/"him" count 1; plurals without a
number count nothing. An explicit "no one was killed"/"no casualties" gives 0.
Nothing reported gives None.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from spacy.tokens import Span, Token

from sitrep.lexicon import CARDINALS, MONTHS

_NUMBER_WORDS = CARDINALS | {"hundred": 100, "dozen": 12, "a dozen": 12}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_KILL_VERBS = {
    "kill", "murder", "execute", "behead", "assassinate", "slaughter", "lynch", "massacre",
    "slay", "shoot", "gun", "hack", "stab", "bludgeon", "burn", "claim", "assault", "beat",
    "wound",
}  # fmt: skip
_DIE_VERBS = {"die", "perish", "succumb"}
_DEATH_NOUNS = {"death", "fatality", "body", "corpse", "dead", "life", "casualty"}
_SINGULAR_PRONOUNS = {"him", "her", "he", "she"}
_ZERO = re.compile(
    r"\b(no(body| one|-one)\s+(was|were|has been|had been)\s+(killed|hurt|injured|harmed)"
    r"|no\s+(one|body)\s+died"
    r"|no\s+(reported\s+)?(fatalities|casualties|deaths|lives\s+lost|one\s+was\s+killed)"
    r"|without\s+(any\s+)?(casualties|fatalities)"
    r"|there\s+were\s+no\s+(casualties|fatalities|deaths))\b",
    re.IGNORECASE,
)
_KILL_CONTEXT = {"dead", "death", "fatally", "fatal"}
_ADDING = {"also", "another", "additional", "further"}
_PEOPLE = {"people", "person", "individual", "other"}
_FATAL_ONLY = {"shoot", "gun", "hack", "stab", "bludgeon", "burn", "assault", "beat", "wound"}


def count(
    sentences: Iterable[Span], *, ignore: Sequence[tuple[int, int]] = ()
) -> tuple[int | None, tuple[int, int] | None]:
    """Return the largest fatality count the sentences report and its character range.

    Args:
        sentences (Iterable[Span]): parsed sentences about one event.
        ignore (Sequence[tuple[int, int]]): character ranges whose counts do not count
            (a party's own claims); default none.

    Returns:
        tuple: (count or None when no toll is reported, (start, end) of the evidence or None).
    """
    best: tuple[int, tuple[int, int]] | None = None
    zero: tuple[int, int] | None = None
    for sent in sentences:
        for tok in sent:
            found = _toll(tok)
            if found is None or any(start <= found[1][0] < end for start, end in ignore):
                continue
            if best is None or found[0] > best[0]:
                best = found
        match = _ZERO.search(sent.text)
        if match and zero is None:
            zero = (sent.start_char + match.start(), sent.start_char + match.end())
    if best is not None:
        return best
    if zero is not None:
        return 0, zero
    return None, None


def count_incident(
    sentences: Iterable[Span], *, ignore: Sequence[tuple[int, int]] = ()
) -> tuple[int | None, tuple[int, int] | None]:
    """The toll of one incident told over several sentences.

    Each sentence's largest count is one report of the toll; a sentence that reports
    further deaths ("6 militants were also killed", "another two died") adds its count to
    the report before it, so a breakdown ("18 soldiers and 3 staff were among those
    killed. Five guards were also killed.") does not inflate a toll stated whole. The
    largest report is kept. Counts inside the ``ignore`` ranges (a party's own claims) are
    left out.
    """
    best: tuple[int, list[tuple[int, int]]] | None = None
    last: tuple[int, list[tuple[int, int]]] | None = None
    for sent in sentences:
        number, span = count([sent], ignore=ignore)
        if number is None or span is None:
            continue
        if last is not None and number and _adds(sent):
            last = (last[0] + number, [*last[1], span])
        else:
            last = (number, [span])
        if best is None or last[0] > best[0]:
            best = last
    if best is None:
        return None, None
    total, spans = best
    return total, (min(s[0] for s in spans), max(s[1] for s in spans))


def _adds(sent: Span) -> bool:
    return any(t.lower_ in _ADDING for t in sent)


def _toll(tok: Token) -> tuple[int, tuple[int, int]] | None:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and lemma in _KILL_VERBS and _is_killing(tok):
        if any(c.dep_ == "neg" for c in tok.children):
            return None
        victims = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
        if not victims and tok.dep_ in {"conj", "xcomp"} and tok.head.pos_ == "VERB":
            # "was shot and killed", "were reported killed": the victims hang on the verb above
            victims = [c for c in tok.head.children if c.dep_ in {"dobj", "nsubjpass"}]
        if not victims and not any(c.dep_ in {"aux", "auxpass"} for c in tok.children):
            # "Four people killed and twenty wounded", "2 killed.": a headline's passive
            victims = [
                c
                for c in tok.children
                if c.dep_ == "nsubj" and _number_child(c) or c.dep_ == "meta" and c.like_num
            ]
        if victims:
            # "30 militants and 2 soldiers were killed" may hang both on the verb
            return _summed([_victims(v, tok) for v in victims if v.dep_ == victims[0].dep_])
        if tok.dep_ in {"acl", "relcl"} and tok.tag_ == "VBN":
            return _victims(_among_those(tok.head), tok)
        return None
    if tok.pos_ == "VERB" and lemma in _DIE_VERBS:
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        if not subj and tok.dep_ == "conj":  # "was shot and died"
            subj = [c for c in tok.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subj:
            return _victims(subj[0], tok)
        if tok.dep_ in {"relcl", "acl"}:
            return _victims(tok.head, tok)
        return None
    if lemma == "toll":
        return _toll_value(tok)
    if lemma in _DEATH_NOUNS and tok.pos_ in {"NOUN", "ADJ", "PROPN"}:
        return _death_noun(tok)
    return None


def _among_those(noun: Token) -> Token:
    """ "18 soldiers were among those killed": the subject stands for "those"."""
    prep = noun.head
    if noun.lower_ in {"those", "them"} and noun.dep_ == "pobj" and prep.lower_ == "among":
        subjects = [c for c in prep.head.children if c.dep_ == "nsubj"]
        if subjects:
            return subjects[0]
    return noun


def _is_killing(verb: Token) -> bool:
    """Shooting, stabbing, assaults and "claim" count only with "dead"/"death"/"fatally"
    nearby ("fatally assaulted", "shot dead")."""
    lemma = verb.lemma_.lower()
    if lemma in _FATAL_ONLY:
        return any(t.lower_ in _KILL_CONTEXT for t in verb.subtree) or any(
            c.lower_ in {"down"} and lemma == "gun" for c in verb.children
        )
    if lemma == "claim":
        return any(t.lemma_.lower() == "life" for t in verb.children)
    return True


def _death_noun(tok: Token) -> tuple[int, tuple[int, int]] | None:
    lemma = tok.lemma_.lower()
    if lemma == "casualty" and not any(
        t.lower_ in {"dead", "killed", "fatal", "deaths"} for t in tok.sent
    ):
        return None
    if lemma == "life":
        return _lives(tok)
    number = _number_child(tok)
    if number is not None:
        return number
    if lemma == "dead" and tok.pos_ == "ADJ":
        head = tok.head
        if tok.dep_ == "amod":
            return _victims(head, tok)
        if tok.dep_ in {"acomp", "oprd", "xcomp"}:
            subj = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}]
            return next(filter(None, (_victims(s, tok) for s in subj)), None)
        if tok.dep_ == "ROOT" or tok.dep_ == "appos":
            return _number_child(tok)
    if lemma in {"body", "corpse"} and tok.tag_ in {"NN", "NNP"}:
        if any(c.lower_ in {"a", "an", "the", "one"} for c in tok.children):
            return 1, (tok.idx, tok.idx + len(tok))
    return None


def _lives(tok: Token) -> tuple[int, tuple[int, int]] | None:
    """ "31 people lost their lives" (the subject of "lose"), "claimed the lives of five
    miners" (the "of" complement), "claimed 12 lives" (the number of "lives")."""
    verb = tok.head
    if verb.lemma_.lower() not in {"lose", "claim"}:
        return None
    number = _number_child(tok)
    if number is not None:
        return number
    owners = [
        pobj
        for prep in tok.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]
    if not owners and verb.lemma_.lower() == "lose":
        owners = [c for c in verb.children if c.dep_ == "nsubj"]
    return _victims(owners[0], verb) if owners else None


def _toll_value(tok: Token) -> tuple[int, tuple[int, int]] | None:
    """ "The death toll rose to 15" / "the toll is 15": the number in the governing clause."""
    verb = tok.head
    for t in verb.subtree:
        if t.i > tok.i and t.like_num:
            value = _value(t)
            if value is not None:
                return value, (t.idx, t.idx + len(t))
    return None


def _victims(noun: Token, verb: Token) -> tuple[int, tuple[int, int]] | None:
    """Sum the counts of ``noun`` and its conjuncts, and of a list of counted groups in
    apposition ("6 commandos, 5 soldiers, and 15 militants"), but not of a breakdown of
    people ("five people, three soldiers and two civilians")."""
    parts = [noun, *noun.conjuncts]
    if noun.lemma_.lower() in _PEOPLE:
        whole, rest = _one_count(noun), _summed(_one_count(p) for p in parts[1:])
        if whole is not None and rest is not None and whole[0] == rest[0]:
            return whole  # "five people, three soldiers and two civilians"
    else:
        for appos in (c for c in noun.children if c.dep_ == "appos" and _number_child(c)):
            parts += [appos, *appos.conjuncts]
    return _summed(_one_count(part) for part in dict.fromkeys(parts))


def _summed(
    counts: Iterable[tuple[int, tuple[int, int]] | None],
) -> tuple[int, tuple[int, int]] | None:
    found = [c for c in counts if c is not None]
    if not found:
        return None
    spans = [span for _, span in found]
    return sum(n for n, _ in found), (min(s[0] for s in spans), max(s[1] for s in spans))


def _one_count(noun: Token) -> tuple[int, tuple[int, int]] | None:
    span = (noun.idx, noun.idx + len(noun))
    if noun.lower_ in MONTHS or noun.ent_type_ == "DATE":
        return None  # "Around 9 May 2020, a man was found dead": a date, not victims
    if noun.lower_ in {"nobody", "none"} or any(c.lower_ == "no" for c in noun.children):
        return 0, span
    if noun.like_num:
        value = _value(noun)
        if value is not None:
            return value, (noun.idx, noun.idx + len(noun))
    number = _number_child(noun) or _number_before(noun)
    if number is not None:
        return number
    if noun.lower_ in _SINGULAR_PRONOUNS:
        return 1, span
    if noun.tag_ in {"NN", "NNP"} and noun.pos_ in {"NOUN", "PROPN"}:
        dets = [c for c in noun.children if c.dep_ in {"det", "poss"}]
        if any(d.lower_ in {"no", "any", "some", "every", "each", "all"} for d in dets):
            return None
        if dets or noun.pos_ == "PROPN":
            return 1, span
    return None


def _number_before(noun: Token) -> tuple[int, tuple[int, int]] | None:
    """ "5 IS militants", "14 Al shabaab militants": a number right before the noun's
    modifiers that the parser hung elsewhere."""
    for i in range(noun.i - 1, max(noun.i - 5, -1), -1):
        tok = noun.doc[i]
        if tok.like_num:
            value = _value(tok)
            return (value, (tok.idx, tok.idx + len(tok))) if value is not None else None
        named = tok.pos_ in {"PROPN", "ADJ"} or tok.is_upper
        if tok.dep_ not in {"compound", "amod"} and not named:
            return None
    return None


def _number_child(tok: Token) -> tuple[int, tuple[int, int]] | None:
    for child in tok.children:
        if child.dep_ in {"nummod", "quantmod"} or (child.like_num and child.dep_ != "prep"):
            if child.lower_ in {"one"} and tok.lower_ in {"body", "dead"}:
                return 1, (child.idx, child.idx + len(child))
            value = _value(child)
            if value is not None:
                return value, (child.idx, child.idx + len(child))
    return None


def _beside_a_month(tok: Token) -> bool:
    """ "8 May", "May 8": the day of a date the entity recogniser missed."""
    doc = tok.doc
    return any(
        0 <= i < len(doc) and doc[i].lower_ in MONTHS and doc[i].text[:1].isupper()
        for i in (tok.i - 1, tok.i + 1)
    )


def _value(tok: Token) -> int | None:
    """Integer value of a number token, with a following or preceding scale word; None for
    a day or year of a date ("8 May 2020")."""
    if tok.ent_type_ == "DATE" or _beside_a_month(tok):
        return None
    text = tok.lower_.replace(",", "")
    if text.isdigit():
        value = int(text)
    elif text in _NUMBER_WORDS:
        value = _NUMBER_WORDS[text]
    else:
        parts = re.fullmatch(r"(\w+)-(\w+)", text)
        if parts and parts.group(1) in _NUMBER_WORDS and parts.group(2) in _NUMBER_WORDS:
            value = _NUMBER_WORDS[parts.group(1)] + _NUMBER_WORDS[parts.group(2)]
        else:
            return None
    for child in tok.children:
        if child.lower_ in _SCALES:
            value *= _SCALES[child.lower_]
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in _SCALES and nxt.head.i == tok.i:
        value *= _SCALES[nxt.lower_]
    if value > 100_000 or (text.isdigit() and len(text) == 4 and 1900 <= value <= 2100):
        return None
    return value
