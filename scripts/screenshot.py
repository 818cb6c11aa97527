"""Photograph the seed story and the test stories as readers see them, at three sizes.

    python scripts/screenshot.py [--out docs/screens] [STORY_DIR ...]

Builds a self-contained map of each story (Leaflet inlined, no tiles: tile servers are not
reachable here) and photographs it with Playwright driving Debian's headless chromium
(/usr/bin/chromium), at a desktop (1280×800), an article column (680×480) and a phone
(390×760), into ``docs/screens/<story>-<width>x<height>.png``. The seed's desktop shot is
also ``docs/seed-map.png``, the README's first picture. Without arguments the stories are
``seeds/`` and every folder of ``tests/stories/``.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

import geomap

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
SIZES = ((1280, 800), (680, 480), (390, 760))


def _stories(given: list[str]) -> dict[str, Path]:
    if given:
        return {Path(p).resolve().name: Path(p) for p in given}
    found = {"seed": ROOT / "seeds"}
    found.update((p.name, p) for p in sorted((ROOT / "tests" / "stories").iterdir())
                 if p.is_dir())
    return found


def main() -> None:
    """Build each story's map and photograph it at every size."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    parser.add_argument("stories", nargs="*")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, folder in _stories(args.stories).items():
            page_path = geomap.save_map(geomap.build_map(geomap.read(folder), tiles=None),
                                        Path(tmp) / f"{name}.html", self_contained=True)
            for width, height in SIZES:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(page_path.as_uri())
                page.wait_for_selector(".geomap-label[data-shown]")
                page.wait_for_timeout(300)
                shot = args.out / f"{name}-{width}x{height}.png"
                page.screenshot(path=str(shot))
                page.close()
                print(shot)
                if name == "seed" and (width, height) == SIZES[0]:
                    shutil.copyfile(shot, ROOT / "docs" / "seed-map.png")
        browser.close()


if __name__ == "__main__":
    main()
