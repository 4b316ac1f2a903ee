"""Event detection, typing and assembly: annotated article + parse -> ACLED events.

How an event is found and filled:

1. **Triggers.** Every token (or lemma phrase) listed as a trigger of some
   sub-event type in :mod:`sitrep.taxonomy` is a candidate anchor. Anchors that
   are negated ("did not attack"), hypothetical or future ("could attack",
   "threatened to strike", "if ... attack"), generic ("when fighting") or
   anaphoric ("the current raid", "their recent attacks") are dropped. A denied
   anchor ("denied carrying out the strike") is kept with a ``denied`` claim.
2. **Clauses.** Anchors in the same clause form one event; a conjoined clause
   with its own subject ("X shelled A and drones hit B") is a second event.
3. **Typing.** Trigger weights give each candidate sub-type a prior; cue
   lemmas in the clause re-rank them (cues on the target count double). The
   best sub-type wins. Sentences about disasters, disease or accidents yield
   no violent events.
4. **Filling.** actor1 is the agent (subject, "by X", the subject of a light
   verb such as "launched attacks"); actor2 the target (object, passive subject,
   "attack on X"). Names come from the actor layer; "they"/"their forces" resolve
   to the attributed source or the previous subject. A collective ("three armed
   groups") gets members from the named actors the text links to a phrase with the
   same head lemma: by apposition ("one of the groups, the X"; "X, one of the
   groups"), a copula ("the other two groups were X and Y") or a list ("militias
   including/such as X and Y"; "the factions include X"). An agent that denotes the
   whole collective ("the groups", "they", "their forces") takes its members in text
   order: actor1 the first, assoc_actors the others, evidence the collective phrase.
   A part the text does not pin down ("two of the groups" when three are known or
   counted, "one of the factions") takes the collective's own name with no
   assoc_actors, since naming any member would be a guess. Without known members,
   "the groups"/"two of the groups" take the most recent named actors (the first is
   actor1, the others assoc_actors) or the first sentence's subject; other phrases
   lose their determiners and numbers, and a lone common noun gives null. The place is the
   resolved mention in the sentence nearest the anchor, preferring those governed
   by in/into/near/at; else a country the sentence points to ("Russian border
   regions", precision 3); else the previous sentence's, else the dateline's.
   Conjoined places ("Kursk and Belgorod") give one event each. Event words in
   talk about something else ("a question about ... involvement in the seizure")
   are not events unless they have their own agent and date or place.
5. **Date rule.** The date (evidence keys ``date_start`` and ``date_end``, both on
   the time expression) is the DATE expression in the event's sentence
   nearest the anchor; else one in the sentence holding the cue of an
   attribution whose content covers the anchor; else the publication date
   with precision 2 (the "reported" date).
6. **Claims and verification.** Attributions whose content overlaps the
   event's clause become claims (a "he"/"they" claimant is replaced by the nearest
   fitting earlier name); an article-level unverified marker about
   "claims"/"reports" makes claimed events ``unverified``; a denial makes an
   event ``contested``; two independent claimants make it ``corroborated``;
   otherwise ``reported``.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

from sitrep import records
from sitrep.fatalities import count as count_fatalities
from sitrep.nlp import text_of
from sitrep.taxonomy import SubEventType, Taxonomy
from sitrep.taxonomy import load as load_taxonomy

if TYPE_CHECKING:
    from sitrep.gazetteer import Gazetteer

logger = logging.getLogger(__name__)

_TRIGGER_POS = {"VERB", "NOUN", "PROPN", "ADJ"}
_NAME_ENTS = {
    "PERSON", "ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "LAW", "PRODUCT", "NORP", "DATE", "TIME",
}  # fmt: skip
_MODALS = {"could", "may", "might", "would", "will", "shall", "should", "can", "must", "'ll"}
_HYPOTHETICAL_HEADS = {
    "threaten", "plan", "vow", "warn", "want", "intend", "seek", "prepare", "aim", "call",
    "urge", "fear", "promise", "pledge", "expect", "consider", "hope", "propose", "demand",
    "ask", "order", "allow", "permit", "decide", "agree", "refuse", "prevent", "avoid",
    "need", "likely", "able", "ready",
}  # fmt: skip
_HYPOTHETICAL_NOUNS = {
    "threat", "risk", "fear", "possibility", "danger", "plan", "prospect", "call", "warning",
    "rumour", "rumor",
}  # fmt: skip
_HYPOTHETICAL_ADJS = {"possible", "potential", "future", "planned", "imminent"}
_CONDITIONAL_MARKS = {"if", "unless", "whenever", "whether"}
_DENIAL_LEMMAS = {"deny", "refute", "dismiss", "reject"}
_ANAPHORIC_MODS = {"current", "latest", "this", "these", "same", "ongoing", "recent", "such"}
_BACKGROUND_MODS = {"previous", "earlier", "past", "last", "prior", "former", "similar"}
_BACKGROUND_NOUNS = {"action", "operation", "activity", "incident", "assault", "incursion"}
_LIGHT_VERBS = {
    "launch", "carry", "conduct", "stage", "hold", "mount", "make", "perform", "organize",
    "organise", "lead", "continue", "claim", "commit", "unleash", "execute", "undertake",
}  # fmt: skip
# Verbs of reacting or reporting: their subject is not the agent of the event they describe.
_REACTION_LEMMAS = {
    "condemn", "denounce", "criticize", "criticise", "mourn", "deplore", "welcome", "report",
    "say", "tell", "decry", "lament", "blame", "praise", "urge", "warn", "state", "announce",
    "confirm", "express", "voice", "slam",
}  # fmt: skip
# Violence nouns whose "of X" complement is the perpetrator ("brutality of the military").
_CONDUCT_NOUNS = {"brutality", "violence", "crackdown", "repression", "killing", "abuse", "use"}
# Abstract nouns that can head a subject but never name an agent ("the death toll rose").
_ABSTRACT_NOUNS = {
    "toll", "number", "figure", "count", "total", "tally", "attack", "violence", "fighting",
    "clash", "incident", "situation", "explosion", "blast", "bombing", "rule", "brutality",
    "tension", "crisis", "conflict", "war", "report", "rate", "death", "casualty", "insecurity",
    "unrest", "escalation", "surge", "rise", "wave", "spate", "series", "campaign", "operation",
    "offensive", "strike", "raid", "assault", "shelling", "damage", "loss", "threat", "danger",
    "agreement", "deal", "process", "decision", "move", "plan", "policy", "law",
}  # fmt: skip
_PERIOD_UNITS = {"week", "month", "year", "decade"}
_INCIDENT_NOUNS = {
    "attack", "incident", "strike", "clash", "raid", "bombing", "operation", "explosion",
    "assault", "ambush", "kidnapping", "abduction", "protest", "demonstration", "airstrike",
}  # fmt: skip
_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}  # fmt: skip
_CASUALTY_LEMMAS = {"kill", "wound", "injure", "die", "dead", "death", "hurt", "body", "lose"}
_GROUP_NOUNS = {"group", "faction", "militia", "organisation", "organization", "movement"}
_ACTOR_NOUNS = _GROUP_NOUNS | {
    "force", "unit", "fighter", "militant", "rebel", "insurgent", "attacker", "assailant",
    "gunman", "troop", "soldier", "side", "battalion", "brigade", "corps", "legion", "army",
}  # fmt: skip
_DEFINITE = {"the", "these", "those", "this", "that", "both"}
# Heads of collective actor phrases whose members a text may name ("three armed groups").
_COLLECTIVE_NOUNS = _GROUP_NOUNS | {"coalition", "alliance", "party"}
_COLLECTIVE_QUANTIFIERS = {"several", "many", "various", "multiple", "numerous", "some"}
_WHOLE_WORDS = {"all", "each", "both", "every"}
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "both": 2, "a": 1, "an": 1,
}  # fmt: skip
_QUANTIFIERS = {
    "some", "many", "several", "all", "both", "few", "most", "each", "other", "another",
    "at", "least", "more", "than", "about", "around", "nearly", "over", "up", "to", "dozens",
    "hundreds", "thousands", "scores", "of", "the", "a", "an", "these", "those",
}  # fmt: skip
_NON_STATE_KINDS = {"rebel group", "political militia", "identity militia"}
_UNNAMED_KINDS = {"civilians", "protesters", "rioters"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_CLAUSE_STOP_DEPS = {"ccomp", "parataxis"}
_LOC_PREPS = {"in", "into", "near", "at", "inside", "outside", "around", "across", "on", "within"}
_NEAR_PREPS = {"near", "outside", "around", "close", "outskirts", "vicinity"}
_TARGET_PREPS = {"on", "against", "at", "targeting"}
_PRONOUNS = {"they", "them", "their", "he", "she", "his", "her", "we", "our", "it", "its"}
_PLURAL_PRONOUNS = {"they", "them", "their", "we", "our"}
_PERSON_PRONOUNS = {"he", "she", "him", "his", "her"}
_QUOTE_CHARS = "\"'“‘«"
_EDGE_CHARS = " \t\n\"'“”‘’«».,;:!?-—–()[]"
# Nouns a reported-speech aside hangs an event word on ("a question about the attack").
_ASIDE_HEADS = {
    "question": {"about", "on", "over", "regarding", "of"},
    "comment": {"about", "on", "over", "regarding"},
    "remark": {"about", "on", "over", "regarding"},
    "reference": {"to", "about"},
    "query": {"about", "on", "over", "regarding"},
    "involvement": {"in"},
    "role": {"in"},
    "participation": {"in"},
    "complicity": {"in"},
}
# Nouns that make a demonym a place ("Russian border regions", "on Ukrainian soil").
_PLACE_NOUNS = {
    "region", "territory", "soil", "border", "side", "village", "town", "city", "province",
    "area", "airspace", "waters", "coast", "frontier", "district", "countryside", "oblast",
    "land", "settlement", "capital", "borderland", "hinterland",
}  # fmt: skip
_STRATEGIC = "Strategic developments"
_VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
_WEAPON_NOUNS = {
    "weapon", "arm", "firearm", "gun", "rifle", "pistol", "ammunition", "ammo", "explosive",
    "bomb", "ied", "device", "mine", "landmine", "grenade", "rocket", "missile", "drone", "uav",
    "shell", "mortar", "detonator", "cache", "depot", "projectile", "aircraft", "plane", "round",
    "munition", "launcher", "vest", "artillery",
}  # fmt: skip
_ATTACK_NOUNS = {"attack", "plot", "bombing", "assault", "attempt", "strike", "explosion", "blast"}
_TERRITORY_NOUNS = {
    "territory", "town", "city", "village", "base", "position", "area", "district", "region",
    "province", "country", "checkpoint", "post", "camp", "control", "zone", "outpost", "border",
    "front", "frontline", "line", "locality", "county", "state", "island", "airport", "port",
}  # fmt: skip
_ARMED_NOUNS = {
    "troop", "force", "soldier", "army", "military", "militant", "rebel", "insurgent", "fighter",
    "militia", "jihadist", "taliban", "marine", "battalion", "brigade", "contingent",
    "peacekeeper", "unit", "regiment", "division", "mercenary", "combatant",
}  # fmt: skip
_CAPTIVE_NOUNS = {
    "hostage", "prisoner", "captive", "detainee", "abductee", "student", "schoolgirl", "girl",
    "boy", "child", "woman", "man", "people", "passenger", "worker", "villager", "civilian",
    "soldier", "body", "remains", "activist", "journalist", "leader", "member", "inmate",
    "national", "citizen", "aid worker", "victim",
}  # fmt: skip
_AGREEMENT_NOUNS = {
    "agreement", "accord", "deal", "ceasefire", "cease-fire", "truce", "pact", "treaty",
    "memorandum", "armistice", "peace", "settlement", "protocol", "declaration", "release",
    "exchange", "swap",
}  # fmt: skip
_BASE_NOUNS = {"base", "headquarters", "hq", "outpost", "camp", "barracks", "garrison"}
_ESTABLISH_VERBS = {"establish", "set", "build", "construct", "install", "open", "create"}
_CUSTODY_VERBS = {"take", "place", "put", "hold", "remand", "send", "keep", "transfer"}
_PATROL_VERBS = {"conduct", "carry", "launch", "begin", "start", "increase", "step", "intensify"}
_ARG_DEPS = {
    "dobj", "nsubj", "nsubjpass", "attr", "oprd", "dative", "agent", "prep", "pobj", "compound",
    "amod", "poss", "nmod", "conj", "appos", "prt", "acomp", "xcomp",
}  # fmt: skip
# Strategic-development triggers that need fitting arguments: (sub-type, head lemma) ->
# (parts of speech the anchor may take, lemmas one of which must be among its arguments).
# An empty lemma set only checks the part of speech.
_PLACE_OR_FORCE = frozenset(_TERRITORY_NOUNS | _ARMED_NOUNS)
_ANY_POS = frozenset({"VERB", "NOUN", "PROPN", "ADJ"})
_V = frozenset({"VERB"})
_N = frozenset({"NOUN", "PROPN"})
_LICENCES: dict[tuple[str, str], tuple[frozenset[str], frozenset[str]]] = {
    ("Agreement", "accord"): (_N, frozenset()),
    ("Agreement", "deal"): (_N, frozenset()),
    ("Agreement", "sign"): (_V, frozenset(_AGREEMENT_NOUNS)),
    ("Agreement", "agree"): (_V, frozenset()),
    ("Agreement", "negotiate"): (_V, frozenset(_AGREEMENT_NOUNS | {"surrender"})),
    ("Agreement", "exchange"): (_ANY_POS, frozenset(_CAPTIVE_NOUNS)),
    ("Agreement", "swap"): (_ANY_POS, frozenset(_CAPTIVE_NOUNS)),
    ("Agreement", "release"): (_V, frozenset(_CAPTIVE_NOUNS)),
    ("Agreement", "hand"): (_V, frozenset(_CAPTIVE_NOUNS | _WEAPON_NOUNS)),
    ("Agreement", "lay"): (_V, frozenset({"arm", "weapon", "gun"})),
    ("Agreement", "settlement"): (_N, frozenset({"peace", "political", "negotiated"})),
    ("Arrests", "jail"): (_V, frozenset()),
    ("Arrests", "detention"): (_N, frozenset(_CUSTODY_VERBS)),
    ("Arrests", "custody"): (_N, frozenset(_CUSTODY_VERBS)),
    ("Arrests", "charge"): (_V, frozenset()),
    ("Arrests", "book"): (_V, frozenset()),
    ("Arrests", "catch"): (_V, frozenset()),
    ("Change to group/activity", "train"): (_V, frozenset(_ARMED_NOUNS | {"recruit"})),
    ("Change to group/activity", "training"): (_N, frozenset(_ARMED_NOUNS | {"recruit"})),
    ("Change to group/activity", "patrol"): (_ANY_POS, frozenset(_PATROL_VERBS | _ARMED_NOUNS)),
    ("Change to group/activity", "release"): (_V, frozenset(_CAPTIVE_NOUNS)),
    ("Change to group/activity", "free"): (_V, frozenset(_CAPTIVE_NOUNS)),
    ("Change to group/activity", "flee"): (_V, frozenset(_ARMED_NOUNS)),
    ("Change to group/activity", "evacuate"): (_V, frozenset(_ARMED_NOUNS)),
    ("Change to group/activity", "withdraw"): (_V, frozenset(_ARMED_NOUNS)),
    ("Change to group/activity", "relocate"): (_V, frozenset(_ARMED_NOUNS | {"headquarters"})),
    ("Change to group/activity", "surrender"): (_ANY_POS, frozenset(_ARMED_NOUNS)),
    ("Change to group/activity", "seize"): (_V, frozenset(_WEAPON_NOUNS | {"drug"})),
    ("Change to group/activity", "confiscate"): (_V, frozenset(_WEAPON_NOUNS | {"drug"})),
    ("Change to group/activity", "form"): (_V, frozenset({"group", "militia", "alliance"})),
    ("Change to group/activity", "formation"): (_N, frozenset({"group", "militia", "alliance"})),
    ("Change to group/activity", "split"): (_ANY_POS, frozenset({"group", "faction"})),
    ("Change to group/activity", "join"): (_V, frozenset(_ARMED_NOUNS | {"group", "rank"})),
    ("Change to group/activity", "appoint"): (_V, frozenset({"leader", "commander", "chief"})),
    ("Change to group/activity", "suspend"): (_V, frozenset({"operation", "activity", "talk"})),
    ("Change to group/activity", "clear"): (_V, frozenset({"mine", "landmine", "ordnance"})),
    ("Change to group/activity", "expel"): (_V, frozenset()),
    ("Disrupted weapons use", "recover"): (_V, frozenset(_WEAPON_NOUNS)),
    ("Disrupted weapons use", "seize"): (_V, frozenset(_WEAPON_NOUNS)),
    ("Disrupted weapons use", "seizure"): (_N, frozenset(_WEAPON_NOUNS)),
    ("Disrupted weapons use", "confiscate"): (_V, frozenset(_WEAPON_NOUNS)),
    ("Disrupted weapons use", "find"): (_V, frozenset(_WEAPON_NOUNS)),
    ("Disrupted weapons use", "discover"): (_V, frozenset(_WEAPON_NOUNS)),
    ("Disrupted weapons use", "uncover"): (_V, frozenset(_WEAPON_NOUNS | _ATTACK_NOUNS)),
    ("Disrupted weapons use", "unearth"): (_V, frozenset(_WEAPON_NOUNS)),
    ("Disrupted weapons use", "bust"): (_ANY_POS, frozenset(_WEAPON_NOUNS)),
    ("Disrupted weapons use", "dismantle"): (_V, frozenset(_WEAPON_NOUNS)),
    ("Disrupted weapons use", "destroy"): (_V, frozenset(_WEAPON_NOUNS)),
    ("Disrupted weapons use", "neutralise"): (_V, frozenset(_WEAPON_NOUNS)),
    ("Disrupted weapons use", "neutralize"): (_V, frozenset(_WEAPON_NOUNS)),
    ("Disrupted weapons use", "disarm"): (_V, frozenset(_WEAPON_NOUNS)),
    ("Disrupted weapons use", "detonate"): (_V, frozenset(_WEAPON_NOUNS)),
    ("Disrupted weapons use", "intercept"): (_ANY_POS, frozenset(_WEAPON_NOUNS)),
    ("Disrupted weapons use", "down"): (_V, frozenset(_WEAPON_NOUNS)),
    ("Disrupted weapons use", "prevent"): (_V, frozenset(_WEAPON_NOUNS | _ATTACK_NOUNS)),
    ("Disrupted weapons use", "avert"): (_V, frozenset(_WEAPON_NOUNS | _ATTACK_NOUNS)),
    ("Disrupted weapons use", "foil"): (_V, frozenset(_WEAPON_NOUNS | _ATTACK_NOUNS)),
    ("Disrupted weapons use", "thwart"): (_V, frozenset(_WEAPON_NOUNS | _ATTACK_NOUNS)),
    ("Headquarters or base established", "establish"): (_V, frozenset(_BASE_NOUNS)),
    ("Headquarters or base established", "set"): (_V, frozenset(_BASE_NOUNS)),
    ("Headquarters or base established", "build"): (_V, frozenset(_BASE_NOUNS)),
    ("Headquarters or base established", "construct"): (_V, frozenset(_BASE_NOUNS)),
    ("Headquarters or base established", "install"): (_V, frozenset(_BASE_NOUNS)),
    ("Headquarters or base established", "open"): (_V, frozenset(_BASE_NOUNS)),
    ("Headquarters or base established", "headquarters"): (_N, frozenset(_ESTABLISH_VERBS)),
    ("Headquarters or base established", "base"): (_N, frozenset(_ESTABLISH_VERBS)),
    ("Headquarters or base established", "outpost"): (_N, frozenset(_ESTABLISH_VERBS)),
    ("Headquarters or base established", "camp"): (_N, frozenset(_ESTABLISH_VERBS)),
    ("Headquarters or base established", "barracks"): (_N, frozenset(_ESTABLISH_VERBS)),
    ("Non-violent transfer of territory", "withdraw"): (_V, _PLACE_OR_FORCE),
    ("Non-violent transfer of territory", "withdrawal"): (_N, _PLACE_OR_FORCE),
    ("Non-violent transfer of territory", "pull"): (_V, _PLACE_OR_FORCE),
    ("Non-violent transfer of territory", "retreat"): (_ANY_POS, _PLACE_OR_FORCE),
    ("Non-violent transfer of territory", "hand"): (_V, frozenset(_TERRITORY_NOUNS)),
    ("Non-violent transfer of territory", "handover"): (_N, frozenset(_TERRITORY_NOUNS)),
    ("Non-violent transfer of territory", "abandon"): (_V, frozenset(_TERRITORY_NOUNS)),
    ("Non-violent transfer of territory", "vacate"): (_V, frozenset(_TERRITORY_NOUNS)),
    ("Non-violent transfer of territory", "evacuate"): (_V, frozenset(_TERRITORY_NOUNS)),
    ("Non-violent transfer of territory", "take"): (_V, frozenset(_TERRITORY_NOUNS)),
    ("Non-violent transfer of territory", "transfer"): (_ANY_POS, frozenset(_TERRITORY_NOUNS)),
    ("Non-violent transfer of territory", "leave"): (_V, frozenset(_TERRITORY_NOUNS)),
    ("Other", "coup"): (_N, frozenset()),
    ("Other", "prevent"): (_V, frozenset(_ATTACK_NOUNS | {"convoy", "aid", "access", "entry"})),
    ("Other", "stop"): (_V, frozenset({"convoy", "vehicle", "truck", "aid", "ship", "boat"})),
    ("Other", "block"): (_V, frozenset({"convoy", "aid", "access", "entry", "road", "route"})),
    ("Other", "violation"): (_N, frozenset({"ceasefire", "truce", "airspace", "border"})),
    ("Other", "cross"): (_V, frozenset({"border", "line", "frontier", "boundary"})),
    ("Other", "patrol"): (_ANY_POS, frozenset(_PATROL_VERBS | _ARMED_NOUNS)),
}  # fmt: skip
# triggers that also need an armed actor among their arguments ("troops left the town")
_NEEDS_ARMED = {("Non-violent transfer of territory", "leave")}
_STRONG_STRATEGIC = 4.0  # a strategic candidate this strong stands beside a violent one
_MODIFIER_DEPS = {"amod", "compound", "nmod", "acl"}
_ANY = "__any__"  # a background event whose type comes from the article's previous event
_UNVERIFIED_TOPICS = re.compile(
    r"\b(claims?|reports?|accounts?|information|allegations?|figures?|footage|videos?|statements?)\b",
    re.IGNORECASE,
)


@dataclass
class _Candidate:
    """One event under construction: its anchor tokens and the clause they sit in."""

    anchor: Token
    tokens: list[Token]
    clause: Token
    scores: dict[str, float] = field(default_factory=dict)
    denied_by: Token | None = None
    background: bool = False

    @property
    def sub(self) -> str:
        return max(self.scores, key=lambda name: self.scores[name])


@dataclass(frozen=True)
class _Lexicon:
    """Trigger and cue phrases as token tuples, indexed by their first word."""

    triggers: dict[str, list[tuple[tuple[str, ...], dict[str, float]]]]
    cues: dict[str, list[tuple[tuple[str, ...], dict[str, float]]]]
    non_events: dict[str, list[tuple[str, ...]]]
    overrides: dict[str, list[tuple[str, ...]]]
    event_types: dict[str, str]


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
    countries = _CountryHints(gazetteer)
    taxonomy = load_taxonomy()
    actors = list(annotated.actors)
    sentences = list(doc.sents)
    found: list[tuple[int, _Candidate]] = []
    for index, sent in enumerate(sentences):
        found.extend((index, cand) for cand in classify(sent, taxonomy=taxonomy))
    markers = [a for a in annotated.attributions if _is_unverified_marker(a)]
    events: list[records.Event] = []
    seen_types: set[str] = set()
    last_sub: str | None = None
    for index, cand in found:
        if cand.sub == _ANY:
            if last_sub is None:
                continue
            cand.scores = {last_sub: 1.0}
        sub = taxonomy.sub_type(cand.sub)
        last_sub = sub.name
        sent = sentences[index]
        timex = _date(cand, sent, annotated)
        prev = sentences[index - 1] if index else None
        places = _places(cand, sent, prev, annotated, countries)
        deaths = count_fatalities(_fatality_scope(cand, sentences, index, found))
        if _is_aggregate(sent):
            if not _is_single_incident(cand):
                continue
            deaths = (None, None)
        if _is_repeat(cand, sub, seen_types, timex, places, deaths, sent=sent):
            continue
        seen_types.add(sub.event_type)
        chosen: list[tuple[records.PlaceMention, int] | None] = list(places) or [None]
        for place in chosen:
            events.append(
                _assemble(cand, sub, sent, annotated, actors, timex, place, deaths, markers)
            )
    return events


def classify(sent: Span, *, taxonomy: Taxonomy | None = None) -> list[_Candidate]:
    """Find the event candidates in one sentence and score their sub-event types.

    Args:
        sent (Span): a parsed sentence.
        taxonomy (Taxonomy | None): lexicons to use; the packaged taxonomy when None.

    Returns:
        list[_Candidate]: one candidate per event clause; ``.sub`` is its best sub-type name.
    """
    taxonomy = taxonomy or load_taxonomy()
    lexicon = _lexicon(taxonomy)
    forms = [_forms(tok) for tok in sent]
    if _is_non_event(forms, lexicon):
        violent = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
        blocked = {s.name for s in taxonomy.sub_event_types if s.event_type in violent}
    else:
        blocked = set()
    anchors = _anchors(sent, forms, lexicon)
    background = [tok for tok in sent if _is_background(tok)]
    candidates: dict[int, _Candidate] = {}
    for tok, weights in anchors:
        if any(tok.i == b.i for b in background):
            continue
        state = _modality(tok)
        if state == "drop" or _is_aside(tok):
            continue
        clause = _clause_head(tok)
        cand = candidates.get(clause.i)
        if cand is None:
            cand = candidates[clause.i] = _Candidate(anchor=tok, tokens=[], clause=clause)
        cand.tokens.append(tok)
        if isinstance(state, Token):
            cand.denied_by = state
        for name, weight in weights.items():
            if name not in blocked:
                cand.scores[name] = cand.scores.get(name, 0.0) + weight
    result = [c for c in candidates.values() if c.scores]
    if any(not _casualty_only(c) for c in result):
        result = [c for c in result if not _casualty_only(c)]
    for cand in result:
        cand.anchor = max(cand.tokens, key=lambda t: max(_weights_of(t, anchors).values()))
        _add_cues(cand, sent, forms, lexicon, whole=len(result) == 1)
    result = _prefer_violence(result, sent, lexicon)
    anaphoric = [c for c in result if all(_is_anaphoric(t) for t in c.tokens)]
    result = [c for c in result if c not in anaphoric]
    for tok in background:
        result.append(_background_candidate(tok, result or anaphoric))
    return sorted(result, key=lambda c: c.anchor.i)


def _prefer_violence(result: list[_Candidate], sent: Span, lexicon: _Lexicon) -> list[_Candidate]:
    """In a sentence that reports casualties, violence outranks strategic readings.

    A candidate with a violent reading loses its strategic ones; a weak strategic-only
    candidate beside a violent one is dropped ("condemned ..., as eight were killed").
    """
    if not any(t.lemma_.lower() in _CASUALTY_LEMMAS for t in sent):
        return result
    types = lexicon.event_types

    def _violent(name: str) -> bool:
        return types.get(name) in _VIOLENT_TYPES

    kept = []
    any_violent = any(_violent(c.sub) for c in result)
    for cand in result:
        if types.get(cand.sub) == _STRATEGIC:
            violent = {k: v for k, v in cand.scores.items() if _violent(k)}
            if violent:
                cand.scores = violent
            elif any_violent and cand.scores[cand.sub] < _STRONG_STRATEGIC:
                continue
        kept.append(cand)
    return kept


def _casualty_only(cand: _Candidate) -> bool:
    """A clause that only reports harm ("32 others wounded") belongs to the sentence's event."""
    return all(t.lemma_.lower() in _CASUALTY_LEMMAS for t in cand.tokens)


