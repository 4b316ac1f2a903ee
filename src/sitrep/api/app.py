"""The FastAPI application: the HTTP API under ``/api/``, the web page at ``/``.

GET requests read through a read-only connection. ``POST /api/articles`` (ingest) is
off unless an ingest token is configured, and then needs ``Authorization: Bearer TOKEN``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
import io
import json
import logging
import tempfile
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib import metadata, resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitrep import export, incident_export
from sitrep.api import queries
from sitrep.api.cache import AggregateCache
from sitrep.api.models import (
    ActorCount,
    ApiError,
    ArticleText,
    EventDetail,
    IncidentDetail,
    IngestRequest,
    IngestResult,
    MapCluster,
    PlaceCount,
    Stats,
    Timeline,
)
from sitrep.errors import InputError, SitrepError
from sitrep.records import Event, Incident
from sitrep.store import EventFilter, IncidentFilter, open_store
from sitrep.store.database import SORT_KEYS
from sitrep.store.incidents import INCIDENT_SORT_KEYS

logger = logging.getLogger(__name__)

STATIC = resources.files("sitrep.web") / "static"
MAX_LIMIT = 10_000
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ApiError, "description": "Bad parameters"},
    404: {"model": ApiError, "description": "Not found"},
}


def create_app(*, db: str | None = None, ingest_token: str | None = None) -> FastAPI:
    """Build the app over the database ``db`` (a path or URL; see ``open_store``).

    ``ingest_token`` turns on ``POST /api/articles`` for clients that send it; with a
    token a missing SQLite database is created, without one it must exist.
    """
    if ingest_token:
        open_store(db).engine.dispose()  # creates the database and its tables when missing
    reader = open_store(db, read_only=True)
    cache = AggregateCache(reader)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=cache.warm, name="warm-aggregates", daemon=True).start()
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="sitrep",
        summary="Conflict events extracted from news reports, with their evidence.",
        version=metadata.version("sitrep"),
        docs_url=None,
        redoc_url=None,
    )
    app.state.reader = reader
    app.state.db = db
    app.state.ingest_token = ingest_token
    app.state.ingest_lock = threading.Lock()
    app.state.pipeline = None
    app.state.cache = cache
    _add_error_handlers(app)
    app.include_router(_api_routes())
    _add_page_routes(app)
    return app


# --- errors -----------------------------------------------------------------------------


def _error(status: int, messages: list[str]) -> JSONResponse:
    body = ApiError(error="; ".join(messages), errors=messages, status=status)
    return JSONResponse(body.model_dump(), status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        messages = exc.detail if isinstance(exc.detail, list) else [str(exc.detail)]
        response = _error(exc.status_code, messages)
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        messages = [f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()]
        return _error(400, messages)

    @app.exception_handler(SitrepError)
    async def sitrep_error(_request: Request, exc: SitrepError) -> JSONResponse:
        logger.error("request failed: %s", exc)
        return _error(500, [str(exc)])

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("request %s failed", request.url.path)
        return _error(500, ["internal error; the server log has the details"])


# --- API --------------------------------------------------------------------------------


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise HTTPException(400, "bbox: expected west,south,east,north in degrees") from None
    return west, south, east, north


def event_filter(
    country: Annotated[str | None, Query(description="Country name or ISO code")] = None,
    admin1: Annotated[str | None, Query(description="First-level region")] = None,
    type: Annotated[str | None, Query(description="ACLED event type or sub-event type")] = None,
    actor: Annotated[str | None, Query(description="Actor name or alias (substring)")] = None,
    since: Annotated[dt.date | None, Query(description="Events on or after")] = None,
    until: Annotated[dt.date | None, Query(description="Events on or before")] = None,
    verification: Annotated[str | None, Query(description="e.g. reported, claimed")] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north")] = None,
) -> EventFilter:
    """The CLI's event filters (``sitrep events``) as query parameters."""
    return EventFilter(
        country=country,
        admin1=admin1,
        event_type=type,
        actor=actor,
        date_from=since,
        date_to=until,
        verification=verification,
        bbox=_bbox(bbox),
    )


Filter = Annotated[EventFilter, Depends(event_filter)]


