"""The core never imports the map: presentation sits on top of ingest, extract and the story."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "geomap"
# The fronts may import anything; the map package and the public layer alias are presentation.
FRONTS = {"__init__.py", "__main__.py", "cli.py"}
# Packages on top of both the core and the map: the review app shows the map beside the tables.
FRONT_PACKAGES = ("map", "layers", "review")
PRESENTATION = ("geomap.map", "geomap.layers")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[str]:
    """Return the absolute names of every module a file imports, relative ones resolved."""
    package = _module_name(path) if path.name == "__init__.py" else \
        _module_name(path).rpartition(".")[0]
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            names.append(stem)
            # "from geomap import map" imports the map package too.
            names += [f"{stem}.{alias.name}" for alias in node.names]
    return names


def _core_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py")
                  if p.relative_to(PACKAGE).parts[0] not in FRONT_PACKAGES
                  and not (p.parent == PACKAGE and p.name in FRONTS))


def test_the_resolver_sees_relative_imports() -> None:
    # The check below is only as good as this: a relative import of the map is caught.
    names = _imports(PACKAGE / "map" / "build.py")
    assert "geomap.map.layers.base" in names and "geomap.ingest" in names


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_never_imports_presentation(path: Path) -> None:
    bad = [name for name in _imports(path)
           if any(name == p or name.startswith(p + ".") for p in PRESENTATION)]
    assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}: the core must not draw"


def test_every_html_template_lives_in_a_presentation_package() -> None:
    stray = [p for p in PACKAGE.rglob("*.html")
             if p.relative_to(PACKAGE).parts[0] not in ("map", "review")]
    assert not stray
