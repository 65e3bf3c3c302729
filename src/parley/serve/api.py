"""The JSON API under /api/v1: the data of every page, lists with cursors and downloads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from parley.serve import pages
from parley.serve.app import ServeState, bearer, json_response
from parley.serve.export import MEDIA_TYPES, records_to_bytes
from parley.serve.filters import FilterError, Filters, parse_pair

router = APIRouter(prefix="/api/v1", tags=["api"])

#: Most rows one CSV, Parquet or JSONL download may hold.
MAX_DOWNLOAD = 200_000
Format = Literal["json", "jsonl", "csv", "parquet"]


def state(request: Request) -> ServeState:
    """The application's shared state."""
    return request.app.state.parley


State = Annotated[ServeState, Depends(state)]


def event_filters(
    pair: Annotated[str | None, Query(description="Country pair, e.g. USA-CHN: events naming "
                                      "either side (or no side).", max_length=16)] = None,
    since: Annotated[str | None, Query(description="Earliest date: YYYY, YYYY-MM or "
                                       "YYYY-MM-DD.", max_length=10)] = None,
    until: Annotated[str | None, Query(description="Latest date.", max_length=10)] = None,
    type: Annotated[list[str], Query(description="Engagement type; repeatable.")] = [],  # noqa: B006
    status: Annotated[list[str], Query(description="happened, planned or cancelled; "
                                       "repeatable.")] = [],  # noqa: B006
    person: Annotated[str | None, Query(description="A participant's actor id or name.",
                                        max_length=120)] = None,
    topic: Annotated[str | None, Query(description="A topic tag, e.g. tariffs.",
                                       max_length=60)] = None,
    main: Annotated[bool, Query(description="Only each article's headline "
                                "engagement.")] = False,
    min_confidence: Annotated[str | None, Query(
        pattern=r"^\s*(?:0?\.\d{1,6}|[01](?:\.\d{0,6})?)?\s*$",
        description="Only events at least this confident: a number in [0, 1]; an event "
                    "without a confidence counts as 1.")] = None,
    q: Annotated[str | None, Query(description="Full-text search over source titles and "
                                   "evidence sentences.", max_length=200)] = None,
) -> Filters:
    """The event filters shared by the timeline page, the events list and the CLI."""
    floor = float(min_confidence) if min_confidence and min_confidence.strip() else None
    return Filters.parse(pair=pair, since=since, until=until, types=type, statuses=status,
                         person=person, topic=topic, main_only=main, min_confidence=floor, q=q)


EventFilter = Annotated[Filters, Depends(event_filters)]
Limit = Annotated[int | None, Query(ge=1, le=MAX_DOWNLOAD, description=(
    f"Rows per page (default 50, at most {pages.MAX_LIMIT}; a download may ask up to "
    f"{MAX_DOWNLOAD}, and by default holds every row)."))]
Cursor = Annotated[str | None, Query(max_length=400, description="`next_cursor` of the "
                                     "previous page.")]
FormatQ = Annotated[Format, Query(description="json (a page), or a download: jsonl, csv, "
                                  "parquet.")]


def page_limit(limit: int | None, fmt: str) -> int:
    """A page's length: checked for JSON pages, every row for a download unless told."""
    if fmt != "json":
        return limit or MAX_DOWNLOAD
    if limit is not None and limit > pages.MAX_LIMIT:
        raise FilterError("limit", f"at most {pages.MAX_LIMIT} per page (use format=csv, "
                          "parquet or jsonl to download more)")
    return limit or 50


