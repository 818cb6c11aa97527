"""Run the command line as ``python -m geomap``."""

from __future__ import annotations

from .cli import main

main(prog_name="geomap")
