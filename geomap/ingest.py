"""Read articles and their metadata from files, folders, JSON Lines and standard input.

Supported inputs:

- ``.txt`` / ``.md``: the text of one article; its id is the file name without extension.
  Without a title in metadata, its first line is its title when it reads as a headline
  (:func:`headline`); the line stays in the text, so offsets are those of the file.
- ``.html`` / ``.htm``: a saved web page; its main text, title, publication date, site
  name (the outlet), author and canonical URL are read by trafilatura, with navigation,
  comments, cookie banners, related links and footers left out; geomap's own reducer reads
  pages trafilatura finds no text in, or is too slow on (:mod:`geomap.webpage`).
- ``.jsonl``: one article per line, ``{"id", "text", "title", "outlet", "url", "published"}``;
  only ``text`` is required, ``published`` is an ISO date.
- ``.json``: one article object, a list of them, or a *metadata sidecar*
  ``{"articles": {"<file name>": {"title", "outlet", "url", "published"}}}``. When a folder
  holds a sidecar, the sidecar lists the folder's articles and other files are skipped
  (each reported in the log). A sidecar's optional ``"name"`` names the folder's story (the
  file name stem of its map and tables, :attr:`Articles.name`).

Each article's non-body stretches ("Read more:" links, web furniture, captions) are marked by
:func:`geomap.sections.find_sections` when the :class:`~geomap.model.Article` is created.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, one_line
from .model import Article

if TYPE_CHECKING:
    from .feeds import WebReader
    from .fetch import Fetcher, FetchOptions

__all__ = ["FEED_SUFFIXES", "SUPPORTED_SUFFIXES", "Articles", "Problem", "clean_text",
           "headline", "parse_published", "read_articles", "read_jsonl_stream"]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")
# Feeds (RSS, Atom, RDF) are read when named as inputs, and their entries fetched
# (geomap.feeds): naming one is the opt-in to the network. A folder's are not read.
FEED_SUFFIXES = (".xml", ".rss", ".atom")
LARGE_BYTES = 5_000_000  # above this, say that reading will take a while
# Above this an article is skipped: it is more likely a dump or an attack than news. News
# text costs about 2.5 s and 75 MB of memory per MB; the worst text (one sentence of place
# names) up to 8 s and 350 MB per MB (docs/benchmarks.md, hostile scale).
MAX_ARTICLE_CHARS = 25_000_000
MAX_FILE_BYTES = 2_000_000_000  # a JSON Lines file may hold many articles; a bigger file waits
# Files geomap writes beside its maps: never read back as articles (a build into its input
# folder would otherwise map its own tables).
_TABLE_NAME = re.compile(r".+\.(?:places|actors|events|movements)\.(?:geojson|json|csv|parquet)\Z")
GENERATOR_META = b'<meta name="generator" content="geomap">'  # first in a map's <head>
EMBED_MARK = b"<!-- geomap embed snippet -->"  # first in an embed snippet
MAX_SIDECAR_BYTES = 50_000_000
CORRECTIONS_FILE = "geomap.corrections.toml"  # beside the articles (geomap.corrections)
_SURROGATES = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input: where, what, and whether the article was lost.

    ``str(problem)`` is the one-line message: ``"<file[:line]>: <what>"``.
    """

    where: str
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        return one_line(f"{self.where}: {self.message}")


class Articles(list[Article]):
    """The articles read, with the problems met on the way (:class:`Problem`).

    ``name`` is the story's name given by the inputs' metadata (a folder sidecar's
    ``"name"``; the first one given), or ``None``.
    """

    def __init__(self, articles: Iterable[Article] = (),
                 problems: Iterable[Problem] = (), name: str | None = None) -> None:
        super().__init__(articles)
        self.problems: list[Problem] = list(problems)
        self.name = name

    @property
    def skipped(self) -> list[Problem]:
        """The problems that cost an article (a file, a JSON record, a line)."""
        return [p for p in self.problems if p.skipped]

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


Note = Callable[[Problem], None]


