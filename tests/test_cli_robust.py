"""The command line on the inputs of issue 6: a folder of good, re-encoded and huge files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import main
from sitrep.pipeline import PART_CHARS
from sitrep.store import open_store

pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data"
WINDOWS_STORY = (
    "date 2024-03-20\r\nKHARKIV \u2013 Russian artillery shelled the \u201cSaltivka\u201d "
    "district on Tuesday, killing four civilians, regional officials said.\r\n"
)


def _long_story() -> str:
    paragraphs = []
    for i in range(PART_CHARS // 120 + 200):
        paragraphs.append(
            f"Russian artillery shelled a village near Kharkiv on March {i % 18 + 1}, "
            f"killing {i % 7 + 2} people, officials said. Report {i}."
        )
    return "date 2024-03-19\n" + "\n\n".join(paragraphs) + "\n"


@pytest.fixture
def folder(tmp_path) -> Path:
    root = tmp_path / "inbox"
    root.mkdir()
    shutil.copy(DATA / "cli" / "shelling.txt", root / "shelling.txt")
    shutil.copy(DATA / "cli" / "wire.jsonl", root / "wire.jsonl")  # two good lines, two bad
    shutil.copy(DATA / "ingest" / "corpus" / "odesa.txt", root / "odesa.txt")
    (root / "utf16.txt").write_bytes(
        "date 2024-03-21\nKYIV \u2014 Russian drones struck Kyiv overnight, killing two people, "
        "the mayor said.\n".encode("utf-16")
    )
    (root / "windows.txt").write_bytes(WINDOWS_STORY.encode("cp1252"))
    (root / "long.txt").write_text(_long_story(), encoding="utf-8")
    return root


def test_a_folder_of_good_re_encoded_and_long_files_is_stored_whole(folder, tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "events.sqlite")
    first = runner.invoke(main, ["-q", "ingest", str(folder), "--db", db])
    assert first.exit_code == 0, first.stderr
    assert "6 new article(s)" in first.stderr

    store = open_store(db)
    stored = {Path(a.origin).name.split(":")[0] for a in _articles(store)}
    assert stored == {"shelling.txt", "wire.jsonl", "odesa.txt", "utf16.txt", "windows.txt",
                      "long.txt"}  # fmt: skip
    long_text = _long_story().split("\n", 1)[1].rstrip()
    assert len(long_text) > PART_CHARS  # analysed in more than one part
    by_article = {}
    for event in store.events():
        by_article.setdefault(event.article_id, []).append(event)
    long_id = next(a.id for a in _articles(store) if a.origin.endswith("long.txt"))
    assert len(by_article[long_id]) >= 18  # the 18 days' incidents, each once per part at least
    for event in by_article[long_id]:
        for field, (start, end) in event.evidence.items():
            assert 0 <= start < end <= len(long_text), field
        assert event.sentence in long_text
    tail = [e for e in by_article[long_id] if e.evidence["event_type"][0] > PART_CHARS]
    assert tail and long_text[slice(*tail[0].evidence["event_type"])] in {"shelled", "artillery"}
    windows_id = next(a.id for a in _articles(store) if a.origin.endswith("windows.txt"))
    assert by_article[windows_id][0].fatalities == 4

    before = store.stats()
    again = runner.invoke(main, ["-q", "ingest", str(folder), "--db", db])
    assert again.exit_code == 0
    assert "0 new article(s)" in again.stderr
    assert store.stats() == before


def test_a_failing_article_is_one_line_recorded_and_exit_4(tmp_path, monkeypatch):
    from sitrep import pipeline as pipeline_module

    real_claims = pipeline_module.claims.run

    def claims_failing_on_odesa(doc):
        if "ODESA" in doc.text:
            raise RuntimeError("claims broke")
        return real_claims(doc)

    monkeypatch.setattr(pipeline_module.claims, "run", claims_failing_on_odesa)
    runner = CliRunner()
    db = str(tmp_path / "events.sqlite")
    odesa = str(DATA / "ingest" / "corpus" / "odesa.txt")
    result = runner.invoke(
        main, ["-q", "ingest", odesa, str(DATA / "cli" / "shelling.txt"), "--db", db]
    )
    assert result.exit_code == 4, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("sitrep: failed")]
    assert len(lines) == 1
    assert lines[0].startswith(f"sitrep: failed {odesa} (article ")
    assert lines[0].endswith("in stage claims: RuntimeError: claims broke")
    assert "1 new article(s)" in result.stderr and "1 failed" in result.stderr

    stats = runner.invoke(main, ["stats", "--db", db])
    assert "failed     1 article(s)" in stats.stdout
    assert f"{odesa}  stage claims: RuntimeError: claims broke (1 attempt(s))" in stats.stdout
    figures = json.loads(runner.invoke(main, ["stats", "--db", db, "--json"]).stdout)
    assert figures["failed_articles"] == 1 and figures["failures"][0]["stage"] == "claims"

    monkeypatch.setattr(pipeline_module.claims, "run", real_claims)
    retried = runner.invoke(main, ["-q", "ingest", odesa, "--db", db])
    assert retried.exit_code == 0, retried.stderr
    assert "1 new article(s)" in retried.stderr
    assert json.loads(runner.invoke(main, ["stats", "--db", db, "--json"]).stdout)[
        "failed_articles"
    ] == 0


def test_geoparse_and_attribute_need_no_date(tmp_path):
    path = tmp_path / "undated.jsonl"
    path.write_text(
        '{"id": "n1", "text": "Russian forces shelled Kharkiv, officials said."}\n'
        '{"id": "n2", "text": "Troops entered Kharkiv, the army said.", "published": "soon"}\n'
    )
    runner = CliRunner()
    places = runner.invoke(main, ["geoparse", str(path)])
    assert places.exit_code == 0, places.stderr
    assert {json.loads(line)["article_id"] for line in places.stdout.splitlines()} == {"n1", "n2"}
    claims = runner.invoke(main, ["attribute", str(path)])
    assert claims.exit_code == 0, claims.stderr
    assert {json.loads(line)["article_id"] for line in claims.stdout.splitlines()} == {"n1", "n2"}
    extract = runner.invoke(main, ["extract", str(path)])
    assert extract.exit_code == 1  # extraction needs a date: nothing could be read
    assert "missing 'published' date" in extract.stderr


def _articles(store):
    from sqlalchemy import select

    from sitrep.store import schema

    with store.engine.connect() as conn:
        ids = conn.execute(select(schema.articles.c.id)).scalars().all()
    return [store.article(i) for i in ids]
