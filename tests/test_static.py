"""Static images of the map (geomap.map.static): PNG and SVG, drawn from the built map.

Reference images
----------------
``tests/reference/darien-gap.png`` (1200x800) and ``darien-gap-600x400.png`` are the seed
story's map as ``geomap build seeds/ --png`` draws it. The rendered PNG must match them
within an RMS difference of :data:`TOLERANCE` (0-255 scale, all channels). After a wanted
change to the map, look at the new images and regenerate them with::

    GEOMAP_UPDATE_REFERENCES=1 python -m pytest -q -p no:cacheprovider tests/test_static.py

(the reference tests then write the images and skip, naming what they wrote).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import folium
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

import geomap
from geomap.cli import main
from geomap.layers import LegendKey
from geomap.map.static import (
    credit_line,
    parse_size,
    render_static,
    save_static,
)

from .conftest import SEEDS

REFERENCES = Path(__file__).resolve().parent / "reference"
# The same matplotlib and FreeType give identical pixels (RMS 0). The tolerance leaves room
# for anti-aliasing and hinting differences of another matplotlib or FreeType release (well
# under 1) and still catches a real change. Measured on the 1200x800 seed map: one of its
# five labels left out, 2.4 to 3.3; the events layer off, 3.8; the places layer off, 4.8;
# another dpi, 5.2; another title, 19.
TOLERANCE = 1.5
SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Lab:
    """A label as geomap.map.labels makes them (only what the renderer reads)."""

    text: str
    lat: float
    lon: float
    priority: int = 0
    area: bool = False


@pytest.fixture(scope="module")
def seed_map(story: geomap.Story) -> folium.Map:
    return geomap.build_map(story)


def _seed_options(story: geomap.Story) -> dict[str, object]:
    """What ``geomap build seeds/ --png`` passes: nothing, everything comes from the map."""
    return {}


def _texts(svg: bytes) -> list[str]:
    """Return the text of every <text> element (the SVG must be well-formed XML)."""
    root = ET.fromstring(svg)
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def _has_colour(pixels: np.ndarray, rgb: tuple[int, int, int], tol: int = 10) -> bool:
    return bool((np.abs(pixels.astype(int) - rgb).max(axis=2) <= tol).any())


# ------------------------------------------------------------------------- determinism


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_same_map_gives_the_same_bytes(seed_map: folium.Map, story: geomap.Story,
                                       fmt: str) -> None:
    options = _seed_options(story)
    first = render_static(seed_map, fmt=fmt, size=(600, 400), **options)  # type: ignore[arg-type]
    second = render_static(seed_map, fmt=fmt, size=(600, 400), **options)  # type: ignore[arg-type]
    assert first == second
    # Nothing that changes from run to run or machine to machine is written in.
    assert b"Matplotlib" not in first and b"matplotlib.org" not in first
    if fmt == "svg":
        assert b"<dc:date>" not in first


@pytest.mark.parametrize(("size", "name"), [((1200, 800), "darien-gap.png"),
                                            ((600, 400), "darien-gap-600x400.png")])
def test_seed_map_matches_its_reference_image(seed_map: folium.Map, story: geomap.Story,
                                              tmp_path: Path, size: tuple[int, int],
                                              name: str) -> None:
    from matplotlib.testing.compare import compare_images

    data = render_static(seed_map, fmt="png", size=size, **_seed_options(story))  # type: ignore[arg-type]
    assert _png_size(data) == size
    reference = REFERENCES / name
    if os.environ.get("GEOMAP_UPDATE_REFERENCES") == "1":
        REFERENCES.mkdir(exist_ok=True)
        reference.write_bytes(data)
        pytest.skip(f"wrote {reference}")
    actual = tmp_path / name
    actual.write_bytes(data)
    # On failure the message names the image and a -failed-diff image beside it.
    failure = compare_images(str(reference), str(actual), tol=TOLERANCE)
    if failure is not None:
        kept = Path(os.environ.get("GEOMAP_FAILED_IMAGES", tmp_path))
        kept.mkdir(parents=True, exist_ok=True)
        for png in tmp_path.glob("*.png"):
            if kept != tmp_path:
                shutil.copy(png, kept / png.name)
        pytest.fail(f"{name} differs from its reference: {failure}. If the change is "
                    "wanted, regenerate the references (see this module's docstring).")


# ------------------------------------------------------------------------ text in SVG


def test_svg_keeps_title_and_labels_as_text(seed_map: folium.Map) -> None:
    labels = [Lab("Bajo Chiquito", 8.27, -77.54, 0), Lab("Colombia", 6.84, -76.14, 1,
                                                        area=True)]
    svg = render_static(seed_map, fmt="svg", title="Migrants cross the Darién Gap",
                        labels=labels)
    texts = _texts(svg)
    assert "Migrants cross the Darién Gap" in texts
    assert "Bajo Chiquito" in texts and "COLOMBIA" in texts  # areas are named in capitals
    # The map's own credits: its articles' outlets, then its data.
    assert credit_line(["NBC News", "Al Mayadeen English"], short=True) in texts
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title") is not None  # the image's accessible name
    assert root.findtext(f"{SVG}title") == "Migrants cross the Darién Gap"


def test_svg_size_is_the_pixel_size_in_css_pixels(seed_map: folium.Map) -> None:
    root = ET.fromstring(render_static(seed_map, fmt="svg", size=(800, 500), labels=()))
    # 96 dpi: 600 pt are 800 CSS pixels.
    assert (root.get("width"), root.get("height")) == ("600pt", "375pt")


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    "]]><svg onload=alert(1)>",
    "Fish & <chips> \"quoted\" 'single'",
    "costs $5 and $10 ($x^2$)",
])
def test_hostile_text_stays_text(hostile: str) -> None:
    m = folium.Map(location=[0, 0], zoom_start=3, tiles=None)
    folium.CircleMarker((1.0, 1.0), radius=5).add_to(m)
    svg = render_static(m, fmt="svg", size=(900, 300), title=hostile,
                        labels=[Lab(hostile[:30], 1.0, 1.0)], credits=hostile[:20],
                        bounds=((-5.0, -5.0), (5.0, 5.0)))
    root = ET.fromstring(svg)  # well-formed XML, whatever the text
    assert not [el for el in root.iter() if el.tag.endswith("script")]
    texts = _texts(svg)
    assert hostile in texts  # the title, unchanged: no markup, no mathematics
    assert hostile[:30] in texts
    assert root.findtext(f"{SVG}title") == hostile


def test_control_characters_never_reach_the_svg() -> None:
    m = folium.Map(location=[0, 0], zoom_start=3, tiles=None)
    svg = render_static(m, fmt="svg", size=(400, 300), title="A\x00B\x1b[31mC\u202eD\ud800",
                        bounds=((-5.0, -5.0), (5.0, 5.0)))
    assert "AB[31mCD" in _texts(svg)


def test_long_titles_wrap_to_two_lines_with_an_ellipsis() -> None:
    m = folium.Map(location=[0, 0], zoom_start=3, tiles=None)
    title = " ".join(["Officials said the border crossing would stay closed"] * 6)
    texts = _texts(render_static(m, fmt="svg", size=(600, 400), title=title,
                                 bounds=((-5.0, -5.0), (5.0, 5.0))))
    lines = [t for t in texts if t.startswith(("Officials", "said", "the", "border"))
             or "…" in t]
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert lines[0].startswith("Officials said the border")


# --------------------------------------------------------------- drawing from the tree


def test_draws_what_the_map_shows_and_leaves_out_hidden_layers() -> None:
    m = folium.Map(location=[0, 0], zoom_start=3, tiles=None)
    shown = folium.FeatureGroup(name="shown").add_to(m)
    hidden = folium.FeatureGroup(name="hidden", show=False).add_to(m)
    folium.PolyLine([[0, -4], [0, 4]], color="#0000ff", weight=8).add_to(shown)
    folium.PolyLine([[2, -4], [2, 4]], color="#ff0000", weight=8).add_to(hidden)
    folium.GeoJson({"type": "Feature", "properties": {},
                    "geometry": {"type": "Polygon",
                                 "coordinates": [[[-4, -4], [-2, -4], [-2, -2], [-4, -4]]]}},
                   style_function=lambda _f: {"color": "#00ff00", "fillColor": "#00ff00",
                                              "fillOpacity": 1.0}).add_to(shown)
    folium.CircleMarker((3, 3), radius=10, color="#ff00ff", fill=True,
                        fill_color="#ff00ff", fill_opacity=1.0).add_to(m)
    folium.Marker((-3, 3), icon=folium.DivIcon(html="<b>Plugin note</b>")).add_to(m)
    png = _pixels(render_static(m, fmt="png", size=(400, 400), credits="",
                                bounds=((-5.0, -5.0), (5.0, 5.0))))
    assert _has_colour(png, (0, 0, 255)) and _has_colour(png, (0, 255, 0))
    assert _has_colour(png, (255, 0, 255))
    assert not _has_colour(png, (255, 0, 0), tol=60)
    svg = render_static(m, fmt="svg", size=(400, 400), credits="",
                        bounds=((-5.0, -5.0), (5.0, 5.0)))
    assert "Plugin note" in _texts(svg)


def test_view_defaults_to_the_maps_fit_bounds() -> None:
    m = folium.Map(location=[0, 0], zoom_start=3, tiles=None)
    folium.CircleMarker((40, 40), radius=20, color="#ff00ff", fill=True,
                        fill_color="#ff00ff", fill_opacity=1.0).add_to(m)
    folium.CircleMarker((-40, -40), radius=20, color="#00ff00", fill=True,
                        fill_color="#00ff00", fill_opacity=1.0).add_to(m)
    folium.map.FitBounds([[35, 35], [45, 45]]).add_to(m)
    png = _pixels(render_static(m, fmt="png", size=(400, 300), credits=""))
    assert _has_colour(png, (255, 0, 255)) and not _has_colour(png, (0, 255, 0))


def test_labels_never_collide_and_the_more_important_wins() -> None:
    m = folium.Map(location=[0, 0], zoom_start=3, tiles=None)
    labels = [Lab("Second place", 0.0, 0.0, 1), Lab("First place", 0.0, 0.0, 0),
              Lab("Somewhere else", 0.0, 0.0, 2), Lab("Out of view", 40.0, 40.0, 0),
              Lab("Also there", 0.0, 0.0, 3), Lab("One more", 0.0, 0.0, 4)]
    texts = _texts(render_static(m, fmt="svg", size=(400, 300), credits="", labels=labels,
                                 bounds=((-5.0, -5.0), (5.0, 5.0))))
    assert "First place" in texts and "Out of view" not in texts
    # Four spots around one dot (right, left, above, below): the fifth name finds no room.
    assert "One more" not in texts
    assert sum(t in texts for t in ("Second place", "Somewhere else", "Also there")) == 3


def test_legend_lists_the_keys() -> None:
    m = folium.Map(location=[0, 0], zoom_start=3, tiles=None)
    keys = [LegendKey("visit that happened", "#d7301f", "arrow"),
            LegendKey("planned", "#4d4d4d", "half-dashed-ring"),
            LegendKey("city", "#b2182b")]
    texts = _texts(render_static(m, fmt="svg", size=(600, 400), legend=keys,
                                 bounds=((-5.0, -5.0), (5.0, 5.0))))
    assert {"visit that happened", "planned", "city"} <= set(texts)


def test_save_static_writes_atomically_by_suffix(seed_map: folium.Map, tmp_path: Path) -> None:
    out = save_static(seed_map, tmp_path / "map.png", size=(300, 200), labels=())
    assert _png_size(out.read_bytes()) == (300, 200)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.png"]  # no temporary left
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        save_static(seed_map, tmp_path / "map.jpg")


@pytest.mark.parametrize("bad", [(100, 800), (800, 9000), (0, 0)])
def test_absurd_sizes_are_refused(seed_map: folium.Map, bad: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="between 200 and 8000"):
        render_static(seed_map, size=bad)


def test_parse_size() -> None:
    assert parse_size("800x500") == (800, 500)
    assert parse_size(" 1200 X 800 ") == (1200, 800)
    for bad in ("800", "800x", "x500", "-800x500", "800.5x500", "800x500x2", ""):
        with pytest.raises(ValueError, match="WIDTHxHEIGHT"):
            parse_size(bad)


# ------------------------------------------------------------------------------ CLI


def test_cli_build_writes_png_and_svg_of_the_asked_size(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["-q", "build", str(SEEDS), "--out", str(tmp_path),
                                       "--png", "--svg", "--size", "800x500"])
    assert result.exit_code == 0, result.output
    written = [Path(p).name for p in result.stdout.split()]
    assert "darien-gap.png" in written and "darien-gap.svg" in written
    assert _png_size((tmp_path / "darien-gap.png").read_bytes()) == (800, 500)
    svg = (tmp_path / "darien-gap.svg").read_bytes()
    root = ET.fromstring(svg)
    assert root.get("viewBox") == "0 0 600 375"  # 800x500 CSS pixels at 96 dpi
    texts = _texts(svg)
    assert any(t.startswith("Senior Biden officials") for t in texts)
    assert "Bajo Chiquito" in texts  # the story's labels
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_cli_build_without_image_flags_writes_no_image(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["-q", "build", str(SEEDS), "--out", str(tmp_path),
                                       "--layer", "places"])
    assert result.exit_code == 0, result.output
    assert not list(tmp_path.glob("*.png")) and not list(tmp_path.glob("*.svg"))


@pytest.mark.parametrize(("size", "message"), [
    ("100x100", "between 200 and 8000"), ("9000x500", "between 200 and 8000"),
    ("abc", "WIDTHxHEIGHT"), ("800x", "WIDTHxHEIGHT"), ("0x0", "between 200 and 8000")])
def test_cli_bad_size_is_a_usage_error(tmp_path: Path, size: str, message: str) -> None:
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(tmp_path), "--png",
                                       "--size", size])
    assert result.exit_code == 2
    assert "--size" in result.stderr and message in result.stderr
    assert re.search(r"Invalid value", result.stderr)
    assert not list(tmp_path.iterdir())  # found before any work
