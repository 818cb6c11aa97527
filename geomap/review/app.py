"""The review web app (starlette) and its server (uvicorn), kept apart so tests need no server.

Security: the page is served to the local machine only (the command refuses other hosts
unless asked), the Host header must be one the server answers to (no DNS rebinding), and
every POST needs the page's origin (``Origin``, else a same-origin ``Referer``), a JSON body
and the per-session token embedded in the page; anything else is answered 403. Read-only
sessions refuse every POST. The page's Content-Security-Policy allows only its own script and
style; the map has its own route and policy (inline scripts, no network) and runs in a
sandboxed frame with an opaque origin, so its scripts can neither read the page nor post.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import secrets
import socket
import sys
import tempfile
import threading
from collections.abc import Awaitable, Callable, Iterable, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import PackageLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

import geomap

from ..corrections import load_corrections, no_corrections
from ..errors import GeomapError, UsageError
from ..extract.eventlex import FAMILIES
from ..gazetteer import Gazetteer
from ..map.pages import inert_json
from ..story import Story
from .corrections import CORRECTIONS_FILE, Value, append_entry
from .rows import Row, rows

__all__ = ["LOCAL_HOSTS", "allowed_hosts", "create_app", "serve"]

log = logging.getLogger("geomap.review")

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
# Host headers of the local machine (an IPv6 address comes in brackets).
LOCAL_HOST_HEADERS = ("127.0.0.1", "localhost", "[::1]")
MODALITIES = ("occurred", "planned", "proposed", "denied", "uncertain")
DEFAULT_WHY = "reviewed in geomap review"
MAX_BODY = 16_384  # bytes of a POST's JSON
MAX_TEXT = 2_000  # characters of why / who
_SURROGATE = re.compile("[\ud800-\udfff]")

PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'")
MAP_CSP = ("sandbox allow-scripts; default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
           "script-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'; "
           "frame-ancestors 'self'")
STATIC = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}

_ENV = ImmutableSandboxedEnvironment(
    loader=PackageLoader("geomap.review", "templates"), autoescape=True,
    undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


class Forbidden(Exception):
    """A request the review refuses (403)."""


class BadRequest(Exception):
    """A request the review cannot carry out (400), with the reason."""


def _headers(csp: str, *, frame: str) -> dict[str, str]:
    return {"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": frame, "Referrer-Policy": "same-origin",
            "Cache-Control": "no-store", "Cross-Origin-Resource-Policy": "same-origin"}


def _render_map(story: Story) -> str:
    with tempfile.TemporaryDirectory(prefix="geomap-review-") as tmp:
        path = geomap.save_map(geomap.build_map(story, tiles=None), Path(tmp) / "map.html",
                               self_contained=True)
        return Path(path).read_text(encoding="utf-8")


def _corrections_folder(paths: Sequence[str | Path]) -> Path | None:
    first = Path(paths[0]) if paths else None
    return first if first is not None and first.is_dir() else None


class Review:
    """One review session: the story, its map, the corrections file and the session's token."""

    def __init__(self, paths: Sequence[str | Path], *, read_only: bool,
                 corrections_path: Path | None, today: Callable[[], dt.date],
                 gazetteer: Gazetteer | None) -> None:
        self.paths = [str(p) for p in paths]
        self.read_only = read_only
        self.corrections_path = corrections_path
        self.today = today
        self.gazetteer = gazetteer
        self.token = secrets.token_urlsafe(32)
        self.accepted: set[str] = set()
        self.version = 0
        self.lock = threading.Lock()
        self.story: Story
        self.map_html: str
        self.reload()

    def reload(self) -> None:
        """Read the story again (with the corrections file, once geomap applies it)."""
        # The session's file, once written, else none (not the folder's default: a session
        # given another file must not apply the folder's).
        target = self.corrections_path
        fixes = load_corrections(target) if target is not None and target.is_file() \
            else no_corrections()
        self.story = geomap.read(self.paths, gazetteer=self.gazetteer, corrections=fixes)
        self.map_html = _render_map(self.story)
        self.version += 1
        log.info("story %s: %d places, %d actors, %d events (map v%d)", self.story.name,
                 len(self.story.places), len(self.story.actors), len(self.story.events),
                 self.version)

    def rows(self) -> list[Row]:
        return rows(self.story)

    # -- actions ------------------------------------------------------------------------

    def act(self, action: str, body: dict[str, Any]) -> dict[str, Any]:
        """Carry out one action; write the corrections file and redraw unless it is accept."""
        with self.lock:
            if action == "accept":
                item_id = _text(body, "id", required=True)
                if not self._known(item_id):
                    raise BadRequest(f"no place, actor or event {item_id} in the story")
                self.accepted.add(item_id)
                return {"ok": True, "version": self.version, "wrote": None}
            table, entry = self._entry(action, body)
            why = _text(body, "why") or DEFAULT_WHY
            who = _text(body, "who") or None
            if self.corrections_path is None:  # pragma: no cover - refused at start
                raise BadRequest("read-only: no folder for the corrections file")
            append_entry(self.corrections_path, table, entry, why=why, who=who,
                         date=self.today())
            log.info("wrote [[%s]] %s to %s", table,
                     " ".join(f"{k}={v}" for k, v in entry.items() if v is not None),
                     self.corrections_path)
            self.reload()
            return {"ok": True, "version": self.version, "wrote": table}

    def _known(self, item_id: str) -> bool:
        story = self.story
        return (story.place(item_id) is not None or story.actor(item_id) is not None
                or any(e.id == item_id for e in story.events))

    def _entry(self, action: str, body: dict[str, Any]) -> tuple[str, dict[str, Value | None]]:
        story = self.story
        item_id = _text(body, "id", required=True)
        if action == "drop":
            kind = _text(body, "kind", required=True)
            known = {"place": story.place(item_id) is not None,
                     "actor": story.actor(item_id) is not None,
                     "event": any(e.id == item_id for e in story.events)}
            if not known.get(kind):
                raise BadRequest(f"no {kind} {item_id} in the story")
            return "drop", {kind: item_id}
        if action == "place":
            place = story.place(item_id)
            if place is None:
                raise BadRequest(f"no place {item_id} in the story")
            name = _text(body, "name", required=True)
            if name not in {m.name for m in place.mentions}:
                raise BadRequest(f"{place.id} is never named {name!r}")
            choice = _text(body, "candidate", required=True)
            candidate = next((c for c in story.gazetteer.candidates(name) if c.id == choice),
                             None)
            if candidate is None:
                raise BadRequest(f"{choice} is no candidate for {name!r}")
            if candidate.geonameid is not None and candidate.id.startswith("geonames:"):
                return "place", {"name": name, "geonameid": candidate.geonameid}
            return "place", {"name": name, "place": candidate.id}
        if action == "event":
            if not any(e.id == item_id for e in story.events):
                raise BadRequest(f"no event {item_id} in the story")
            entry: dict[str, Value | None] = {"id": item_id}
            date = _text(body, "date")
            if date:
                try:
                    entry["date"] = dt.date.fromisoformat(date)
                except ValueError as err:
                    raise BadRequest(f"not a date (YYYY-MM-DD): {date!r}") from err
            modality = _text(body, "modality")
            if modality:
                if modality not in MODALITIES:
                    raise BadRequest(f"modality must be one of {', '.join(MODALITIES)}")
                entry["modality"] = modality
            family = _text(body, "family")
            if family:
                if family not in FAMILIES:
                    raise BadRequest(f"family must be one of {', '.join(FAMILIES)}")
                entry["family"] = family
            if len(entry) == 1:
                raise BadRequest("nothing to change: give a date, a modality or a family")
            return "event", entry
        raise BadRequest(f"unknown action {action!r}")


