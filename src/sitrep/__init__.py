"""sitrep: news reports to verifiable conflict-event data."""

__version__ = "0.1.0"
