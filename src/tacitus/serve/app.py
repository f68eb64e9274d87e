"""The FastAPI application: API routers, error messages, the offline docs page and dashboard."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from tacitus.config import Settings
from tacitus.serve import api, write
from tacitus.serve.docs import render_docs
from tacitus.serve.state import Backend
from tacitus.store import Store, StoreError

STATIC = Path(str(resources.files("tacitus.serve") / "static"))

DESCRIPTION = """Events coded by Tacitus (CAMEO and PLOVER), read from one event store.

Read endpoints are open. `POST /api/code` and `POST /api/ingest` need the header
`Authorization: Bearer <TACITUS_API_TOKEN>`. Bad requests get a 4xx whose `detail` says what
to fix. The dashboard is at `/`."""


CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self'; connect-src 'self'; frame-ancestors 'none'")


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("query", "body", "path")]
    where = {"query": "query parameter", "body": "body field", "path": "path parameter"}
    return f"{where.get(str(loc[0]), 'field')} '{'.'.join(parts) or loc[0]}'"


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    messages = []
    for e in errors:
        loc = tuple(e.get("loc", ()))
        hint = api.HINTS.get(str(loc[-1])) if loc and loc[0] == "query" else None
        messages.append(f"{_field(loc)}: {e.get('msg', 'invalid')}"
                        + (f"; send {hint}" if hint else ""))
    return JSONResponse({"detail": "; ".join(messages) or "invalid request",
                         "errors": [{"loc": list(e.get("loc", ())), "msg": e.get("msg")}
                                    for e in errors]}, status_code=422)


async def _store_error(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": f"the event store failed: {exc}"}, status_code=503)


def create_app(store: Store, token: str | None = None,
               settings: Settings | None = None) -> FastAPI:
    """The application over an open `store`. Write endpoints accept `token` as bearer token;
    with no token they refuse every request."""
    app = FastAPI(title="Tacitus", version="0.1.0", description=DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.backend = Backend(store, token or None, settings or Settings())
    app.include_router(api.router)
    app.include_router(write.router)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StoreError, _store_error)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.middleware("http")
    async def same_origin_only(request: Request,
                               call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        """Pages may load scripts, styles, shapes and data from this server only."""
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(render_docs(app.openapi()))

    return app
