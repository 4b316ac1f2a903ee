"""The page's vendored files: present with their licences, shipped in the wheel, and the
country boundaries drawn the way docs/web.md says (Crimea inside Ukraine)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
STATIC = ROOT / "src" / "sitrep" / "web" / "static"


def _countries() -> dict[str, list[list[list[tuple[float, float]]]]]:
    """Country name -> polygons (rings of lon/lat points), decoded from the TopoJSON."""
    topology = json.loads((STATIC / "vendor/world-atlas/countries-50m.json").read_text())
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        return [p for i in indices for p in (arcs[i] if i >= 0 else arcs[~i][::-1])]

    out = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        out[geometry["properties"]["name"]] = [[ring(r) for r in p] for p in polygons]
    return out


def _inside(lon: float, lat: float, rings: list[list[tuple[float, float]]]) -> bool:
    """Even-odd rule over the outer ring and its holes."""
    crossings = 0
    for points in rings:
        for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


@pytest.mark.parametrize(
    ("place", "lat", "lon", "country"),
    [
        ("Simferopol", 44.95, 34.10, "Ukraine"),
        ("Sevastopol", 44.60, 33.52, "Ukraine"),
        ("Kerch", 45.36, 36.47, "Ukraine"),
        ("Kyiv", 50.45, 30.52, "Ukraine"),
        ("Novorossiysk", 44.72, 37.77, "Russia"),
        ("Moscow", 55.75, 37.62, "Russia"),
    ],
)
def test_crimea_is_drawn_inside_ukraine(place, lat, lon, country):
    countries = _countries()
    holders = [
        name
        for name in ("Ukraine", "Russia")
        if any(_inside(lon, lat, polygon) for polygon in countries[name])
    ]
    assert holders == [country], place


def test_vendored_files_have_licences_and_ship_in_the_wheel():
    for package in ("leaflet", "topojson-client", "world-atlas", "swagger-ui"):
        assert (STATIC / "vendor" / package / "LICENSE").is_file(), package
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["sitrep"]
    package = ROOT / "src" / "sitrep"
    shipped = {path for pattern in patterns for path in package.glob(pattern)}
    for path in STATIC.rglob("*"):
        if path.is_file():
            assert path in shipped, path