def _weights_of(tok: Token, anchors: list[tuple[Token, dict[str, float]]]) -> dict[str, float]:
    return next(w for t, w in anchors if t.i == tok.i)


def _lexicon(taxonomy: Taxonomy) -> _Lexicon:
    """The compiled lexicon; the packaged taxonomy's is built once and cached."""
    if taxonomy is load_taxonomy():
        return _packaged_lexicon()
    return _compile(taxonomy)


@lru_cache(maxsize=1)
def _packaged_lexicon() -> _Lexicon:
    return _compile(load_taxonomy())


def _compile(taxonomy: Taxonomy) -> _Lexicon:
    triggers: dict[str, dict[tuple[str, ...], dict[str, float]]] = {}
    cues: dict[str, dict[tuple[str, ...], dict[str, float]]] = {}
    for sub in taxonomy.sub_event_types:
        for table, source in ((triggers, sub.triggers), (cues, sub.cues)):
            for phrase, weight in source.items():
                words = tuple(phrase.lower().split())
                table.setdefault(words[0], {}).setdefault(words, {})[sub.name] = weight

    def _index(phrases: Iterable[str]) -> dict[str, list[tuple[str, ...]]]:
        out: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            words = tuple(phrase.lower().split())
            out.setdefault(words[0], []).append(words)
        return out

    def _flatten(
        table: dict[str, dict[tuple[str, ...], dict[str, float]]],
    ) -> dict[str, list[tuple[tuple[str, ...], dict[str, float]]]]:
        return {
            first: sorted(entries.items(), key=lambda kv: -len(kv[0]))
            for first, entries in table.items()
        }

    return _Lexicon(
        triggers=_flatten(triggers),
        cues=_flatten(cues),
        non_events=_index(taxonomy.non_events.lemmas),
        overrides=_index(taxonomy.non_events.override_lemmas),
        event_types={sub.name: sub.event_type for sub in taxonomy.sub_event_types},
    )


