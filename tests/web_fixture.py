"""A small events database and a real ``sitrep serve`` app on 127.0.0.1, for the API
and browser tests."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from sitrep.api import create_app
from sitrep.records import ActorMention, Article, Claim, Event
from sitrep.store import open_store
from sitrep.store.database import StoredArticle

KHARKIV_EVENTS = ["kharkiv-b-e1", "kharkiv-e1"]
HOSTILE_TITLE = '<script>window.__pwned = "title"</script>'
HOSTILE_ACTOR = '"><img src=x onerror="window.__pwned=\'actor\'">'
BIDI_ACTOR = "\u202egnp.exe Militia"  # right-to-left override: would read "Militia exe.png"
HOSTILE_SENTENCE = (
    'Gunmen <script>window.__pwned="text"</script> attacked "><img src=x '
    "onerror=\"window.__pwned='img'\"> the port of Odesa on Wednesday, killing 2 people."
)


def _article(article_id: str, text: str, published: dt.date, **extra) -> Article:
    return Article(id=article_id, text=text, published=published, **extra)


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _event(article: Article, number: int, sentence: str, **values) -> Event:
    offset = article.text.index(sentence)
    evidence = {
        field: (offset + s, offset + e)
        for field, words in values.pop("evidence", {}).items()
        for s, e in [_span(sentence, words)]
    }
    claims = [
        Claim(
            claimant=claimant,
            stance=stance,
            text=words,
            start=offset + _span(sentence, words)[0],
            end=offset + _span(sentence, words)[1],
        )
        for claimant, stance, words in values.pop("claims", [])
    ]
    return Event(
        article_id=article.id,
        event_id=f"{article.id}-e{number}",
        sentence=sentence,
        evidence=evidence,
        claims=claims,
        **values,
    )


def _ukraine() -> StoredArticle:
    first = "Russian forces shelled Kharkiv on Monday, killing 3 people, officials said."
    second = (
        "The defence ministry said Ukrainian troops repelled an assault near Vovchansk "
        "on Tuesday and killed 10 soldiers."
    )
    article = _article(
        "kharkiv",
        f"KHARKIV - {first} {second}",
        dt.date(2024, 3, 20),
        title="Shelling in Kharkiv",
        source="Wire A",
        url="https://example.org/kharkiv",
    )
    shelling = _event(
        article,
        1,
        first,
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        date_start=dt.date(2024, 3, 18),
        date_end=dt.date(2024, 3, 18),
        time_precision=1,
        country="Ukraine",
        country_code="UA",
        admin1="Kharkivska",
        location="Kharkiv",
        latitude=49.98,
        longitude=36.25,
        geo_precision=1,
        actor1="Military Forces of Russia",
        actor2="Civilians (Ukraine)",
        fatalities=3,
        claims=[("officials", "asserted", "officials said")],
        evidence={
            "event_type": "shelled",
            "actor1": "Russian forces",
            "location": "Kharkiv",
            "fatalities": "killing 3 people",
        },
    )
    clash = _event(
        article,
        2,
        second,
        event_type="Battles",
        sub_event_type="Armed clash",
        date_start=dt.date(2024, 3, 19),
        date_end=dt.date(2024, 3, 19),
        time_precision=1,
        country="Ukraine",
        country_code="UA",
        admin1="Kharkivska",
        location="Vovchansk",
        latitude=50.29,
        longitude=36.94,
        geo_precision=1,
        actor1="Military Forces of Ukraine",
        actor2="Military Forces of Russia",
        fatalities=10,
        verification="claimed",
        claims=[("defence ministry", "claimed", "Ukrainian troops repelled an assault")],
        evidence={"event_type": "repelled an assault", "location": "Vovchansk"},
    )
    start = article.text.index("Russian forces")
    actors = [
        ActorMention(
            start=start, end=start + 14, text="Russian forces", name="Military Forces of Russia"
        )
    ]
    return StoredArticle(article=article, events=[shelling, clash], actors=actors, places=[])


def _kharkiv_again() -> StoredArticle:
    """A second outlet's report of the Kharkiv shelling, the same day, with another toll
    and claimant: it merges into the shelling's incident and contradicts its toll."""
    sentence = (
        "Russian artillery shelled Kharkiv on Monday, killing 5 civilians, "
        "the regional governor <b>Oleh</b> said."
    )
    article = _article(
        "kharkiv-b", sentence, dt.date(2024, 3, 20), title="Kharkiv toll", source="Wire B"
    )
    shelling = _event(
        article,
        1,
        sentence,
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        date_start=dt.date(2024, 3, 18),
        date_end=dt.date(2024, 3, 18),
        time_precision=1,
        country="Ukraine",
        country_code="UA",
        admin1="Kharkivska",
        location="Kharkiv",
        latitude=49.99,
        longitude=36.23,
        geo_precision=1,
        actor1="Military Forces of Russia",
        actor2="Civilians (Ukraine)",
        fatalities=5,
        claims=[("regional governor <b>Oleh</b>", "asserted", "the regional governor")],
        evidence={"event_type": "shelled", "location": "Kharkiv", "fatalities": "killing 5"},
    )
    return StoredArticle(article=article, events=[shelling], actors=[], places=[])