def _raise(problem: Problem) -> None:
    raise InputError(str(problem))


def make_article(record: dict[str, Any], *, default_id: str, where: str,
                 source_path: str | None = None, note: Note = _raise) -> Article:
    """Build an :class:`Article` from a JSON-like record, checking its fields.

    A missing or malformed ``text`` or field raises :class:`~geomap.errors.InputError`. A
    publication date that is not a date is passed to ``note`` (by default it raises too);
    the article is then kept without one, so its relative dates stay unresolved.
    """
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: missing 'text' (a string holding the article's text)")
    if not text.strip():
        raise InputError(f"{where}: empty 'text'")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(f"{where}: an article of {len(text):,} characters, over geomap's "
                         f"limit of {MAX_ARTICLE_CHARS:,}; split it into articles")
    art_id = record.get("id")
    if art_id is not None and (isinstance(art_id, bool) or not isinstance(art_id, str | int)):
        raise InputError(f"{where}: 'id' must be a string")
    title, outlet, url, author = (_meta_text(record, key, where, note)
                                  for key in ("title", "outlet", "url", "author"))
    return Article(
        id=_clean(str(art_id or default_id), "id", where, note),
        text=_clean(text, "text", where, note),
        title=title, outlet=outlet, url=url,
        published=_published(record.get("published"), where, note),
        source_path=source_path, author=author,
    )


def _meta_text(record: dict[str, Any], key: str, where: str, note: Note) -> str | None:
    """Return a metadata string, or None (with a note) when it is not one."""
    value = record.get(key)
    if value is not None and not isinstance(value, str):
        note(Problem(where, f"'{key}' must be a string, got {type(value).__name__}; read "
                     "without it", skipped=False))
        return None
    return _clean(value, key, where, note) or None


def clean_text(value: str) -> str:
    r"""Return ``value`` with lone surrogates, which no file can hold, replaced by U+FFFD.

    They come from JSON escapes such as "\ud800" and from undecodable bytes in file names
    and command-line arguments.
    """
    return _SURROGATES.sub("\ufffd", value)


HEADLINE_CHARS = 150
"""The longest first line read as a headline; a longer one is a paragraph."""
_HEADING_CHARS = 300  # the longest Markdown heading read as a title
_LOOK = 2_000  # characters read from the first line on: never the whole (maybe 20 MB) text
_STAMP_LINES = 3  # bylines and datelines between a headline and its body
_FIRST_TEXT = re.compile(r"\S")
_TOKENS = re.compile(r"[^\W\d_]+|\d+")
_CLOSERS = "\"'\u201d\u2019\u00bb)]*_ "
_OPENERS = "\"'\u201c\u2018\u00ab([*_"
_BULLETS = ("-", "*", "+", "\u2022", "\u00b7", ">", "|", "=")
# Words no headline ends on: a first line ending on one goes on in the next (wrapped text).
_CONTINUING = frozenset({"a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at",
                         "for", "with", "by", "from", "that", "as", "its", "their", "his",
                         "her", "our", "your", "my", "is", "are", "was", "were"})
# Abbreviations a headline may end on ("... to the U.S.", "... Jr.").
_ABBREVIATIONS = frozenset({"jr", "sr", "inc", "corp", "co", "ltd", "plc", "llc", "st", "mt",
                            "ft", "dr", "mr", "mrs", "ms", "gen", "gov", "sen", "rep", "lt",
                            "col", "capt", "sgt", "prof", "vs", "bros", "no", "ave"})
_STAMP_WORDS = frozenset({"updated", "published", "posted", "modified", "dated", "date"})
_STAMP_PAIRS = frozenset({"last updated", "first published", "originally published",
                          "last modified", "written by", "reporting by", "story by",
                          "words by", "text by"})
_DATE_WORDS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs",
    "fri", "sat", "sun", "am", "pm", "a", "m", "p", "gmt", "utc", "et", "est", "edt", "ct",
    "cst", "cdt", "pt", "pst", "pdt", "bst", "cet", "cest", "ist", "at", "on", "of", "st",
    "nd", "rd", "th"})