def _forms(tok: Token) -> tuple[str, ...]:
    """The token's lemma and lower-case form, in that order (a fixed order keeps runs stable)."""
    return tuple(dict.fromkeys((tok.lemma_.lower(), tok.lower_)))


def _match(forms: list[tuple[str, ...]], i: int, words: tuple[str, ...]) -> bool:
    if i + len(words) > len(forms):
        return False
    return all(word in forms[i + k] for k, word in enumerate(words))


def _phrases_at(
    forms: list[tuple[str, ...]], i: int, index: dict[str, list[tuple[str, ...]]]
) -> Iterable[tuple[str, ...]]:
    for form in forms[i]:
        for words in index.get(form, ()):
            if _match(forms, i, words):
                yield words


def _is_non_event(forms: list[tuple[str, ...]], lexicon: _Lexicon) -> bool:
    has_block = any(
        any(True for _ in _phrases_at(forms, i, lexicon.non_events)) for i in range(len(forms))
    )
    if not has_block:
        return False
    return not any(
        any(True for _ in _phrases_at(forms, i, lexicon.overrides)) for i in range(len(forms))
    )


def _anchors(
    sent: Span, forms: list[tuple[str, ...]], lexicon: _Lexicon
) -> list[tuple[Token, dict[str, float]]]:
    """Longest trigger match at each position, anchored on the phrase's syntactic head."""
    found: list[tuple[Token, dict[str, float]]] = []
    taken: set[int] = set()
    for i in range(len(sent)):
        if i in taken:
            continue
        best: tuple[tuple[str, ...], dict[str, float]] | None = None
        for form in forms[i]:
            for words, weights in lexicon.triggers.get(form, ()):
                if not _match(forms, i, words) or not _connected(sent[i : i + len(words)]):
                    continue
                if best is None or len(words) > len(best[0]):
                    best = (words, weights)
        if best is None:
            continue
        span = sent[i : i + len(best[0])]
        head = span.root
        if head.pos_ not in _TRIGGER_POS or (len(span) == 1 and _is_name(head)):
            continue
        weights = _licensed(head, best[1], taxonomy_types=lexicon.event_types)
        if not weights:
            continue
        taken.update(range(i, i + len(best[0])))
        found.append((head, weights))
    return found


