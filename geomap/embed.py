"""Embedding a map in an article: copy-paste snippets and a preview page.

Two snippets, both keeping the map in its own frame so the host page's styles and scripts
never clash with it:

- **iframe**: a plain responsive ``<iframe>`` (full column width, 4:3, never shorter than
  420 px); works in every CMS, including those that strip scripts;
- **script**: a ``<div>`` and a short script that adds the frame and resizes it with the
  column (4:3 between 420 and 720 px), for pages that allow scripts.

The preview page shows the map inside a sample article column on a phone-sized and a
desktop-sized screen, so an editor sees what readers will see before publishing.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from .files import atomic_write_text
from .layers.base import escape

if TYPE_CHECKING:
    from .story import Story

__all__ = ["SCREENS", "embed_snippets", "preview_html", "write_embeds"]

# (label, width, height) of the preview's screens, in CSS pixels.
SCREENS = (("Phone", 390, 760), ("Desktop", 1280, 800))


def embed_snippets(src: str, title: str) -> dict[str, str]:
    """Return the "iframe" and "script" embed snippets for a map published at ``src``.

    Parameters
    ----------
    src
        The map's URL as the article will load it (absolute, or relative to the article).
    title
        The map's title, given to the frame for screen readers.
    """
    url, label = html.escape(src, quote=True), escape(f"Map: {title}")
    iframe = (
        f'<iframe src="{url}" title="{label}" loading="lazy" allowfullscreen\n'
        '  style="display:block;width:100%;aspect-ratio:4/3;min-height:420px;max-height:80vh;'
        'border:0"></iframe>\n')
    script = (
        f'<div class="geomap-embed" data-src="{url}" data-title="{label}"></div>\n'
        "<script>(function () {\n"
        "  var box = document.currentScript.previousElementSibling;\n"
        '  var frame = document.createElement("iframe");\n'
        "  frame.src = box.dataset.src; frame.title = box.dataset.title;\n"
        '  frame.loading = "lazy"; frame.allowFullscreen = true;\n'
        '  frame.style.cssText = "display:block;width:100%;border:0";\n'
        "  function fit() {\n"
        "    var h = Math.round(box.clientWidth * 3 / 4);\n"
        '    frame.style.height = Math.max(420, Math.min(720, h)) + "px";\n'
        "  }\n"
        "  box.appendChild(frame); fit();\n"
        '  window.addEventListener("resize", fit);\n'
        "})();</script>\n")
    return {"iframe": iframe, "script": script}


def _article_page(story: Story, title: str, snippet: str) -> str:
    """Return a sample article page: the first paragraphs, the map, then the rest."""
    first = story.articles[0]
    paragraphs = [p.strip() for p in first.text.split("\n") if len(p.strip()) > 60]
    before = "".join(f"<p>{escape(p)}</p>" for p in paragraphs[:2])
    after = "".join(f"<p>{escape(p)}</p>" for p in paragraphs[2:5])
    byline = escape(" · ".join(x for x in (first.outlet, str(first.published or "")) if x))
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        "<style>body{margin:0;font:17px/1.6 Georgia,serif;color:#222;background:#fff}"
        "main{max-width:680px;margin:0 auto;padding:16px}"
        "h1{font:700 26px/1.25 system-ui,sans-serif}.by{color:#666;font:13px system-ui}"
        "</style></head><body><main>"
        f"<h1>{escape(title)}</h1><p class='by'>{byline}</p>{before}"
        f"<figure style='margin:20px 0'>{snippet}<figcaption class='by'>Map: geomap. "
        "Every place and event links to the sentence it comes from.</figcaption></figure>"
        f"{after}</main></body></html>")


def preview_html(story: Story, title: str, snippet: str) -> str:
    """Return a page showing the embedded map in an article on a phone and a desktop screen.

    Parameters
    ----------
    story
        The story (its first article supplies the sample text around the map).
    title
        The map's title.
    snippet
        The embed snippet to show, from :func:`embed_snippets`; its ``src`` is resolved
        against the preview page's own address.
    """
    page = html.escape(_article_page(story, title, snippet), quote=True)
    screens = "".join(
        f"<section class='screen'><h2>{name} ({w}×{h})</h2>"
        f"<iframe class='device device-{name.lower()}' title='{name} preview' "
        f"style='width:{w}px;height:{h}px' srcdoc=\"{page}\"></iframe></section>"
        for name, w, h in SCREENS)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Embed preview: {escape(title)}</title>"
        "<style>body{margin:0;padding:16px;background:#eceff1;font:14px system-ui,sans-serif}"
        ".screens{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}"
        ".device{border:10px solid #263238;border-radius:18px;background:#fff}"
        "h1{font-size:18px}h2{font-size:14px;color:#455a64}</style></head><body>"
        f"<h1>Embed preview: {escape(title)}</h1>"
        f"<div class='screens'>{screens}</div></body></html>\n")


def write_embeds(story: Story, title: str, map_path: str | Path,
                 src: str | None = None) -> list[Path]:
    """Write the embed snippets and the preview page next to a saved map.

    Writes ``<map>.embed-iframe.html``, ``<map>.embed-script.html`` and
    ``<map>.preview.html``.

    Parameters
    ----------
    story, title
        The story and the map's title.
    map_path
        Where the map was saved.
    src
        The map's URL as articles will load it; the map's file name (relative to the
        article) by default.

    Returns
    -------
    list of Path
        The files written.
    """
    path = Path(map_path)
    stem = path.with_suffix("")
    snippets = embed_snippets(src or path.name, title)
    written = []
    for kind, snippet in snippets.items():
        out = stem.with_name(f"{stem.name}.embed-{kind}.html")
        written.append(atomic_write_text(out, snippet))
    # The preview sits next to the map, so it always loads the local file.
    local = embed_snippets(path.name, title)["iframe"]
    preview = stem.with_name(f"{stem.name}.preview.html")
    written.append(atomic_write_text(preview, preview_html(story, title, local)))
    return written