def headline(text: str) -> str | None:
    r"""Return an article's title from its first line, when that line reads as a headline.

    A Markdown heading (``# Headline``, or a line underlined with ``===``) is one. So is a
    plain line of at most :data:`HEADLINE_CHARS` characters that is followed by a blank
    line or straight by the body (bylines and datelines in between are passed over), does
    not end a sentence with a period (``?``, ``!`` and abbreviations such as "U.S." may
    end a headline), and is no byline, dateline, list item or web furniture. Only the
    first lines are read (a window of a few thousand characters), whatever the text's size.

    Examples
    --------
    >>> headline("# Floods hit Lima #\n\nRain fell on Monday.")
    'Floods hit Lima'
    >>> headline("Floods hit Lima\n\nRain fell on Monday.")
    'Floods hit Lima'
    >>> print(headline("Floods hit Lima on Monday.\n\nRain fell."))
    None
    """
    found = _FIRST_TEXT.search(text)
    if found is None:
        return None
    lines = text[found.start():found.start() + _LOOK].splitlines()
    first, rest = " ".join(lines[0].split()), lines[1:]
    if first.startswith("#"):
        return _atx_heading(first)
    if len(first) > HEADLINE_CHARS or not rest:
        return None  # a paragraph, or a text of one line: no headline above a body
    under = rest[0].strip()
    if under and (set(under) == {"="} or set(under) == {"-"}):
        return first if any(c.isalnum() for c in first) else None  # a setext heading
    if not _reads_as_headline(first):
        return None
    for line in rest[:_STAMP_LINES + 1]:
        line = line.strip()
        if not line:
            # A blank line, then text: a headline above its body.
            body = _FIRST_TEXT.search(text, found.start() + len(lines[0]))
            return first if body is not None else None
        if not _is_stamp(line):
            # Straight on to the body: a new sentence that ends, or a long paragraph.
            starts = next((c for c in line if c.isalnum()), "")
            ends = line.rstrip(_CLOSERS).endswith((".", "!", "?", "\u2026"))
            return first if not starts.islower() and (ends or len(line) > HEADLINE_CHARS) \
                else None
    return None


def _atx_heading(line: str) -> str | None:
    """Return the text of a Markdown ATX heading ("## Title ##"), or None."""
    if len(line) > _HEADING_CHARS:
        return None
    body = line.lstrip("#")
    if len(line) - len(body) > 6 or (body and body[0] not in " \t"):
        return None  # "#hashtag", "####### seven"
    body = body.strip()
    closed = body.rstrip("#")
    if not closed.strip():
        return None
    if closed != body and closed[-1] in " \t":  # a closing run ("# Title ##"), not "C#"
        body = closed.rstrip()
    return body if any(c.isalnum() for c in body) else None


def _reads_as_headline(line: str) -> bool:
    """Whether a short first line reads as a headline (not a sentence, stamp or list item)."""
    from .sections import find_sections

    if not any(c.isalpha() for c in line) or line.startswith(_BULLETS) or _is_stamp(line):
        return False
    if find_sections(line):  # a "Read more:" link, web furniture or a caption
        return False
    end = line.rstrip(_CLOSERS)
    if end.endswith((":", ";", ",", "-", "\u2013", "\u2014")):
        return False  # a lead-in or a dateline ("WASHINGTON —")
    words = end.split()
    last = words[-1] if words else ""
    if last.rstrip(".").casefold() in _CONTINUING:
        return False
    if end.endswith(".") and not end.endswith("..."):
        word = last[:-1].lstrip(_OPENERS)
        return "." in word or word.casefold() in _ABBREVIATIONS  # "U.S.", "Jr."
    return True


