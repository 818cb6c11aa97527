"""Take the README screenshot of the seed map with Debian's headless chromium (no network).

    python scripts/screenshot.py [OUT.png]

Builds a self-contained map of seeds/ (Leaflet inlined, no tiles: tile servers are not
reachable here) into a temporary folder and photographs it with Playwright driving
/usr/bin/chromium.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

import geomap

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "seed-map.png"
    story = geomap.read(ROOT / "seeds")
    m = geomap.build_map(story, tiles=None)
    with tempfile.TemporaryDirectory() as tmp:
        page_path = geomap.save_map(m, Path(tmp) / "map.html", self_contained=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 820})
            page.goto(page_path.as_uri())
            page.wait_for_timeout(1500)
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
            browser.close()
    print(out)


if __name__ == "__main__":
    main()
