"""Hostile scale: time and peak memory of ``geomap build`` on inputs built to hurt it.

    python benchmarks/hostile_scale.py [--cases a b c d] [--write docs/benchmarks.md]

Each case is generated (seeded) in a temporary folder and built by ``geomap build
--self-contained`` in a fresh process, so the time is what a user waits for (interpreter,
imports and gazetteer load included) and the peak resident memory is that process's own
(``os.wait4``). The cases:

- **a**: one article that is a single 2 MB sentence of capitalised place names ("Paris Lyon
  Berlin …", no full stops);
- **b**: one article that is a single 80 KB sentence naming places about 3,500 times, with
  people, dates and visits in it (the sizes of the files written are reported);
- **c**: stories of 25,000 and 100,000 short news articles in JSON Lines (visits, meetings,
  agreements, denied deployments, migration; each happening told by several articles, so
  merging has real work), with the ratio of the two build times;
- **d**: a story of about 100 MB of JSON Lines (longer articles: eight paragraphs each);
- **e**: pathological markup and punctuation, at two sizes (1 and 4 MB) so the ratio shows
  whether time grows linearly: an HTML page of runs of dots, "?!" and closing quotes with
  thousands of unterminated tags, and repeated ids in a JSON Lines file. Written to its
  own section (``HEADING_E``).

Every build runs under a memory limit (``--limit-gb``, address space) and a timeout, so a
regression shows up as a row that says so instead of taking the machine down. Not part of
the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _doc import replace_section

HEADING = "Hostile scale (long sentences, many articles)"
HEADING_E = "Hostile scale (pathological punctuation and markup)"

CITIES = [
    ("Lima", "Peru"), ("Quito", "Ecuador"), ("Nairobi", "Kenya"), ("Vilnius", "Lithuania"),
    ("Arica", "Chile"), ("Manila", "Philippines"), ("Lagos", "Nigeria"), ("Hanoi", "Vietnam"),
    ("Cairo", "Egypt"), ("Bogotá", "Colombia"), ("Accra", "Ghana"), ("Dakar", "Senegal"),
    ("Tunis", "Tunisia"), ("Oslo", "Norway"), ("Caracas", "Venezuela"),
    ("Montevideo", "Uruguay"), ("Asunción", "Paraguay"), ("Havana", "Cuba"),
    ("Managua", "Nicaragua"), ("Tegucigalpa", "Honduras"), ("Ottawa", "Canada"),
    ("Vienna", "Austria"), ("Prague", "Czech Republic"), ("Warsaw", "Poland"),
    ("Budapest", "Hungary"), ("Bucharest", "Romania"), ("Sofia", "Bulgaria"),
    ("Athens", "Greece"), ("Ankara", "Turkey"), ("Tehran", "Iran"), ("Baghdad", "Iraq"),
    ("Riyadh", "Saudi Arabia"), ("Amman", "Jordan"), ("Beirut", "Lebanon"),
    ("Karachi", "Pakistan"), ("Dhaka", "Bangladesh"), ("Kathmandu", "Nepal"),
    ("Bangkok", "Thailand"), ("Jakarta", "Indonesia"), ("Seoul", "South Korea"),
    ("Tokyo", "Japan"), ("Kampala", "Uganda"), ("Kigali", "Rwanda"), ("Lusaka", "Zambia"),
    ("Harare", "Zimbabwe"), ("Maputo", "Mozambique"), ("Luanda", "Angola"),
    ("Algiers", "Algeria"), ("Rabat", "Morocco"), ("Bamako", "Mali"), ("Niamey", "Niger"),
    ("Lisbon", "Portugal"), ("Dublin", "Ireland"), ("Brussels", "Belgium"),
    ("Amsterdam", "Netherlands"), ("Stockholm", "Sweden"), ("Helsinki", "Finland"),
    ("Copenhagen", "Denmark"), ("Tallinn", "Estonia"), ("Riga", "Latvia"),
    ("Kyiv", "Ukraine"), ("Tbilisi", "Georgia"), ("Yerevan", "Armenia"), ("Baku", "Azerbaijan"),
    ("Tashkent", "Uzbekistan"), ("Kabul", "Afghanistan"), ("Madrid", "Spain"),
    ("Berlin", "Germany"), ("Rome", "Italy"), ("Canberra", "Australia"),
]
FIRST = ["Ana", "Luis", "Maria", "John", "Aisha", "Kenji", "Olga", "Pedro", "Sara", "Omar",
         "Elena", "Tomas", "Grace", "Ivan", "Nadia", "Samuel", "Leila", "Hugo", "Mei", "Kofi"]
LAST = ["Ruiz", "Okafor", "Tanaka", "Novak", "Haddad", "Silva", "Moreau", "Khan", "Berg",
        "Mensah", "Petrov", "Lindqvist", "Achebe", "Castillo", "Nakamura", "Kowalski",
        "Rahman", "Duarte", "Eriksen", "Abadi", "Varga", "Horvat", "Quispe", "Ferreira"]
TITLES = ["Foreign Minister", "Defence Minister", "President", "Secretary", "Ambassador",
          "Gen."]
OUTLETS = ["Daily Ledger", "Morning Post", "Wire Service", "Evening Herald", "Radio Free"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NAMES_2MB = ["Paris", "Lyon", "Berlin", "Madrid", "Lagos", "Quito", "Lima", "Nairobi",
             "Vilnius", "Manila", "Hanoi", "Cairo", "Accra", "Dakar", "Tunis", "Oslo",
             "Bogotá", "Caracas", "Santiago", "Havana", "Toronto", "Chicago", "Denver",
             "Boston", "Houston", "Rome", "Vienna", "Prague", "Warsaw", "Athens"]


# --- inputs -------------------------------------------------------------------------------

def one_sentence_of_names(path: Path, size: int = 2_000_000) -> None:
    """Case a: one article, one sentence, nothing but capitalised place names."""
    words, total, i = [], 0, 0
    while total < size:
        word = NAMES_2MB[i % len(NAMES_2MB)]
        words.append(word)
        total += len(word) + 1
        i += 1
    path.write_text(" ".join(words) + "\n", encoding="utf-8")


def long_news_sentence(path: Path, size: int = 80_000, seed: int = 5) -> None:
    """Case b: one article whose single sentence names places about 3,500 times."""
    rng = random.Random(seed)
    parts = [f"On Monday {rng.choice(TITLES)} {rng.choice(FIRST)} {rng.choice(LAST)} said"]
    total = len(parts[0])
    while total < size:
        city, country = rng.choice(CITIES)
        who = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        part = rng.choice([
            f"{who} visited {city}, {country}",
            f"troops moved from {city} to {rng.choice(CITIES)[0]}",
            f"officials in {city} met with {who}",
            f"migrants crossed from {country} to {rng.choice(CITIES)[1]}",
        ])
        parts.append(part)
        total += len(part) + 2
    # Commas and "and" only: no full stop, so the whole text is one sentence.
    path.write_text(", and ".join(parts) + ".\n", encoding="utf-8")


@dataclass(frozen=True)
class Happening:
    """One thing that happened, which several articles then tell."""

    kind: str
    date: dt.date
    who: tuple[str, str, str]  # title, first, last
    other: tuple[str, str]  # first, last
    city: int
    city2: int


def _happenings(n: int, rng: random.Random) -> list[Happening]:
    start = dt.date(2023, 1, 1)
    return [Happening(rng.choice(["visit", "meeting", "agreement", "denied", "migration"]),
                      start + dt.timedelta(days=rng.randrange(365)),
                      (rng.choice(TITLES), rng.choice(FIRST), rng.choice(LAST)),
                      (rng.choice(FIRST), rng.choice(LAST)),
                      *rng.sample(range(len(CITIES)), 2)) for _ in range(n)]


def _when(h: Happening, published: dt.date, rng: random.Random) -> str:
    """The happening's date as an article published on ``published`` writes it."""
    if published == h.date:
        return rng.choice(["today", f"on {h.date:%B} {h.date.day}"])
    if (published - h.date).days < 6 and rng.random() < 0.5:
        return f"on {WEEKDAYS[h.date.weekday()]}"
    return f"on {h.date:%B} {h.date.day}"


