"""Reading events back page by page: sort keys, offsets, counts, the extra filters the
API uses, and read-only access."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from sitrep.errors import StoreError
from sitrep.store import EventFilter, open_store
from web_fixture import build_database


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return open_store(build_database(tmp_path_factory.mktemp("reads") / "events.sqlite"))


def _ids(store, **criteria) -> list[str]:
    return [e.event_id for e in store.events(EventFilter(**criteria))]


def test_pages_cover_every_event_once(store):
    everything = _ids(store, sort="-fatalities")
    pages = [_ids(store, sort="-fatalities", limit=2, offset=k) for k in (0, 2, 4)]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert sum(pages, []) == everything
    assert store.count_events(EventFilter(limit=2)) == 5


def test_sort_keys_and_direction(store):
    assert _ids(store, sort="location")[0] == "fasher-e1"  # El Fasher
    assert _ids(store, sort="-location")[0] == "kharkiv-e2"  # Vovchansk
    assert _ids(store, newest_first=True) == _ids(store, sort="-date")
    with pytest.raises(ValueError, match="unknown sort key"):
        _ids(store, sort="colour")


def test_verification_and_bounding_box(store):
    assert _ids(store, verification="CLAIMED") == ["kharkiv-e2"]
    assert _ids(store, bbox=(30.0, 45.0, 37.0, 51.0)) == ["kharkiv-e1", "kharkiv-e2", "hostile-e1"]
    assert store.count_events(EventFilter(bbox=(30.0, 45.0, 37.0, 51.0), country="KE")) == 0


def test_events_by_id_keep_the_order_asked(store):
    found = store.events_by_id(["nairobi-e1", "missing", "kharkiv-e1"])
    assert [e.event_id for e in found] == ["nairobi-e1", "kharkiv-e1"]


def test_a_read_only_store_cannot_write(tmp_path):
    path = build_database(tmp_path / "ro.sqlite")
    reader = open_store(path, read_only=True)
    assert reader.count_events() == 5
    with pytest.raises(OperationalError, match="readonly"), reader.engine.begin() as conn:
        conn.execute(text("DELETE FROM evidence"))
    with pytest.raises(StoreError, match="no database"):
        open_store(tmp_path / "missing.sqlite", read_only=True)
    assert not (tmp_path / "missing.sqlite").exists()
