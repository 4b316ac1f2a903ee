"""The parties of an event: agent (actor1), target (actor2) and associates, named
canonically."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from spacy.tokens import Span, Token

from sitrep import records
from sitrep.actors import country_named, for_country
from sitrep.actors import resolve as resolve_actor
from sitrep.events.candidate import Candidate
from sitrep.events.coref import antecedent_names, member_names
from sitrep.events.phrases import (
    Resolved,
    anaphoric_actor,
    cleaned_name,
    partitive_noun,
    phrase_range,
    pronominal,
)
from sitrep.events.words import actor_words, words
from sitrep.nlp import text_of


def agent_of(cand: Candidate) -> Token | None:
    """The agent of the anchor: subject, "by X", possessor, or a light verb's subject.

    A reacting or reporting verb ("condemned ..., as eight were killed") gives no agent,
    except the perpetrator of the conduct it names ("the brutality of the military"), also
    when it governs the event's clause.
    """
    reactions = [t for t in cand.anchor.ancestors if t.lemma_.lower() in words("reaction_lemmas")]
    for tok in [cand.anchor, *cand.tokens, *reactions[:1]]:
        if tok.i != cand.anchor.i and tok.dep_ in {"acl", "relcl"}:
            continue  # "hitting targets in areas abandoned by X": X did not strike
        if _is_reaction(tok, cand):
            conduct = _conduct_agent(tok)
            if conduct is not None:
                return conduct
            continue
        for child in tok.children:
            if child.dep_ == "agent":
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    return objs[0]
            if child.dep_ in {"nsubj", "csubj"}:
                return child
            if child.dep_ == "poss" and tok.pos_ in {"NOUN", "PROPN"}:
                if child.lower_ not in words("pronouns") and child.ent_type_ not in {
                    "DATE",
                    "TIME",
                }:
                    return child
            if child.dep_ == "prep" and child.lower_ == "by" and tok.pos_ in {"NOUN", "PROPN"}:
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    return objs[0]
    cur = cand.anchor
    for _ in range(4):
        head = cur.head
        if head.i == cur.i or cur.dep_ in {"nsubj", "nsubjpass"}:
            break  # an event that is a subject: its verb's other clauses have other agents
        if cur.dep_ in {"dobj", "xcomp", "advcl", "conj", "pobj", "prep", "pcomp", "acl"}:
            if _only_speaks(head):
                return None  # "officials accused X of plotting the attack": not the agent
            subj = [c for c in head.children if c.dep_ in {"nsubj", "csubj"}]
            if subj and head.pos_ in {"VERB", "AUX"}:
                if (
                    cur.dep_ != "dobj"
                    or head.lemma_.lower() in words("light_verbs")
                    or cur.i != cand.anchor.i
                ):
                    return subj[0]
                return None
        cur = head
    return None


def _only_speaks(verb: Token) -> bool:
    """A verb whose subject only reacts to or speaks about the event ("condemned",
    "accused X of"); "claimed the attack" names its author (a light verb)."""
    lemma = verb.lemma_.lower()
    return lemma in words("reaction_lemmas") or (
        lemma in actor_words("speech_lemmas") and lemma not in words("light_verbs")
    )


def _is_reaction(tok: Token, cand: Candidate) -> bool:
    """A reacting or reporting verb beside the event's own trigger ("condemned", "said")."""
    return (
        tok.i != cand.anchor.i
        and tok.pos_ == "VERB"
        and tok.lemma_.lower() in words("reaction_lemmas")
    )


def _conduct_agent(verb: Token) -> Token | None:
    """X in "condemned the brutality of X" / "the violence by X"."""
    for obj in verb.children:
        if obj.dep_ == "dobj" and obj.lemma_.lower() in words("conduct_nouns"):
            for prep in obj.children:
                if prep.dep_ == "prep" and prep.lower_ in {"of", "by"}:
                    objs = [g for g in prep.children if g.dep_ == "pobj"]
                    if objs:
                        return objs[0]
    return None