def _tell(h: Happening, published: dt.date, rng: random.Random) -> str:
    (city, country), (city2, country2) = CITIES[h.city], CITIES[h.city2]
    title, first, last = h.who
    full = rng.choice([f"{title} {first} {last}", f"{first} {last}"])
    when = _when(h, published, rng)
    if h.kind == "visit":
        return rng.choice([
            f"{full} visited {city}, {country}, {when} to meet officials.",
            f"{full} arrived in {city} {when} for talks. {last} later toured the port.",
        ])
    if h.kind == "meeting":
        return f"{full} met with {h.other[0]} {h.other[1]} in {city} {when}."
    if h.kind == "agreement":
        return f"{country} and {country2} signed an agreement in {city} {when} to share water."
    if h.kind == "denied":
        return (f"{country} will not send troops to {country2}, {full} told reporters "
                f"{when}.")
    return (f"Thousands of migrants crossed from {country} to {country2} {when}, officials "
            f"in {city2} said.")


def news_story(path: Path, n: int, *, tellings: tuple[int, int] = (2, 4),
               paragraphs: int = 1, seed: int = 11, size: int | None = None) -> tuple[int, int]:
    """Cases c and d: n articles in JSON Lines; each happening is told by several of them.

    With ``size``, articles are written until the file holds that many bytes (``n`` then
    only sets how many happenings there are to tell). Returns (articles, bytes).
    """
    rng = random.Random(seed)
    pool = _happenings(max(1, n * (tellings[0] + tellings[1]) * paragraphs // 16), rng)
    written = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in itertools.count():
            if (written >= size) if size is not None else (i >= n):
                break
            paras = []
            for _ in range(paragraphs):
                told = rng.sample(pool, rng.randint(*tellings))
                latest = max(h.date for h in told)
                published = latest + dt.timedelta(days=rng.randrange(4))
                paras.append(" ".join(_tell(h, published, rng) for h in told))
            first = told[0]
            line = json.dumps({
                "id": f"a{i}", "title": f"{CITIES[first.city][0]}: {first.kind} report",
                "outlet": rng.choice(OUTLETS), "url": f"https://news.example/{i}",
                "published": published.isoformat(), "text": "\n\n".join(paras),
            }, ensure_ascii=False) + "\n"
            fh.write(line)
            written += len(line.encode())
    return i, path.stat().st_size


# --- running ------------------------------------------------------------------------------

@dataclass
class Run:
    """One build: what it read, how long it took, its peak memory and what it wrote."""

    case: str
    input_desc: str
    seconds: float
    peak_mb: float
    status: str
    outputs: dict[str, int]


def build(case: str, source: Path, out: Path, desc: str, *, limit_gb: float,
          timeout: float) -> Run:
    """Run ``geomap build`` in a fresh process; measure wall time and its own peak RSS."""
    limit = int(limit_gb * 2**30)

    def cap() -> None:  # in the child, before exec: a runaway build fails, the machine lives
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    args = [sys.executable, "-m", "geomap", "-q", "build", str(source), "--out", str(out),
            "--self-contained", "--name", case]
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=cap)
    assert proc.stderr is not None
    deadline = start + timeout
    status = "ok"
    while True:
        pid, code, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            _, code, usage = os.wait4(proc.pid, 0)
            status = f"stopped after {timeout:.0f} s"
            break
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(code)
    err = proc.stderr.read().decode(errors="replace")
    if status == "ok" and proc.returncode not in (0, 3):
        status = f"failed (exit {proc.returncode}): {err.strip().splitlines()[-1:]}"
    outputs = {p.name.removeprefix(f"{case}."): p.stat().st_size
               for p in sorted(out.glob(f"{case}.*"))} if out.exists() else {}
    # ru_maxrss is in kilobytes on Linux.
    return Run(case, desc, seconds, usage.ru_maxrss / 1024, status, outputs)


def pathological_page(path: Path, size: int, seed: int = 11) -> None:
    """An HTML page of punctuation runs and unterminated tags, about ``size`` bytes."""
    rng = random.Random(seed)
    bits = ["." * 50, "?!" * 20, ".\u201d)" * 10, "<a href='", "<b", "&amp", "Mr. ", "U.S. ",
            "Paris. ", "\u2026" * 30, "e.g. ", "<p>", "Lima", "...\"'", " "]
    parts = ["<html><head><title>", "." * 1000, "</title></head><body><p>"]
    total = sum(map(len, parts))
    while total < size:
        bit = rng.choice(bits)
        parts.append(bit)
        total += len(bit)
    path.write_text("".join(parts), encoding="utf-8")


def _mb(n: int) -> str:
    return f"{n / 1e6:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", nargs="+", default=["a", "b", "c", "d"],
                        choices=["a", "b", "c", "d", "e"])
    parser.add_argument("--small", type=int, default=25_000, help="articles, case c")
    parser.add_argument("--large", type=int, default=100_000, help="articles, case c")
    parser.add_argument("--big-mb", type=float, default=100.0, help="JSON Lines MB, case d")
    parser.add_argument("--limit-gb", type=float, default=8.0,
                        help="address-space limit of each build")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per build")
    parser.add_argument("--keep", type=Path, default=None,
                        help="generate the inputs here and keep them (for profiling)")
    parser.add_argument("--write", type=Path, default=None)
    args = parser.parse_args()
    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = args.keep or Path(tmp_name)
        tmp.mkdir(parents=True, exist_ok=True)

        def run(case: str, source: Path, desc: str) -> None:
            result = build(case, source, Path(tmp_name) / f"out-{case}", desc,
                           limit_gb=args.limit_gb, timeout=args.timeout)
            print(f"{case}: {desc}: {result.seconds:.1f} s, {result.peak_mb:,.0f} MB, "
                  f"{result.status}, {result.outputs}", flush=True)
            runs.append(result)

        if "a" in args.cases:
            src = tmp / "names-2mb.txt"
            one_sentence_of_names(src)
            run("a", src, f"1 article, one {_mb(src.stat().st_size)} MB sentence of "
                "capitalised place names")
        if "b" in args.cases:
            src = tmp / "sentence-80kb.txt"
            long_news_sentence(src)
            run("b", src, f"1 article, one {src.stat().st_size / 1e3:.0f} KB sentence, "
                "~3,500 place mentions")
        if "c" in args.cases:
            for n in (args.small, args.large):
                src = tmp / f"news-{n}.jsonl"
                _, size = news_story(src, n)
                run(f"c{n}", src, f"{n:,} short articles, JSON Lines ({_mb(size)} MB)")
        if "d" in args.cases:
            src = tmp / "news-100mb.jsonl"
            # Longer articles: eight paragraphs of two to four tellings each (about 2 KB).
            n, size = news_story(src, int(args.big_mb * 1e6 / 2000), paragraphs=8, seed=13,
                                 size=int(args.big_mb * 1e6))
            run("d", src, f"{n:,} articles of ~{size / n / 1e3:.1f} KB, JSON Lines "
                f"({_mb(size)} MB)")
        if "e" in args.cases:
            for mb in (1, 4):
                src = tmp / f"pathological-{mb}mb.html"
                pathological_page(src, mb * 1_000_000)
                run(f"e{mb}", src, f"1 HTML page of {mb} MB: punctuation runs, unterminated "
                    "tags")
    machine = (f"{os.cpu_count()} cores, {platform.machine()}, Python "
               f"{platform.python_version()}")
    if "e" in args.cases:
        table = _table([r for r in runs if r.case.startswith("e")], args)
        by_case = {r.case: r for r in runs}
        if by_case["e1"].status == by_case["e4"].status == "ok":
            ratio = by_case["e4"].seconds / by_case["e1"].seconds
            table += (f"\nThe 4 MB page builds in {ratio:.2f}× the time of the 1 MB one "
                      "(linear would be ≤ 4×, plus start-up).\n")
        print(table)
        if args.write:
            replace_section(args.write, HEADING_E, (
                f"Command: `python benchmarks/hostile_scale.py --cases e --write "
                f"docs/benchmarks.md` ({machine}; measured as in the section above).\n\n"
                + table))
        runs = [r for r in runs if not r.case.startswith("e")]
    if not runs:
        return
    table = _table(runs, args)
    print(table)
    if args.write:
        cases = " ".join(c for c in args.cases if c != "e")
        replace_section(args.write, HEADING, (
            f"Command: `python benchmarks/hostile_scale.py --cases {cases} --write "
            f"docs/benchmarks.md` ({machine}; each build `geomap build --self-contained` in a "
            f"fresh process, start to exit, imports and gazetteer load included; peak "
            f"resident memory of that process; limit {args.limit_gb:g} GB of address "
            "space).\n\n" + table))


def _table(runs: list[Run], args: argparse.Namespace) -> str:
    lines = ["| case | input | build s | peak MB | places.geojson MB | events.geojson MB "
             "| map HTML MB | all files MB | status |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        o = r.outputs
        lines.append(
            f"| {r.case} | {r.input_desc} | {r.seconds:.1f} | {r.peak_mb:,.0f} | "
            f"{_mb(o.get('places.geojson', 0))} | {_mb(o.get('events.geojson', 0))} | "
            f"{_mb(o.get('html', 0))} | {_mb(sum(o.values()))} | {r.status} |")
    by_case = {r.case: r for r in runs}
    small, large = by_case.get(f"c{args.small}"), by_case.get(f"c{args.large}")
    text = "\n".join(lines) + "\n"
    if small and large and small.status == large.status == "ok":
        ratio = large.seconds / small.seconds
        text += (f"\n{args.large:,} articles build in {ratio:.2f}× the time of "
                 f"{args.small:,} ({args.large / args.small:g}× the articles; goal ≤ 4.5×).\n")
    return text


if __name__ == "__main__":
    main()
