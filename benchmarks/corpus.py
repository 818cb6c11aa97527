"""Corpus throughput: the local engine against Dask LocalClusters of 1 and 2 workers.

    python benchmarks/corpus.py [--articles 50000] [--write docs/benchmarks.md]

The corpus is synthetic and seeded: short news items built from templates (a minister's
visit, an agreement, a denied deployment, a migration report) over GeoNames places of the
embedded gazetteer, written as JSON Lines. Each engine extracts the events and places tables
to partitioned GeoParquet; articles per second are measured from the start of the call to
the last file written (cluster start-up included, as a user waits for it too).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import geomap
from geomap.corpus import extract_corpus

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _doc import replace_section

TEMPLATES = [
    "Foreign Minister {first} {last} visited {city}, {country}, on {day} to meet officials.",
    "{country} and {country2} signed an agreement in {city} on {month} {n} to share water.",
    "The ministry said it would not send troops to {country2}, {first} {last} told reporters.",
    "Thousands of migrants crossed from {country} to {country2} last month, officials said.",
    "Floods hit {city} on {day}; rescuers from {city2} reached the area, the mayor said.",
]
FIRST = ["Ana", "Luis", "Maria", "John", "Aisha", "Kenji", "Olga", "Pedro", "Sara", "Omar"]
LAST = ["Ruiz", "Okafor", "Tanaka", "Novak", "Haddad", "Silva", "Moreau", "Khan", "Berg"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["March", "April", "May", "June"]


def corpus(n: int, path: Path, seed: int = 11) -> None:
    rng = random.Random(seed)
    gaz = geomap.load_gazetteer()
    cities = [c for name in ("Lima", "Quito", "Nairobi", "Vilnius", "Arica", "Manila", "Lagos",
                             "Hanoi", "Cairo", "Bogotá", "Accra", "Dakar", "Tunis", "Oslo")
              for c in gaz.candidates(name)[:1]]
    countries = ["Peru", "Ecuador", "Kenya", "Lithuania", "Chile", "Philippines", "Nigeria",
                 "Vietnam", "Egypt", "Colombia", "Ghana", "Senegal", "Tunisia", "Norway"]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            c, c2 = rng.sample(range(len(cities)), 2)
            words = {"first": rng.choice(FIRST), "last": rng.choice(LAST),
                     "city": cities[c].name, "city2": cities[c2].name,
                     "country": countries[c], "country2": countries[c2],
                     "day": rng.choice(DAYS), "month": rng.choice(MONTHS), "n": rng.randint(1, 28)}
            text = " ".join(t.format(**words) for t in rng.sample(TEMPLATES, 3))
            fh.write(json.dumps({"id": f"a{i}", "text": text, "published": "2024-06-14"}) + "\n")


def timed(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--write", type=Path, default=None)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "corpus.jsonl"
        corpus(args.articles, source)
        geomap.load_gazetteer()  # the local engine's process has it loaded, as in a session
        runs = [("local engine (1 process)", {"engine": "local"}),
                ("Dask LocalCluster, 1 worker", {"engine": "dask", "workers": 1}),
                ("Dask LocalCluster, 2 workers", {"engine": "dask", "workers": 2})]
        for label, options in runs:
            out = Path(tmp) / label.split()[0] / str(options.get("workers", 0))
            seconds = timed(lambda out=out, options=options: extract_corpus(
                source, out, tables=("events", "places"), progress=False, **options))
            rows.append((label, seconds, args.articles / seconds))
            print(label, f"{seconds:.1f} s", f"{args.articles / seconds:.0f} articles/s",
                  flush=True)
    base = rows[0][2]
    lines = ["| engine | seconds | articles/s | vs local |", "|---|---|---|---|"]
    lines += [f"| {label} | {s:.1f} | {r:,.0f} | {r / base:.2f}× |" for label, s, r in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        machine = (f"{os.cpu_count()} cores, {platform.machine()}, Python "
                   f"{platform.python_version()}")
        replace_section(args.write, "Corpus on Dask (synthetic articles)", (
            f"Command: `python benchmarks/corpus.py --articles {args.articles} --write "
            f"docs/benchmarks.md` ({machine}; {args.articles:,} articles, events and places "
            "tables to partitioned GeoParquet).\n\n" + text))


if __name__ == "__main__":
    main()