def is_abstract(tok: Token) -> bool:
    """A common noun that names a quantity, act or state, not an agent ("the death toll")."""
    noun = partitive_noun(tok)
    if noun.pos_ != "NOUN" or noun.ent_type_ in {"ORG", "NORP", "PERSON", "GPE"}:
        return False
    lemma = noun.lemma_.lower()
    return lemma in words("abstract_nouns") or lemma.endswith("ness") or noun.tag_ == "VBG"


def patient_of(cand: Candidate) -> Token | None:
    """The target of the anchor: object, passive subject, "attack on X", "clash with X";
    never a weapon ("fired mortars at X" targets X)."""
    return next(patient_heads(cand), None)


def patient_heads(cand: Candidate) -> Iterator[Token]:
    """Every phrase head that may be the anchor's target, best first (see :func:`patient_of`):
    the caller keeps the first that names a party ("taking away clothes" after "raided
    several houses" gives the houses' owners)."""
    anchor_ids = {t.i for t in cand.tokens}
    for tok in [cand.anchor, *cand.tokens]:
        if _is_reaction(tok, cand):
            continue
        for child in tok.children:
            if child.lemma_.lower() in words("weapon_nouns"):
                continue  # "fired mortars at X": what was fired, not at whom
            if child.dep_ in {"dobj", "nsubjpass"} and child.i not in anchor_ids:
                yield child
            elif child.dep_ == "nsubjpass" and tok.pos_ == "VERB":
                yield child  # "eight demonstrators were killed": the victims
        for child in tok.children:
            if child.dep_ == "prep" and _targets(child, tok):
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs and objs[0].ent_type_ not in {"GPE", "LOC", "FAC", "DATE", "TIME"}:
                    yield objs[0]


def _targets(prep: Token, head: Token) -> bool:
    """ "attack on X", "fired at X"; "clashed with X" for fighting, where X is the enemy
    (and "at"/"on" name where the sides fought: "exchanged fire at X sector")."""
    word = prep.lower_
    if head.lemma_.lower() in words("reciprocal_lemmas"):
        return word in {"with", "against"}
    return word in words("target_preps")


def _reciprocal_with(tok: Token) -> bool:
    """Whether ``tok`` is X in "clashes with X" (a fighting word's "with" object)."""
    prep = tok.head
    return (
        tok.dep_ == "pobj"
        and prep.lower_ == "with"
        and prep.head.lemma_.lower() in words("reciprocal_lemmas")
    )


def _repelled_attack(cand: Candidate) -> Token | None:
    """The attack noun a verb of beating back governs ("X repulsed their attack", "repelled
    an IS attack", "fended off an attack of Y"), or None."""
    for tok in [cand.anchor, *cand.tokens]:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in actor_words("repel_lemmas"):
            continue
        for obj in tok.children:
            if obj.dep_ == "dobj" and obj.lemma_.lower() in _attack_nouns():
                return obj
    return None


@cache
def _attack_nouns() -> frozenset[str]:
    return words("attack_nouns") | actor_words("repelled_nouns")


def _attack_author(attack: Token) -> Token | None:
    """Who made the attack: its possessor or modifier ("their attack", "an IS attack",
    "militants attacks") or its "of"/"by" object ("an attack of pro-Houthi forces")."""
    for child in attack.children:
        if child.dep_ in {"poss", "compound", "nmod", "amod"} and child.ent_type_ not in {
            "DATE",
            "TIME",
            "CARDINAL",
        }:
            return child
        if child.dep_ == "prep" and child.lower_ in {"of", "by", "from"}:
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def _struck_explosive(cand: Candidate) -> Token | None:
    """Who ran into the explosive the event names ("his vehicle hit a roadside bomb",
    "a boy stepped on a landmine"): the subject of that verb, or None."""
    anchor = cand.anchor
    if anchor.lemma_.lower() not in words("weapon_nouns"):
        return None
    verb = anchor.head
    if anchor.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head  # "stepped on a landmine"
    elif anchor.dep_ != "dobj":
        return None
    if verb.lemma_.lower() not in actor_words("struck_lemmas"):
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def target_tokens(cand: Candidate) -> list[Token]:
    head = patient_of(cand)
    return list(head.subtree) if head is not None else []