def _text(body: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = body.get(key, "")
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise BadRequest(f"{key} must be a text of at most {MAX_TEXT} characters")
    if _SURROGATE.search(value):  # JSON may carry one; no file can hold it
        raise BadRequest(f"{key} is not valid Unicode text")
    value = value.strip()
    if required and not value:
        raise BadRequest(f"{key} is required")
    return value


def _same_origin(request: Request) -> bool:
    """Tell whether the request comes from a page of this server (Origin, else Referer)."""
    own = f"{request.url.scheme}://{request.url.netloc}"
    origin = request.headers.get("origin")
    if origin is not None:
        return origin == own
    referer = request.headers.get("referer")
    if not referer:
        return False
    parts = urlsplit(referer)
    return f"{parts.scheme}://{parts.netloc}" == own


def create_app(paths: Sequence[str | Path] | str | Path, *, read_only: bool = False,
               corrections_path: str | Path | None = None,
               today: dt.date | Callable[[], dt.date] | None = None,
               gazetteer: Gazetteer | None = None,
               allowed_hosts: Iterable[str] = LOCAL_HOST_HEADERS) -> Starlette:
    """Build the review app for the articles at ``paths``.

    Parameters
    ----------
    paths
        Files or folders of articles, as for :func:`geomap.read`.
    read_only
        Serve the page and the map only; every POST is refused (403).
    corrections_path
        The corrections file to write; by default ``geomap.corrections.toml`` in the first
        path, which must then be a folder unless ``read_only``.
    today
        The date written in each entry (a date, or a function giving it); today by default.
    gazetteer
        As for :func:`geomap.read`.
    allowed_hosts
        The host names the server answers to (the ``Host`` header; ``"*"`` for any).

    Raises
    ------
    UsageError
        When the corrections file has no folder to go in and the session is not read-only.
    """
    inputs = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if corrections_path is not None:
        target: Path | None = Path(corrections_path)
    else:
        folder = _corrections_folder(inputs)
        target = folder / CORRECTIONS_FILE if folder is not None else None
    if target is None and not read_only:
        raise UsageError("geomap review writes geomap.corrections.toml beside the articles: "
                         "give a folder as the first path, or use --read-only")
    clock: Callable[[], dt.date]
    if today is None:
        clock = dt.date.today
    elif isinstance(today, dt.date):
        fixed = today
        clock = lambda: fixed  # noqa: E731
    else:
        clock = today
    review = Review(inputs, read_only=read_only, corrections_path=target, today=clock,
                    gazetteer=gazetteer)

    def page_context() -> dict[str, Any]:
        story = review.story
        return {"story": story, "rows": review.rows(), "accepted": review.accepted,
                "read_only": review.read_only, "version": review.version,
                "families": sorted({e.family for e in story.events}),
                "all_families": FAMILIES, "modalities": MODALITIES,
                "corrections": str(target) if target else "",
                "problems": [str(p) for p in story.problems],
                "data": Markup(inert_json({"token": "" if review.read_only else review.token,
                                     "readOnly": review.read_only,
                                     "version": review.version}))}

    async def index(request: Request) -> Response:
        html = _ENV.get_template("review.html").render(**page_context())
        return HTMLResponse(html, headers=_headers(PAGE_CSP, frame="DENY"))

    async def table(request: Request) -> Response:
        html = _ENV.get_template("rows.html").render(**page_context())
        return HTMLResponse(html, headers=_headers(PAGE_CSP, frame="DENY"))

    async def problems(request: Request) -> Response:
        html = _ENV.get_template("problems.html").render(**page_context())
        return HTMLResponse(html, headers=_headers(PAGE_CSP, frame="DENY"))

    async def map_page(request: Request) -> Response:
        return HTMLResponse(review.map_html, headers=_headers(MAP_CSP, frame="SAMEORIGIN"))

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return Response("not found", status_code=404, media_type="text/plain")
        body = files("geomap.review").joinpath("static", name).read_bytes()
        return Response(body, media_type=STATIC[name],
                        headers=_headers(PAGE_CSP, frame="DENY"))

    def action(name: str) -> Callable[[Request], Awaitable[Response]]:
        async def handle(request: Request) -> Response:
            try:
                if review.read_only:
                    raise Forbidden("read-only session")
                if not _same_origin(request):
                    raise Forbidden("cross-origin request")
                token = request.headers.get("x-review-token", "")
                if not secrets.compare_digest(token.encode(), review.token.encode()):
                    raise Forbidden("missing or wrong token")
                if request.headers.get("content-type", "").split(";")[0].strip() \
                        != "application/json":
                    raise BadRequest("send JSON (Content-Type: application/json)")
                raw = await request.body()
                if len(raw) > MAX_BODY:
                    raise BadRequest("request too large")
                try:
                    body = json.loads(raw)
                except (ValueError, RecursionError) as err:
                    raise BadRequest("not JSON") from err
                if not isinstance(body, dict):
                    raise BadRequest("send a JSON object")
                result = await run_in_threadpool(review.act, name, body)
                return JSONResponse(result, headers={"Cache-Control": "no-store"})
            except Forbidden as err:
                log.warning("refused POST /api/%s: %s", name, err)
                return JSONResponse({"ok": False, "error": str(err)}, status_code=403)
            except (BadRequest, GeomapError) as err:
                return JSONResponse({"ok": False, "error": str(err)}, status_code=400)
            except OSError as err:  # the folder is not writable, the disk is full
                log.error("could not write the corrections file: %s", err)
                return JSONResponse({"ok": False, "error": "could not write the corrections "
                                     f"file: {err.strerror or err}"}, status_code=500)
        return handle

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    routes = [Route("/", index), Route("/rows", table), Route("/problems", problems),
              Route("/map", map_page),
              Route("/favicon.ico", favicon),
              Route("/static/{name}", static)]
    routes += [Route(f"/api/{name}", action(name), methods=["POST"])
               for name in ("accept", "drop", "place", "event")]
    app = Starlette(routes=routes, middleware=[
        Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))])
    app.state.review = review
    return app


