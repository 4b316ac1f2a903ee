"""Write the third-party files the web page and API docs use into src/sitrep/web/static/vendor/.

The page loads nothing from a CDN: these pinned npm packages are fetched once with
``npm pack`` (integrity checked against the hashes below), and the few files the page
needs are copied, with their licences, into the package. Run it again only to change a
version; its output is committed.

- leaflet@1.9.4 (BSD-2-Clause): the map.
- topojson-client@3.1.0 (ISC): decodes the country boundaries in the browser.
- world-atlas@2.0.2 (ISC; Natural Earth data, public domain): countries-50m, with one
  deliberate change: Crimea is drawn as part of Ukraine (see docs/web.md). Natural Earth's
  default view puts it inside Russia; sitrep follows the internationally recognised border
  (UN General Assembly resolution 68/262), as GeoNames and ACLED do when they code places
  in Crimea under Ukraine, so the map agrees with the events' own country field.
- swagger-ui-dist@5.35.0 (Apache-2.0): the interactive API docs at /docs.

Run from the project root:  python scripts/vendor_web_assets.py
Needs ``npm`` on PATH.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from build_country_points import _decode_arcs, _ring

OUT = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "web" / "static" / "vendor"

# package -> (npm integrity, {file in the package: file under OUT})
PACKAGES = {
    "leaflet@1.9.4": (
        "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
        {
            "dist/leaflet.js": "leaflet/leaflet.js",
            "dist/leaflet.css": "leaflet/leaflet.css",
            "LICENSE": "leaflet/LICENSE",
        },
    ),
    "topojson-client@3.1.0": (
        "sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw==",
        {
            "dist/topojson-client.min.js": "topojson-client/topojson-client.min.js",
            "LICENSE": "topojson-client/LICENSE",
        },
    ),
    "world-atlas@2.0.2": (
        "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
        {"LICENSE": "world-atlas/LICENSE"},
    ),
    "swagger-ui-dist@5.35.0": (
        "sha512-U06rpMtW9V3XPGOBeamTUSr0Z09jMX4IJuANpE/EZbAhw0G8CgwrzU4YmXkn/h0wCDNsXdGarTNNHC3sU8yVUQ==",
        {
            "swagger-ui-bundle.js": "swagger-ui/swagger-ui-bundle.js",
            "swagger-ui.css": "swagger-ui/swagger-ui.css",
            "LICENSE": "swagger-ui/LICENSE",
            "NOTICE": "swagger-ui/NOTICE",
        },
    ),
}
COUNTRIES_IN = "countries-50m.json"
COUNTRIES_OUT = "world-atlas/countries-50m.json"
RUSSIA, UKRAINE = "643", "804"  # ISO 3166-1 numeric ids in world-atlas
CRIMEA_BOX = (32.0, 44.0, 37.0, 46.5)  # west, south, east, north


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for package, (integrity, files) in PACKAGES.items():
            folder = _unpack(package, integrity, Path(tmp))
            for source, target in files.items():
                dest = OUT / target
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(folder / source, dest)
            if package.startswith("world-atlas@"):
                topology = json.loads((folder / COUNTRIES_IN).read_text(encoding="utf-8"))
                _write_countries(topology, OUT / COUNTRIES_OUT)
    print(f"wrote vendored files under {OUT}")


def _unpack(package: str, integrity: str, tmp: Path) -> Path:
    name = subprocess.run(
        ["npm", "pack", package, "--silent"], cwd=tmp, check=True, capture_output=True, text=True
    ).stdout.strip()
    data = (tmp / name).read_bytes()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != integrity:
        raise SystemExit(f"{package}: integrity mismatch ({digest})")
    folder = tmp / package.replace("@", "-")
    with tarfile.open(tmp / name) as tar:
        tar.extractall(folder, filter="data")
    return folder / "package"


def _write_countries(topology: dict, path: Path) -> None:
    """Keep only the countries object, with Crimea moved from Russia into Ukraine."""
    countries = topology["objects"]["countries"]
    by_id = {geometry.get("id"): geometry for geometry in countries["geometries"]}
    _move_crimea(topology, russia=by_id[RUSSIA], ukraine=by_id[UKRAINE])
    topology["objects"] = {"countries": countries}
    path.write_text(json.dumps(topology, separators=(",", ":")), encoding="utf-8")


def _polygons(geometry: dict) -> list[list[list[int]]]:
    return geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]


def _move_crimea(topology: dict, *, russia: dict, ukraine: dict) -> None:
    arcs = _decode_arcs(topology)
    west, south, east, north = CRIMEA_BOX

    def inside_box(polygon: list[list[int]]) -> bool:
        points = _ring(polygon[0], arcs)
        return all(west <= x <= east and south <= y <= north for x, y in points)

    crimea = [p for p in _polygons(russia) if inside_box(p)]
    if len(crimea) != 1:
        raise SystemExit(f"expected one Crimean polygon in Russia, found {len(crimea)}")
    (peninsula,) = crimea
    shared = {_arc_id(i) for i in peninsula[0]}
    targets = [p for p in _polygons(ukraine) if shared & {_arc_id(i) for i in p[0]}]
    if len(targets) != 1:
        raise SystemExit(f"expected one Ukrainian polygon bordering Crimea, found {len(targets)}")
    (mainland,) = targets
    merged = _merge_rings(mainland[0], peninsula[0])
    rest = [p for p in _polygons(ukraine) if p is not mainland]
    ukraine["type"] = "MultiPolygon"
    ukraine["arcs"] = [[merged, *mainland[1:], *peninsula[1:]], *rest]
    russia["arcs"] = [p for p in _polygons(russia) if p is not peninsula]


def _arc_id(index: int) -> int:
    return index if index >= 0 else ~index


def _merge_rings(outer: list[int], other: list[int]) -> list[int]:
    """Join two rings that share one run of arcs (traversed in opposite directions)."""
    common = {_arc_id(i) for i in outer} & {_arc_id(i) for i in other}

    def open_at_border(ring: list[int]) -> list[int]:
        # Rotate so the ring starts right after the shared run, then drop the run.
        n = len(ring)
        start = next(
            k for k in range(n) if _arc_id(ring[k]) not in common
            and _arc_id(ring[k - 1]) in common
        )  # fmt: skip
        rotated = ring[start:] + ring[:start]
        kept = [i for i in rotated if _arc_id(i) not in common]
        if rotated[: len(kept)] != kept:
            raise SystemExit("the shared border is not one contiguous run of arcs")
        return kept

    return open_at_border(outer) + open_at_border(other)


if __name__ == "__main__":
    main()
