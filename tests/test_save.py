"""save_map writes the same bytes whatever was done to the map before (issue 17).

folium's render adds to the page (CDN links, scripts, each layer's ``addTo``) and geomap's
ids are renumbered for every file; neither may leak from one render into the next, and the
caller's map must stay as folium left it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import folium
import pytest

import geomap
from geomap.errors import GeomapError

SAVE_MODES = [False, True]  # self_contained


def fresh(story: geomap.Story, *, with_extras: bool = False) -> folium.Map:
    m = geomap.build_map(story)
    if with_extras:
        extras(m)
    return m


def extras(m: folium.Map) -> None:
    """Layers added by plain folium code after build_map, on the map and in a group."""
    folium.CircleMarker((8.4, -77.9), radius=6, tooltip="extra marker").add_to(m)
    group = folium.FeatureGroup(name="Extra layer").add_to(m)
    folium.CircleMarker((9.1, -79.5), radius=4, popup="extra popup").add_to(group)
    folium.PolyLine([(8.4, -77.9), (9.1, -79.5)], color="#123456").add_to(group)


def saved(m: folium.Map, path: Path, *, self_contained: bool) -> bytes:
    return geomap.save_map(m, path, self_contained=self_contained).read_bytes()


@pytest.fixture(scope="module")
def reference(story: geomap.Story, tmp_path_factory: pytest.TempPathFactory
              ) -> dict[tuple[bool, bool], bytes]:
    """The bytes of fresh maps saved once, by (self_contained, with_extras)."""
    tmp = tmp_path_factory.mktemp("reference")
    return {(sc, ex): saved(fresh(story, with_extras=ex), tmp / f"{sc}-{ex}.html",
                            self_contained=sc)
            for sc in SAVE_MODES for ex in (False, True)}


PRIOR: dict[str, Callable[[folium.Map, Path], object]] = {
    "m.save": lambda m, tmp: m.save(str(tmp / "custom.html")),
    "render": lambda m, tmp: m.get_root().render(),
    "_repr_html_": lambda m, tmp: m._repr_html_(),
    "save_map": lambda m, tmp: geomap.save_map(m, tmp / "before.html"),
    "save_map self-contained": lambda m, tmp: geomap.save_map(m, tmp / "before.html",
                                                              self_contained=True),
}


@pytest.mark.parametrize("self_contained", SAVE_MODES)
def test_a_fresh_maps_give_the_same_bytes(story: geomap.Story, tmp_path: Path,
                                          reference: dict[tuple[bool, bool], bytes],
                                          self_contained: bool) -> None:
    once = saved(fresh(story), tmp_path / "a.html", self_contained=self_contained)
    assert once == reference[self_contained, False]


@pytest.mark.parametrize("self_contained", SAVE_MODES)
@pytest.mark.parametrize("prior", list(PRIOR))
def test_b_c_a_map_rendered_or_saved_before_gives_the_fresh_bytes(
        story: geomap.Story, tmp_path: Path, reference: dict[tuple[bool, bool], bytes],
        prior: str, self_contained: bool) -> None:
    expected = reference[self_contained, False]
    m = fresh(story)
    PRIOR[prior](m, tmp_path)
    assert saved(m, tmp_path / "out.html", self_contained=self_contained) == expected
    # And again: nothing of the first save_map stays behind for the second.
    assert saved(m, tmp_path / "again.html", self_contained=self_contained) == expected


def test_c_switching_self_contained_between_saves(
        story: geomap.Story, tmp_path: Path,
        reference: dict[tuple[bool, bool], bytes]) -> None:
    m = fresh(story)
    for n, sc in enumerate([True, False, True, False, False, True, True]):
        assert saved(m, tmp_path / f"{n}.html", self_contained=sc) == reference[sc, False], n
    assert b"bootstrap" in reference[False, False]
    assert b"bootstrap" not in reference[True, False]


@pytest.mark.parametrize("self_contained", SAVE_MODES)
@pytest.mark.parametrize("when", ["before", "after", "both"])
@pytest.mark.parametrize("prior", ["m.save", "save_map"])
def test_d_plain_folium_layers_added_after_build_map(
        story: geomap.Story, tmp_path: Path, reference: dict[tuple[bool, bool], bytes],
        self_contained: bool, when: str, prior: str) -> None:
    expected = reference[self_contained, True]
    assert expected.count(b"[8.4, -77.9]") == 2  # the marker and the line, each once
    assert expected.count(b"extra marker") == expected.count(b"extra popup") == 1
    # Two markers, a line and a group, each added to its parent once.
    assert expected.count(b".addTo(") == reference[self_contained, False].count(b".addTo(") + 4
    m = fresh(story)
    if when in ("before", "both"):
        PRIOR[prior](m, tmp_path)
    extras(m)
    if when in ("after", "both"):
        PRIOR[prior](m, tmp_path)
    assert saved(m, tmp_path / "out.html", self_contained=self_contained) == expected


def test_d_folium_icon_markers_render_once(story: geomap.Story, tmp_path: Path) -> None:
    """folium.Marker adds its setIcon call while rendering; it is written once, not per render."""
    def with_icon() -> folium.Map:
        m = fresh(story)
        folium.Marker((8.4, -77.9), icon=folium.Icon(color="red")).add_to(m)
        return m

    expected = saved(with_icon(), tmp_path / "fresh.html", self_contained=False)
    assert expected.count(b".setIcon(") == 1
    m = with_icon()
    m.save(str(tmp_path / "one.html"))
    m.save(str(tmp_path / "two.html"))
    # Icon markers need folium's CDN files: refused self-contained, and the refusal leaves
    # nothing behind either.
    with pytest.raises(GeomapError, match=r"folium\.Icon"):
        geomap.save_map(m, tmp_path / "sc.html", self_contained=True)
    assert saved(m, tmp_path / "out.html", self_contained=False) == expected


def folium_ids_in_order(html: str) -> str:
    """Number folium's random ids by first appearance, to compare two of folium's renders."""
    ids: dict[str, str] = {}
    return re.sub(r"_[0-9a-f]{32}(?![0-9a-f])",
                  lambda m: ids.setdefault(m[0], f"_id{len(ids)}"), html)


def test_the_callers_map_is_left_as_folium_had_it(story: geomap.Story, tmp_path: Path) -> None:
    untouched, m = fresh(story), fresh(story)
    for each in (untouched, m):
        each.get_root().render()  # the caller had rendered it once already
    names = [m.get_name(), *(child.get_name() for child in m._children.values())]
    geomap.save_map(m, tmp_path / "sc.html", self_contained=True)
    geomap.save_map(m, tmp_path / "plain.html")
    assert [m.get_name(), *(child.get_name() for child in m._children.values())] == names
    assert "default_js" not in vars(m) and "default_css" not in vars(m)
    # folium's own render goes on exactly as if save_map had never been called, with its
    # default CDN files linked.
    after = m.get_root().render()
    assert "bootstrap.bundle.min.js" in after
    assert folium_ids_in_order(after) == folium_ids_in_order(untouched.get_root().render())