def incident_filter(
    where: Filter,
    min_reports: Annotated[
        int, Query(ge=1, description="Only incidents with at least this many reports")
    ] = 1,
) -> IncidentFilter:
    """The filters of ``sitrep incidents``: the event filters and the least number of reports."""
    return IncidentFilter(**dataclasses.asdict(where), min_reports=min_reports)


IncidentWhere = Annotated[IncidentFilter, Depends(incident_filter)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size")]
Offset = Annotated[int, Query(ge=0, description="Items to skip")]
SORT_HELP = f"One of {', '.join(SORT_KEYS)}; a leading '-' sorts descending"
INCIDENT_SORT_HELP = f"One of {', '.join(INCIDENT_SORT_KEYS)}; a leading '-' sorts descending"
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json"}


def _api_routes() -> APIRouter:
    api = APIRouter(prefix="/api", responses=_ERRORS)

    @api.get("/events", response_model=list[Event], tags=["events"])
    def list_events(
        request: Request,
        where: Filter,
        limit: Limit = 100,
        offset: Offset = 0,
        sort: Annotated[str, Query(description=SORT_HELP)] = "date",
        format: Literal["json", "geojson", "csv"] = "json",
    ) -> Response:
        """Events matching the filters, one page at a time; the total is in X-Total-Count."""
        if sort.removeprefix("-") not in SORT_KEYS:
            raise HTTPException(400, f"sort: {SORT_HELP}")
        store = request.app.state.reader
        events = list(
            store.events(dataclasses.replace(where, limit=limit, offset=offset, sort=sort))
        )
        # a first page that is not full holds every match: no need to count them
        total = len(events) if offset == 0 and len(events) < limit else store.count_events(where)
        if format == "json":
            return _page([export.event_json(e) for e in events], total)
        return _written(export.write, events, total, fmt=format)

    @api.get("/events/{event_id}", response_model=EventDetail, tags=["events"])
    def get_event(request: Request, event_id: str) -> EventDetail:
        """One event with its article's title, source and date."""
        found = queries.event_detail(request.app.state.reader, event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return found

    @api.get("/incidents", response_model=list[Incident], tags=["incidents"])
    def list_incidents(
        request: Request,
        where: IncidentWhere,
        limit: Limit = 100,
        offset: Offset = 0,
        sort: Annotated[str, Query(description=INCIDENT_SORT_HELP)] = "date",
        format: Literal["json", "geojson", "csv"] = "json",
    ) -> Response:
        """Incidents (reports of one incident across articles, merged) matching the
        filters, one page at a time; the total is in X-Total-Count."""
        if sort.removeprefix("-") not in INCIDENT_SORT_KEYS:
            raise HTTPException(400, f"sort: {INCIDENT_SORT_HELP}")
        store = request.app.state.reader
        found = store.incidents(dataclasses.replace(where, limit=limit, offset=offset, sort=sort))
        total = len(found) if offset == 0 and len(found) < limit else store.count_incidents(where)
        if format == "json":
            return _page([incident_export.incident_json(i) for i in found], total)
        return _written(incident_export.write, found, total, fmt=format)

    @api.get("/incidents/{incident_id}", response_model=IncidentDetail, tags=["incidents"])
    def get_incident(request: Request, incident_id: str) -> IncidentDetail:
        """One incident: its reports (outlet, claimant, stance, figure), fatality range,
        contradictions with the sources on each side, verification, and each report's
        event with its article and evidence."""
        found = queries.incident_detail(request.app.state.reader, incident_id)
        if found is None:
            raise HTTPException(404, f"no incident {incident_id!r}")
        return found

    @api.get("/articles/{article_id}", response_model=ArticleText, tags=["articles"])
    def get_article(request: Request, article_id: str) -> ArticleText:
        """An article's text and its events, whose evidence spans index into the text."""
        found = queries.article_text(request.app.state.reader, article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return found

    @api.get("/actors", response_model=list[ActorCount], tags=["actors and places"])
    def list_actors(
        request: Request,
        q: Annotated[str | None, Query(description="Name or alias substring")] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> JSONResponse:
        """Actors by number of events; the total is in X-Total-Count."""
        found, total = queries.actors(request.app.state.reader, query=q, limit=limit, offset=offset)
        return _page(found, total)

    @api.get("/places", response_model=list[PlaceCount], tags=["actors and places"])
    def list_places(
        request: Request,
        where: Filter,
        q: Annotated[str | None, Query(description="Location name substring")] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> JSONResponse:
        """Points where matching events happened, by number of events (X-Total-Count)."""
        found, total = queries.places(
            request.app.state.reader, where, query=q, limit=limit, offset=offset
        )
        return _page(found, total)

    @api.get("/stats", response_model=Stats, tags=["aggregates"])
    def get_stats(request: Request) -> Stats:
        """Counts of what is stored, by event type, country and verification."""
        return request.app.state.cache.stats()

    @api.get("/timeline", response_model=Timeline, tags=["aggregates"])
    def get_timeline(
        request: Request,
        where: Filter,
        bucket: Literal["day", "week", "month", "year"] | None = None,
    ) -> Timeline:
        """A histogram of matching events by start date (bucket size chosen if not given)."""
        return request.app.state.cache.timeline(where, bucket=bucket)

    @api.get("/map", response_model=list[MapCluster], tags=["aggregates"])
    def get_map(
        request: Request,
        where: Filter,
        zoom: Annotated[int, Query(ge=0, le=20, description="Map zoom level")] = 2,
    ) -> list[MapCluster]:
        """Matching events gathered into clusters for a map at ``zoom``."""
        return request.app.state.cache.map(where, zoom=zoom)

    @api.post(
        "/articles",
        response_model=IngestResult,
        tags=["articles"],
        responses={401: {"model": ApiError}, 403: {"model": ApiError}},
    )
    def post_articles(
        request: Request,
        body: IngestRequest,
        authorization: Annotated[str | None, Header()] = None,
    ) -> IngestResult:
        """Extract events from articles and store them (needs the server's ingest token)."""
        _check_token(request.app.state.ingest_token, authorization)
        return _ingest(request.app, body)

    return api


def _page(items: list, total: int) -> JSONResponse:
    """One page of a list as JSON (records or dicts), the total in X-Total-Count."""
    body = [item.model_dump(mode="json") if isinstance(item, BaseModel) else item for item in items]
    return JSONResponse(body, headers={"X-Total-Count": str(total)})


def _written(write: Callable[..., int], items: list, total: int, *, fmt: str) -> Response:
    """One page written by an exporter's ``write`` as CSV or GeoJSON, the total in
    X-Total-Count."""
    out = io.StringIO()
    write(items, out, fmt=fmt)
    headers = {"X-Total-Count": str(total)}
    return Response(out.getvalue(), media_type=MEDIA_TYPES[fmt], headers=headers)


def _check_token(expected: str | None, authorization: str | None) -> None:
    if not expected:
        raise HTTPException(403, "ingest is off: start `sitrep serve` with --ingest-token")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(
            401, "send the ingest token as 'Authorization: Bearer TOKEN'",
            headers={"WWW-Authenticate": "Bearer"},
        )  # fmt: skip


def _ingest(app: FastAPI, body: IngestRequest) -> IngestResult:
    from sitrep import ingest
    from sitrep.pipeline import Pipeline
    from sitrep.workflow import ingest_articles

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        lines = (json.dumps(a.model_dump(exclude_none=True)) for a in body.articles)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        items = list(ingest.read([path]))
    articles = [item for item in items if not isinstance(item, InputError)]
    skipped = [
        f"article {item.origin.rsplit(':', 1)[-1]}: {item.reason}"
        for item in items
        if isinstance(item, InputError)
    ]
    with app.state.ingest_lock:
        if app.state.pipeline is None:
            app.state.pipeline = Pipeline()
        report = ingest_articles(articles, db=app.state.db, pipeline=app.state.pipeline)
    return IngestResult(
        new_articles=report.new_articles,
        known_articles=report.known_articles,
        new_events=report.new_events,
        skipped=skipped,
    )


# --- the page ---------------------------------------------------------------------------


def _add_page_routes(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(str(STATIC / "index.html"))

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="sitrep API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None},
        )
