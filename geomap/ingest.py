"""Read articles and their metadata from files, folders, JSON Lines and standard input.

Supported inputs:

- ``.txt`` / ``.md``: the text of one article; its id is the file name without extension.
- ``.html`` / ``.htm``: reduced to the article's text (scripts, styles, navigation dropped);
  title, URL, outlet and publication date read from the usual ``<meta>`` tags.
- ``.jsonl``: one article per line, ``{"id", "text", "title", "outlet", "url", "published"}``;
  only ``text`` is required, ``published`` is an ISO date.
- ``.json``: one article object, a list of them, or a *metadata sidecar*
  ``{"articles": {"<file name>": {"title", "outlet", "url", "published"}}}``. When a folder
  holds a sidecar, the sidecar lists the folder's articles and other files are skipped
  (each reported in the log).

Each article's non-body stretches ("Read more:" links, web furniture, captions) are marked by
:func:`geomap.sections.find_sections` when the :class:`~geomap.model.Article` is created.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .errors import InputError
from .model import Article

__all__ = ["SUPPORTED_SUFFIXES", "parse_published", "read_articles", "read_jsonl_stream"]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")

def parse_published(value: object, *, where: str) -> dt.date | None:
    """Parse a publication date given as an ISO date or date-time.

    Parameters
    ----------
    value
        ``None``, a :class:`datetime.date` or an ISO 8601 string.
    where
        Names the input in the error message.

    Returns
    -------
    datetime.date or None

    Examples
    --------
    >>> parse_published("2023-05-23T10:00:00Z", where="x")
    datetime.date(2023, 5, 23)
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip().replace("Z", "+00:00")
        try:
            return dt.datetime.fromisoformat(text).date()
        except ValueError:
            pass
    raise InputError(f"{where}: 'published' must be an ISO date such as 2023-05-23, got {value!r}")


