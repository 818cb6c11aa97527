"""Article text from saved web pages: geomap's old reducer, its new extractor, trafilatura.

    python benchmarks/html_extraction.py [--cache DIR] [--repeats 5] [--out FILE]
                                          [--write docs/benchmarks.md] [--dump FILE]

Scores main-text extraction on trafilatura's own evaluation pages, the way trafilatura's
evaluation does: for each page, every "with" snippet (text that belongs to the article) found
in the extracted text is a true positive and every one missing a false negative; every
"without" snippet (navigation, comments, teasers, footers…) found is a false positive and
every one absent a true negative. Whitespace runs are collapsed to one space on both sides
before matching. Reports precision, recall, F1 and accuracy over all snippets of all pages
for

- geomap's old reducer (:func:`geomap.webpage.reduce_html`, the hand-written lxml target that
  keeps the ``<article>`` text or else every visible text node);
- geomap's new :func:`geomap.webpage.extract_page` (trafilatura first, the reducer when
  trafilatura finds nothing);
- plain :func:`trafilatura.extract` with trafilatura's evaluation settings (tables kept,
  comments and formatting dropped), as the reference;

and each one's mean time per page (best of ``--repeats`` rounds, as a multiple of the old
reducer's in the same run) and, for ``extract_page``, how many pages fell back to the reducer.

Data. The expected snippets are ``data/trafilatura-eval/evaldata.json`` (from trafilatura's
``tests/evaldata.py``; see the README there). The pages themselves are the ``tests/cache/``
HTML files of trafilatura 0.9.3's source distribution on PyPI: on first use the script runs
``python -m pip download --no-deps --no-binary :all: trafilatura==0.9.3`` into the cache
folder (``--cache``, default ``<geomap cache>/benchmarks/trafilatura-eval``) and afterwards
reads the tarball from there, offline. Only regular files directly under ``tests/cache/``
with plain names are read from the tarball, into memory; nothing is extracted to disk.

Every system gets the same text: the page's bytes decoded as geomap decodes an HTML file
(UTF-8, else Windows-1252). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import tarfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _doc import replace_section

HEADING = "HTML extraction (trafilatura's evaluation pages)"
EVALDATA = Path(__file__).resolve().parent / "data" / "trafilatura-eval" / "evaldata.json"
SDIST_VERSION = "0.9.3"
SDIST = f"trafilatura-{SDIST_VERSION}.tar.gz"
PAGE_DIR = f"trafilatura-{SDIST_VERSION}/tests/cache/"
SAFE_NAME = re.compile(r"\w[\w.,+-]*\.html")  # a plain file name: no slash, no leading dot
MAX_PAGE_BYTES = 20_000_000


# --- the pages ---------------------------------------------------------------------------

def default_cache() -> Path:
    """``<geomap's cache folder>/benchmarks/trafilatura-eval`` (``$GEOMAP_CACHE_DIR`` etc.)."""
    env = os.environ.get("GEOMAP_CACHE_DIR")
    base = Path(env) if env else Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "geomap"
    return base / "benchmarks" / "trafilatura-eval"


def fetch_sdist(cache: Path) -> Path:
    """Return trafilatura 0.9.3's sdist, downloading it with pip into ``cache`` once."""
    tarball = cache / SDIST
    if tarball.is_file():
        return tarball
    cache.mkdir(parents=True, exist_ok=True)
    print(f"downloading {SDIST} from PyPI into {cache} (once)", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary",
                    ":all:", "--disable-pip-version-check", "--quiet",
                    f"trafilatura=={SDIST_VERSION}", "-d", str(cache)], check=True)
    if not tarball.is_file():
        raise SystemExit(f"pip did not leave {SDIST} in {cache}")
    return tarball