def _is_stamp(line: str) -> bool:
    """Whether a line is a byline or a dateline ("By Jane Doe", "Updated 3 May 2023")."""
    words = line.split()
    first = words[0].casefold().rstrip(":") if words else ""
    pair = " ".join(w.casefold().rstrip(":") for w in words[:2])
    if first == "by" and len(words) > 1:
        # "By Jane Doe and John Roe, Reuters"; not "By the numbers: …" nor "By 2030, …".
        return all(w.strip(",;&")[:1].isupper() or w.strip(",;") in ("and", "&", "")
                   for w in words[1:])
    tokens = _TOKENS.findall(line.casefold())
    if pair in _STAMP_PAIRS or first in _STAMP_WORDS:
        return pair.endswith(" by") or any(t.isdigit() or t in _DATE_WORDS for t in tokens)
    # A date alone: "Tuesday, May 23, 2023 10:00 AM ET".
    return bool(tokens) and all(t.isdigit() or t in _DATE_WORDS for t in tokens) and any(
        t.isdigit() for t in tokens)


def _clean(value: str | None, key: str, where: str, note: Note) -> str:
    r"""Replace lone surrogates (from JSON escapes such as "\ud800"), which no file can hold."""
    if not value or not _SURROGATES.search(value):
        return value or ""
    note(Problem(where, f"'{key}' holds invalid characters (lone surrogates); each is "
                 "replaced by U+FFFD", skipped=False))
    return _SURROGATES.sub("\ufffd", value)


def _published(value: object, where: str, note: Note) -> dt.date | None:
    try:
        return parse_published(value, where=where)
    except InputError as err:
        note(Problem(where, str(err).split(": ", 1)[-1] + "; read without a publication "
                     "date, so relative dates ('Monday') stay unresolved", skipped=False))
        return None


def _read_html(path: Path, raw: str, note: Note) -> Article:
    from .webpage import page_record

    record = {"id": path.stem, **page_record(raw, where=str(path))}
    return make_article(record, default_id=path.stem, where=str(path), source_path=str(path),
                        note=note)


def read_jsonl_stream(lines: Iterable[str], *, where: str,
                      note: Note = _raise) -> Iterator[Article]:
    """Yield articles from JSON Lines text, one article per non-empty line.

    Parameters
    ----------
    lines
        The lines of a ``.jsonl`` file or of standard input.
    where
        Names the input in messages (``"<stdin>"``, a file path).
    note
        Called with a :class:`Problem` for each bad line (which is then skipped); by
        default the first bad line raises :class:`~geomap.errors.InputError`.
    """
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        here = f"{where}:{number}"
        try:
            record = _parse_json(line, here)
            yield make_article(record, default_id=f"{Path(where).stem}-{number}", where=here,
                               source_path=where, note=note)
        except InputError as err:
            note(Problem(here, str(err).removeprefix(f"{here}: ")))


def _parse_json(text: str, where: str) -> Any:
    """Parse JSON from an input; anything wrong with it is an :class:`InputError`."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        line = f", line {err.lineno}" if "\n" in text.strip() else ""
        raise InputError(f"{where}: not valid JSON ({err.msg}{line})") from err
    except RecursionError as err:  # [[[[…]]]] 100,000 deep
        raise InputError(f"{where}: JSON nested too deeply to be an article") from err
    except ValueError as err:  # an integer of thousands of digits
        raise InputError(f"{where}: JSON that cannot be read ({err})") from err


def _decode(path: Path, data: bytes, note: Note) -> str:
    """Return a file's text; refuse what is not text, and read Latin-1 when not UTF-8."""
    if not data.strip():
        raise InputError(f"{path}: empty file")
    head = data[:8192]
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    if b"\x00" in head or controls > len(head) // 20:
        raise InputError(f"{path}: a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        note(Problem(str(path), f"not valid UTF-8 (byte {err.start}); read as Windows-1252 / "
                     "Latin-1: check its accented letters", skipped=False))
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _read_text(path: Path, note: Note) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"{path}: a file of {size / 1e9:.1f} GB, over geomap's limit of "
                             f"{MAX_FILE_BYTES / 1e9:.0f} GB; split it")
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from err
    if len(data) > LARGE_BYTES:
        log.warning("%s: a large file (%.1f MB); reading it takes a while",
                    one_line(str(path)), len(data) / 1e6)
    return _decode(path, data, note)