def _connected(span: Span) -> bool:
    """A phrase is one syntactic unit: "prisoner exchange", not "prisoners | exchanged fire"."""
    roots = [t for t in span if t.head.i == t.i or not span.start <= t.head.i < span.end]
    return len(roots) <= 1


def _licensed(
    head: Token, weights: dict[str, float], *, taxonomy_types: dict[str, str]
) -> dict[str, float]:
    """Drop the Strategic-development readings whose trigger lacks fitting arguments.

    "troops withdrew from the town" keeps its transfer reading, "schoolgirls leaving
    for home" loses it; a participle modifying a noun ("the banned group", "a report
    released on Monday") is a description, not an event.
    """
    lemma = head.lemma_.lower()
    kept: dict[str, float] = {}
    for name, weight in weights.items():
        if taxonomy_types.get(name) != _STRATEGIC or _fits(head, lemma, name):
            kept[name] = weight
    return kept


def _fits(head: Token, lemma: str, sub: str) -> bool:
    licence = _LICENCES.get((sub, lemma))
    if head.pos_ == "VERB" and head.dep_ in _MODIFIER_DEPS and not (licence and licence[1]):
        return False
    if head.pos_ in _N and head.dep_ in {"compound", "amod"} and lemma != head.head.lemma_:
        return False
    if head.dep_ == "pobj" and head.head.lower_ == "since":
        return False
    if sub == "Agreement" and head.pos_ in _N and head.dep_ == "pobj":
        return False
    if licence is None:
        return True
    pos, needed = licence
    if head.pos_ not in pos:
        return False
    if any(c.dep_ == "prt" and c.lower_ == "up" for c in head.children) and lemma == "catch":
        return False
    args = _argument_lemmas(head)
    if needed and not args & needed:
        return False
    return (sub, lemma) not in _NEEDS_ARMED or bool(args & _ARMED_NOUNS)


def _argument_lemmas(head: Token) -> set[str]:
    """Lemmas of the anchor's arguments (two levels down) and of the word it hangs on."""
    found: set[str] = set()
    frontier = [head]
    for _ in range(3):
        nxt = []
        for tok in frontier:
            for child in tok.children:
                if child.dep_ in _ARG_DEPS:
                    found.add(child.lemma_.lower())
                    nxt.append(child)
        frontier = nxt
    if head.dep_ in {"dobj", "pobj", "nsubjpass", "nsubj", "acl", "amod", "relcl", "compound"}:
        governor = head.head
        if governor.dep_ == "prep":
            governor = governor.head
        found.add(governor.lemma_.lower())
        if head.dep_ in {"acl", "amod", "relcl", "compound"}:
            found.update(c.lemma_.lower() for c in governor.children if c.dep_ == "compound")
    return found


def _is_name(tok: Token) -> bool:
    """Part of a name or date ("March 21", "Strike Force"), not an event word."""
    if tok.ent_type_ in _NAME_ENTS:
        return True
    capitalised = tok.text[:1].isupper() and not tok.text.isupper()
    return tok.pos_ == "PROPN" and capitalised and not tok.is_sent_start


def _governing_verb(tok: Token) -> Token | None:
    """The nearest verb at or above ``tok`` (the anchor itself when it is a verb)."""
    cur = tok
    for _ in range(6):
        if cur.pos_ in {"VERB", "AUX"}:
            return cur
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _modality(tok: Token) -> str | Token | None:
    """Return "drop" for negated/hypothetical/generic anchors, the denying verb, or None."""
    if any(c.dep_ == "neg" for c in tok.children):
        return "drop"
    if any(c.dep_ == "det" and c.lower_ in {"no", "any"} for c in tok.children):
        return "drop"
    if any(c.dep_ == "amod" and c.lemma_.lower() in _HYPOTHETICAL_ADJS for c in tok.children):
        return "drop"
    if tok.pos_ != "VERB" and tok.head.lemma_.lower() == "of":
        if tok.head.head.lemma_.lower() in _HYPOTHETICAL_NOUNS:
            return "drop"
    denier = _denier(tok)
    if denier is not None:
        return denier
    verb = _governing_verb(tok)
    if verb is None:
        return None
    cur = verb
    depth = 0
    while depth < 4:
        children = list(cur.children)
        if any(c.dep_ == "neg" for c in children) and cur.i == verb.i:
            return "drop"
        if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in children):
            return "drop"
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in children):
            return "drop"
        if cur.i != tok.i and cur.lemma_.lower() in _HYPOTHETICAL_HEADS:
            return "drop"
        if cur.i == verb.i and _is_generic(cur):
            return "drop"
        if cur.dep_ not in {"xcomp", "ccomp", "dobj", "pcomp", "advcl"} or cur.head.i == cur.i:
            break
        cur = cur.head
        depth += 1
    return None


