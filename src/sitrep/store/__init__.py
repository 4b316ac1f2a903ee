"""Persistence: articles, events, actors, places, claims and evidence in SQL."""

from sitrep.store.database import EventFilter, Store, open_store

__all__ = ["EventFilter", "Store", "open_store"]