def actor_name(
    head: Token,
    cand: Candidate,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
    *,
    depth: int = 0,
) -> Resolved | None:
    """Canonical name(s) for the phrase headed by ``head``.

    A phrase the actor layer names gives that name. A pronoun ("they", "their forces") or a
    definite generic noun ("the groups", "two of the groups") takes its antecedent's names;
    other phrases keep their own words without determiners and numbers, or give None when
    only a bare common noun would remain.
    """
    start, end = phrase_range(head)
    for mention in actors:
        if mention.start < end and start < mention.end:
            return (mention.name,), (mention.start, mention.end)
    members = member_names(head, actors)
    if members is not None:
        return members if members[0] else None
    noun = partitive_noun(head)
    if pronominal(noun) or anaphoric_actor(noun, head):

        def name_of(tok: Token) -> Resolved | None:
            return actor_name(tok, cand, annotated, actors, depth=depth + 1)

        resolved = (
            antecedent_names(noun, start, cand, annotated, actors, name_of=name_of)
            if depth <= 2
            else None
        )
        if resolved is not None or pronominal(noun):
            return resolved
    if head.pos_ == "PRON":
        return None
    return cleaned_name(noun)


def assoc_actors(
    head: Token | None,
    cand: Candidate,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
) -> list[str]:
    """Actors conjoined with the agent ("X and Y attacked")."""
    if head is None:
        return []
    names: list[str] = []
    for conj in head.conjuncts:
        found = actor_name(conj, cand, annotated, actors)
        if found:
            names.extend(found[0])
    return names


CIVILIANS = "Civilians"
MILITARY_FORCES = "Military Forces"


def _is_check_point(noun: Token) -> bool:
    """ "check point(s)", spelt in two words."""
    return noun.lemma_.lower() == "point" and any(c.lower_ == "check" for c in noun.children)


def _holder(position: Token, phrase: tuple[int, int]) -> str:
    """The force that holds a position: the one its modifier names ("a police checkpoint"),
    else the military, of the country the phrase names ("Ukrainian positions") if any."""
    force = _owning_force(position) or MILITARY_FORCES
    code = country_named(text_of(position.doc)[phrase[0] : phrase[1]])
    return for_country(force, code) if code else force


def _owning_force(noun: Token) -> str | None:
    """The force a modifier names as the owner of a thing ("a police station", "a military
    vehicle", "an army base"), or None."""
    return next(
        (
            name
            for child in noun.children
            if child.dep_ in {"compound", "amod"}
            and (name := resolve_actor(child.text)) is not None
            and name in _FORCE_NAMES
        ),
        None,
    )


_FORCE_NAMES = frozenset({MILITARY_FORCES, "Police Forces"})


def as_party(
    head: Token, resolved: Resolved | None, actors: list[records.ActorMention], *, target: bool
) -> Resolved | None:
    """Keep an actor only when it names a party, never a weapon, object or place.

    A name from the actor layer, or a phrase headed by an armed or group noun, is a party.
    As a target (``target=True``), military positions stand for the forces of the country
    their words name ("Ukrainian positions"), else of the event's country (qualified later);
    people and civilian places or objects ("a man", "the village of X", "a residential
    building") stand for the civilians of the event's country (:data:`CIVILIANS`, qualified
    later), also when the phrase is a bare common noun that names nothing by itself
    ("several houses"); anything else gives None.
    """
    if resolved is None:
        if not target or head.pos_ == "PRON":
            return None
        span = phrase_range(head)
    else:
        if resolved[0] and resolved[0][0] in {m.name for m in actors}:
            return resolved
        span = resolved[1]
    noun = partitive_noun(head)
    lemma = noun.lemma_.lower()
    if resolved is not None and lemma in words("actor_nouns") | words("armed_nouns"):
        return resolved
    if target and (
        lemma in words("position_nouns") | actor_words("unit_nouns")
        or _is_check_point(noun)
        or (noun.pos_ == "NOUN" and _owning_force(noun) is not None)
    ):
        return (_holder(noun, span),), span
    if target and (
        lemma in words("civilian_nouns") | actor_words("property_nouns")
        or noun.ent_type_ in {"GPE", "LOC", "FAC"}
    ):
        return (CIVILIANS,), span
    return None


