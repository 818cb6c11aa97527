"""Big maps: geomap against plain folium at 1,000 to 100,000 (and 1,000,000) events.

    python benchmarks/bigmaps.py [--sizes 1000 10000 100000] [--million]
                                 [--write docs/benchmarks.md]

For each N, the same synthetic events (seeded; spread over Central America and northern South
America, four event types, dated over a year) become three maps:

- geomap: ``geomap.build_points_map`` (compact columns, canvas drawing, counts per screen cell
  where points crowd);
- folium Marker: one ``folium.Marker`` per event in a ``FeatureGroup``, each with a popup, the
  usual way;
- folium GeoJson: one ``folium.GeoJson`` of the points (Leaflet's default markers).

Measured in the same run, in one process: build time (Python objects to the HTML file), HTML
size, and in headless chromium (Debian's, through Playwright) the time from navigation until
the page is rendered and idle (load event, two animation frames, an idle callback), and the
JS heap then (Chrome DevTools Protocol ``JSHeapUsedSize``). All maps are written without tiles
and with Leaflet inlined (tile servers and CDNs are unreachable here), so every map runs the
same Leaflet from the same disk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np

import geomap
from geomap.map.save import render_html

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _doc import replace_section

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
LABELS = {"042": "Make a visit", "057": "Sign formal agreement",
          "0332": "Express intent to provide military aid", "MIG": "Migration flow"}


def events(n: int, seed: int = 7) -> gpd.GeoDataFrame:
    """Return n synthetic events, the same for every system."""
    rng = np.random.default_rng(seed)
    lon = rng.uniform(-92.0, -60.0, n)
    lat = rng.uniform(-5.0, 20.0, n)
    codes = rng.choice(list(LABELS), n)
    day0 = dt.date(2023, 1, 1)
    days = rng.integers(0, 365, n)
    return gpd.GeoDataFrame({
        "code": codes, "label": [LABELS[c] for c in codes],
        "date": [(day0 + dt.timedelta(days=int(d))).isoformat() for d in days],
        "text": [f"Synthetic event {i}" for i in range(n)],
    }, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def build_geomap(frame: gpd.GeoDataFrame, path: Path) -> None:
    m = geomap.build_points_map(frame, title=f"{len(frame):,} events", text="text",
                                tiles=None)
    geomap.save_map(m, path, self_contained=True)


def _folium_map(frame: gpd.GeoDataFrame) -> folium.Map:
    west, south, east, north = frame.total_bounds
    m = folium.Map(tiles=None)
    m.fit_bounds([[south, west], [north, east]])
    return m


def build_folium_markers(frame: gpd.GeoDataFrame, path: Path) -> None:
    m = _folium_map(frame)
    group = folium.FeatureGroup(name="Events").add_to(m)
    for geom, label, date, text in zip(frame.geometry, frame["label"], frame["date"],
                                       frame["text"], strict=True):
        folium.Marker((geom.y, geom.x), popup=f"{label}, {date}: {text}").add_to(group)
    folium.LayerControl().add_to(m)
    path.write_text(render_html(m, self_contained=True), encoding="utf-8")


def build_folium_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    m = _folium_map(frame)
    folium.GeoJson(frame[["label", "date", "text", "geometry"]], name="Events",
                   popup=folium.GeoJsonPopup(["label", "date", "text"])).add_to(m)
    folium.LayerControl().add_to(m)
    path.write_text(render_html(m, self_contained=True), encoding="utf-8")


SYSTEMS: dict[str, Callable[[gpd.GeoDataFrame, Path], None]] = {
    "geomap": build_geomap,
    "folium Marker": build_folium_markers,
    "folium GeoJson": build_folium_geojson,
}

IDLE = """() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(
    () => requestIdleCallback(() => resolve(performance.now()), {timeout: 600000}))))"""


def render(browser: Any, path: Path, timeout_s: float) -> tuple[float | None, float | None]:
    """Return (seconds until rendered and idle, JS heap MB) for one map in a fresh page;
    ``(None, None)`` when the page is not idle within ``timeout_s``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    try:
        page.goto(path.as_uri(), wait_until="load", timeout=timeout_s * 1000)
        ready_ms = page.evaluate(IDLE)
    except PlaywrightTimeout:
        page.close()
        return None, None
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    page.close()
    return ready_ms / 1000, metrics["JSHeapUsedSize"] / 1e6


