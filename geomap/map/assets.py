"""Inline a map's scripts and stylesheets from registry packages, so it needs no CDN.

Leaflet and jQuery (which folium's popups use) come from XStatic-Leaflet and XStatic-jQuery;
Leaflet.markercluster from XStatic-Leaflet-MarkerCluster. folium's other defaults (Bootstrap,
Font Awesome, awesome-markers) are only needed by ``folium.Icon`` markers, which geomap's
layers do not use; a map that needs an asset geomap cannot inline fails with a clear error
rather than opening broken where the CDN is blocked.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from ..errors import GeomapError

__all__ = ["inline_assets"]

_SCRIPT = re.compile(r'<script\s+src="(https?://[^"]+)"\s*>\s*</script>')
_STYLESHEET = re.compile(r'<link\s+rel="stylesheet"\s+href="(https?://[^"]+)"\s*/?>')


@cache
def _files() -> dict[str, Path]:
    """Return every inlinable file by its name (the last part of a CDN URL)."""
    import xstatic.pkg.jquery as xjq
    import xstatic.pkg.leaflet as xl
    import xstatic.pkg.leaflet_markercluster as xmc

    leaflet, cluster = Path(xl.BASE_DIR), Path(xmc.BASE_DIR)
    return {
        "leaflet.js": leaflet / "leaflet.js",
        "leaflet.css": leaflet / "leaflet.css",
        "jquery.min.js": Path(xjq.BASE_DIR) / "jquery.min.js",
        "leaflet.markercluster.js": cluster / "leaflet.markercluster.js",
        "MarkerCluster.css": cluster / "MarkerCluster.css",
        "MarkerCluster.Default.css": cluster / "MarkerCluster.Default.css",
    }


def _local(url: str) -> Path | None:
    name = url.rsplit("/", 1)[-1]
    if re.fullmatch(r"jquery-[\d.]+\.min\.js", name):
        name = "jquery.min.js"
    return _files().get(name)


@cache
def _css(path: Path) -> str:
    """Return a stylesheet with its images inlined as data URIs."""
    css = path.read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        img = path.parent / match.group(1)
        data = base64.b64encode(img.read_bytes()).decode()
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)


def inline_assets(html: str) -> str:
    """Replace every CDN script and stylesheet of a rendered map by its inlined content.

    Raises
    ------
    GeomapError
        If an asset has no offline copy (the message names it).
    """
    missing: list[str] = []

    def inliner(tag: str, read: Callable[[Path], str]) -> Callable[[re.Match[str]], str]:
        def inline(match: re.Match[str]) -> str:
            path = _local(match.group(1))
            if path is None:
                missing.append(match.group(1))
                return match.group(0)
            return f"<{tag}>{read(path)}</{tag}>"
        return inline

    html = _SCRIPT.sub(inliner("script", lambda p: p.read_text(encoding="utf-8")), html)
    html = _STYLESHEET.sub(inliner("style", _css), html)
    if missing:
        raise GeomapError(
            "cannot make the map self-contained: no offline copy of "
            + ", ".join(sorted(set(missing)))
            + " (used by a layer; build without --self-contained, or use layers that need "
            "only Leaflet and Leaflet.markercluster)")
    return html
