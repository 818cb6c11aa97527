"""The benchmark's scorer must count what its docstring says (it reports our headline numbers)."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_geoparse",
                                                  ROOT / "benchmarks" / "geoparse.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_scorer_counts_spans_and_distances(bench: ModuleType) -> None:
    docs = [{"toponyms": [
        {"start": 0, "end": 5, "lat": 10.0, "lon": 10.0},    # exact, right place
        {"start": 10, "end": 20, "lat": 0.0, "lon": 0.0},    # overlapping, 5 degrees off
        {"start": 30, "end": 35, "lat": 1.0, "lon": 1.0},    # missed
        {"start": 40, "end": 45, "lat": None, "lon": None},  # gold without coordinates
    ]}]
    preds = [[
        {"start": 0, "end": 5, "lat": 10.0, "lon": 10.5},
        {"start": 12, "end": 20, "lat": 5.0, "lon": 0.0},
        {"start": 40, "end": 45, "lat": 3.0, "lon": 3.0},
        {"start": 50, "end": 55, "lat": None, "lon": None},  # a false positive
    ]]
    s = bench.score(docs, preds)
    assert s["exact_p"] == pytest.approx(2 / 4) and s["exact_r"] == pytest.approx(2 / 4)
    assert s["over_p"] == pytest.approx(3 / 4) and s["over_r"] == pytest.approx(3 / 4)
    assert s["acc161"] == pytest.approx(1 / 2)  # of the two matched golds with coordinates
    assert s["acc161_e2e"] == pytest.approx(1 / 3)  # of the three golds with coordinates
    assert s["median_km"] == pytest.approx((bench.km(10, 10, 10, 10.5) + 556) / 2, rel=0.01)
