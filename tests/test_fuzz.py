"""Hostile input through the whole ingest: every input ends stored or skipped with a reason.

Hand-made cases (empty, 50 MB, 20,000-deep HTML, entity bombs, invalid UTF-8, mixed
encodings, control and bidi characters, injection strings in every field) and hypothesis
strategies run through the real reader, pipeline and SQLite store. An exception that
escapes is a crash; an input that takes longer than the time cap per record it holds is a
hang (a watchdog ends the run if one never returns). `make fuzz`
runs 10,000 inputs (``SITREP_FUZZ_CASES``); the default test run a 500-input slice with a
fixed seed. Texts are cut at 20,000 characters (``--max-chars``) so that each input costs
seconds at most: the memory and time on huge texts is measured by `make bench-ingest`.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import json
import os
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep import ingest
from sitrep.errors import InputError
from sitrep.pipeline import Pipeline
from sitrep.records import Article, ArticleFailure
from sitrep.store import open_store
from sitrep.workflow import ingest_articles

pytestmark = pytest.mark.slow

CASES = int(os.environ.get("SITREP_FUZZ_CASES", "500"))
TIME_CAP = float(os.environ.get("SITREP_FUZZ_TIME_CAP", "60"))  # seconds per record
WATCHDOG = 900  # seconds: an input still running then is a hang; the run stops with a trace
MAX_CHARS = 20_000
DCT = dt.date(2024, 3, 21)

INJECTIONS = [
    "Robert'); DROP TABLE articles;--",
    "' OR '1'='1",
    '"; DELETE FROM events WHERE "1"="1',
    "<script>alert(document.cookie)</script>",
    "<img src=x onerror=alert(1)>",
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "../../../../etc/passwd",
    "C:\\Windows\\System32\\config",
    "%s%s%s%n%x{0}{1}${jndi:ldap://x/a}",
    "{{7*7}}${7*7}<%= 7*7 %>",
    "line one\nsitrep: error: forged log line\r\n",
    "\x1b[31mred\x1b[0m\x07\x08",
    "\u202eevil\u202c \u2066isolate\u2069 \u200f\u200e\u061c",
    "\u0000null\u0000",
    "\ufeffBOM inside",
    "Z\u0351\u0352\u0353a\u0354\u0355\u0356l\u0357\u0358g\u0359o",
    "\U0001f4a5\U0001f525 emoji \U0001f9e8",
    "x" * 5000,
]
WIRE = "KYIV - Russian forces shelled Kharkiv on Monday, killing 3 people, officials said."
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
 <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
"""


def _rss(title: str, body: str, date: str = "Mon, 18 Mar 2024 10:00:00 GMT", head: str = "") -> str:
    return (
        f'{head}<rss version="2.0"><channel><title>{title}</title>'
        f"<item><title>{title}</title><description>{body}</description>"
        f"<pubDate>{date}</pubDate></item></channel></rss>"
    )


def _handmade() -> list[tuple[str, str, bytes]]:
    """(name, suffix, content) of the hand-made hostile inputs."""
    cases = [
        ("empty", ".txt", b""),
        ("blank", ".txt", b" \n\t\r\n "),
        ("empty-jsonl", ".jsonl", b"\n\n"),
        ("huge-50mb", ".txt", b"date 2024-03-21\n" + (WIRE.encode() + b"\n\n") * 600_000),
        ("huge-one-line", ".txt", b"date 2024-03-21\n" + b"killing " * 6_000_000),
        ("huge-no-spaces", ".txt", b"date 2024-03-21\n" + b"x" * 3_000_000),
        ("deep-html", ".html", b"<html><body>" + b"<div>" * 20_000 + WIRE.encode() * 3
         + b"</div>" * 20_000 + b"</body></html>"),  # fmt: skip
        ("deep-html-unclosed", ".html", b"<div><p><b>" * 20_000),
        ("deep-json", ".jsonl", b"[" * 20_000 + b"]" * 20_000 + b"\n"),
        ("deep-json-text", ".jsonl", b'{"text": ' + b"[" * 20_000 + b"]" * 20_000 + b"}\n"),
        ("entity-bomb-feed", ".xml", (BOMB + _rss("&lol9;", "&lol9; &xxe;")).encode()),
        ("entity-bomb-html", ".html", (BOMB + f"<html><body><p>&lol9; &xxe; {WIRE * 3}</p>"
                                       "</body></html>").encode()),  # fmt: skip
        ("xxe-feed", ".rss", (BOMB + _rss("&xxe;", f"&xxe; {WIRE}")).encode()),
        ("invalid-utf8", ".txt", b"date 2024-03-21\n\xc3\x28 \xa0\xa1 \xe2\x28\xa1 \xf0\x28\x8c\xbc"
         b" \xc0\xaf overlong \xed\xa0\x80 surrogate " + WIRE.encode()),  # fmt: skip
        ("truncated-utf8", ".jsonl", b'{"text": "caf\xc3", "published": "2024-03-21"}\n'),
        ("mixed-encodings", ".txt", b"date 2024-03-21\n" + "KYIV \u2014 café ".encode()
         + "“quoted” ".encode("cp1252") + "Kyiv".encode("utf-16-le") + WIRE.encode()),
        ("utf16-no-bom", ".txt", ("date 2024-03-21\n" + WIRE).encode("utf-16-le")),
        ("utf32-bom-jsonl", ".jsonl", (json.dumps({"text": WIRE, "published": "2024-03-21"})
                                       + "\n").encode("utf-32")),  # fmt: skip
        ("bad-bom", ".txt", b"\xff\xfe" + b"\x00\xd8" * 10 + b"a\x00"),
        ("control-text", ".txt", b"date 2024-03-21\n" + bytes(range(1, 32)) * 50),
        ("bidi-text", ".txt", ("date 2024-03-21\n\u202e" + WIRE + "\u2066\u2069\u200f").encode()),
        ("nul-in-json", ".jsonl", b'{"text": "a\\u0000b shelled", "published": "2024-03-21"}\n'),
        ("surrogates-in-json", ".jsonl",
         b'{"id": "\\ud800", "text": "\\udfff\\ud800 shelled", "title": "\\ud83d",'
         b' "published": "2024-03-21"}\n'),  # fmt: skip
        ("binary-png", ".txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40),
        ("not-a-feed", ".xml", b"<?xml version='1.0'?><root><x>1</x></root>"),
        ("impossible-dates", ".jsonl", b"".join(
            json.dumps({"text": WIRE, "published": d}).encode() + b"\n"
            for d in ["2024-02-30", "2024-13-45", "0000-00-00", "9999-99-99", "-1", "NaN",
                      "Wed Nov 31, 2016", "2024-02-29T25:61:61Z", "1e308", "x" * 10_000])),
        ("wrong-types", ".jsonl", b"".join(json.dumps(r).encode() + b"\n" for r in [
            {"text": 5}, {"text": None}, {"text": [WIRE]}, {"text": WIRE, "published": 20240321},
            {"text": WIRE, "published": "2024-03-21", "id": {"a": 1}},
            {"text": WIRE, "published": "2024-03-21", "title": ["x"]}, [], "string", 3.5,
            {"text": WIRE, "published": "2024-03-21", "id": True}])),  # fmt: skip
        ("many-lines", ".jsonl", b"".join(
            json.dumps({"id": f"m{i}", "text": f"{WIRE} Line {i}.", "published": "2024-03-21"})
            .encode() + b"\n" for i in range(300))),  # fmt: skip
        ("crlf-only", ".txt", b"\r\n" * 10_000),
        ("long-title-html", ".html", f"<html><head><title>{'T' * 100_000}</title></head><body>"
         f"<article><p>{WIRE * 5}</p></article></body></html>".encode()),  # fmt: skip
    ]
    for i, hostile in enumerate(INJECTIONS):
        record = {"id": hostile[:64], "text": f"{hostile} {WIRE} {hostile}",
                  "published": hostile, "title": hostile, "source": hostile, "url": hostile}
        cases.append((f"injection-{i}", ".jsonl", json.dumps(record).encode() + b"\n"))
        dated = {**record, "published": "2024-03-21", "id": f"inj{i}"}
        cases.append((f"injection-dated-{i}", ".jsonl", json.dumps(dated).encode() + b"\n"))
        text = f"date {hostile[:60]}\n{hostile}\n{WIRE}\n".encode("utf-8", "surrogatepass")
        cases.append((f"injection-txt-{i}", ".txt", text))
        html = f"<html><head><title>{hostile}</title></head><body><article><p>{hostile} {WIRE}"
        cases.append((f"injection-html-{i}", ".html", (html + "</p></article></body></html>")
                      .encode("utf-8", "surrogatepass")))  # fmt: skip
        feed = _rss(hostile, f"{hostile} {WIRE}", date=hostile)
        cases.append((f"injection-feed-{i}", ".xml", feed.encode("utf-8", "surrogatepass")))
    return cases


# --- hypothesis strategies ------------------------------------------------------------------

hostile_text = st.one_of(
    st.text(max_size=300),
    st.text(st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(INJECTIONS),
    st.builds(lambda a, b: f"{a} {WIRE} {b}", st.text(max_size=80), st.sampled_from(INJECTIONS)),
)
dates = st.one_of(
    st.none(),
    st.sampled_from(["2024-03-21", "Wed Nov 23, 2016 | 4:58pm EST", "24 November 2016",
                     "2024-02-30", "yesterday", ""]),  # fmt: skip
    st.dates().map(dt.date.isoformat),
    st.text(max_size=40),
)
json_values = st.one_of(hostile_text, st.none(), st.integers(), st.booleans(), st.floats())
records = st.fixed_dictionaries(
    {"text": st.one_of(hostile_text, json_values)},
    optional={"id": json_values, "published": st.one_of(dates, json_values),
              "title": json_values, "source": json_values, "url": json_values},  # fmt: skip
)


def _jsonl(lines: list[dict], escape: bool) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=escape) for r in lines).encode(
        "utf-8", "surrogatepass"
    )


