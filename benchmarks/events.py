"""Score geomap's events on the gold events of real news articles.

    python benchmarks/events.py [--data ../shared/benchmarks] [--write docs/benchmarks.md]

Runs the story pipeline (:func:`geomap.story_from_articles`) on every article of
``events/dev.jsonl`` alone, with the article's publication date, writes the events in the
scorer's format and scores them with the gold set's own ``score.py`` (see its
``GUIDELINE.md``): precision, recall and F1 of events matched by family and place (161 km),
agent, date and modality agreement on the matched pairs, recall per family. Also reports the
pipeline's throughput after loading. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _doc import replace_section

import geomap
from geomap.model import Article

HEADING = "Events (gold events of real news)"
ROOT = Path(__file__).resolve().parents[1]


def load_gold(data: Path) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The gold lines and the texts of their articles, by id."""
    def lines(path: Path) -> list[dict[str, Any]]:
        # Newlines only: the texts hold U+2028, which splitlines() would cut at.
        return [json.loads(x) for x in path.read_text(encoding="utf-8").split("\n") if x]

    gold = lines(data / "events" / "dev.jsonl")
    texts = {doc["id"]: doc for corpus in ("lgl", "geovirus")
             for doc in lines(data / f"{corpus}.jsonl")}
    return gold, texts


def predict(story: geomap.Story) -> list[dict[str, Any]]:
    """The story's events in the scorer's format: one event per place it happened in."""
    out = []
    for ev in story.events:
        actors = [{"name": a.name, "role": p.role}
                  for p in ev.participants if (a := story.actor(p.actor_id)) is not None]
        base = {"code": ev.code, "family": getattr(ev, "family", None), "label": ev.label,
                "actors": actors, "modality": ev.modality, "trigger": ev.trigger,
                "date": ev.date.isoformat() if ev.date else None,
                "date_precision": ev.date_precision,
                "quote": ev.evidence[0].quote if ev.evidence else None,
                "quotes": [e.quote for e in ev.evidence]}
        places = [p for pid in ev.place_ids if (p := story.place(pid)) is not None]
        if not places:
            out.append({**base, "lat": None, "lon": None})
        for place in places:
            out.append({**base, "place": place.candidate.name, "lat": place.candidate.lat,
                        "lon": place.candidate.lon})
    return out


def run(data: Path, dump: Path | None = None) -> tuple[dict[str, Any], float, int]:
    gold, texts = load_gold(data)
    gaz = geomap.load_gazetteer()
    geomap.story_from_articles([Article("warm", "Officials met in Paris on Monday.")],
                               gazetteer=gaz)  # load lazily built resources before timing
    preds = []
    started = time.perf_counter()
    for line in gold:
        doc = texts[line["id"]]
        published = dt.date.fromisoformat(line["published"]) if line.get("published") else None
        article = Article(line["id"], doc["text"], title=doc.get("title"), published=published)
        story = geomap.story_from_articles([article], gazetteer=gaz)
        preds.append({"id": line["id"], "events": predict(story)})
    seconds = time.perf_counter() - started
    lines = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds)
    if dump:
        dump.write_text(lines, encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        pred_path = Path(tmp) / "pred.jsonl"
        pred_path.write_text(lines, encoding="utf-8")
        scored = subprocess.run(
            [sys.executable, str(data / "events" / "score.py"), str(data / "events" / "dev.jsonl"),
             str(pred_path), "--json"], check=True, capture_output=True, text=True)
    return json.loads(scored.stdout), seconds, len(gold)


def speed(data: Path, n: int) -> dict[str, float]:
    """Articles per second of the story pipeline with events, on the first ``n`` LGL articles.

    Two runs in one process after loading: geomap as it is (only sentences with an event word
    parsed) and the spaCy-everywhere peer (every sentence parsed, as a pipeline that runs the
    model over all text would).
    """
    import geomap.extract.events as events_module

    lines = (data / "lgl.jsonl").read_text(encoding="utf-8").split("\n")
    docs = [json.loads(x) for x in lines if x][:n]
    articles = [Article(d["id"], d["text"], title=d.get("title")) for d in docs]
    gaz = geomap.load_gazetteer()
    geomap.story_from_articles([Article("warm", "Officials met in Paris on Monday.")],
                               gazetteer=gaz)
    out = {}
    gate = events_module.may_hold_event
    for name, test in (("geomap", gate), ("spaCy everywhere", lambda *_: True)):
        events_module.may_hold_event = test  # type: ignore[assignment]
        try:
            started = time.perf_counter()
            for article in articles:
                geomap.story_from_articles([article], gazetteer=gaz)
            out[name] = len(articles) / (time.perf_counter() - started)
        finally:
            events_module.may_hold_event = gate
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "benchmarks")
    parser.add_argument("--write", type=Path, default=None)
    parser.add_argument("--dump", type=Path, default=None,
                        help="also write the predictions (JSON Lines) here, for reading")
    parser.add_argument("--speed", type=int, default=200,
                        help="LGL articles for the speed run (0: no speed run)")
    args = parser.parse_args()
    result, seconds, n = run(args.data, args.dump)
    rows = ["| metric | value | goal |", "|---|---|---|"]
    goals = {"f1": "≥ 0.70", "agent_ok": "≥ 0.70", "date_ok": "≥ 0.85", "modality_ok": "≥ 0.90"}
    for key in ("gold", "pred", "matched", "precision", "recall", "f1", "agent_ok", "date_ok",
                "modality_ok"):
        rows.append(f"| {key} | {result[key]} | {goals.get(key, '')} |")
    per_family = ", ".join(f"{k} {v}" for k, v in result["recall_by_family"].items())
    text = ("\n".join(rows) + f"\n\nRecall by family (goal: none below 0.5): {per_family}.\n\n"
            f"{n} articles in {seconds:.1f} s: {n / seconds:.1f} articles/s after loading.\n")
    if args.speed:
        rates = speed(args.data, args.speed)
        text += (f"\nSpeed, story pipeline with events, first {args.speed} LGL articles, one "
                 "process after loading (goal ≥ 50 articles/s): "
                 + ", ".join(f"{k} {v:.1f} articles/s" for k, v in rates.items())
                 + f" (geomap is {rates['geomap'] / rates['spaCy everywhere']:.2f}× the "
                 "peer that parses every sentence).\n")
    print(text)
    if args.write:
        machine = f"{platform.machine()}, Python {platform.python_version()}"
        replace_section(args.write, HEADING, (
            "Command: `python benchmarks/events.py --write docs/benchmarks.md` "
            f"({machine}; gold: `../shared/benchmarks/events/dev.jsonl`, 30 real articles, "
            "195 events, scored by its `score.py`; each article built alone as a story).\n\n"
            "Baseline before issue 15 (regex triggers over word windows): precision 0.22, "
            "recall 0.04, F1 0.06.\n\n" + text))


if __name__ == "__main__":
    main()
