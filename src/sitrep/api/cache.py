"""Answers of the aggregate endpoints (stats, timeline, map), kept until the data changes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sitrep.api import queries
from sitrep.store import Store


class AggregateCache:
    """A small LRU of computed answers, emptied whenever ``queries.data_version`` moves
    (checking it costs two index counts; computing a timeline over 100,000 events, tens
    of milliseconds)."""

    def __init__(self, store: Store, *, size: int = 256) -> None:
        self.store = store
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._version: tuple[int, int] | None = None
        self._lock = threading.Lock()

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