def read_pages(tarball: Path) -> dict[str, bytes]:
    """The HTML pages under ``tests/cache/`` of the sdist, by file name, read in memory."""
    pages: dict[str, bytes] = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar.getmembers():
            if not member.name.startswith(PAGE_DIR) or not member.isfile():
                continue
            name = member.name[len(PAGE_DIR):]
            if not SAFE_NAME.fullmatch(name) or member.size > MAX_PAGE_BYTES:
                continue
            handle = tar.extractfile(member)
            if handle is not None:
                pages[name] = handle.read()
    return pages


def decode(data: bytes) -> str:
    """As geomap reads an HTML file: UTF-8 (BOM dropped), else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1")


# --- scoring -----------------------------------------------------------------------------

def norm(text: str) -> str:
    """Collapse every run of whitespace to one space (as trafilatura's evaluation does)."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Score:
    """Snippet counts over pages, and the time spent extracting."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    errors: int = 0
    empty: int = 0
    seconds: list[float] = field(default_factory=list)  # per round, all pages
    extractors: Counter[str] = field(default_factory=Counter)

    def add(self, item: dict[str, Any], text: str | None) -> tuple[int, int, int, int]:
        found = norm(text or "")
        tp = sum(norm(s) in found for s in item["with"]) if found else 0
        fp = sum(norm(s) in found for s in item["without"]) if found else 0
        counts = (tp, len(item["with"]) - tp, fp, len(item["without"]) - fp)
        self.tp += counts[0]
        self.fn += counts[1]
        self.fp += counts[2]
        self.tn += counts[3]
        self.empty += not found
        return counts

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        denom = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denom if denom else 0.0

    @property
    def accuracy(self) -> float:
        total = self.tp + self.fn + self.fp + self.tn
        return (self.tp + self.tn) / total if total else 0.0


# --- the systems -------------------------------------------------------------------------

Extractor = Callable[[str, str], tuple[str | None, str | None]]  # (html, url) -> text, how


def systems() -> tuple[dict[str, Extractor], str | None]:
    """The systems to compare, by label, and a note when geomap.webpage is missing."""
    import trafilatura

    def plain_trafilatura(html: str, url: str) -> tuple[str | None, str | None]:
        # trafilatura's evaluation settings; like its evaluation, without the page's URL.
        return trafilatura.extract(html, include_comments=False, include_tables=True,
                                   include_formatting=False), None

    version = trafilatura.__version__
    try:
        from geomap.webpage import extract_page, reduce_html
    except ImportError:
        from lxml import etree

        from geomap.ingest import _HTMLText

        def old_reducer(html: str, url: str) -> tuple[str | None, str | None]:
            target = _HTMLText()
            parser = etree.HTMLParser(target=target, recover=True, no_network=True)
            parser.feed(html)
            parser.close()
            return target.text(), None

        return ({"geomap old reducer (geomap.ingest._HTMLText)": old_reducer,
                 f"trafilatura.extract {version} (reference)": plain_trafilatura},
                "geomap.webpage is not there yet: extract_page was not measured")

    def old(html: str, url: str) -> tuple[str | None, str | None]:
        page = reduce_html(html)
        return page.text, page.extractor

    def new(html: str, url: str) -> tuple[str | None, str | None]:
        page = extract_page(html, url=url)
        return page.text, page.extractor

    return ({"geomap old reducer (reduce_html)": old,
             f"geomap extract_page (trafilatura {version}, reducer fallback)": new,
             f"trafilatura.extract {version} (reference)": plain_trafilatura}, None)


# --- the run -----------------------------------------------------------------------------

def run(cache: Path, repeats: int, dump: Path | None
        ) -> tuple[dict[str, Score], list[dict[str, Any]], list[str], str | None]:
    evaldata = json.loads(EVALDATA.read_text(encoding="utf-8"))
    pages = read_pages(fetch_sdist(cache))
    items = [item for item in evaldata if item["file"] in pages]
    missing = [item["file"] for item in evaldata if item["file"] not in pages]
    docs = [(item, decode(pages[item["file"]])) for item in items]
    chosen, note = systems()
    for fn in chosen.values():  # imports, lazy setup, first-call caches: before any timing
        fn("<html><body><article><p>Warm up.</p></article></body></html>", "http://x.test/")
    scores = {label: Score() for label in chosen}
    rows: list[dict[str, Any]] = [{"file": item["file"], "url": item["url"]}
                                  for item, _ in docs]
    for round_ in range(repeats):
        for label, fn in chosen.items():  # systems in turn, each over all pages
            score, total = scores[label], 0.0
            for row, (item, html) in zip(rows, docs, strict=True):
                started = time.perf_counter()
                try:
                    text, how = fn(html, item["url"])
                except Exception as err:  # counted as an empty extraction, as trafilatura's
                    text, how = None, f"error: {type(err).__name__}"  # evaluation does
                total += time.perf_counter() - started
                if round_ == 0:
                    counts = score.add(item, text)
                    score.errors += (how or "").startswith("error")
                    if how:
                        score.extractors[how] += 1
                    row[label] = {"tp_fn_fp_tn": counts, "chars": len(text or ""),
                                  "extractor": how}
            score.seconds.append(total)
    if dump:
        with dump.open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return scores, rows, missing, note


def table(scores: dict[str, Score], pages: int) -> str:
    base = min(next(iter(scores.values())).seconds)
    lines = ["| system | precision | recall | F1 | accuracy | TP / FN / FP / TN "
             "| empty or failed pages | ms per page | time vs old reducer |",
             "|---|---|---|---|---|---|---|---|---|"]
    for label, s in scores.items():
        best = min(s.seconds)
        lines.append(
            f"| {label} | {s.precision:.3f} | {s.recall:.3f} | **{s.f1:.3f}** "
            f"| {s.accuracy:.3f} | {s.tp} / {s.fn} / {s.fp} / {s.tn} | {s.empty} "
            f"| {1000 * best / pages:.1f} | {best / base:.1f}× |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=None,
                        help="folder for trafilatura's sdist (default: geomap's cache folder)")
    parser.add_argument("--repeats", type=int, default=5,
                        help="timing rounds (scores come from the first; time is the best)")
    parser.add_argument("--out", type=Path, default=None,
                        help="also write the Markdown section body to this file")
    parser.add_argument("--write", type=Path, default=None,
                        help="update this Markdown file's section (docs/benchmarks.md)")
    parser.add_argument("--dump", type=Path, default=None,
                        help="write per-page counts and extractors (JSON Lines) here")
    args = parser.parse_args()
    cache = args.cache or default_cache()
    rounds = max(1, args.repeats)
    scores, rows, missing, note = run(cache, rounds, args.dump)
    n = len(rows)
    notes = []
    for label, s in scores.items():
        if "trafilatura" in s.extractors:  # extract_page: how often it fell back
            notes.append(f"{label}: {s.extractors['trafilatura']} of {n} pages read by "
                         f"trafilatura, {s.extractors['reducer']} fell back to the reducer.")
        if s.errors:
            notes.append(f"{label}: {s.errors} pages raised an error (scored as empty).")
    if missing:
        notes.append(f"Expected pages missing from the sdist (not scored): "
                     f"{', '.join(missing)}.")
    if note:
        notes.append(f"{note}.")
    text = "\n\n".join([table(scores, n), *notes]) + "\n"
    snippets = sum(s.tp + s.fn + s.fp + s.tn for s in scores.values()) // len(scores)
    machine = (f"{os.cpu_count()} cores, {platform.machine()}, "
               f"Python {platform.python_version()}")
    body = (f"Command: `python benchmarks/html_extraction.py --write docs/benchmarks.md` "
            f"({machine}; {dt.date.today().isoformat()}; {n} pages of trafilatura "
            f"{SDIST_VERSION}'s test set, {snippets} expected snippets; time: mean per page, "
            f"best of {rounds} round{'s' if rounds > 1 else ''}, one process after "
            "warm-up).\n\n"
            + text.rstrip() + "\n")
    print(body)
    if args.out:
        args.out.write_text(body, encoding="utf-8")
    if args.write:
        replace_section(args.write, HEADING, body)


if __name__ == "__main__":
    main()