def build_in_fresh_process(name: str, n: int, path: Path) -> float:
    """Build one map in a new process (imports and gazetteer loaded before the clock starts),
    so no build pays for the garbage an earlier one left."""
    out = subprocess.run([sys.executable, __file__, "--build-one", name, str(n), str(path)],
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def build_one(name: str, n: int, path: Path) -> None:
    frame = events(n)
    geomap.load_gazetteer().country_outlines()  # loaded once per session, as in real use
    start = time.perf_counter()
    SYSTEMS[name](frame, path)
    print(time.perf_counter() - start)


def run(sizes: list[int], timeout_s: float) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in sizes:
            for name in SYSTEMS:
                if n > 100_000 and name != "geomap":
                    continue  # a million folium markers do not finish in any useful time
                path = Path(tmp) / f"{name.replace(' ', '-')}-{n}.html"
                built = build_in_fresh_process(name, n, path)
                ready, heap = render(browser, path, timeout_s)
                row = {"n": n, "system": name, "build_s": built, "timeout_s": timeout_s,
                       "size_mb": path.stat().st_size / 1e6, "render_s": ready, "heap_mb": heap}
                print(row, flush=True)
                rows.append(row)
                path.unlink()
        browser.close()
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| N | system | build s | HTML MB | rendered and idle s | JS heap MB |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        ready = (f"{r['render_s']:.2f}" if r["render_s"] is not None else
                 f"> {r['timeout_s']:.0f} (not idle; stopped)")
        heap = f"{r['heap_mb']:.0f}" if r["heap_mb"] is not None else "—"
        lines.append(f"| {r['n']:,} | {r['system']} | {r['build_s']:.2f} | {r['size_mb']:.1f} | "
                     f"{ready} | {heap} |")
    ratios = []
    for n in sorted({r["n"] for r in rows}):
        ours = next((r for r in rows if r["n"] == n and r["system"] == "geomap"), None)
        theirs = next((r for r in rows if r["n"] == n and r["system"] == "folium Marker"), None)
        if ours and theirs:
            theirs_s = theirs["render_s"] or theirs["timeout_s"]
            speed = f"{theirs_s / ours['render_s']:.0f}×"
            if theirs["render_s"] is None:
                speed = "more than " + speed
            ratios.append(f"- N = {n:,}: geomap renders {speed} faster than the folium "
                          f"Marker map; its file is {ours['size_mb'] / theirs['size_mb']:.2f} "
                          "of the size.")
    return "\n".join(lines) + "\n\n" + "\n".join(ratios) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--million", action="store_true", help="also N = 1,000,000 (geomap)")
    parser.add_argument("--render-timeout", type=float, default=600.0,
                        help="seconds to wait for a page to be idle (default 600)")
    parser.add_argument("--write", type=Path, default=None, help="update this Markdown file")
    parser.add_argument("--build-one", nargs=3, metavar=("SYSTEM", "N", "PATH"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_one:
        name, n, path = args.build_one
        build_one(name, int(n), Path(path))
        return
    sizes = args.sizes + ([1_000_000] if args.million else [])
    rows = run(sizes, args.render_timeout)
    text = table(rows)
    print(text)
    if args.write:
        command = "python benchmarks/bigmaps.py" + (" --million" if args.million else "") + (
            " --write docs/benchmarks.md")
        machine = (f"{os.cpu_count()} cores, {platform.machine()}, Python "
                   f"{platform.python_version()}, chromium headless")
        replace_section(args.write, "Big maps (synthetic events)", (
            f"Command: `{command}` ({machine}).\n\n" + text))


if __name__ == "__main__":
    main()
