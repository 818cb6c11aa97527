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

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from markupsafe import Markup

from ..errors import UsageError
from ..files import atomic_write_text
from .pages import render_fragment

if TYPE_CHECKING:
    from ..story import Story

__all__ = ["SCREENS", "check_embed_url", "embed_snippets", "preview_html", "write_embeds"]

# (label, width, height) of the preview's screens, in CSS pixels.
SCREENS = (("Phone", 390, 760), ("Desktop", 1280, 800))


def check_embed_url(src: str) -> str:
    """Return ``src`` if a browser will load it as a page address, else raise.

    An ``http(s)://`` URL, or a relative reference to the map's file; never a scheme that
    runs or smuggles content (``javascript:``, ``data:``).

    Raises
    ------
    UsageError
        With a message saying what is accepted.
    """
    # Browsers drop tabs and newlines anywhere in a URL and spaces around it before they read
    # the scheme: refuse those outright, so what is checked is what a browser would load.
    bad = src != src.strip() or any(unicodedata.category(ch)[0] == "C" for ch in src)
    bad = bad or "\\" in src  # browsers read "\\host" as "//host"
    parts = urlsplit(src)
    scheme = parts.scheme.lower()
    if bad or not src or src.startswith("//") or (
            scheme and (scheme not in ("http", "https") or not parts.netloc)):
        raise UsageError(f"--embed-url must be an http:// or https:// address, got {src!r}")
    return src


def embed_snippets(src: str, title: str) -> dict[str, str]:
    """Return the "iframe" and "script" embed snippets for a map published at ``src``.

    Parameters
    ----------
    src
        The map's URL as the article will load it: ``http(s)://…``, or relative to the
        article (see :func:`check_embed_url`).
    title
        The map's title, given to the frame for screen readers.

    Raises
    ------
    UsageError
        When ``src`` is not such an address.
    """
    values = {"src": check_embed_url(src), "title": title}
    return {"iframe": render_fragment("embed_iframe.html", **values) + "\n",
            "script": render_fragment("embed_script.html", **values) + "\n"}


def _article_page(story: Story, title: str, snippet: str) -> Markup:
    """Return a sample article page: the first paragraphs, the map, then the rest."""
    first = story.articles[0]
    paragraphs = [p.strip() for p in first.text.split("\n") if len(p.strip()) > 60]
    byline = " · ".join(x for x in (first.outlet, str(first.published or "")) if x)
    return render_fragment("preview_article.html", title=title, byline=byline,
                           before=paragraphs[:2], after=paragraphs[2:5],
                           snippet=Markup(snippet))


def preview_html(story: Story, title: str, snippet: str) -> str:
    """Return a page showing the embedded map in an article on a phone and a desktop screen.

    Parameters
    ----------
    story
        The story (its first article supplies the sample text around the map).
    title
        The map's title.
    snippet
        The embed snippet to show, from :func:`embed_snippets` (trusted HTML); its ``src``
        is resolved against the preview page's own address.
    """
    page = _article_page(story, title, snippet)
    return render_fragment("preview.html", title=title, screens=SCREENS, page=page) + "\n"


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
