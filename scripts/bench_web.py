"""Benchmark ``sitrep serve`` on a generated database of 100,000 events.

Builds (once) an SQLite database of synthetic events through the real store, starts the
real server on 127.0.0.1, and prints:
- latency of ``/api/events?limit=100`` with two filters (several filter pairs, p50/p95/max),
- latency of the page's aggregate requests (map clusters, timeline, stats),
- first render of the page in Debian's chromium (navigation start to everything drawn).

Figures, not a test: nothing fails on a slow machine. Requests go to 127.0.0.1 only and
their number is fixed.

Run from the project root:  python scripts/bench_web.py --events 100000 --db out/bench-100k.sqlite
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import insert

from sitrep.data import read_tsv
from sitrep.records import Claim, Event
from sitrep.store import open_store, schema

EVENTS_PER_ARTICLE = 5
VERIFICATION = {"reported": 0.6, "claimed": 0.2, "contested": 0.1, "unverified": 0.1}
STANCES = ["asserted", "claimed", "denied", "confirmed", "unverified"]
FIRST_DAY = dt.date(2018, 1, 1)
DAYS = 8 * 365


def _taxonomy() -> list[tuple[str, str]]:
    from importlib import resources

    data = json.loads(
        resources.files("sitrep.data").joinpath("acled_taxonomy.json").read_text(encoding="utf-8")
    )
    return [(t["name"], s["name"]) for t in data["event_types"] for s in t["sub_event_types"]]


def build(path: Path, *, events: int, seed: int = 7) -> None:
    """Write ``events`` synthetic events (5 an article) into a new database at ``path``.

    Rows go straight into the store's tables with bulk inserts (``Store.add`` writes one
    row at a time, which would take most of an hour here); they are the rows it would
    write: events with claims, evidence, actors and their links.
    """
    rng = random.Random(seed)
    countries = rng.sample(read_tsv("country_points.tsv"), 40)
    places = []
    for i in range(2000):
        country = rng.choice(countries)
        places.append(
            {
                "country": country["ne_name"],
                "country_code": country["iso2"],
                "admin1": f"Region {i % 50}",
                "location": f"Town {i}",
                "latitude": round(float(country["latitude"]) + rng.uniform(-3, 3), 4),
                "longitude": round(float(country["longitude"]) + rng.uniform(-3, 3), 4),
            }
        )
    actors = [f"Armed Group {i}" for i in range(300)]
    actors += [f"Military Forces of {c['ne_name']}" for c in countries]
    actor_ids = {name: i + 1 for i, name in enumerate(actors)}
    types = _taxonomy()
    verification = list(VERIFICATION)
    weights = list(VERIFICATION.values())
    store = open_store(path)
    with store.engine.begin() as conn:
        conn.execute(insert(schema.actors), [{"id": i, "name": n} for n, i in actor_ids.items()])
    rows: dict[str, list[dict]] = {"articles": [], "events": [], "claims": [], "evidence": []}
    rows["event_actors"] = []
    for a in range(events // EVENTS_PER_ARTICLE):
        published = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        sentences: list[str] = []
        for k in range(EVENTS_PER_ARTICLE):
            place = rng.choice(places)
            event_type, sub_type = rng.choice(types)
            actor1, actor2 = rng.sample(actors, 2)
            sentence = (
                f"{actor1} fought {actor2} near {place['location']} on Monday, "
                f"killing {rng.randrange(1, 40)} people, officials said."
            )
            offset = sum(len(s) + 1 for s in sentences)
            sentences.append(sentence)
            day = published - dt.timedelta(days=rng.randrange(3))
            event_id = f"a{a}-e{k}"
            claims = []
            if rng.random() < 0.5:
                start = offset + sentence.index("officials said")
                claims.append(
                    Claim(
                        claimant="officials",
                        stance=rng.choice(STANCES),
                        text="officials said",
                        start=start,
                        end=start + 14,
                    )
                )
            event = Event(
                article_id=f"a{a}",
                event_id=event_id,
                event_type=event_type,
                sub_event_type=sub_type,
                date_start=day,
                date_end=day,
                time_precision=1,
                geo_precision=1,
                actor1=actor1,
                actor2=actor2,
                fatalities=rng.choice([None, rng.randrange(0, 40)]),
                verification=rng.choices(verification, weights)[0],
                sentence=sentence,
                claims=claims,
                evidence={
                    "actor1": (offset, offset + len(actor1)),
                    "event_type": (offset + len(actor1) + 1, offset + len(actor1) + 7),
                },
                **place,
            )
            values = event.model_dump()
            rows["events"].append(
                {c.name: values.get(c.name) for c in schema.events.columns} | {"position": k}
            )
            rows["claims"] += [
                {"event_id": event_id, "position": i, **c.model_dump()}
                for i, c in enumerate(claims)
            ]
            rows["evidence"] += [
                {
                    "event_id": event_id,
                    "field": f,
                    "start": s,
                    "end": e,
                    "text": sentence[s - offset : e - offset],
                }
                for f, (s, e) in event.evidence.items()
            ]
            rows["event_actors"] += [
                {"event_id": event_id, "actor_id": actor_ids[actor1], "role": "actor1"},
                {"event_id": event_id, "actor_id": actor_ids[actor2], "role": "actor2"},
            ]
        rows["articles"].append(
            {
                "id": f"a{a}",
                "published": published,
                "text": " ".join(sentences),
                "ingested_at": dt.datetime(2026, 1, 1),
            }
        )
    with store.engine.begin() as conn:
        for table in ("articles", "events", "claims", "evidence", "event_actors"):
            conn.execute(insert(schema.metadata.tables[table]), rows[table])
    store.analyze()  # as Store.add does after each batch
    store.engine.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _timed_get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
    return (time.perf_counter() - start) * 1000


def _summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return (
        f"p50 {statistics.median(ordered):6.1f} ms  p95 {p95:6.1f} ms  "
        f"max {ordered[-1]:6.1f} ms  (n={len(ordered)})"
    )


def _filter_pairs(base: str) -> dict[str, list[str]]:
    stats = json.loads(urllib.request.urlopen(f"{base}/api/stats", timeout=30).read())
    countries = [c for c in stats["by_country"] if c != "(unknown)"][:10]
    types = list(stats["by_event_type"])
    return {
        "country + type": [
            f"country={urllib.parse.quote(c)}&type={urllib.parse.quote(t)}"
            for c in countries
            for t in types[:3]
        ],
        "type + since": [
            f"type={urllib.parse.quote(t)}&since=2024-0{m}-01" for t in types for m in (1, 6)
        ],
        "country + verification": [
            f"country={urllib.parse.quote(c)}&verification=claimed" for c in countries
        ],
        "actor + country": [
            f"actor=Armed+Group+{i}&country={urllib.parse.quote(countries[i % 10])}"
            for i in range(10, 20)
        ],
        "since + until": ["since=2021-01-01&until=2021-06-30", "since=2019-03-01&until=2020-03-01"],
    }


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure_api(server: Served, *, rounds: int) -> None:
    base = server.base
    pairs = _filter_pairs(base)
    for query in [q for queries in pairs.values() for q in queries][:5]:
        _timed_get(f"{base}/api/events?limit=100&{query}")  # warm the page cache
    everything: list[float] = []
    print("GET /api/events?limit=100 with two filters (wall clock; server CPU per request):")
    for name, queries in pairs.items():
        cpu = _cpu_seconds(server.pid)
        times = [
            _timed_get(f"{base}/api/events?limit=100&{queries[i % len(queries)]}")
            for i in range(rounds)
        ]
        cpu_ms = (_cpu_seconds(server.pid) - cpu) / rounds * 1000
        everything += times
        print(f"  {name:<24} {_summary(times)}  cpu {cpu_ms:5.1f} ms")
    print(f"  {'all':<24} {_summary(everything)}")
    print("aggregates the page requests (cold: first time each view is asked; cached after):")
    types = list(json.loads(urllib.request.urlopen(f"{base}/api/stats").read())["by_event_type"])
    cold = {
        "map": [
            f"/api/map?zoom={z}&type={urllib.parse.quote(t)}" for z in (2, 4, 6) for t in types
        ],
        "timeline": [f"/api/timeline?type={urllib.parse.quote(t)}" for t in types]
        + [f"/api/timeline?verification={v}" for v in VERIFICATION],
    }
    for name, paths in cold.items():
        cpu = _cpu_seconds(server.pid)
        times = [_timed_get(base + p) for p in paths]
        cpu_ms = (_cpu_seconds(server.pid) - cpu) / len(paths) * 1000
        print(f"  {name + ', cold':<24} {_summary(times)}  cpu {cpu_ms:5.1f} ms")
    for name, path in [
        ("map, world, repeated", "/api/map?zoom=2"),
        ("timeline, repeated", "/api/timeline"),
        ("stats, repeated", "/api/stats"),
        ("first table page", "/api/events?limit=50&sort=-date"),
    ]:
        print(f"  {name:<24} {_summary([_timed_get(base + path) for _ in range(20)])}")


def measure_first_render(db: Path, *, runs: int) -> None:
    """Load the page in a fresh browser context: on a server just started (nothing cached)
    and again on the same server (its aggregates cached)."""
    from playwright.sync_api import sync_playwright

    cold, warm = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for _ in range(runs):
            with running_server(db) as server:
                cold.append(_render(browser, server.base))
                warm.append(_render(browser, server.base))
        browser.close()
    print("first render of the page at 1280x800 (navigation start to map, timeline, table drawn):")
    print(f"  {'server just started':<24} {_summary(cold)}")
    print(f"  {'server already used':<24} {_summary(warm)}")


def _render(browser, base: str) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{base}/")
    page.wait_for_selector("body[data-ready]", timeout=60_000)
    elapsed = float(page.evaluate("document.body.dataset.readyMs"))
    context.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("out/bench-100k.sqlite"))
    parser.add_argument("--rounds", type=int, default=60, help="requests per filter pair")
    parser.add_argument("--renders", type=int, default=5)
    args = parser.parse_args()
    if not args.db.exists():
        print(f"building {args.db} with {args.events:,} events", file=sys.stderr)
        start = time.perf_counter()
        build(args.db, events=args.events)
        print(f"built in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    count = open_store(args.db, read_only=True).count_events()
    print(f"database: {args.db} ({count:,} events); load average {os.getloadavg()[0]:.1f}")
    with running_server(args.db) as server:
        measure_api(server, rounds=args.rounds)
    measure_first_render(args.db, runs=args.renders)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end")


class Served(NamedTuple):
    """A running server: its base URL and process id."""

    base: str
    pid: int


@contextmanager
def running_server(db: Path) -> Iterator[Served]:
    """Run ``sitrep serve`` on a free port of 127.0.0.1."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sitrep.cli", "-q", "serve", "--db", str(db), "--port", str(port)]
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/stats", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        yield Served(base, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
