"""``geomap review``: a local web page to check a story and record the newsroom's corrections.

The page shows the story's map beside a table of every place, actor and event with its
evidence, least certain first. Each action writes ``geomap.corrections.toml`` beside the
articles (see ``docs/corrections.md``) and redraws the map. The review is a front, like the
command line: it draws with the map package.
"""

from __future__ import annotations

from .app import create_app, serve
from .corrections import CORRECTIONS_FILE, append_entry

__all__ = ["CORRECTIONS_FILE", "append_entry", "create_app", "serve"]