def _html(title: str, body: str, depth: int) -> bytes:
    page = (f"<html><head><title>{title}</title></head><body>" + "<div>" * depth
            + f"<p>{body}</p>" + "</div>" * depth + "</body></html>")  # fmt: skip
    return page.encode("utf-8", "surrogatepass")


inputs = st.one_of(
    st.tuples(st.sampled_from([".txt", ".jsonl", ".html", ".xml"]), st.binary(max_size=2000)),
    st.tuples(st.just(".jsonl"), st.builds(_jsonl, st.lists(records, min_size=1, max_size=4),
                                           st.booleans())),  # fmt: skip
    st.tuples(st.just(".txt"), st.builds(
        lambda d, t, enc: (f"date {d or ''}\n{t}").encode(enc, "surrogatepass")
        if enc == "utf-8" else (f"date {d or ''}\n{t}").encode(enc, "replace"),
        dates, hostile_text, st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))),
    st.tuples(st.just(".html"), st.builds(_html, hostile_text, hostile_text,
                                          st.integers(0, 300))),  # fmt: skip
    st.tuples(st.just(".xml"), st.builds(lambda t, b, d: _rss(t, b, d or "").encode(
        "utf-8", "surrogatepass"), hostile_text, hostile_text, dates)),
)


# --- the harness ----------------------------------------------------------------------------


class Harness:
    """Runs one input through read -> pipeline -> store and checks how it ended."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.db = str(root / "fuzz.sqlite")
        self.pipeline = Pipeline()
        self.tally: Counter[str] = Counter()
        self.slowest = (0.0, "")
        self.failures: list[ArticleFailure] = []

    def run(self, name: str, suffix: str, content: bytes) -> None:
        path = self.root / f"input-{self.tally['inputs']}{suffix}"
        path.write_bytes(content)
        started = time.monotonic()
        faulthandler.dump_traceback_later(WATCHDOG, exit=True)
        try:
            items = list(ingest.read([path], dct=DCT, max_chars=MAX_CHARS))
            articles = [i for i in items if isinstance(i, Article)]
            skipped = [i for i in items if isinstance(i, InputError)]
            failed: list[ArticleFailure] = []
            report = ingest_articles(
                articles, db=self.db, pipeline=self.pipeline, on_failure=failed.append
            )
        finally:
            faulthandler.cancel_dump_traceback_later()
            path.unlink()
        assert items, f"{name}: neither an article nor a reason"
        per_record = (time.monotonic() - started) / len(items)
        assert per_record < TIME_CAP, f"{name}: {per_record:.1f} s per record"
        self.slowest = max(self.slowest, (per_record, name))
        for error in skipped:
            assert error.reason and error.origin.startswith(str(path)), (name, error)
        stored = open_store(self.db).known_article_ids(a.id for a in articles)
        failed_ids = {f.article.id for f in failed}
        assert {a.id for a in articles} <= stored | failed_ids, name
        assert report.failed_articles == len(failed)
        self.failures.extend(failed)
        self.tally.update(inputs=1, articles=len(articles), skipped=len(skipped),
                          failed=len(failed))  # fmt: skip


@pytest.fixture(scope="module")
def harness(tmp_path_factory) -> Harness:
    return Harness(tmp_path_factory.mktemp("fuzz"))


@pytest.mark.parametrize(
    ("name", "suffix", "content"), [pytest.param(*case, id=case[0]) for case in _handmade()]
)
def test_hand_made_hostile_input(harness, name, suffix, content):
    harness.run(name, suffix, content)


def test_no_entity_is_expanded_from_outside_the_input(harness):
    conn = open_store(harness.db).engine.raw_connection()
    try:
        texts = [r[0] for r in conn.execute("SELECT text || coalesce(title, '') FROM articles")]
    finally:
        conn.close()
    assert texts and not any("root:x:0:0" in t for t in texts)  # /etc/passwd never read
    assert not any("lollollollollollollollollollollol" * 10 in t for t in texts)


@settings(
    max_examples=max(CASES - len(_handmade()), 1),
    deadline=None,
    derandomize=CASES <= 500,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(case=inputs)
def test_generated_hostile_input(harness, case):
    suffix, content = case
    harness.run("generated", suffix, content)


def test_summary(harness, capsys):
    tally = harness.tally
    with capsys.disabled():
        print(
            f"\nfuzz: {tally['inputs']} inputs, {tally['articles']} articles stored or failed, "
            f"{tally['skipped']} records skipped with a reason, {tally['failed']} failed in a "
            f"stage (recorded), 0 crashes, 0 hangs; slowest {harness.slowest[0]:.1f} s per "
            f"record ({harness.slowest[1]}, cap {TIME_CAP:.0f} s)"
        )
        for failure in harness.failures[:20]:
            print(f"  failed: {failure.stage}: {failure.reason}")
    assert tally["inputs"] >= CASES
    assert harness.failures == []