def _denier(tok: Token) -> Token | None:
    """The verb denying ``tok`` ("denied carrying out the strike", "denied that X attacked")."""
    cur = tok
    for _ in range(4):
        if cur.dep_ not in {"dobj", "xcomp", "ccomp", "pcomp", "nsubjpass", "auxpass"}:
            return None
        cur = cur.head
        if cur.lemma_.lower() in _DENIAL_LEMMAS:
            return cur
    return None


def _is_generic(verb: Token) -> bool:
    """A subjectless gerund in a "when/while" clause describes a habit, not an event."""
    marks = {c.lower_ for c in verb.children if c.dep_ in {"mark", "advmod"}}
    has_subject = any(c.dep_ in _SUBJECT_DEPS for c in verb.children)
    return verb.tag_ == "VBG" and bool(marks & {"when", "while", "whenever"}) and not has_subject


def _is_aside(tok: Token) -> bool:
    """An event noun inside talk about something else ("a question about the Russian
    military's involvement in the seizure of Crimea", "comments about the attacks"), unless
    it carries its own agent and its own date or place."""
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return False
    cur = tok
    for _ in range(3):
        prep = cur.head
        if cur.dep_ not in {"pobj", "pcomp"} or prep.dep_ != "prep" or prep.head.i == prep.i:
            return False
        noun = prep.head
        if prep.lower_ in _ASIDE_HEADS.get(noun.lemma_.lower(), ()):
            return not _self_standing(tok)
        cur = noun
    return False


def _self_standing(tok: Token) -> bool:
    """A nominal event with a named agent ("X's attack", "the attack by X") and a date or place."""
    agent = any(
        (c.dep_ == "poss" and c.lower_ not in _PRONOUNS)
        or (c.dep_ == "prep" and c.lower_ == "by" and any(g.dep_ == "pobj" for g in c.children))
        for c in tok.children
    )
    subtree = list(tok.subtree)
    anchored = any(t.ent_type_ in {"DATE", "TIME", "GPE", "LOC", "FAC"} for t in subtree)
    return agent and anchored


def _is_background(tok: Token) -> bool:
    """An earlier event named by a generic noun: "previous actions", "earlier operations"."""
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return False
    return any(
        c.dep_ == "amod" and c.lemma_.lower() in _BACKGROUND_MODS for c in tok.children
    ) and (tok.lemma_.lower() in _BACKGROUND_NOUNS)


def _background_candidate(tok: Token, others: list[_Candidate]) -> _Candidate:
    """A background event takes its type from the sentence's other events when there are any."""
    cand = _Candidate(anchor=tok, tokens=[tok], clause=_clause_head(tok), background=True)
    if others:
        cand.scores = dict(others[0].scores)
    else:
        cand.scores = {_ANY: 1.0}
    return cand


def _clause_head(tok: Token) -> Token:
    cur = tok
    while cur.head.i != cur.i:
        if cur.dep_ in _CLAUSE_STOP_DEPS:
            return cur
        if cur.dep_ == "conj" and cur.pos_ in {"VERB", "AUX"}:
            if any(c.dep_ in _SUBJECT_DEPS for c in cur.children):
                return cur
        cur = cur.head
    return cur


def _clause_tokens(cand: _Candidate, sent: Span) -> list[Token]:
    return [t for t in sent if _clause_head(t).i == cand.clause.i]


def _is_anaphoric(tok: Token) -> bool:
    return tok.pos_ in {"NOUN", "PROPN"} and any(
        c.dep_ in {"det", "amod"} and c.lemma_.lower() in _ANAPHORIC_MODS for c in tok.children
    )


def _add_cues(
    cand: _Candidate, sent: Span, forms: list[tuple[str, ...]], lexicon: _Lexicon, *, whole: bool
) -> None:
    scope = {t.i for t in (sent if whole else _clause_tokens(cand, sent))}
    target = {t.i for t in _target_tokens(cand)}
    seen: set[tuple[str, ...]] = set()
    for i, tok in enumerate(sent):
        if tok.i not in scope:
            continue
        for form in forms[i]:
            for words, weights in lexicon.cues.get(form, ()):
                if words in seen or not _match(forms, i, words):
                    continue
                seen.add(words)
                factor = 2.0 if tok.i in target else 1.0
                for name, weight in weights.items():
                    if name in cand.scores:
                        cand.scores[name] += weight * factor


def _target_tokens(cand: _Candidate) -> list[Token]:
    head = _patient(cand)
    return list(head.subtree) if head is not None else []


def _agent(cand: _Candidate) -> Token | None:
    """The agent of the anchor: subject, "by X", possessor, or a light verb's subject.

    A reacting or reporting verb ("condemned ..., as eight were killed") gives no agent,
    except the perpetrator of the conduct it names ("the brutality of the military").
    """
    for tok in [cand.anchor, *cand.tokens]:
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
                if child.lower_ not in _PRONOUNS and child.ent_type_ not in {"DATE", "TIME"}:
                    return child
            if child.dep_ == "prep" and child.lower_ == "by" and tok.pos_ in {"NOUN", "PROPN"}:
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    return objs[0]
    cur = cand.anchor
    for _ in range(4):
        head = cur.head
        if head.i == cur.i:
            break
        if cur.dep_ in {"dobj", "xcomp", "advcl", "conj", "pobj", "prep", "pcomp", "acl"}:
            if head.lemma_.lower() in _REACTION_LEMMAS:
                return None
            subj = [c for c in head.children if c.dep_ in {"nsubj", "csubj"}]
            if subj and head.pos_ in {"VERB", "AUX"}:
                if (
                    cur.dep_ != "dobj"
                    or head.lemma_.lower() in _LIGHT_VERBS
                    or cur.i != cand.anchor.i
                ):
                    return subj[0]
                return None
        cur = head
    return None


def _is_reaction(tok: Token, cand: _Candidate) -> bool:
    """A reacting or reporting verb beside the event's own trigger ("condemned", "said")."""
    return tok.i != cand.anchor.i and tok.pos_ == "VERB" and tok.lemma_.lower() in _REACTION_LEMMAS


def _conduct_agent(verb: Token) -> Token | None:
    """X in "condemned the brutality of X" / "the violence by X"."""
    for obj in verb.children:
        if obj.dep_ == "dobj" and obj.lemma_.lower() in _CONDUCT_NOUNS:
            for prep in obj.children:
                if prep.dep_ == "prep" and prep.lower_ in {"of", "by"}:
                    objs = [g for g in prep.children if g.dep_ == "pobj"]
                    if objs:
                        return objs[0]
    return None


def _is_abstract(tok: Token) -> bool:
    """A common noun that names a quantity, act or state, not an agent ("the death toll")."""
    noun = _partitive(tok)
    if noun.pos_ != "NOUN" or noun.ent_type_ in {"ORG", "NORP", "PERSON", "GPE"}:
        return False
    lemma = noun.lemma_.lower()
    return lemma in _ABSTRACT_NOUNS or lemma.endswith("ness") or noun.tag_ == "VBG"


def _patient(cand: _Candidate) -> Token | None:
    """The target of the anchor: object, passive subject, or "attack on X"."""
    anchor_ids = {t.i for t in cand.tokens}
    for tok in [cand.anchor, *cand.tokens]:
        if _is_reaction(tok, cand):
            continue
        for child in tok.children:
            if child.dep_ in {"dobj", "nsubjpass"} and child.i not in anchor_ids:
                return child
            if child.dep_ == "nsubjpass" and tok.pos_ == "VERB":
                return child  # "eight demonstrators were killed": the victims
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs and objs[0].ent_type_ not in {"GPE", "LOC", "FAC", "DATE", "TIME"}:
                    return objs[0]
    return None


def _phrase(head: Token) -> tuple[int, int]:
    """Character range of the noun phrase headed by ``head``, without clauses or appositions."""
    inside = {t.i for t in _phrase_tokens(head)}
    doc = head.doc
    first = last = head.i
    while first - 1 in inside and not _is_break(doc[first - 1]):
        first -= 1
    while last + 1 in inside and not _is_break(doc[last + 1]):
        last += 1
    if doc[first].dep_ == "det" and first < head.i:
        first += 1
    return doc[first].idx, doc[last].idx + len(doc[last])


def _phrase_tokens(head: Token) -> list[Token]:
    """``head`` with its modifiers and "of" complements ("two of the groups"), recursively."""
    skip = {"relcl", "acl", "appos", "punct", "cc", "conj", "prep", "advcl"}
    tokens = [head]
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            tokens.append(child)
            for obj in child.children:
                if obj.dep_ == "pobj":
                    tokens.extend(_phrase_tokens(obj))
        elif child.dep_ not in skip:
            tokens.extend(child.subtree)
    return tokens


def _is_break(tok: Token) -> bool:
    """Punctuation that ends a phrase (a spaced dash, a comma), not a word-internal hyphen."""
    if not tok.is_punct:
        return False
    if tok.text == "-":
        return bool(tok.whitespace_) or bool(tok.i and tok.doc[tok.i - 1].whitespace_)
    return True


# Names (the actor first, its associates after) and the evidence span of the first.
_Resolved = tuple[tuple[str, ...], tuple[int, int]]


