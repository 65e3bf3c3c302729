"""`parley serve`: the FastAPI application behind the dashboard and the JSON API.

Thin by design: each route parses its parameters, calls one function of
:mod:`parley.serve.pages` (or a write in :mod:`parley.serve.catalog`), and
renders the same dict as HTML or JSON.  Every asset is served from the
package (the API docs' Swagger UI comes bundled in ``fastapi_offline``), so
the dashboard works with no network at all.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parley import __version__
from parley.config import Settings
from parley.errors import InputError, StoreError
from parley.serve.filters import FilterError
from parley.serve.pages import NotFound
from parley.serve.render import HELPERS
from parley.store import Store

log = logging.getLogger("parley.serve")

#: Largest request body for corrections and other small writes (bytes).
SMALL_BODY = 64_000
#: Environment variable holding the write token.
TOKEN_ENV = "PARLEY_TOKEN"


class Unauthorized(Exception):
    """A write without the server's token (or to a server that has none)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class ServeState:
    """What every request needs: the store, settings, the write token and one write lock."""

    store: Store
    settings: Settings
    token: str | None
    kb: Any
    templates: Jinja2Templates
    write_lock: threading.Lock = field(default_factory=threading.Lock)

    def check_token(self, given: str | None) -> None:
        """Raise Unauthorized unless ``given`` is the server's token."""
        if not self.token:
            raise Unauthorized(f"this server is read-only: start it with {TOKEN_ENV} set "
                               "to accept writes")
        if not given or not secrets.compare_digest(given.encode(), self.token.encode()):
            raise Unauthorized("a valid bearer token is required for writes")


def bearer(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, if any."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


class BodyLimit:
    """Answer 413 to a request body larger than its route allows, before reading it all.

    Article submissions may carry one article (``max_bytes``); every other write
    a small JSON or form body.
    """

    def __init__(self, app: ASGIApp, *, large: int, small: int = SMALL_BODY) -> None:
        self.app = app
        self.large = large
        self.small = small

    def _limit(self, scope: Scope) -> int:
        return self.large + 16_384 if scope["path"].rstrip("/") == "/api/v1/articles" \
            else self.small

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _too_large(send, limit)
            return
        # Read the body first (it is capped, so buffering it is cheap), then replay it.
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > limit:
                await _too_large(send, limit)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"detail": f"request body larger than {limit} bytes"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def wants_json(request: Request) -> bool:
    """API paths answer in JSON; pages answer in HTML."""
    return request.url.path.startswith("/api/")


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None
                  ) -> Response:
    """JSON without FastAPI's encoder pass (records are plain JSON already, and many)."""
    return Response(json.dumps(data, ensure_ascii=False, default=str), status_code=status,
                    media_type="application/json", headers=headers)


def _problem(request: Request, status: int, message: str, *, field_: str | None = None,
             headers: dict[str, str] | None = None) -> Response:
    """An error answer: JSON for the API, a page for a person."""
    if wants_json(request):
        detail: Any = message
        if field_ is not None:
            detail = [{"loc": ["query", field_], "msg": message, "type": "value_error"}]
        return json_response({"detail": detail}, status, headers)
    state: ServeState = request.app.state.parley
    return state.templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message, "field": field_},
        status_code=status, headers=headers)


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _problem(request, 404, f"nothing with id {exc.args[0]!r}")

    @app.exception_handler(FilterError)
    async def bad_filter(request: Request, exc: FilterError) -> Response:
        return _problem(request, 422, exc.message, field_=exc.field)

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return _problem(request, 422, exc.message)

    @app.exception_handler(Unauthorized)
    async def unauthorized(request: Request, exc: Unauthorized) -> Response:
        return _problem(request, 401, exc.message, headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return _problem(request, 503, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""),
                   "type": e.get("type", "")} for e in exc.errors()]
        if wants_json(request):
            return json_response({"detail": errors}, 422)
        first = errors[0] if errors else {"loc": [], "msg": "bad request"}
        where = str(first["loc"][-1]) if first["loc"] else None
        return _problem(request, 422, str(first["msg"]), field_=where)


def templates() -> Jinja2Templates:
    """The page templates, with the render helpers as globals."""
    folder = Path(str(resources.files("parley.serve") / "templates"))
    env = Jinja2Templates(directory=str(folder))
    env.env.globals.update(HELPERS)
    env.env.globals["version"] = __version__
    return env


def create_app(settings: Settings, *, token: str | None = None, store: Store | None = None,
               kb: Any = None) -> FastAPI:
    """The dashboard and API over the store named in ``settings.db``.

    ``token`` (default: the PARLEY_TOKEN environment variable) guards every
    write; without one the server is read-only.
    """
    from fastapi_offline import FastAPIOffline

    from parley.kb import KnowledgeBase
    from parley.serve import api, routes
    from parley.serve.catalog import refresh_index

    if kb is None:
        kb = KnowledgeBase.load(settings.kb_files) if settings.kb_files \
            else KnowledgeBase.default()
    store = store or Store(settings.db)
    token = token if token is not None else os.environ.get(TOKEN_ENV) or None
    app = FastAPIOffline(
        title="Parley", version=__version__,
        description="A source-linked record of bilateral negotiations: events, people, "
                    "articles, the relationship index and the issue ledger. Lists take "
                    "`limit` and a `cursor`; `format=csv|parquet|jsonl` downloads them. "
                    "Writes need `Authorization: Bearer <PARLEY_TOKEN>`.",
        static_url="/static/docs", favicon_url="/static/favicon.svg")
    app.state.parley = ServeState(store=store, settings=settings, token=token, kb=kb,
                                  templates=templates())
    refresh_index(store, kb)
    static = Path(str(resources.files("parley.serve") / "static"))
    app.mount("/static/parley", StaticFiles(directory=str(static)), name="static")
    _install_handlers(app)

    app.include_router(api.router)
    app.include_router(routes.router)

    @app.get("/static/favicon.svg", include_in_schema=False)
    def favicon() -> Response:
        return Response((static / "favicon.svg").read_bytes(), media_type="image/svg+xml")

    @app.get("/healthz", include_in_schema=False)
    def health() -> JSONResponse:
        return JSONResponse({"ok": True, "version": __version__})

    @app.get("/robots.txt", include_in_schema=False)
    def robots() -> HTMLResponse:
        return HTMLResponse("User-agent: *\nDisallow: /\n", media_type="text/plain")

    app.add_middleware(FreshIndex, store=store, kb=kb)
    app.add_middleware(BodyLimit, large=settings.max_bytes)
    return app


def app_from_environment() -> FastAPI:
    """The app for each worker process of `parley serve --workers N` (settings from PARLEY_*)."""
    from parley.config import load_settings

    return create_app(load_settings(os.environ.get("PARLEY_CONFIG") or None))


class FreshIndex:
    """Before each request, rebuild the event index if another process changed the events
    (`parley extract`, `parley date`); a check is two small reads."""

    def __init__(self, app: ASGIApp, *, store: Store, kb: Any) -> None:
        self.app = app
        self.store = store
        self.kb = kb

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        from parley.serve.catalog import refresh_index

        if scope["type"] == "http" and not scope["path"].startswith("/static"):
            await run_in_threadpool(refresh_index, self.store, self.kb)
        await self.app(scope, receive, send)
