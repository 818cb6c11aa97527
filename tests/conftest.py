from __future__ import annotations

from pathlib import Path

import pytest

import geomap

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def gazetteer() -> geomap.Gazetteer:
    return geomap.load_gazetteer()


@pytest.fixture(scope="session")
def story(gazetteer: geomap.Gazetteer) -> geomap.Story:
    return geomap.read(SEEDS, gazetteer=gazetteer)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