def _victim_heads(sent: Span) -> list[Token]:
    """Who the sentence says was harmed: "two soldiers were killed", "killing 3 women",
    "a civilian died", "injuring a man"."""
    found = []
    for tok in sent:
        verb = tok.head
        if verb.i == tok.i or verb.lemma_.lower() not in _harm_lemmas():
            continue
        if tok.dep_ == "nsubjpass" or (tok.dep_ == "dobj" and verb.pos_ == "VERB"):
            found.append(tok)
        elif tok.dep_ == "nsubj" and verb.lemma_.lower() in words("casualty_lemmas"):
            found.append(tok)  # "a civilian died"
    return found


@cache
def _harm_lemmas() -> frozenset[str]:
    return words("casualty_lemmas") | actor_words("harm_lemmas")


# Roles of a party beside a speech verb: who speaks, and to or about whom.
_SPEECH_ROLES = frozenset({"nsubj", "agent", "pobj", "dobj", "dative"})


def _speaks(tok: Token) -> bool:
    """Whether a party only takes part in a statement: its source ("police said ...",
    "according to X", "as reported by X"), its audience ("told reporters") or the one it
    accuses ("accused X of ...")."""
    while tok.dep_ in {"appos", "compound", "poss"} and tok.head.i != tok.i:
        tok = tok.head  # "the group, al-Shabab, claimed ...", "Interior Ministry spokesman said"
    head = tok.head
    if tok.dep_ in _SPEECH_ROLES and head.lemma_.lower() in _speech_lemmas():
        return True  # "police said", "told reporters", "condemned X"
    if tok.dep_ == "dobj" and head.lemma_.lower() in actor_words("accusing_lemmas"):
        return True  # "officials accused X of plotting the attack": X is only accused
    if tok.dep_ == "pobj" and head.head.lemma_.lower() in _speech_lemmas():
        return True  # "as reported by X"
    return tok.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"


@cache
def _speech_lemmas() -> frozenset[str]:
    return words("reaction_lemmas") | actor_words("speech_lemmas")


def other_parties(
    cand: Candidate,
    sent: Span,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
    *,
    agent: Resolved | None,
    patient: Resolved | None,
) -> tuple[Resolved | None, Resolved | None]:
    """Fill a role the parse left empty from the other parties of the event's sentence.

    The target defaults to the first party the sentence says was harmed ("a policeman was
    killed following an attack by X"), else to another party it names ("clashes between X
    and Y"); the agent to a party harmed other than the target ("three militants were
    killed in clashes with X"), else one named before the event word (parties named after
    it often belong to another clause, and would keep the event from joining its
    incident). Parties named as the source of a statement are skipped.
    """
    taken = set(agent[0] if agent else ()) | set(patient[0] if patient else ())
    spans = [r[1] for r in (agent, patient) if r is not None]
    sources = [a.source for a in annotated.attributions if a.source is not None]

    def free(found: Resolved | None) -> bool:
        if not found or not found[0] or found[0][0] in taken:
            return False
        start, end = found[1]
        return not any(s[0] < end and start < s[1] for s in spans) and not any(
            src.start <= start and end <= src.end for src in sources
        )

    doc = sent.doc
    mentions: list[Resolved] = []
    for mention in actors:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and sent.start <= span.start < sent.end and not _speaks(span.root):
            mentions.append(((mention.name,), (mention.start, mention.end)))
    if patient is None:
        for head in _victim_heads(sent):
            found = _party(head, cand, annotated, actors, target=True)
            if free(found):
                patient = found
                break
        else:
            patient = next((m for m in mentions if free(m)), None)
        if patient is not None:
            taken.add(patient[0][0])
            spans.append(patient[1])
    if agent is None:  # "three militants were killed in clashes with X": the militants
        victims = (_party(h, cand, annotated, actors, target=False) for h in _victim_heads(sent))
        before = (m for m in mentions if m[1][1] <= cand.anchor.idx)
        agent = next(
            (f for f in (*victims, *before) if f is not None and free(f) and not _civilian(f)),
            None,
        )
    return agent, patient