def _sudan() -> StoredArticle:
    sentence = "RSF fighters attacked a camp in El Fasher on Wednesday, a charge the RSF denied."
    article = _article("fasher", sentence, dt.date(2024, 5, 2), source="Wire B")
    attack = _event(
        article,
        1,
        sentence,
        event_type="Violence against civilians",
        sub_event_type="Attack",
        date_start=dt.date(2024, 5, 1),
        date_end=dt.date(2024, 5, 1),
        time_precision=1,
        country="Sudan",
        country_code="SD",
        location="El Fasher",
        latitude=13.63,
        longitude=25.35,
        geo_precision=1,
        actor1="Rapid Support Forces",
        verification="contested",
        claims=[("Rapid Support Forces", "denied", "a charge the RSF denied")],
        evidence={"event_type": "attacked", "actor1": "RSF fighters", "location": "El Fasher"},
    )
    actors = [ActorMention(start=0, end=3, text="RSF", name="Rapid Support Forces")]
    return StoredArticle(article=article, events=[attack], actors=actors, places=[])


def _kenya() -> StoredArticle:
    sentence = "Hundreds of people marched peacefully in Nairobi on Thursday."
    article = _article("nairobi", sentence, dt.date(2023, 11, 10), source="Wire A")
    protest = _event(
        article,
        1,
        sentence,
        event_type="Protests",
        sub_event_type="Peaceful protest",
        date_start=dt.date(2023, 11, 9),
        date_end=dt.date(2023, 11, 9),
        time_precision=1,
        country="Kenya",
        country_code="KE",
        location="Nairobi",
        latitude=-1.29,
        longitude=36.82,
        geo_precision=1,
        actor1="Protesters (Kenya)",
        evidence={"event_type": "marched peacefully", "location": "Nairobi"},
    )
    return StoredArticle(article=article, events=[protest], actors=[], places=[])


def _hostile() -> StoredArticle:
    article = _article(
        "hostile",
        f"ODESA - {HOSTILE_SENTENCE}",
        dt.date(2024, 4, 11),
        title=HOSTILE_TITLE,
        source="<b>Wire C</b>",
        url="javascript:window.__pwned='url'",
    )
    attack = _event(
        article,
        1,
        HOSTILE_SENTENCE,
        event_type="Violence against civilians",
        sub_event_type="Attack",
        date_start=dt.date(2024, 4, 10),
        date_end=dt.date(2024, 4, 10),
        time_precision=1,
        country="Ukraine",
        country_code="UA",
        location="Odesa",
        latitude=46.48,
        longitude=30.72,
        geo_precision=1,
        actor1=HOSTILE_ACTOR,
        actor2=BIDI_ACTOR,
        fatalities=2,
        claims=[('<img src=x onerror="window.__pwned=1">', "asserted", "attacked")],
        evidence={"event_type": "attacked", "location": "Odesa", "fatalities": "killing 2 people"},
    )
    return StoredArticle(article=article, events=[attack], actors=[], places=[])


def build_database(path: Path, *, second_report: bool = False) -> Path:
    """Write the fixture database: 5 events in 4 articles, one of them hostile, each its
    own incident. ``second_report`` adds a second outlet's report of the Kharkiv shelling
    with another toll (``KHARKIV_EVENTS`` then form one contested incident)."""
    store = open_store(path)
    store.add([_ukraine(), _sudan(), _kenya(), _hostile()])
    if second_report:
        store.add([_kharkiv_again()])
    store.engine.dispose()
    return path


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # runs in a thread, not the main one
        pass


@contextmanager
def serving(db: Path, *, ingest_token: str | None = None) -> Iterator[str]:
    """Run the app on a free port of 127.0.0.1 in a thread; yield its base URL."""
    app = create_app(db=str(db), ingest_token=ingest_token)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = _Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        app.state.reader.engine.dispose()


def http_get(url: str) -> tuple[int, dict, bytes]:
    """GET ``url``: the status, headers and body, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def http_json(url: str):
    """GET ``url``, which must answer 200: the decoded JSON and the headers."""
    status, headers, body = http_get(url)
    assert status == 200, body
    return json.loads(body), headers