def allowed_hosts(host: str) -> list[str]:
    """Return the Host headers a server listening on ``host`` answers to (never a wildcard).

    A wildcard would let a page on any name the attacker's DNS points at this machine (DNS
    rebinding) read the page's token and post as if it were the review.
    """
    hosts = list(LOCAL_HOST_HEADERS)
    if host in ("0.0.0.0", "::"):
        hosts += _machine_names()
    elif host not in LOCAL_HOSTS:
        hosts.append(f"[{host}]" if ":" in host else host)
    return list(dict.fromkeys(hosts))


def _machine_names() -> list[str]:
    """Return the machine's host names and addresses (what a wildcard bind answers to)."""
    names = {socket.gethostname(), socket.getfqdn()}
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None)
    except OSError:
        infos = []
    for info in infos:
        address = str(info[4][0])
        names.add(f"[{address}]" if ":" in address else address)
    return sorted(n for n in names if n)


def serve(paths: Sequence[str | Path], *, host: str = "127.0.0.1", port: int = 8765,
          read_only: bool = False, allow_remote: bool = False,
          gazetteer: Gazetteer | None = None) -> None:
    """Serve the review until Ctrl-C; progress goes to stderr.

    Raises
    ------
    UsageError
        For a host other than the local machine without ``allow_remote``.
    """
    import uvicorn

    if host not in LOCAL_HOSTS and not allow_remote:
        raise UsageError(f"geomap review listens on the local machine only; {host} would "
                         "open it to the network (pass --allow-remote to do so anyway)")
    print("geomap review: reading the story…", file=sys.stderr, flush=True)
    app = create_app(paths, read_only=read_only, gazetteer=gazetteer,
                     allowed_hosts=allowed_hosts(host))
    review: Review = app.state.review
    shown = f"[{host}]" if ":" in host else host
    mode = "read-only" if read_only else f"writing {review.corrections_path}"
    print(f"geomap review: http://{shown}:{port}/ ({mode}); Ctrl-C to stop",
          file=sys.stderr, flush=True)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning",
                            access_log=False, lifespan="off")
    uvicorn.Server(config).run()
    print("geomap review: stopped", file=sys.stderr, flush=True)