def _civilian(found: Resolved) -> bool:
    """Civilians are never an agent taken from the sentence's other parties ("Villagers are
    afraid ... and an attack on a base ..."): ACLED codes civilians only as targets."""
    return found[0][0].startswith(CIVILIANS)


def event_parties(
    cand: Candidate,
    sent: Span,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    """The event's ``actor1``, ``actor2`` and ``assoc_actors`` with their evidence spans.

    The agent and the target come from the parse (:func:`agent_of`, :func:`patient_heads`:
    the first target phrase that names a party), or an event noun's named author ("a bomb
    planted by X"). ACLED's initiator comes first: who ran into an explosive is its target,
    the attacker an attack was beaten back from is the agent, and the side that harmed
    parties fought "with" is the agent. "X and Y clashed" makes Y the target; a role still
    empty takes another party of the sentence (:func:`other_parties`).
    """
    agent_tok = agent_of(cand)
    if agent_tok is not None and is_abstract(agent_tok):
        agent_tok = None
    agent = None
    if agent_tok is not None:
        agent = _party(agent_tok, cand, annotated, actors, target=False)
    if agent is None:
        agent = _named_author(cand, annotated, actors)
    patient_tok, patient = next(
        (
            (head, found)
            for head in patient_heads(cand)
            if (found := _party(head, cand, annotated, actors, target=True)) is not None
        ),
        (None, None),
    )
    if patient and agent and patient[0][0] in agent[0]:
        patient = None
    if (victim := _struck_explosive(cand)) is not None:
        # "his vehicle hit a roadside bomb": who ran into it is the target, not the agent
        agent_tok, agent = None, None
        patient = _party(victim, cand, annotated, actors, target=True)
    elif (attack := _repelled_attack(cand)) is not None:
        # "X repulsed Y's attack": the attacker Y initiated, X is the target
        author = _attack_author(attack)
        attacker = _party(author, cand, annotated, actors, target=False) if author else None
        agent, patient = attacker, agent
    elif agent_tok is None and patient_tok is not None and _reciprocal_with(patient_tok):
        # "two soldiers were killed in clashes with X": X is the side named as fighting
        agent, patient = patient, None
    assoc = [*(agent[0][1:] if agent else ()), *assoc_actors(agent_tok, cand, annotated, actors)]
    values: dict[str, Any] = {}
    if patient is None and assoc and cand.anchor.lemma_.lower() in words("reciprocal_lemmas"):
        values["actor2"] = assoc.pop(0)  # "X and Y clashed": the second party is the enemy
    else:
        agent, patient = other_parties(cand, sent, annotated, actors, agent=agent, patient=patient)
    evidence: dict[str, tuple[int, int]] = {}
    for role, found in (("actor1", agent), ("actor2", patient)):
        if found:
            values[role], evidence[role] = found[0][0], found[1]
    taken = {values.get("actor1"), values.get("actor2")}
    values["assoc_actors"] = [n for n in dict.fromkeys(assoc) if n not in taken]
    return values, evidence


def _named_author(
    cand: Candidate, annotated: records.AnnotatedArticle, actors: list[records.ActorMention]
) -> Resolved | None:
    """The party an event noun names as its author when the clause gives no agent: "a bomb
    planted by X", "Saudi-led coalition airstrikes", "an IS attack" (a modifier counts only
    when the actor layer names it, so "a suicide attack" names no one)."""
    anchor = cand.anchor
    if anchor.pos_ not in {"NOUN", "PROPN"}:
        return None
    named = {m.name for m in actors}
    for child in anchor.children:
        if child.dep_ == "acl":
            by = [g for a in child.children if a.dep_ == "agent" for g in a.children]
            author = next((g for g in by if g.dep_ == "pobj"), None)
        elif child.dep_ in {"compound", "amod", "nmod"}:
            author = child
        else:
            continue
        found = _party(author, cand, annotated, actors, target=False) if author else None
        if found and found[0] and found[0][0] in named:
            return found
    return None


def _party(
    head: Token,
    cand: Candidate,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
    *,
    target: bool,
) -> Resolved | None:
    """The party the phrase headed by ``head`` names (:func:`actor_name`, :func:`as_party`)."""
    return as_party(head, actor_name(head, cand, annotated, actors), actors, target=target)