def _actor_name(
    head: Token,
    cand: _Candidate,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
    *,
    depth: int = 0,
) -> _Resolved | None:
    """Canonical name(s) for the phrase headed by ``head``.

    A phrase the actor layer names gives that name. A pronoun ("they", "their forces") or a
    definite generic noun ("the groups", "two of the groups") takes its antecedent's names;
    other phrases keep their own words without determiners and numbers, or give None when
    only a bare common noun would remain.
    """
    start, end = _phrase(head)
    for mention in actors:
        if mention.start < end and start < mention.end:
            return (mention.name,), (mention.start, mention.end)
    members = _members(head, actors)
    if members is not None:
        return members if members[0] else None
    noun = _partitive(head)
    if _pronominal(noun) or _anaphoric_actor(noun, head):
        resolved = _antecedents(noun, start, cand, annotated, actors, depth=depth)
        if resolved is not None or _pronominal(noun):
            return resolved
    if head.pos_ == "PRON":
        return None
    return _cleaned(noun)


def _partitive(head: Token) -> Token:
    """The noun of "two of the groups" / "some of them"; ``head`` itself otherwise."""
    if head.pos_ in {"NUM", "PRON", "DET", "ADJ"} or head.lower_ in _QUANTIFIERS:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    return objs[0]
    return head


def _pronominal(head: Token) -> bool:
    """ "they", "their forces": a phrase that names its referent only through a pronoun."""
    return head.lower_ in _PRONOUNS or any(
        c.dep_ == "poss" and c.lower_ in _PRONOUNS for c in head.children
    )


def _anaphoric_actor(noun: Token, head: Token) -> bool:
    """ "the groups", "these fighters", "two of the groups": a generic actor noun pointing back."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in _ACTOR_NOUNS:
        return False
    return noun.i != head.i or any(
        c.dep_ in {"det", "predet"} and c.lower_ in _DEFINITE for c in noun.children
    )


@dataclass(frozen=True)
class _Collective:
    """A plural actor phrase ("three armed groups") and the named actors the text makes its
    members, in text order. ``size`` is the number the text gives it, if any."""

    name: str | None
    members: tuple[str, ...]
    size: int | None
    intro: int | None  # token index of the phrase that names it
    introduced: bool  # named by a counted or listing phrase, not only a bare plural


def _members(head: Token, actors: list[records.ActorMention]) -> _Resolved | None:
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
    noun = _partitive(head)
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in _COLLECTIVE_NOUNS:
        return None
    span = _phrase(head)
    own = _linked(noun, actors)
    if own:
        return own, span
    if noun.tag_ != "NNS":
        return None
    collective = _collective(noun, actors)
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


def _collective(noun: Token, actors: list[records.ActorMention]) -> _Collective:
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
    cleaned = _cleaned(intro) if intro is not None else None
    return _Collective(
        name=cleaned[0][0] if cleaned is not None else None,
        members=tuple(dict.fromkeys(members)),
        size=_count(intro) if intro is not None else None,
        intro=intro.i if intro is not None else None,
        introduced=bool(intros),
    )


def _introduces(tok: Token, actors: list[records.ActorMention]) -> bool:
    """ "Three armed groups", "militias such as X": a plural phrase that starts a collective."""
    if tok.tag_ != "NNS" or _definite(tok) or _partitive_of(tok) is not None:
        return False
    return (
        _count(tok) is not None
        or any(
            c.dep_ in {"det", "amod"} and c.lower_ in _COLLECTIVE_QUANTIFIERS for c in tok.children
        )
        or bool(_listed(tok, actors))
    )


def _definite(noun: Token) -> bool:
    return any(
        c.dep_ in {"det", "predet", "poss"} and c.lower_ in _DEFINITE | _PRONOUNS
        for c in noun.children
    )


def _partitive_of(noun: Token) -> Token | None:
    """The quantity word of "two of the groups" when ``noun`` is its object."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.i != prep.i:
        quantity = prep.head
        if _partitive(quantity).i == noun.i:
            return quantity
    return None


def _is_part(head: Token, noun: Token, collective: _Collective) -> bool:
    """Whether the phrase denotes only some of the collective's members, not knowing which."""
    known = max(collective.size or 0, len(collective.members))
    if head.i != noun.i:
        if head.lower_ in _WHOLE_WORDS:
            return False
        number = _number(head)
        return number is None or number < known
    number = _count(noun)
    return number is not None and number < known


def _count(noun: Token) -> int | None:
    """The number a noun phrase gives ("three groups" -> 3, "both factions" -> 2)."""
    for child in noun.children:
        if child.dep_ in {"nummod", "det", "predet"}:
            number = _number(child)
            if number is not None:
                return number
    return None


def _number(tok: Token) -> int | None:
    if tok.lower_ in _NUMBER_WORDS:
        return _NUMBER_WORDS[tok.lower_]
    return int(tok.text) if tok.text.isdigit() else None


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
        if tok.pos_ in {"VERB", "AUX"} or _is_break(tok):
            return []
    return []


def _names_at(tok: Token, actors: list[records.ActorMention]) -> list[str]:
    """Named actors at ``tok`` and the phrases conjoined with it."""
    names: list[str] = []
    for part in [tok, *tok.conjuncts]:
        for mention in actors:
            if mention.start <= part.idx < mention.end and _is_named(mention):
                names.append(mention.name)
                break
    return names


def _is_plural(noun: Token) -> bool:
    if noun.lower_ in _PRONOUNS:
        return noun.lower_ in _PLURAL_PRONOUNS
    poss = [c for c in noun.children if c.dep_ == "poss" and c.lower_ in _PRONOUNS]
    if poss:
        return poss[0].lower_ in _PLURAL_PRONOUNS
    return noun.tag_ in {"NNS", "NNPS"}


