"""Mark the stretches of an article that are not story body, keeping offsets intact.

"Read more:" lines link to other stories (their places are not this story's), web furniture
("Something went wrong") is noise, photo captions are kept but labelled, and a repeated
paragraph (captions are often doubled) is marked so it is not counted twice.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Section, SectionKind

__all__ = ["find_sections"]

# Lines that link to other stories: their places belong to those stories, not this one.
_RELATED = re.compile(
    r"^\s*(read more|read also|also read|related|see also|more on this|recommended)\s*[:|-]",
    re.IGNORECASE,
)
# Web page furniture that survives copy-and-paste.
_FURNITURE = re.compile(
    r"^\s*(?:[•*·-]\s*)?(oops!?|something went wrong\.?|please try again later\.?"
    r"|this article was originally published on.*|advertisement|sign up for .*newsletter.*"
    r"|share this article|click here.*|subscribe.*)\s*$",
    re.IGNORECASE,
)
# A photo caption ends with a credit in parentheses: "(Jane Doe / AP file)", "(Photo: Reuters)".
_CAPTION = re.compile(
    r"\((?:photo:?\s*)?[^()]{0,80}(?:/|photo|getty|reuters|afp|\bap\b)[^()]*\)\s*$",
    re.IGNORECASE)


def find_sections(text: str) -> tuple[Section, ...]:
    r"""Return the non-body sections of ``text``, in order.

    Examples
    --------
    >>> [s.kind for s in find_sections("Storm hits Lima.\nRead more: Floods in Quito")]
    ['related-link']
    """
    from .model import Section

    sections: list[Section] = []
    seen: set[str] = set()
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.strip()
        start, end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        if not body:
            continue
        kind: SectionKind | None = None
        if _RELATED.match(body):
            kind = "related-link"
        elif _FURNITURE.match(body):
            kind = "boilerplate"
        elif body in seen:
            kind = "boilerplate"  # a repeated paragraph (captions are often doubled)
        elif _CAPTION.search(body):
            kind = "caption"
        seen.add(body)
        if kind is not None:
            sections.append(Section(start, end, kind))
    return tuple(sections)
