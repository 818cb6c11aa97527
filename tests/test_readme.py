"""README.md's examples run as written, so a reader can trust them (issue 17).

Sybil finds README's fenced blocks. Every block runs, in document order, in one temporary
folder holding a copy of what the examples read (``seeds/``, and stand-ins for the folders
the examples name as the reader's own); whatever they write lands there, never in the
repository:

- ```python blocks run in one namespace shared by the whole document, in that folder;
- ```bash / ```sh / ```shell / ```console blocks run for real through ``bash -c`` with
  ``set -euo pipefail``, ``geomap`` being the installed console script. Two commands are
  verified instead of run: ``pip install ...`` and ``python -m pytest`` (see
  :func:`verify_pip_install` and :func:`verify_test_command`).

Blocks that are not code (usage synopses, output and data samples, diagrams, layouts) are
listed in :data:`NOT_RUN`; a block of any other kind fails a test, so a new example never
goes untested silently. The suite stays offline: network services the examples use have
local stand-ins (:data:`OFFLINE_STAND_INS`, the geocoder in :class:`Workspace`), and the
examples cannot reach anything but this machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sysconfig
import threading
import tomllib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from packaging.requirements import Requirement
from sybil import Example, Sybil
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.markdown import CodeBlockParser
from sybil.parsers.markdown.lexers import FencedCodeBlockLexer

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CI_RUN = ROOT / ".ci" / "run"

PYTHON = ("python",)
SHELL = ("bash", "sh", "shell", "console")
# Fenced blocks that are not commands: they are read, never run.
NOT_RUN = {
    "text": "usage synopses (geomap's command line)",
    "json": "data and output samples",
    "toml": "configuration fragments",
    "": "diagrams and folder layouts",
}

# Dask's sockets and threads (the stand-in scheduler) outlive a block by design; their
# ResourceWarnings say nothing about the README.
pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning",
                                        "ignore::pytest.PytestUnraisableExceptionWarning")


# --- the folder the examples run in ----------------------------------------------------------

class Workspace:
    """The temporary folder, stand-ins and guards one run of README's examples shares."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.monkeypatch = pytest.MonkeyPatch()
        self.failed: list[int] = []  # lines of the blocks that failed
        self.next = 0  # the first block not run yet
        self.geocoder_waits: list[float] = []
        self._server: ThreadingHTTPServer | None = None
        self._cluster: Any = None
        self._layers: dict[str, Any] = {}
        self.repository: dict[str, int | None] = {}

    # The files the examples read. "corpus/" and "feeds/*.jsonl" in README are the reader's
    # own articles (a folder, JSON Lines files); the seed articles stand in for them.
    def setup(self, namespace: dict[str, Any]) -> None:
        shutil.copytree(ROOT / "seeds", self.root / "seeds")
        shutil.copytree(ROOT / "seeds", self.root / "corpus")
        sidecar = json.loads((ROOT / "seeds" / "articles.json").read_text(encoding="utf-8"))
        lines = []
        for name, meta in sidecar["articles"].items():
            record = {"id": Path(name).stem,
                      "text": (ROOT / "seeds" / name).read_text(encoding="utf-8")}
            record.update({k: meta[k] for k in ("title", "outlet", "url", "published")
                           if meta.get(k)})
            lines.append(json.dumps(record, ensure_ascii=False))
        (self.root / "feeds").mkdir()
        (self.root / "feeds" / "seeds.jsonl").write_text("\n".join(lines) + "\n",
                                                         encoding="utf-8")
        self.repository = repository_outputs()
        namespace["__workspace__"] = self
        self._offline_geocoder()
        from geomap.map.layers import base

        self._layers = base.available_layers()  # built-ins and plugins loaded, then kept

    def teardown(self, namespace: dict[str, Any]) -> None:
        from geomap.map.layers import base

        # The "Add a layer" example registers a layer; the rest of the suite never sees it.
        base._REGISTRY.clear()
        base._REGISTRY.update(self._layers)
        self.monkeypatch.undo()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._cluster is not None:
            self._cluster.close()
        namespace.pop("__workspace__", None)

    def _offline_geocoder(self) -> None:
        """README geocodes with Nominatim; a stand-in on 127.0.0.1 answers instead.

        It speaks Nominatim's JSON, so geopy's real ``Nominatim`` client, geomap's
        ``GeopyResolver`` and its cache file run as written; the answers come from the
        embedded gazetteer with the seed story's pack (Nominatim knows the Darién Gap too).
        geopy's rate limiter would wait a second between the example's ~16 requests: its
        clock is moved on instead, and the waits recorded.
        """
        import time

        import geopy.extra.rate_limiter
        import geopy.geocoders

        import geomap
        from geomap.packs import apply_packs

        gazetteer = apply_packs(geomap.load_gazetteer(),
                                [geomap.load_pack(ROOT / "seeds" / "pack")])[0]

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = parse_qs(urlparse(self.path).query).get("q", [""])[0]
                loc = gazetteer.geocode(query)
                found = [] if loc is None else [{
                    "lat": str(loc.latitude), "lon": str(loc.longitude),
                    "display_name": loc.address, "place_id": 1}]
                body = json.dumps(found).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        host, port = self._server.server_address[:2]
        real = geopy.geocoders.Nominatim

        class Nominatim(real):
            """geopy's Nominatim client, asking the stand-in on this machine."""

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                kwargs.update(domain=f"{host!s}:{port}", scheme="http")
                super().__init__(*args, **kwargs)

        self.monkeypatch.setattr(geopy.geocoders, "Nominatim", Nominatim)
        waits = self.geocoder_waits

        def clock() -> float:
            return time.perf_counter() + sum(waits)

        self.monkeypatch.setattr(geopy.extra.rate_limiter, "default_timer", clock)
        self.monkeypatch.setattr(geopy.extra.rate_limiter, "sleep", waits.append)

    def scheduler(self) -> str:
        """A Dask scheduler on this machine, with one worker process, started on first use."""
        if self._cluster is None:
            from dask.distributed import LocalCluster

            self._cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                         dashboard_address=":0", host="127.0.0.1")
        return str(self._cluster.scheduler_address)

    def shell_env(self) -> dict[str, str]:
        env = dict(os.environ)
        # `geomap` is the console script installed next to this Python.
        scripts = sysconfig.get_path("scripts")
        assert (Path(scripts) / "geomap").is_file(), f"no geomap console script in {scripts}"
        env["PATH"] = scripts + os.pathsep + env.get("PATH", "")
        # Nothing listens on port 9: a command reaching for a web service fails, never leaves.
        for var in ("http_proxy", "https_proxy", "all_proxy"):
            env[var] = env[var.upper()] = "http://127.0.0.1:9"
        env["no_proxy"] = env["NO_PROXY"] = "127.0.0.1,localhost"
        return env

    def run_through(self, index: int) -> None:
        """Run the blocks up to ``index`` that have not run yet, in order; fail on ``index``."""
        while self.next <= index:
            example = EXAMPLES[self.next]
            self.next += 1
            try:
                example.evaluate()
            except Exception as err:
                self.failed.append(example.line)
                if example is EXAMPLES[index]:
                    earlier = [n for n in self.failed if n < example.line]
                    if earlier:  # say so: this block may only have failed because of them
                        err.add_note(f"(earlier README blocks failed: lines {earlier})")
                    raise


