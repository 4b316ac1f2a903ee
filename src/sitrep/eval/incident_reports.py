"""Headline-style news reports generated from ACLED rows, for the incident-merge benchmark.

Every report is built at evaluation time from one ACLED row (nothing derived from the data
is stored): a deterministic random generator seeded by the row's event id and the report's
number picks an outlet (each report of one incident a different one), a publication date
0-2 days after the event, a style (a headline, a lead sentence with a claimant, or the
coder's note with its date rewritten relative to publication), how exactly the place is
named (town, town and province, province, country), whether actors and a date are
mentioned, and the death toll (as given, changed by a few, "at least", or left out).

:class:`GeneratedReport` carries the article and, for scoring the merge alone, the
:class:`~sitrep.records.Report` that states exactly what its text says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from dataclasses import dataclass

from sitrep.records import Article, Report

_OUTLETS = [
    "Reuters", "AP", "AFP", "BBC", "Al Jazeera", "VOA", "Xinhua", "Anadolu", "DW",
    "The Guardian", "Radio Free Europe", "France 24",
]  # fmt: skip
_CLAIMANTS = ["officials said", "police said", "local media reported", "residents said"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
_NOTE_DATE = re.compile(
    r"^(?:On|Around|Between|During|As of|Since)?\s*[^,]*?\d{1,2} [A-Z][a-z]+ \d{4}[^,]*,\s*"
)
_PARENTHESIS = re.compile(r"\s*\([^)]*\)")

# sub-event type -> (headline, lead) templates; {a1} {a2} actors, {place}, {when}, {toll}.
_TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "Armed clash": [
        (
            "Clashes between {a1} and {a2} {place}{toll}",
            "{a1} clashed with {a2} {place}{when}{toll}",
        ),
        ("Fighting erupts {place}{toll}", "{a1} and {a2} fought {place}{when}{toll}"),
    ],
    "Attack": [
        ("Gunmen attack {a2} {place}{toll}", "{a1} attacked {a2} {place}{when}{toll}"),
        ("{a2} attacked {place}{toll}", "Armed men attacked {a2} {place}{when}{toll}"),
    ],
    "Shelling/artillery/missile attack": [
        ("Shelling hits {place}{toll}", "{a1} shelled positions of {a2} {place}{when}{toll}"),
        ("Artillery fire {place}{toll}", "{a1} fired mortars at {a2} {place}{when}{toll}"),
    ],
    "Air/drone strike": [
        ("Airstrike {place}{toll}", "{a1} carried out an airstrike {place}{when}{toll}"),
        ("Drone strike hits {place}{toll}", "A drone strike by {a1} hit {place}{when}{toll}"),
    ],
    "Remote explosive/landmine/IED": [
        ("Roadside bomb explodes {place}{toll}", "A roadside bomb exploded {place}{when}{toll}"),
        ("Landmine blast {place}{toll}", "An explosive device went off {place}{when}{toll}"),
    ],
    "Suicide bomb": [
        ("Suicide bombing {place}{toll}", "A suicide bomber blew himself up {place}{when}{toll}"),
    ],
    "Grenade": [
        ("Grenade attack {place}{toll}", "Attackers threw a grenade {place}{when}{toll}"),
    ],
    "Peaceful protest": [
        ("Protesters rally {place}", "Hundreds of people protested {place}{when}"),
        ("Demonstration {place}", "Residents held a peaceful demonstration {place}{when}"),
    ],
    "Protest with intervention": [
        ("Police disperse protest {place}", "Police dispersed a protest {place}{when}"),
    ],
    "Excessive force against protesters": [
        (
            "Police fire on protesters {place}{toll}",
            "Security forces fired on protesters {place}{when}{toll}",
        ),
    ],
    "Violent demonstration": [
        (
            "Protesters clash with police {place}",
            "Demonstrators threw stones at police {place}{when}",
        ),
    ],
    "Mob violence": [
        ("Mob attacks {a2} {place}{toll}", "A mob attacked {a2} {place}{when}{toll}"),
    ],
    "Looting/property destruction": [
        ("Homes torched {place}", "{a1} looted and burned houses {place}{when}"),
    ],
    "Abduction/forced disappearance": [
        ("{a1} abduct residents {place}", "{a1} kidnapped several people {place}{when}"),
    ],
    "Sexual violence": [
        ("Woman assaulted {place}", "{a1} sexually assaulted a woman {place}{when}"),
    ],
    "Arrests": [
        ("Arrests {place}", "{a1} arrested several people {place}{when}"),
    ],
    "Disrupted weapons use": [
        ("Explosives defused {place}", "{a1} defused an explosive device {place}{when}"),
    ],
    "Government regains territory": [
        ("{a1} retake area {place}", "{a1} recaptured territory from {a2} {place}{when}"),
    ],
    "Non-state actor overtakes territory": [
        ("{a1} seize area {place}", "{a1} took control of territory {place}{when}"),
    ],
    "Agreement": [
        ("Agreement signed {place}", "{a1} and {a2} signed an agreement {place}{when}"),
    ],
}


@dataclass(frozen=True)
class GeneratedReport:
    """One generated news item, the incident it reports and what its text states."""

    article: Article
    incident: str
    country: str
    stated: Report


def reports_for(row: dict[str, str], count: int) -> list[GeneratedReport]:
    """``count`` differently worded reports of the incident in one ACLED row."""
    seed = int(hashlib.sha1(row["event_id_cnty"].encode()).hexdigest()[:12], 16)
    rng = random.Random(seed)
    outlets = [s.strip() for s in row["source"].split(";") if s.strip()]
    pool = list(dict.fromkeys(outlets[:2] + _OUTLETS))
    chosen = rng.sample(pool, count)
    return [_report(row, rng, outlet, number) for number, outlet in enumerate(chosen)]


def _report(row: dict[str, str], rng: random.Random, outlet: str, number: int) -> GeneratedReport:
    event_date = dt.date.fromisoformat(row["event_date"])
    published = event_date + dt.timedelta(days=rng.choice([0, 0, 1, 1, 1, 2]))
    level = rng.choices(["town", "town+admin1", "admin1", "country"], [40, 30, 22, 8])[0]
    toll, toll_text = _toll(int(row["fatalities"] or 0), rng)
    a1, a2 = _news_name(row["actor1"]), _news_name(row["actor2"])
    with_actors = rng.random() < 0.7
    style = rng.choices(["headline", "lead", "note"], [50, 30, 20])[0]
    when, dated = _when(event_date, published, rng, headline=style == "headline")
    place = _place(row, level)
    sub = row["sub_event_type"]
    templates = _TEMPLATES.get(sub)
    if style == "note" or templates is None:
        text = _rewrite_note(row["notes"], when)
        dated, level, toll = bool(when), "town", int(row["fatalities"] or 0) or None
        with_actors = True
    else:
        headline, lead = rng.choice(templates)
        template = headline if style == "headline" else lead
        values = {
            "a1": a1 if with_actors and a1 else "armed men",
            "a2": a2 if with_actors and a2 else "civilians",
            "place": place,
            "when": when,
            "toll": toll_text,
        }
        text = template.format(**values)
        text = text[0].upper() + text[1:]
        if style == "lead":
            text += f", {rng.choice(_CLAIMANTS)}."
    ident = hashlib.sha1(f"{row['event_id_cnty']}:{number}".encode()).hexdigest()[:16]
    article = Article(id=ident, text=text, published=published, source=outlet, title=text)
    stated = _stated(row, ident, outlet, published, level, dated, toll, with_actors)
    return GeneratedReport(
        article=article, incident=row["event_id_cnty"], country=row["country"], stated=stated
    )


def _stated(
    row: dict[str, str],
    ident: str,
    outlet: str,
    published: dt.date,
    level: str,
    dated: bool,
    toll: int | None,
    with_actors: bool,
) -> Report:
    """The report exactly as its text states it (for scoring the merge alone)."""
    event_date = dt.date.fromisoformat(row["event_date"])
    day = event_date if dated else published
    point = level in {"town", "town+admin1"}
    return Report(
        event_id=f"{ident}:0",
        article_id=ident,
        source=outlet,
        published=published,
        event_type=row["event_type"],
        sub_event_type=row["sub_event_type"],
        date_start=day,
        date_end=day,
        time_precision=1 if dated else 2,
        country_code=row["country"],
        admin1=row["admin1"] if level != "country" else None,
        admin2=(row["admin2"] or None) if point else None,
        location=row["location"]
        if point
        else (row["admin1"] if level == "admin1" else row["country"]),
        latitude=float(row["latitude"]) if point else None,
        longitude=float(row["longitude"]) if point else None,
        geo_precision=1 if point else 3,
        actor1=(row["actor1"] or None) if with_actors else None,
        actor2=(row["actor2"] or None) if with_actors else None,
        fatalities=toll,
    )


def _toll(fatalities: int, rng: random.Random) -> tuple[int | None, str]:
    """The toll a report gives (None when left out) and its words."""
    if fatalities <= 0:
        return None, ""
    kind = rng.choices(["exact", "changed", "at least", "none"], [45, 25, 10, 20])[0]
    if kind == "none":
        return None, ""
    number = fatalities
    if kind == "changed":
        number = max(1, fatalities + rng.choice([-2, -1, 1, 2, 3, fatalities // 2 + 1]))
    words = f"at least {number}" if kind == "at least" else str(number)
    return number, f", killing {words}" if rng.random() < 0.5 else f"; {words} dead"


def _when(
    event: dt.date, published: dt.date, rng: random.Random, *, headline: bool
) -> tuple[str, bool]:
    """A date phrase relative to publication, and whether the text dates the event."""
    if headline and rng.random() < 0.7:
        return "", False
    gap = (published - event).days
    options = [f" on {_WEEKDAYS[event.weekday()]}", f" on {event.day} {_MONTHS[event.month - 1]}"]
    if gap == 1:
        options.append(" yesterday")
    elif gap == 0:
        options.append(" today")
    return rng.choice(options), True


def _place(row: dict[str, str], level: str) -> str:
    if level == "town":
        return f"in {row['location']}"
    if level == "town+admin1":
        return f"in {row['location']}, {row['admin1']} province"
    if level == "admin1":
        return f"in {row['admin1']} province"
    return f"in {row['country']}"


def _news_name(actor: str) -> str:
    """An ACLED actor name as news would put it ("Military Forces of Yemen (2016-)" ->
    "Yemen's army", "NAF: United Armed Forces of Novorossiya" -> that name)."""
    name = _PARENTHESIS.sub("", actor.split(": ", 1)[-1]).strip()
    for prefix, shape in (
        ("Military Forces of ", "{}'s army"),
        ("Police Forces of ", "{}'s police"),
    ):
        if name.startswith(prefix):
            return shape.format(name[len(prefix) :])
    lowered = name.lower()
    if lowered.startswith(("protesters", "rioters", "civilians")):
        return lowered.split()[0]
    if lowered.startswith("unidentified"):
        return "gunmen"
    return name


def _rewrite_note(note: str, when: str) -> str:
    """The coder's note with its leading date replaced by a phrase relative to publication."""
    text = note.split(" [")[0].strip()
    stripped = _NOTE_DATE.sub("", text, count=1)
    if stripped == text:
        return text
    opening = when.strip()
    body = stripped[0].upper() + stripped[1:] if not opening else stripped
    return f"{opening[0].upper()}{opening[1:]}, {body}" if opening else body
