"""Promises about the repository itself: committed maps are current, code is lint-clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import main

from .conftest import ROOT, SEEDS


def test_committed_maps_are_exactly_what_the_readme_command_builds(tmp_path: Path) -> None:
    # The README's build command: geomap build seeds/ --out maps/ --self-contained
    result = CliRunner().invoke(main, ["-q", "build", str(SEEDS), "--out", str(tmp_path),
                                       "--self-contained"])
    assert result.exit_code == 0, result.output
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == sorted(p.name for p in (ROOT / "maps").iterdir() if not p.name.startswith("."))
    for name in built:
        assert (tmp_path / name).read_bytes() == (ROOT / "maps" / name).read_bytes(), (
            f"maps/{name} is stale: run `geomap build seeds/ --out maps/ --self-contained`")
    # The self-contained seed map stays light enough to embed anywhere.
    assert (ROOT / "maps" / "darien-gap.html").stat().st_size < 2_000_000


RUFF = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")


@pytest.mark.skipif(not Path(RUFF).exists(), reason="ruff is not installed")
def test_ruff_is_clean() -> None:
    ruff = RUFF
    result = subprocess.run([ruff, "check", "geomap", "tests", "scripts"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


MYPY = shutil.which("mypy") or str(Path(sys.executable).parent / "mypy")


@pytest.mark.skipif(not Path(MYPY).exists(), reason="mypy is not installed")
def test_mypy_strict_is_clean() -> None:
    result = subprocess.run([MYPY, "geomap"], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout
