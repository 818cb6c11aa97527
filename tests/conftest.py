from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import geomap

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def gazetteer() -> geomap.Gazetteer:
    return geomap.load_gazetteer()


@pytest.fixture(scope="session")
def seed_gazetteer(gazetteer: geomap.Gazetteer) -> geomap.Gazetteer:
    """The gazetteer with the seed story's pack applied (the Darién Gap, Bajo Chiquito)."""
    from geomap.packs import apply_packs

    return apply_packs(gazetteer, [geomap.load_pack(SEEDS / "pack")])[0]


@pytest.fixture(scope="session")
def story(gazetteer: geomap.Gazetteer) -> geomap.Story:
    return geomap.read(SEEDS, gazetteer=gazetteer)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's headless chromium through Playwright (browser tests skip where it is missing)."""
    from playwright.sync_api import sync_playwright

    from .test_browser import ARGS, CHROMIUM

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