def _antecedents(
    noun: Token,
    before: int,
    cand: _Candidate,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
    *,
    depth: int,
) -> _Resolved | None:
    """Names a pronoun or generic actor noun refers back to.

    Pronouns take the source of the attribution covering the event, else the subject before
    them in their sentence or of the previous sentence. Then, for pronouns and nouns alike,
    the most recent named actor before the phrase (for a plural, every named actor of the
    sentence that names it; "groups" only take armed non-state actors; pronouns look two
    sentences back at most); for nouns, last, the subject of the article's first sentence.
    """
    if depth > 2:
        return None
    doc = noun.doc
    pronoun = _pronominal(noun)
    person = _person_word(noun)
    if pronoun:
        source = _covering_source(cand, annotated, person=person, plural=_is_plural(noun))
        if source is not None:
            span = doc.char_span(source.start, source.end, alignment_mode="expand")
            if span is not None:
                found = _actor_name(span.root, cand, annotated, actors, depth=depth + 1)
                if found is not None:
                    return found
        subject = _earlier_subject(noun)
        if subject is not None and _number_fits(subject, plural=_is_plural(noun)):
            found = _actor_name(subject, cand, annotated, actors, depth=depth + 1)
            if found is not None:
                return found
    if person in _PERSON_PRONOUNS:
        return None
    window = _sentence_start(noun, back=2) if pronoun else 0
    groups_only = noun.lemma_.lower() in _GROUP_NOUNS
    named = [
        m
        for m in actors
        if window <= m.start
        and m.end <= before
        and _is_named(m)
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
    return _actor_name(subject, cand, annotated, actors, depth=depth + 1)


def _number_fits(tok: Token, *, plural: bool) -> bool:
    """Whether a noun can be what a plural (or singular) pronoun refers to."""
    if tok.tag_ in {"NNS", "NNPS"}:
        return plural
    if plural:
        return tok.pos_ == "PROPN" and tok.ent_type_ != "PERSON"
    return True


def _is_named(mention: records.ActorMention) -> bool:
    return not mention.name.lower().startswith("unidentified") and (
        mention.kind not in _UNNAMED_KINDS
    )


def _person_word(noun: Token) -> str:
    """The pronoun that makes a phrase pronominal ("their" in "their forces"), lower-cased."""
    if noun.lower_ in _PRONOUNS:
        return noun.lower_
    return next((c.lower_ for c in noun.children if c.dep_ == "poss"), "")


def _covering_source(
    cand: _Candidate, annotated: records.AnnotatedArticle, *, person: str, plural: bool
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
        if source.text.lower() in _PRONOUNS:
            continue
        if content.text[:1] in _QUOTE_CHARS and person not in {"we", "our"}:
            continue
        span = doc.char_span(source.start, source.end, alignment_mode="expand")
        if plural and span is not None and span.root.ent_type_ == "PERSON":
            continue
        return source
    return None


def _sentence_start(tok: Token, *, back: int) -> int:
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
        if tok.dep_ in {"nsubj", "nsubjpass"} and not _pronominal(tok):
            return tok
    if sent.start > 0:
        prev = head.doc[sent.start - 1].sent
        subj = [t for t in prev if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"]
        if subj and not _pronominal(subj[0]):
            return subj[0]
    return None


def _first_subject(noun: Token) -> Token | None:
    """The main subject of the article's first sentence, when it is not ``noun`` itself."""
    first = next(noun.doc.sents)
    subj = [t for t in first if t.dep_ in {"nsubj", "nsubjpass"} and t.head.dep_ == "ROOT"]
    if not subj or subj[0].i == noun.i or _partitive(subj[0]).i == noun.i:
        return None
    return subj[0]


def _cleaned(head: Token) -> _Resolved | None:
    """The phrase's own words without leading determiners and numbers ("three armed groups"
    -> "armed groups"); None when only one lower-case word would remain ("groups", "much")."""
    start, end = _phrase(head)
    doc = head.doc
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    tokens = list(span)
    while len(tokens) > 1 and tokens[0].i != head.i and _is_quantity(tokens[0]):
        tokens = tokens[1:]
    while len(tokens) > 1 and (tokens[-1].dep_ == "case" or tokens[-1].is_punct):
        tokens = tokens[:-1]
    if len(tokens) == 1 and tokens[0].pos_ != "PROPN" and tokens[0].text.islower():
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return (text_of(doc)[start:end],), (start, end)


def _is_quantity(tok: Token) -> bool:
    return (
        tok.dep_ in {"det", "predet", "nummod", "quantmod"}
        or tok.like_num
        or tok.lower_ in _QUANTIFIERS
        or tok.is_punct
        or (tok.dep_ == "poss" and tok.lower_ in _PRONOUNS)
    )


def _assoc_actors(
    head: Token | None,
    cand: _Candidate,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
) -> list[str]:
    """Actors conjoined with the agent ("X and Y attacked")."""
    if head is None:
        return []
    names: list[str] = []
    for conj in head.conjuncts:
        found = _actor_name(conj, cand, annotated, actors)
        if found:
            names.extend(found[0])
    return names


def _date(
    cand: _Candidate, sent: Span, annotated: records.AnnotatedArticle
) -> records.TimeExpression | None:
    anchor = cand.anchor.idx
    in_sent = [
        t
        for t in annotated.timexes
        if sent.start_char <= t.start < sent.end_char and t.date_start is not None
    ]
    if in_sent:
        return min(in_sent, key=lambda t: abs(t.start - anchor))
    for attribution in annotated.attributions:
        if not attribution.content.start <= anchor < attribution.content.end:
            continue
        cue_sent = sent.doc.char_span(attribution.cue.start, attribution.cue.end, "expand")
        if cue_sent is None:
            continue
        bounds = cue_sent.sent
        near = [
            t
            for t in annotated.timexes
            if bounds.start_char <= t.start < bounds.end_char and t.date_start is not None
        ]
        if near:
            return min(near, key=lambda t: abs(t.start - attribution.cue.start))
    return None


class _CountryHints:
    """Countries a sentence points to without a place mention ("Russian border regions",
    "on Ukrainian soil", "inside Syria"); the gazetteer is loaded on first need."""

    def __init__(self, gazetteer: Gazetteer | None) -> None:
        self._gazetteer = gazetteer
        self._seen: dict[int, tuple[Span, records.Place] | None] = {}

    def find(
        self, sent: Span, anchor: int, taken: list[records.PlaceMention]
    ) -> records.PlaceMention | None:
        """The hint nearest ``anchor`` outside the ``taken`` mentions, or None."""
        hints = []
        for tok in sent:
            if any(p.start <= tok.idx < p.end for p in taken):
                continue
            if tok.i not in self._seen:
                self._seen[tok.i] = self._hint(tok)
            found = self._seen[tok.i]
            if found is not None:
                span, place = found
                hints.append(
                    records.PlaceMention(
                        start=span.start_char, end=span.end_char, text=span.text, place=place
                    )
                )
        return min(hints, key=lambda h: abs(h.start - anchor), default=None)

    def _hint(self, tok: Token) -> tuple[Span, records.Place] | None:
        if not tok.text[:1].isupper():
            return None
        if tok.dep_ in {"amod", "compound"} and tok.head.lemma_.lower() in _PLACE_NOUNS:
            span = tok.doc[tok.i : tok.i + 1]
            code = self._load().demonym(tok.text)
        elif tok.dep_ == "pobj" and tok.pos_ == "PROPN" and tok.head.lower_ in _LOC_PREPS:
            first = min([c.i for c in tok.lefts if c.dep_ == "compound"], default=tok.i)
            span = tok.doc[first : tok.i + 1]
            found = self._load().lookup(span.text)
            code = next((p.country_code for p in found if _is_country(p)), None)
        else:
            return None
        place = self._load().country(code) if code else None
        return (span, place) if place is not None else None

    def _load(self) -> Gazetteer:
        if self._gazetteer is None:
            from sitrep.gazetteer import load

            self._gazetteer = load()
        return self._gazetteer


def _is_country(place: records.Place) -> bool:
    return (place.feature_code or "").startswith("PCL")


def _place_score(mention: records.PlaceMention, doc: Doc) -> int:
    """0 when governed by a locative preposition, 2 when by "from", 3 when the name only
    qualifies a noun that is no place ("U.S. officials"), else 1."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return 1
    cur = span.root
    if (
        cur.dep_ in {"compound", "amod", "poss", "nmod"}
        and cur.head.pos_ in {"NOUN", "PROPN"}
        and cur.head.lemma_.lower() not in _PLACE_NOUNS
        and cur.head.head.lower_ not in _LOC_PREPS
    ):
        return 3
    for _ in range(4):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        if cur.dep_ == "prep" or cur.pos_ == "ADP":
            lemma = cur.lower_
            if lemma in _LOC_PREPS:
                return 0
            if lemma == "from":
                return 2
    return 1


def _places(
    cand: _Candidate,
    sent: Span,
    prev: Span | None,
    annotated: records.AnnotatedArticle,
    countries: _CountryHints,
) -> list[tuple[records.PlaceMention, int]]:
    """The event's place(s) and geo precision; conjoined places give one event each.

    In order: a resolved place of the sentence (not one the action comes "from"); a country
    the sentence points to ("Russian border regions", precision 3); a place the action comes
    from; an unresolved name; a locative place of the previous sentence; the dateline; the
    country the article names most (precision 3, evidence at its first mention); last, a
    name that only qualifies a noun ("U.S. officials").
    """
    doc = sent.doc
    anchor = cand.anchor.idx

    def _within(span: Span | records.Span) -> list[records.PlaceMention]:
        start = span.start_char if isinstance(span, Span) else span.start
        end = span.end_char if isinstance(span, Span) else span.end
        return [p for p in annotated.places if start <= p.start < end]

    def _group(best: records.PlaceMention) -> list[tuple[records.PlaceMention, int]]:
        group = [best, *_conjoined(best, here, doc)]
        return [(p, _precision(p, doc)) for p in sorted(group, key=lambda p: p.start)]

    dateline = annotated.article.dateline
    here = [
        p for p in _within(sent) if dateline is None or not dateline.start <= p.start < dateline.end
    ]
    ranked = sorted(
        here, key=lambda p: (p.place is None, _place_score(p, doc), abs(p.start - anchor))
    )
    if ranked and ranked[0].place is not None and _place_score(ranked[0], doc) < 2:
        return _group(ranked[0])
    hint = countries.find(sent, anchor, here)
    if hint is not None:
        return [(hint, 3)]
    if ranked and _place_score(ranked[0], doc) < 3:
        return _group(ranked[0])
    if prev is not None:
        found = [p for p in _within(prev) if _place_score(p, doc) == 0]
        if found:
            best = min(found, key=lambda p: p.place is None)
            return [(best, _precision(best, doc))]
    found = _within(dateline) if dateline is not None else []
    if found:
        return [(found[0], _precision(found[0], doc))]
    main_country = _main_country(annotated.places, doc)
    if main_country is not None:
        return [(main_country, 3)]
    return _group(ranked[0]) if ranked else []


def _main_country(places: list[records.PlaceMention], doc: Doc) -> records.PlaceMention | None:
    """The first mention of the country where the article's resolved places lie most.

    A town or region counts twice as much as a bare country name, which news also uses
    for governments; a name that only qualifies a noun ("U.S. officials") does not count.
    """
    counts: Counter[str] = Counter()
    for mention in places:
        if mention.place and mention.place.country_code and _place_score(mention, doc) < 3:
            national = (mention.place.feature_code or "").startswith("PCL")
            counts[mention.place.country_code] += 1 if national else 2
    if not counts:
        return None
    code = counts.most_common(1)[0][0]
    return next(
        (
            p
            for p in places
            if p.place
            and p.place.country_code == code
            and (p.place.feature_code or "").startswith("PCL")
        ),
        None,
    )


def _conjoined(
    best: records.PlaceMention, here: list[records.PlaceMention], doc: Doc
) -> list[records.PlaceMention]:
    span = doc.char_span(best.start, best.end, alignment_mode="expand")
    if span is None:
        return []
    conj = {t.i for t in span.root.conjuncts}
    out = []
    for other in here:
        if other is best:
            continue
        o_span = doc.char_span(other.start, other.end, alignment_mode="expand")
        if o_span is not None and o_span.root.i in conj:
            out.append(other)
    return out


def _precision(mention: records.PlaceMention, doc: Doc) -> int:
    place = mention.place
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    near = False
    if span is not None:
        near = any(t.lower_ in _NEAR_PREPS for t in span.root.ancestors if t.i >= span.start - 6)
    if place is None:
        return 3
    code = place.feature_code or ""
    if place.feature_class == "P":
        return 2 if near else 1
    if code.startswith("PCL") or code == "ADM1":
        return 3
    return 2


def _fatality_scope(
    cand: _Candidate, sentences: list[Span], index: int, found: list[tuple[int, _Candidate]]
) -> list[Span]:
    """The event's sentence, plus the next one when that reports no event of its own."""
    scope = [sentences[index]]
    nxt = index + 1
    if nxt < len(sentences) and not any(i == nxt for i, _ in found):
        scope.append(sentences[nxt])
    return scope


def _is_repeat(
    cand: _Candidate,
    sub: SubEventType,
    seen_types: set[str],
    timex: records.TimeExpression | None,
    places: list[tuple[records.PlaceMention, int]],
    deaths: tuple[int | None, tuple[int, int] | None],
    *,
    sent: Span,
) -> bool:
    """A definite noun ("the attack") adding no date, place or toll repeats an earlier event."""
    if sub.event_type not in seen_types or cand.background:
        return False
    nominal = all(t.pos_ in {"NOUN", "PROPN"} for t in cand.tokens)
    definite = all(any(c.dep_ in {"det", "poss"} for c in t.children) for t in cand.tokens)
    local = any(sent.start_char <= p.start < sent.end_char for p, _ in places)
    return nominal and definite and timex is None and not local and deaths[0] is None


def _is_aggregate(sent: Span) -> bool:
    """The sentence sums up a period or many incidents, not one event.

    Cues: a duration ("in the last 15 months", "so far this year", "since January"), a
    count of incidents ("in over 500 attacks"), or a bare year beside plural incidents
    ("attacks in 2024"). A sentence dated to one day ("On 5 May, six airstrikes ...")
    reports one event.
    """
    if any(_is_day(ent) and not _dates_the_report(ent) for ent in sent.ents):
        return False
    if _SO_FAR.search(sent.text):
        return True
    plural_incidents = False
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in _PERIOD_UNITS and _is_duration(tok):
            return True
        if tok.lower_ == "since" and any(_is_calendar_point(g) for g in tok.children):
            return True
        if lemma in _INCIDENT_NOUNS and tok.tag_ in {"NNS", "NNPS"}:
            plural_incidents = True
            count = _count(tok) or _digits(tok)
            spread = tok.dep_ == "pobj" and tok.head.lower_ in {"in", "during", "across", "over"}
            if spread and count is not None and count >= 3:
                return True
    return plural_incidents and any(_is_bare_year(tok) for tok in sent)


_SO_FAR = re.compile(
    r"\b(so far|to date)\s+(this|in)\s+(year|month|week)\b"
    r"|\b(this|the)\s+(year|month)\s+(so far|to date)\b",
    re.IGNORECASE,
)


def _is_day(ent: Span) -> bool:
    """A date naming one day: a weekday, "yesterday", or a month with a day number."""
    if ent.label_ != "DATE":
        return False
    words = {t.lower_ for t in ent}
    if words & _WEEKDAYS:
        return True
    has_day = any(t.text.isdigit() and 1 <= int(t.text) <= 31 for t in ent)
    return has_day and bool(words & _MONTHS)


def _dates_the_report(ent: Span) -> bool:
    """The date starts a period ("since 1 May") or dates a statement ("said on Saturday")."""
    head = ent.root.head
    if head.lower_ == "since":
        return True
    if head.pos_ == "ADP":
        head = head.head
    return head.pos_ == "VERB" and head.lemma_.lower() in _REACTION_LEMMAS


_WEEKDAYS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "yesterday", "today", "tonight",
}  # fmt: skip


def _is_duration(unit: Token) -> bool:
    """ "the last/past N months", "the past year", "the previous few weeks"."""
    mods = {c.lower_ for c in unit.children}
    counted = any(c.dep_ == "nummod" for c in unit.children) or unit.tag_ == "NNS"
    if counted:
        return bool(mods & {"last", "past", "previous"})
    return bool(mods & {"last", "past"}) and "the" in mods


def _is_calendar_point(obj: Token) -> bool:
    """A month, a year or "the start" as the object of "since" (not a weekday)."""
    if obj.dep_ != "pobj":
        return False
    return (
        obj.lower_ in _MONTHS
        or _is_year(obj)
        or obj.lemma_.lower() in {"start", "beginning", "outbreak"}
    )


def _is_year(tok: Token) -> bool:
    return tok.text.isdigit() and len(tok.text) == 4 and 1900 <= int(tok.text) <= 2100


def _is_bare_year(tok: Token) -> bool:
    """A year as the whole object of "in"/"during"/"throughout" ("attacks in 2024")."""
    head = tok.head
    return (
        _is_year(tok)
        and tok.dep_ == "pobj"
        and head.lower_ in {"in", "during", "throughout"}
        and not any(c.dep_ in {"compound", "nummod"} for c in tok.children)
    )


def _digits(noun: Token) -> int | None:
    """The figure counting ``noun`` ("over 500 attacks" -> 500)."""
    for child in noun.children:
        if child.dep_ == "nummod":
            text = child.text.replace(",", "")
            if text.isdigit():
                return int(text)
    return None


def _is_single_incident(cand: _Candidate) -> bool:
    """A singular event noun among the triggers ("the attack on the base") names one incident."""
    return any(
        t.pos_ == "NOUN" and t.tag_ == "NN" and not t.lower_.endswith("ing") for t in cand.tokens
    )


def _is_unverified_marker(attribution: records.Attribution) -> bool:
    text = attribution.content.text
    return attribution.stance == "unverified" and bool(_UNVERIFIED_TOPICS.search(text))


def _claims(
    cand: _Candidate,
    sent: Span,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
) -> list[records.Claim]:
    clause = _clause_tokens(cand, sent) or list(sent)
    start = min(t.idx for t in clause)
    end = max(t.idx + len(t) for t in clause)
    doc = sent.doc
    claims: list[records.Claim] = []
    for attribution in annotated.attributions:
        content = attribution.content
        if attribution.stance == "unverified" or not (content.start < end and start < content.end):
            continue
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
            s_start, s_end = _phrase(subj[0])
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
    cand: _Candidate,
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
    if lower in _PERSON_PRONOUNS:
        return _previous_person(doc, source.start) or text
    if lower in _PLURAL_PRONOUNS:
        return _previous_group(doc, source.start, cand, annotated, actors) or text
    span = doc.char_span(source.start, source.end, alignment_mode="expand")
    if span is None:
        return text
    noun = _partitive(span.root)
    if _anaphoric_actor(noun, span.root):
        if noun.lemma_.lower() in _COLLECTIVE_NOUNS and noun.tag_ == "NNS":
            collective = _collective(noun, actors).name
            if collective:
                return collective
        found = _actor_name(span.root, cand, annotated, actors)
        if found is not None:
            return found[0][0]
    cleaned = _cleaned(span.root)
    return cleaned[0][0] if cleaned is not None else text


def _previous_person(doc: Doc, before: int) -> str | None:
    """The nearest person named before ``before``, in the fullest form the text gives it."""
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.end_char <= before]
    if not people:
        return None
    nearest = people[-1]
    last = nearest[-1].lower_
    fuller = [e for e in people if e[-1].lower_ == last and len(e) > len(nearest)]
    return (fuller[0] if fuller else nearest).text


def _previous_group(
    doc: Doc,
    before: int,
    cand: _Candidate,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
) -> str | None:
    """The nearest earlier plural source or named actor within the two previous sentences."""
    span = doc.char_span(before, before + 1, alignment_mode="expand")
    if span is None:
        return None
    window = _sentence_start(span[0], back=2)
    found: list[tuple[int, str]] = [
        (m.start, m.name) for m in actors if window <= m.start and m.end <= before and _is_named(m)
    ]
    for attribution in annotated.attributions:
        source = attribution.source
        if source is None or not window <= source.start or source.end > before:
            continue
        head = doc.char_span(source.start, source.end, alignment_mode="expand")
        if head is None or head.root.lower_ in _PRONOUNS:
            continue
        if head.root.tag_ in {"NNS", "NNPS"} or head.root.ent_type_ in {"ORG", "NORP"}:
            name = _claimant(source, cand, annotated, actors)
            if name:
                found.append((source.start, name))
    return max(found)[1] if found else None


def _verification(
    claims: list[records.Claim], markers: list[records.Attribution]
) -> tuple[str, list[records.Claim]]:
    if any(c.stance == "denied" for c in claims):
        return "contested", claims
    if markers and any(c.stance in {"claimed", "asserted"} for c in claims):
        marker = markers[0]
        source = marker.source.text.strip(_EDGE_CHARS) if marker.source else None
        extra = records.Claim(
            claimant=source or None,
            stance="unverified",
            text=marker.content.text,
            start=marker.content.start,
            end=marker.content.end,
        )
        return "unverified", [*claims, extra]
    if len({c.claimant for c in claims if c.claimant}) >= 2:
        return "corroborated", claims
    return "reported", claims


def _assemble(
    cand: _Candidate,
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
    agent_tok = _agent(cand)
    if agent_tok is not None and _is_abstract(agent_tok):
        agent_tok = None
    agent = _actor_name(agent_tok, cand, annotated, actors) if agent_tok is not None else None
    patient_tok = _patient(cand)
    patient = _actor_name(patient_tok, cand, annotated, actors) if patient_tok is not None else None
    if agent:
        values["actor1"], evidence["actor1"] = agent[0][0], agent[1]
    if patient and (not agent or patient[0][0] not in agent[0]):
        values["actor2"], evidence["actor2"] = patient[0][0], patient[1]
    assoc = [*(agent[0][1:] if agent else ()), *_assoc_actors(agent_tok, cand, annotated, actors)]
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
    claims = _claims(cand, sent, annotated, actors)
    verification, claims = _verification(claims, markers)
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