def download(rows: Iterable[dict[str, Any]], fmt: str, name: str) -> Response:
    """A list as a file."""
    data = records_to_bytes(list(rows), fmt)
    return Response(data, media_type=MEDIA_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


# -- events -------------------------------------------------------------------
@router.get("/events", summary="Events, filtered, in date order")
def list_events(s: State, filters: EventFilter, limit: Limit = None, cursor: Cursor = None,
                order: Literal["asc", "desc"] = "asc", format: FormatQ = "json",
                ) -> Response:
    """Fused events with the timeline's filters; `next_cursor` fetches the next page."""
    n = page_limit(limit, format)
    if format != "json":
        after = pages.decode_cursor(cursor, shape=tuple)
        rows = pages.iter_events(s.store, filters, limit=n, descending=order == "desc") \
            if after is None else pages.event_list(s.store, filters, limit=n, cursor=cursor,
                                                   descending=order == "desc",
                                                   count=False)["items"]
        return download(rows, format, "events")
    return Response(pages.event_list_json(s.store, filters, limit=n, cursor=cursor,
                                          descending=order == "desc"),
                    media_type="application/json")


@router.get("/events/{event_id}", summary="One event with both sides' accounts")
def get_event(s: State, event_id: Annotated[str, Path(max_length=80)]) -> Response:
    """Participants with office, each side's readout with its evidence, sources, codes,
    related events and corrections.  Ids may be shortened to a unique prefix."""
    return json_response(pages.event_detail(s.store, s.kb, event_id))


class CorrectionIn(BaseModel):
    """A correction: which field, its new value and why."""

    field: str = Field(description="Event: date, type, status or participants. "
                       "Article: published.", max_length=20)
    value: str | list[str | dict[str, Any]] = Field(
        description="The new value: a date (YYYY, YYYY-MM or YYYY-MM-DD), a type, a status, "
        "or participants as ['Name [USA]', ...] or [{name, country}].")
    note: str | None = Field(None, max_length=500, description="Why (kept with it).")


@router.post("/events/{event_id}/corrections", status_code=201,
             summary="Correct an event (needs the token)")
def correct_event(request: Request, s: State, event_id: Annotated[str, Path(max_length=80)],
                  body: Annotated[CorrectionIn, Body()]) -> Response:
    """Store a correction of an event's date, type, status or participants; it is applied
    whenever the event's record is produced and outlasts re-extraction and re-fusion."""
    from parley.serve.catalog import correct_event as apply

    s.check_token(bearer(request))
    with s.write_lock:
        try:
            correction, record = apply(s.store, event_id, body.field, body.value, s.kb,
                                       body.note)
        except LookupError:
            raise pages.NotFound(event_id) from None
    return json_response({"correction": correction.to_dict(), "event": record}, 201)


# -- people -------------------------------------------------------------------
@router.get("/people", summary="People who took part in events")
def list_people(s: State, q: Annotated[str | None, Query(max_length=120)] = None,
                country: Annotated[str | None, Query(pattern="^[A-Za-z]{3}$")] = None,
                limit: Limit = None, cursor: Cursor = None,
                format: FormatQ = "json") -> Response:
    """Each person with their number of events and first and last engagement."""
    n = page_limit(limit, format)
    data = pages.people_list(s.store, q=q, country=country.upper() if country else None,
                             limit=n, cursor=cursor)
    if format != "json":
        return download(data["items"], format, "people")
    return json_response(data)


@router.get("/people/{key:path}", summary="One person")
def get_person(s: State, key: Annotated[str, Path(max_length=200)]) -> Response:
    """Offices with tenures, engagements over time and counterparts met."""
    return json_response(pages.person_detail(s.store, s.kb, key))


# -- articles -----------------------------------------------------------------
@router.get("/articles", summary="Articles, in ingest order or matching a search")
def list_articles(s: State, q: Annotated[str | None, Query(max_length=200)] = None,
                  limit: Limit = None, cursor: Cursor = None,
                  format: FormatQ = "json") -> Response:
    """Articles with publication date, how it was found and their number of events."""
    n = page_limit(limit, format)
    data = pages.article_list(s.store, q=q, limit=n, cursor=cursor)
    if format != "json":
        return download(data["items"], format, "articles")
    return json_response(data)


class ArticleIn(BaseModel):
    """An article to ingest: its text, or a URL to fetch it from."""

    text: str | None = Field(None, description="The article's text.")
    url: str | None = Field(None, max_length=2000, description="Where it was published; "
                            "fetched when no text is given (public addresses only).")
    title: str | None = Field(None, max_length=500)
    published: str | None = Field(None, max_length=40, description="Publication date.")
    source: str | None = Field(None, max_length=200, description="Outlet or file name.")


@router.post("/articles", status_code=201, summary="Ingest an article (needs the token)")
async def post_article(request: Request, s: State, body: Annotated[ArticleIn, Body()]
                       ) -> Response:
    """Ingest a text or a URL, then extract, date and fuse; answers with the new article
    ids and the events they feed."""
    from parley.errors import InputError
    from parley.ingest.fetch import is_url
    from parley.serve.submit import submit_article

    s.check_token(bearer(request))
    if body.text is None and body.url is None:
        raise InputError("send a text or a url")
    if body.text is None and not is_url(body.url or ""):
        raise InputError("url must be an http(s) URL")
    if body.text is not None and len(body.text.encode("utf-8")) > s.settings.max_bytes:
        return json_response({"detail": f"the text is larger than {s.settings.max_bytes} "
                              "bytes"}, 413)

    def run() -> Any:
        with s.write_lock:
            return submit_article(s.store, s.settings, s.kb, text=body.text, url=body.url,
                                  title=body.title, published=body.published,
                                  source=body.source)

    result = await run_in_threadpool(run)
    if result.errors and not result.added and not result.duplicates:
        return json_response({"detail": result.errors[0], **result.to_dict()}, 422)
    return json_response(result.to_dict(), 201 if result.added else 200)


@router.get("/articles/{article_id}", summary="One article with highlights and events")
def get_article(s: State, article_id: Annotated[str, Path(max_length=80)]) -> Response:
    """The text with people, dates and triggers marked, the publication date with its basis
    or window, the events extracted and near-duplicates."""
    return json_response(pages.article_detail(s.store, s.kb, article_id))


@router.post("/articles/{article_id}/corrections", status_code=201,
             summary="Correct an article's publication date (needs the token)")
async def correct_article(request: Request, s: State,
                          article_id: Annotated[str, Path(max_length=80)],
                          body: Annotated[CorrectionIn, Body()]) -> Response:
    """Set the publication date (field `published`, YYYY-MM-DD); the article's events are
    re-dated and the correction outlasts re-extraction."""
    from parley.serve.catalog import correct_publication, refresh_index
    from parley.serve.corrections import CorrectionError

    s.check_token(bearer(request))
    if body.field != "published" or not isinstance(body.value, str):
        raise CorrectionError("an article's correctable field is 'published' (YYYY-MM-DD)")

    def run() -> Any:
        with s.write_lock:
            try:
                result = correct_publication(s.store, s.settings, article_id, str(body.value),
                                             body.note)
            except LookupError:
                raise pages.NotFound(article_id) from None
            refresh_index(s.store, s.kb)
            return result

    correction, article = await run_in_threadpool(run)
    return json_response({"correction": correction.to_dict(),
                          "article": {"id": article.id, "published": article.published,
                                      "published_basis": article.published_basis}}, 201)


# -- relationship, search, corrections ----------------------------------------
def relationship_params(
    pair: Annotated[str, Query(max_length=16, description="Country pair.")] = "USA-CHN",
    by: Annotated[Literal["week", "month", "year"], Query()] = "month",
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
) -> dict[str, Any]:
    """Pair, period and date range of the relationship views."""
    checked = Filters.parse(pair=pair, since=since, until=until)
    return {"pair": checked.pair or parse_pair("USA-CHN"), "by": by, "since": checked.since,
            "until": checked.until}


Relationship = Annotated[dict[str, Any], Depends(relationship_params)]


def _relationship_part(s: Any, params: dict[str, Any], format: str, part: str) -> Response:
    """One table of the relationship view (index or ledger), as JSON or a download."""
    data = pages.relationship(s.store, **params)
    if format != "json":
        return download(data[part], format, part)
    return json_response({k: data[k] for k in ("pair", "by", "since", "until", part)})


@router.get("/index", summary="Cooperation–conflict index per period")
def get_index(s: State, params: Relationship, format: FormatQ = "json") -> Response:
    """Goldstein-weighted index per week, month or year, with event counts and confidence."""
    return _relationship_part(s, params, format, "index")


@router.get("/ledger", summary="Issue ledger: topic × period × side")
def get_ledger(s: State, params: Relationship, format: FormatQ = "json") -> Response:
    """When each topic was raised, by which side, in how many events."""
    return _relationship_part(s, params, format, "ledger")


@router.get("/search", summary="Search events and articles")
def search(s: State, q: Annotated[str, Query(min_length=1, max_length=200)],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> Response:
    """Events by their sources' titles and evidence sentences; articles by title and text.
    Matches in `match` and `snippet` are marked with U+0002 … U+0003."""
    return json_response(pages.search(s.store, q, limit=limit))


@router.get("/corrections", summary="Every correction, newest first")
def list_corrections(s: State, limit: Limit = None, cursor: Cursor = None,
                     format: FormatQ = "json") -> Response:
    """What was changed, on which record, from which value, and when."""
    n = page_limit(limit, format)
    data = pages.corrections_list(s.store, limit=n, cursor=cursor)
    if format != "json":
        return download(data["items"], format, "corrections")
    return json_response(data)


@router.get("/facets", summary="Values to filter events by, with counts")
def facets(s: State) -> Response:
    """Types, statuses, topics and countries present in the events."""
    return json_response(pages.facets(s.store))
