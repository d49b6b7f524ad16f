"""The FastAPI application: the API routers and the pages, over one store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from pipeline import __version__
from pipeline.enrich.themes import load_taxonomy
from pipeline.errors import StoreError
from pipeline.settings import Settings
from pipeline.store import Store, open_store
from pipeline.web import api, pages


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The app over `store`, or over the store the settings name (opened at start-up)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = open_store(settings) if owned else store
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="Dropwire",
        version=__version__,
        description="Search the Dropwire archive: documents, actors, themes, dates and tone.",
        lifespan=lifespan,
        docs_url=None,  # the stock docs page loads its assets from a CDN; /api/docs is ours
        redoc_url=None,
    )
    app.state.taxonomy = load_taxonomy(settings.taxonomy_file)
    app.state.settings = settings
    if store is not None:
        app.state.store = store
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).with_name("static")), name="static")

    @app.exception_handler(StarletteHTTPException)
    async def not_found(request: Request, error: StarletteHTTPException):  # type: ignore[no-untyped-def]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code)
        return HTMLResponse(
            pages.templates.get_template("error.html").render(status=error.status_code, detail=error.detail),
            status_code=error.status_code,
        )

    @app.exception_handler(StoreError)
    async def store_unavailable(request: Request, error: StoreError):  # type: ignore[no-untyped-def]
        detail = f"the archive's store ({settings.store}) is unavailable: {error}"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": detail}, status_code=503)
        return HTMLResponse(pages.templates.get_template("error.html").render(status=503, detail=detail), status_code=503)

    return app
