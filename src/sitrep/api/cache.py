"""Answers of the aggregate endpoints (stats, timeline, map), kept until the data changes."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from sitrep.api import queries
from sitrep.api.models import MapCluster, Stats, Timeline
from sitrep.errors import SitrepError
from sitrep.store import EventFilter, Store

logger = logging.getLogger(__name__)


class AggregateCache:
    """A small LRU of computed aggregates, emptied whenever ``queries.data_version`` moves
    (checking it costs two index counts; computing a timeline over 100,000 events, tens
    of milliseconds)."""

    def __init__(self, store: Store, *, size: int = 256) -> None:
        self.store = store
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._version: tuple[int, int] | None = None
        self._lock = threading.Lock()

    def stats(self) -> Stats:
        return self.get(("stats",), lambda: queries.stats(self.store))

    def timeline(self, where: EventFilter, *, bucket: queries.Bucket | None) -> Timeline:
        return self.get(
            ("timeline", where, bucket), lambda: queries.timeline(self.store, where, bucket=bucket)
        )

    def map(self, where: EventFilter, *, zoom: int) -> list[MapCluster]:
        return self.get(
            ("map", where, zoom), lambda: queries.map_clusters(self.store, where, zoom=zoom)
        )

    def warm(self) -> None:
        """Compute what every first visit of the page asks for (stats, whole timeline)."""
        try:
            self.stats()
            self.timeline(EventFilter(), bucket=None)
        except (SQLAlchemyError, SitrepError) as exc:
            logger.warning("could not prepare the page's aggregates: %s", exc)

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The answer for ``key``, computed by ``compute`` unless already known."""
        version = queries.data_version(self.store)
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self._version = version
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = compute()
        with self._lock:
            if version == self._version:
                self._entries[key] = value
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return value
