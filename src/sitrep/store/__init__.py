"""Persistence: articles, events, actors, places, claims and evidence in SQL."""

from sitrep.store.database import Store, open_store
from sitrep.store.filters import EventFilter, IncidentFilter

__all__ = ["EventFilter", "IncidentFilter", "Store", "open_store"]
