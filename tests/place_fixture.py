"""Gazetteer places for resolution and recognition tests, written in one line each."""

from __future__ import annotations

from sitrep.records import Place


def place(name, lat, lon, cc, code, pop, admin1=None, admin2=None, *, country=None) -> Place:
    """A place of feature class A for countries and admin areas, P for the rest."""
    fclass = "A" if code.startswith(("PCL", "ADM")) else "P"
    return Place(
        name=name, latitude=lat, longitude=lon, country_code=cc, country=country,
        admin1=admin1, admin2=admin2, feature_class=fclass, feature_code=code, population=pop,
    )  # fmt: skip
