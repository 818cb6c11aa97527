"""Write one benchmark's section of docs/benchmarks.md, leaving the others alone."""

from __future__ import annotations

from pathlib import Path


def replace_section(path: Path, heading: str, body: str) -> None:
    """Replace the section that starts with ``## {heading}`` (up to the next one of the
    same family, or the next "## " heading), or append it."""
    section = f"## {heading}\n\n{body.rstrip()}\n\n"
    doc = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    start = doc.find(f"## {heading}\n")
    if start >= 0:
        end = doc.find("\n## ", start + 1)
        doc = doc[:start] + section + (doc[end + 1:] if end >= 0 else "")
    else:
        doc = doc.rstrip() + "\n\n" + section
    path.write_text(doc.rstrip() + "\n", encoding="utf-8")