def _is_sidecar(data: object) -> bool:
    return isinstance(data, dict) and isinstance(data.get("articles"), dict)


def _read_file(path: Path, note: Note, meta: dict[str, Any] | None = None) -> list[Article]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(f"{path}: unsupported file type {suffix or '(none)'!r}; use one of "
                         f"{', '.join(SUPPORTED_SUFFIXES)}")
    raw = _read_text(path, note)
    if suffix == ".jsonl":
        # JSON Lines are split on "\n" only: str.splitlines() also splits on U+2028 and
        # other characters that JSON strings may hold as they are.
        return list(read_jsonl_stream(raw.split("\n"), where=str(path), note=note))
    if suffix == ".json":
        data = _parse_json(raw, str(path))
        if _is_sidecar(data):
            return []
        records = data if isinstance(data, list) else [data]
        articles = []
        for i, r in enumerate(records, 1):
            here = f"{path}[{i}]" if len(records) > 1 else str(path)
            try:
                articles.append(make_article(
                    r, default_id=f"{path.stem}-{i}" if len(records) > 1 else path.stem,
                    where=here, source_path=str(path), note=note))
            except InputError as err:
                note(Problem(here, str(err).removeprefix(f"{here}: ")))
        return articles
    if suffix in (".html", ".htm"):
        head = raw[:4096].encode("utf-8", "replace")
        if GENERATOR_META in head or head.startswith(EMBED_MARK):
            raise InputError(f"{path}: a page written by geomap (a map, preview or embed "
                             "snippet), not an article")
        return [_read_html(path, raw, note)]
    record = {"id": path.stem, "text": raw, **(meta or {})}
    title = record.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        # No title in metadata: the first line, if it is a headline. It stays in the text.
        record["title"] = headline(raw)
    return [make_article(record, default_id=path.stem, where=str(path), source_path=str(path),
                         note=note)]


@dataclass(frozen=True)
class _Sidecar:
    """A folder's metadata sidecar: records by file name, and files declared not articles."""

    path: Path
    records: dict[str, dict[str, Any]]
    not_articles: frozenset[str]
    name: str | None = None
    """The folder's story name (the sidecar's ``"name"``), if it gives one."""


def _sidecar(folder: Path, files: list[Path], note: Note) -> _Sidecar | None:
    """Return the folder's metadata sidecar, if any, among its regular ``files``."""
    for path in files:
        if path.suffix.lower() != ".json" or path.stat().st_size > MAX_SIDECAR_BYTES:
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            continue  # not a sidecar; read later as an article file, with its problem
        if not _is_sidecar(data):
            continue
        records: dict[str, dict[str, Any]] = {}
        for name, meta in data["articles"].items():
            if not isinstance(meta, dict):
                note(Problem(str(path), f"the entry for {name!r} is {type(meta).__name__}, "
                             "not an object of metadata; the file is read without metadata",
                             skipped=False))
                meta = {}
            records[str(name)] = meta
        others = data.get("not_articles") or {}
        name = data.get("name")
        if name is not None and not (isinstance(name, str) and name.strip()):
            note(Problem(str(path), "'name' (the story's name) must be a non-empty string, "
                         f"got {type(name).__name__}; the story is named without it",
                         skipped=False))
            name = None
        return _Sidecar(path, records, frozenset(
            str(n) for n in (others if isinstance(others, dict | list) else ())),
            clean_text(name.strip()) if name else None)
    return None


def _is_geomap_output(path: Path) -> bool:
    """Whether a file is one geomap wrote beside its maps (a page, a snippet, a table).

    Pages and snippets carry a mark in their first bytes; tables are known by their name,
    and a ``.json`` one also by holding no article text.
    """
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        try:
            with path.open("rb") as fh:
                head = fh.read(4096)
        except OSError:
            return False
        return GENERATOR_META in head or head.startswith(EMBED_MARK)
    if not _TABLE_NAME.match(path.name):
        return False
    if suffix != ".json":
        return True
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return False
    rows = data if isinstance(data, list) else [data]
    return all(isinstance(r, dict) and "text" not in r for r in rows)