def make_article(record: dict[str, Any], *, default_id: str, where: str,
                 source_path: str | None = None) -> Article:
    """Build an :class:`Article` from a JSON-like record, checking its fields."""
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: missing 'text' (a string holding the article's text)")
    for key in ("id", "title", "outlet", "url"):
        if record.get(key) is not None and not isinstance(record[key], str | int):
            raise InputError(f"{where}: '{key}' must be a string")
    art_id = str(record.get("id") or default_id)
    return Article(
        id=art_id,
        text=text,
        title=record.get("title") or None,
        outlet=record.get("outlet") or None,
        url=record.get("url") or None,
        published=parse_published(record.get("published"), where=where),
        source_path=source_path,
    )


class _HTMLText(HTMLParser):
    """Collect visible article text and metadata from an HTML page."""

    _SKIP = frozenset({"script", "style", "nav", "header", "footer", "aside", "form",
                       "noscript", "svg", "button", "iframe", "template"})
    _BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                        "article", "section", "figcaption", "blockquote", "tr", "main"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.parts: list[str] = []
        self.article_parts: list[str] = []
        self.in_article = 0
        self.in_title = False
        self.title = ""
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = a.get("property") or a.get("name") or ""
            if key:
                self.meta[key.lower()] = a.get("content", "")
        elif tag == "link" and a.get("rel", "").lower() == "canonical":
            self.meta["canonical"] = a.get("href", "")
        if tag in self._SKIP:
            self.skip_depth += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "article":
            self.in_article += 1
        if tag in self._BLOCK:
            self._emit("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.skip_depth:
            self.skip_depth -= 1
        elif tag == "title":
            self.in_title = False
        elif tag == "article" and self.in_article:
            self.in_article -= 1
        if tag in self._BLOCK:
            self._emit("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif not self.skip_depth:
            self._emit(data)

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        if self.in_article:
            self.article_parts.append(text)

    def text(self) -> str:
        raw = "".join(self.article_parts) if "".join(self.article_parts).strip() else "".join(
            self.parts)
        lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in raw.split("\n")]
        return "\n".join(line for line in lines if line)


def _read_html(path: Path, raw: str) -> Article:
    parser = _HTMLText()
    parser.feed(raw)
    parser.close()
    meta = parser.meta
    record = {
        "id": path.stem,
        "text": parser.text(),
        "title": html.unescape(meta.get("og:title") or parser.title.strip()) or None,
        "outlet": meta.get("og:site_name") or None,
        "url": meta.get("og:url") or meta.get("canonical") or None,
        "published": meta.get("article:published_time") or meta.get("date") or None,
    }
    return make_article(record, default_id=path.stem, where=str(path), source_path=str(path))


def read_jsonl_stream(lines: Iterable[str], *, where: str) -> Iterator[Article]:
    """Yield articles from JSON Lines text, one article per non-empty line.

    Parameters
    ----------
    lines
        The lines of a ``.jsonl`` file or of standard input.
    where
        Names the input in error messages (``"<stdin>"``, a file path).
    """
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{where}:{number}: not valid JSON ({err.msg})") from err
        yield make_article(record, default_id=f"{Path(where).stem}-{number}",
                           where=f"{where}:{number}", source_path=where)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text (byte {err.start}); convert it to UTF-8") from err
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from err


def _is_sidecar(data: object) -> bool:
    return isinstance(data, dict) and isinstance(data.get("articles"), dict)


def _read_file(path: Path, meta: dict[str, Any] | None = None) -> list[Article]:
    suffix = path.suffix.lower()
    raw = _read_text(path)
    if suffix == ".jsonl":
        return list(read_jsonl_stream(raw.splitlines(), where=str(path)))
    if suffix == ".json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as err:
            raise InputError(f"{path}: not valid JSON ({err.msg}, line {err.lineno})") from err
        if _is_sidecar(data):
            return []
        records = data if isinstance(data, list) else [data]
        return [make_article(r, default_id=f"{path.stem}-{i}" if len(records) > 1 else path.stem,
                             where=str(path), source_path=str(path))
                for i, r in enumerate(records, 1)]
    if suffix in (".html", ".htm"):
        return [_read_html(path, raw)]
    if suffix in (".txt", ".md"):
        record = {"id": path.stem, "text": raw, **(meta or {})}
        return [make_article(record, default_id=path.stem, where=str(path),
                             source_path=str(path))]
    raise InputError(
        f"{path}: unsupported file type {suffix!r}; use one of {', '.join(SUPPORTED_SUFFIXES)}"
    )


def _sidecar(folder: Path) -> tuple[Path, dict[str, dict[str, Any]]] | None:
    """Return the folder's metadata sidecar (its path and records by file name), if any."""
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if _is_sidecar(data):
            return path, {str(k): dict(v) for k, v in data["articles"].items()}
    return None


def _read_folder(folder: Path) -> list[Article]:
    sidecar = _sidecar(folder)
    articles: list[Article] = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        if sidecar is None:
            articles.extend(_read_file(path))
        elif path.name in sidecar[1]:
            articles.extend(_read_file(path, _meta_fields(sidecar[1][path.name])))
        elif path != sidecar[0]:
            log.info("skipping %s: not listed in the folder's metadata sidecar", path)
    return articles


def _meta_fields(meta: dict[str, Any] | None) -> dict[str, Any]:
    keys = ("id", "title", "outlet", "url", "published")
    return {k: meta[k] for k in keys if meta and k in meta}


def read_articles(paths: str | Path | Iterable[str | Path]) -> list[Article]:
    """Read articles from files, folders or ``"-"`` (JSON Lines on standard input).

    Parameters
    ----------
    paths
        One path or several. A folder contributes its supported files in name order.

    Returns
    -------
    list of Article
        In input order; ids are unique (a clash raises :class:`~geomap.errors.InputError`).

    Examples
    --------
    >>> arts = read_articles("seeds/")  # doctest: +SKIP
    >>> arts[0].outlet  # doctest: +SKIP
    'NBC News'
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    articles: list[Article] = []
    for item in paths:
        if str(item) == "-":
            articles.extend(read_jsonl_stream(sys.stdin, where="<stdin>"))
            continue
        path = Path(item)
        if path.is_dir():
            articles.extend(_read_folder(path))
        elif path.is_file():
            articles.extend(_read_file(path))
        else:
            raise InputError(f"{path}: no such file or folder")
    if not articles:
        raise InputError(
            f"no articles found in {', '.join(str(p) for p in paths)}: give .txt, .md, .html, "
            ".json or .jsonl files"
        )
    seen: set[str] = set()
    for art in articles:
        if art.id in seen:
            raise InputError(f"two articles share the id {art.id!r}; give them distinct ids")
        seen.add(art.id)
    return articles
