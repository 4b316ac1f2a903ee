"""Errors with stable codes; each message says what went wrong and what to do."""

from __future__ import annotations


class SitrepError(Exception):
    """Base class. ``code`` is stable across releases (E1xx input, E2xx data, E3xx store,
    E4xx cluster)."""

    code = "E000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class InputError(SitrepError):
    """A record that cannot be read: bad JSON, no text, bad date, undecodable bytes."""

    code = "E101"

    def __init__(self, message: str, *, origin: str) -> None:
        super().__init__(f"{origin}: {message}")
        self.origin = origin
        self.reason = message


class MissingDataError(SitrepError):
    """A data set or model that sitrep needs is not installed or not found."""

    code = "E201"


class StoreError(SitrepError):
    """The database cannot be opened or written."""

    code = "E301"


class ClusterError(SitrepError):
    """The Dask cluster cannot be started or reached, or a worker died on a partition."""

    code = "E401"