# What README's examples write, by the paths they give. Those the repository does not hold
# must stay there as they were (absent, or untouched if a reader made them by hand).
WRITTEN = ("custom.html", "maps/stable.html", "maps/year.html", "maps/corpus.html",
           "events.csv", "tables.json", "movements.csv", "tables", "geocache.json")


def repository_outputs() -> dict[str, int | None]:
    return {path: (ROOT / path).stat().st_mtime_ns if (ROOT / path).exists() else None
            for path in WRITTEN}


# --- the offline guard ----------------------------------------------------------------------

_LOCAL = ("127.0.0.1", "::1", "localhost")


@contextlib.contextmanager
def offline() -> Iterator[None]:
    """Refuse any connection or name lookup beyond this machine while an example runs."""
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def local(address: object) -> bool:
        return not isinstance(address, tuple) or str(address[0]) in _LOCAL

    def connect(sock: socket.socket, address: Any) -> None:
        if not local(address):
            raise OSError(f"README examples run offline; refused a connection to {address}")
        real_connect(sock, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and name not in _LOCAL:
            raise OSError(f"README examples run offline; refused to look up {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", connect)
        mp.setattr(socket, "getaddrinfo", getaddrinfo)
        yield


# --- Python blocks ------------------------------------------------------------------------

class InWorkspace:
    """Sybil's Python evaluator, run in the workspace folder and offline."""

    def __init__(self) -> None:
        self.evaluate = PythonEvaluator()

    def __call__(self, example: Example) -> None:
        __tracebackhide__ = True
        workspace: Workspace = example.namespace["__workspace__"]
        with contextlib.chdir(workspace.root), offline():
            self.evaluate(example)


# --- shell blocks -------------------------------------------------------------------------

# README's examples name services of the reader's own; each has a stand-in on this machine.
# "tcp://10.0.0.5:8786" is "your cluster's scheduler": a LocalCluster here takes its place, so
# the command runs for real, with its workers, offline.
OFFLINE_STAND_INS: dict[str, Callable[[Workspace], str]] = {
    "tcp://10.0.0.5:8786": Workspace.scheduler,
}
_NETWORK = re.compile(r"\b(?:https?|tcp|ftp)://\S+")


def commands(source: str, language: str) -> list[str]:
    """Return a shell block's commands, one logical line each (continuations joined)."""
    lines = source.splitlines()
    if language == "console":  # "$ command" lines; the others are output
        lines = [line[2:] for line in lines if line.startswith("$ ")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    return [line.strip() for line in joined.splitlines()
            if line.strip() and not line.strip().startswith("#")]


def installed(req: Requirement, extra: str = "", seen: set[str] | None = None) -> list[str]:
    """Return what is missing for ``req`` (with the extras it names), checked against metadata."""
    seen = set() if seen is None else seen
    if str(req) in seen or (req.marker is not None and not req.marker.evaluate({"extra": extra})):
        return []  # checked already, or not for this platform
    seen.add(str(req))
    try:
        dist = metadata.distribution(req.name)
    except metadata.PackageNotFoundError:
        return [f"{req} is not installed"]
    if not req.specifier.contains(dist.version, prereleases=True):
        return [f"{req} is wanted, {req.name} {dist.version} is installed"]
    missing = []
    for wanted in sorted(req.extras):
        for line in dist.requires or []:
            dep = Requirement(line)
            if dep.marker is not None and dep.marker.evaluate({"extra": wanted}) and not (
                    dep.marker.evaluate({"extra": ""})):
                dep.marker = None
                missing += installed(dep, seen=seen)
    return missing


def verify_pip_install(args: str) -> None:
    """Check what ``pip install ARGS`` would install is installed, instead of installing it.

    The test must not reinstall the project into the environment running it (nor reach the
    package index: the suite is offline). What the command promises is that the project and
    every requirement of the extras it names are there: that is checked, against
    pyproject.toml with packaging's requirement parsing and importlib.metadata.
    """
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    missing: list[str] = []
    for target in shlex.split(args):
        if target in ("-e", "--editable", "-q", "--quiet", "-U", "--upgrade"):
            continue
        local = re.fullmatch(r"\.(?:\[(?P<extras>[\w,\s-]*)\])?", target)
        if local is None:  # a package from the index, by name
            missing += installed(Requirement(target))
            continue
        version = metadata.version(project["name"])
        if version != project["version"]:
            missing.append(f"{project['name']} {version} is installed, pyproject.toml says "
                           f"{project['version']}")
        reqs = [(Requirement(r), "") for r in project["dependencies"]]
        for extra in filter(None, re.split(r"[,\s]+", local["extras"] or "")):
            if extra not in project["optional-dependencies"]:
                missing.append(f"pyproject.toml has no extra {extra!r}")
                continue
            reqs += [(Requirement(r), extra) for r in project["optional-dependencies"][extra]]
        for req, extra in reqs:
            missing += installed(req, extra)
    assert not missing, f"`pip install {args}` would install what is not installed: {missing}"


def verify_test_command(command: str) -> None:
    """Check README's test command is exactly what CI runs, instead of running it.

    Running ``python -m pytest`` from inside the test suite would run this test again, and
    again. The promise README makes is that it is CI's command: ``.ci/run`` must run it, as
    written.
    """
    ci = commands(CI_RUN.read_text(encoding="utf-8"), "bash")
    assert command in ci, f"README's test command {command!r} is not what .ci/run runs: {ci}"


_PIP = re.compile(r"(?:python -m )?pip install\s+(?P<args>[^&|;]+?)\s*(?:&&\s*(?P<rest>.+))?")
_PYTEST = re.compile(r"python -m pytest\b.*")


def runnable(command: str) -> str | None:
    """Return what of one README command runs for real (None: nothing), verifying the rest."""
    rest: str | None = command
    pip = _PIP.fullmatch(command)
    if pip is not None:
        verify_pip_install(pip["args"])
        rest = pip["rest"]
    if rest is not None and _PYTEST.fullmatch(rest):
        verify_test_command(command)
        rest = None
    return rest


class RunShell:
    """Run a shell block's commands through ``bash -c`` in the workspace, stopping at a failure."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, example: Example) -> None:
        __tracebackhide__ = True
        workspace: Workspace = example.namespace["__workspace__"]
        script = [c for c in map(runnable, commands(example.parsed, self.language)) if c]
        if not script:
            return
        text = "\n".join(script)
        for placeholder, stand_in in OFFLINE_STAND_INS.items():
            if placeholder in text:
                text = text.replace(placeholder, stand_in(workspace))
        remote = [url for url in _NETWORK.findall(text) if urlparse(url).hostname not in _LOCAL]
        assert not remote, (f"README commands need the network ({remote}); give them a stand-in "
                            "in OFFLINE_STAND_INS")
        done = subprocess.run(
            ["bash", "-c", "set -euo pipefail\n"
                           "trap 'echo \"README command failed: $BASH_COMMAND\" >&2' ERR\n"
                           + text],
            cwd=workspace.root, env=workspace.shell_env(), stdin=subprocess.DEVNULL,
            capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, (
            f"README.md line {example.line}: exit {done.returncode}\n--- commands\n{text}\n"
            f"--- stderr\n{done.stderr[-4000:]}\n--- stdout\n{done.stdout[-2000:]}")


# --- the document -------------------------------------------------------------------------

SYBIL = Sybil(parsers=[CodeBlockParser(language, InWorkspace()) for language in PYTHON]
              + [CodeBlockParser(language, RunShell(language)) for language in SHELL],
              patterns=["README.md"])
DOCUMENT = SYBIL.parse(README)
EXAMPLES: list[Example] = list(DOCUMENT.examples())


def block_id(example: Example) -> str:
    return f"README.md:{example.line}:{example.region.lexemes['arguments']}"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    space = Workspace(tmp_path_factory.mktemp("readme"))
    space.setup(DOCUMENT.namespace)
    try:
        yield space
    finally:
        space.teardown(DOCUMENT.namespace)


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(EXAMPLES)), ids=[block_id(e) for e in EXAMPLES])
def test_readme_block(workspace: Workspace, index: int) -> None:
    """Each block runs after the ones before it (run first if they were deselected)."""
    workspace.run_through(index)


def test_every_block_is_run_or_known_not_to_be() -> None:
    lexer = FencedCodeBlockLexer(language=r"[^\n]*")
    blocks = [(DOCUMENT.text.count("\n", 0, r.start) + 1, r.lexemes["language"].strip())
              for r in lexer(DOCUMENT)]
    unknown = [(line, lang) for line, lang in blocks
               if lang not in PYTHON + SHELL and lang not in NOT_RUN]
    assert not unknown, f"README blocks neither run nor listed in NOT_RUN: {unknown}"
    run = sorted(line for line, lang in blocks if lang in PYTHON + SHELL)
    assert run == [e.line for e in EXAMPLES]
    assert {"python", "bash"} <= {lang for _, lang in blocks}


def test_the_examples_wrote_only_into_their_folder(workspace: Workspace) -> None:
    workspace.run_through(len(EXAMPLES) - 1)
    for path in (*WRITTEN, "maps/darien-gap.html"):
        assert (workspace.root / path).exists(), path
    assert repository_outputs() == workspace.repository, "an example wrote in the repository"
    assert workspace.geocoder_waits, "the stand-in geocoder was not asked"