def _entries(folder: Path, note: Note) -> list[Path]:
    """Return the folder's regular files in name order; name what else is there."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as err:
        raise InputError(f"{folder}: cannot read the folder ({err.strerror or err})") from err
    files = []
    for entry in entries:
        try:
            if entry.is_dir():
                continue  # subfolders are not read
            mode = entry.stat().st_mode
        except OSError:
            mode = 0  # a dangling link
        if stat.S_ISREG(mode):
            files.append(Path(entry.path))
        elif not entry.name.startswith("."):
            note(Problem(entry.path, "not a regular file (a pipe, device or dangling link)"))
    return files


def _read_folder(folder: Path, note: Note) -> tuple[list[Article], str | None]:
    """Return the folder's articles, and the story name its sidecar gives (if any)."""
    files = _entries(folder, note)
    sidecar = _sidecar(folder, files, note)
    articles: list[Article] = []
    for path in files:
        # What a sidecar lists is read, whatever its name; what it does not list is not.
        if sidecar is None or path.name not in sidecar.records:
            if path.name.startswith(".") or (sidecar is not None and (
                    path == sidecar.path or path.name in sidecar.not_articles)):
                continue
            if _is_geomap_output(path):
                log.info("%s: written by geomap, not read as an article", one_line(str(path)))
                continue
            if path.name == CORRECTIONS_FILE:  # the newsroom's corrections, read on their own
                continue
            if sidecar is not None:
                note(Problem(str(path), f"not listed in the metadata sidecar "
                             f"{sidecar.path.name}; list it under 'articles' (or "
                             "'not_articles') there"))
                continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            note(Problem(str(path), f"not an article file ({path.suffix or 'no extension'}); "
                         f"geomap reads {', '.join(SUPPORTED_SUFFIXES)}"))
            continue
        meta = _meta_fields(sidecar.records.get(path.name)) if sidecar else None
        try:
            articles.extend(_read_file(path, note, meta))
        except InputError as err:
            note(Problem(str(path), str(err).removeprefix(f"{path}: ")))
    if sidecar is not None:
        present = {p.name for p in files}
        for name in sorted(set(sidecar.records) - present):
            note(Problem(str(folder / name), f"listed in the metadata sidecar "
                         f"{sidecar.path.name}, but no such file is in the folder"))
    return articles, sidecar.name if sidecar is not None else None


def _meta_fields(meta: dict[str, Any] | None) -> dict[str, Any]:
    keys = ("id", "title", "outlet", "url", "published")
    return {k: meta[k] for k in keys if meta and k in meta}


def read_articles(paths: str | Path | Iterable[str | Path], *,
                  strict: bool = False,
                  fetch: FetchOptions | Fetcher | None = None) -> Articles:
    """Read articles from files, folders, standard input, web pages and feeds.

    ``"-"`` reads JSON Lines on standard input. One bad input never costs the others: an
    unreadable file, a JSON record without text, a line that is not JSON, a page that
    cannot be fetched is skipped and recorded in :attr:`Articles.problems` (and logged as a
    warning), and the rest is read. Inputs that are read with a caveat (Latin-1 text, a
    publication date that is not a date, a repeated id) are recorded too, as not skipped.

    Only URLs and feed files reach the network (naming one is the opt-in): a URL
    (``http://``, ``https://``) is fetched and read as an article page, or, when it answers
    with an RSS, Atom or RDF feed, as that feed; a feed file (``.xml``, ``.rss``,
    ``.atom``) named as an input has its entries' links fetched. Each page's id is a slug of
    its URL with a short hash (:func:`geomap.feeds.url_id`), its ``source_path`` the URL.
    See :mod:`geomap.fetch` for how pages are fetched.

    Parameters
    ----------
    paths
        One path or several. A folder contributes its supported files in name order (never
        its feed files).
    strict
        Raise :class:`~geomap.errors.InputError` at the first problem instead.
    fetch
        How to fetch pages and feeds: :class:`~geomap.fetch.FetchOptions`, or a
        :class:`~geomap.fetch.Fetcher` to share (its cache, robots rules and pauses). The
        defaults when ``None``: a second between requests to a host, the page cache in
        geomap's cache folder.

    Returns
    -------
    Articles
        A list of :class:`~geomap.model.Article` in input order, with unique ids, its
        ``problems``, and the story ``name`` a folder's sidecar gives (else ``None``).

    Raises
    ------
    InputError
        When no article at all could be read (the message gives the first problems).

    Examples
    --------
    >>> arts = read_articles("seeds/")  # doctest: +SKIP
    >>> arts[0].outlet, arts.problems  # doctest: +SKIP
    ('NBC News', [])
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    paths = list(paths)
    problems: list[Problem] = []

    def note(problem: Problem) -> None:
        if strict:
            raise InputError(str(problem))
        problems.append(problem)

    articles: list[Article] = []
    name: str | None = None
    web = _web_reader(paths, fetch, note)
    try:
        for item in paths:
            if web is not None and web.handles(item):
                try:
                    articles.extend(web.read(item))
                except InputError as err:
                    if strict:
                        raise
                    note(Problem(str(item), str(err).removeprefix(f"{item}: ")))
                continue
            if str(item) == "-":
                articles.extend(read_jsonl_stream(sys.stdin, where="<stdin>", note=note))
                continue
            path = Path(item)
            try:
                if path.is_dir():
                    found, named = _read_folder(path, note)
                    articles.extend(found)
                    name = name or named
                elif path.is_file():
                    articles.extend(_read_file(path, note))
                elif path.exists():
                    raise InputError(f"{path}: not a regular file (a pipe or a device)")
                else:
                    raise InputError(f"{path}: no such file or folder")
            except InputError as err:
                if strict:
                    raise
                note(Problem(str(path), str(err).removeprefix(f"{path}: ")))
    finally:
        if web is not None:
            web.close()
    if not articles:
        detail = "; ".join(str(p) for p in problems[:3]) or (
            "give .txt, .md, .html, .json or .jsonl files, feeds or URLs")
        if len(problems) == 1 and len(paths) == 1:
            raise InputError(detail)  # one input, one problem: say just that
        raise InputError(f"no articles could be read from {', '.join(map(str, paths))}: "
                         f"{detail}")
    unique = _unique_ids(articles, note)
    for problem in problems:  # one line each, once the rest is known to be readable
        log.warning("%s %s", "skipped" if problem.skipped else "note:", problem)
    return Articles(unique, problems, name=name)


def _web_reader(paths: list[str | Path], fetch: FetchOptions | Fetcher | None,
                note: Note) -> WebReader | None:
    """Return the reader of the inputs that are URLs or feed files (None if there are none)."""
    from .feeds import WebReader, is_feed_file, is_url

    web = [p for p in paths if is_url(p) or is_feed_file(p)]
    return WebReader(fetch, note, total=len(web)) if web else None


def _unique_ids(articles: list[Article], note: Note) -> list[Article]:
    """Give a repeated id a suffix ("a-2"), so both articles are kept."""
    from dataclasses import replace

    seen: set[str] = set()
    last: dict[str, int] = {}  # the last suffix tried per id: a thousand "x" stay linear
    out = []
    for art in articles:
        new_id, k = art.id, last.get(art.id, 1)
        while new_id in seen:
            k += 1
            new_id = f"{art.id}-{k}"
        last[art.id] = k
        if new_id != art.id:
            note(Problem(art.source_path or art.id, f"the id {art.id!r} is already taken; "
                         f"read as {new_id!r}", skipped=False))
            art = replace(art, id=new_id)
        seen.add(new_id)
        out.append(art)
    return out
