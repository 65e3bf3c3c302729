"""The dashboard's pages: each renders the dict its JSON twin under /api/v1 returns."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from parley.serve import pages
from parley.serve.api import Cursor, EventFilter, Relationship, State
from parley.serve.app import ServeState, Unauthorized, bearer
from parley.serve.corrections import ARTICLE_FIELDS, EVENT_FIELDS, CorrectionError
from parley.serve.filters import STATUSES
from parley.serve.render import link

router = APIRouter(include_in_schema=False)
PageLimit = Annotated[int, Query(ge=1, le=pages.MAX_LIMIT)]


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """A page from its template, with what every page shows (store name, write access)."""
    s: ServeState = request.app.state.parley
    base = {"store_name": s.settings.db, "writable": bool(s.token), "path": request.url.path}
    return s.templates.TemplateResponse(request, name, {**base, **context}, status_code=status)


def api_twin(request: Request, path: str) -> str:
    """The JSON twin of this page: same path under /api/v1, same parameters."""
    query = request.url.query
    return f"/api/v1{path}" + (f"?{query}" if query else "")


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/timeline", status_code=307)


@router.get("/timeline")
def timeline(request: Request, s: State, filters: EventFilter, limit: PageLimit = 50,
             cursor: Cursor = None, order: Literal["asc", "desc"] = "asc") -> Response:
    data = pages.event_list(s.store, filters, limit=limit, cursor=cursor,
                            descending=order == "desc")
    params = filters.query() | ({"order": order} if order == "desc" else {})
    return render(request, "timeline.html", {
        "data": data, "filters": filters, "params": params, "order": order, "limit": limit,
        "sides": list(filters.pair or pages.DEFAULT_PAIR), "facets": pages.facets(s.store),
        "statuses": STATUSES, "twin": api_twin(request, "/events"),
        "next": link("/timeline", params, cursor=data["next_cursor"], limit=limit
                     if limit != 50 else None) if data["next_cursor"] else None})


@router.get("/events/{event_id}")
def event_page(request: Request, s: State, event_id: Annotated[str, Path(max_length=80)],
               error: str | None = None) -> Response:
    data = pages.event_detail(s.store, s.kb, event_id)
    return render(request, "event.html", {
        "data": data, "e": data["event"], "fields": EVENT_FIELDS, "statuses": STATUSES,
        "twin": api_twin(request, f"/events/{data['event']['id']}"), "error": error})


def _form_token(request: Request, token: str | None) -> str | None:
    return bearer(request) or (token or None)


@router.post("/events/{event_id}/corrections")
def event_correction_form(request: Request, s: State,
                          event_id: Annotated[str, Path(max_length=80)],
                          field: Annotated[str, Form(max_length=20)],
                          value: Annotated[str, Form(max_length=4000)] = "",
                          note: Annotated[str, Form(max_length=500)] = "",
                          token: Annotated[str, Form(max_length=200)] = "") -> Response:
    """The correction form on an event page (no script: the token comes as a form field)."""
    from parley.serve.catalog import correct_event

    try:
        s.check_token(_form_token(request, token))
    except Unauthorized as exc:
        return _again(request, s, event_id, exc.message, 401)
    with s.write_lock:
        try:
            correct_event(s.store, event_id, field, value, s.kb, note or None)
        except LookupError:
            raise pages.NotFound(event_id) from None
        except CorrectionError as exc:
            return _again(request, s, event_id, exc.message, 422)
    return RedirectResponse(f"/events/{quote(event_id)}#corrections", status_code=303)


def _again(request: Request, s: ServeState, event_id: str, message: str, status: int
           ) -> Response:
    data = pages.event_detail(s.store, s.kb, event_id)
    return render(request, "event.html", {
        "data": data, "e": data["event"], "fields": EVENT_FIELDS, "statuses": STATUSES,
        "twin": api_twin(request, f"/events/{data['event']['id']}"), "error": message},
        status)


@router.get("/people")
def people(request: Request, s: State, q: Annotated[str | None, Query(max_length=120)] = None,
           country: Annotated[str | None, Query(pattern="^[A-Za-z]{3}$")] = None,
           limit: PageLimit = 100, cursor: Cursor = None) -> Response:
    data = pages.people_list(s.store, q=q, country=country.upper() if country else None,
                             limit=limit, cursor=cursor)
    params = {k: v for k, v in (("q", q), ("country", country)) if v}
    return render(request, "people.html", {
        "data": data, "q": q or "", "country": country or "", "twin": api_twin(request, "/people"),
        "next": link("/people", params, cursor=data["next_cursor"]) if data["next_cursor"]
        else None})


@router.get("/people/{key:path}")
def person(request: Request, s: State, key: Annotated[str, Path(max_length=200)]) -> Response:
    data = pages.person_detail(s.store, s.kb, key)
    return render(request, "person.html", {
        "data": data, "twin": "/api/v1/people/" + quote(key, safe="")})


@router.get("/articles")
def articles(request: Request, s: State, q: Annotated[str | None, Query(max_length=200)] = None,
             limit: PageLimit = 50, cursor: Cursor = None) -> Response:
    data = pages.article_list(s.store, q=q, limit=limit, cursor=cursor)
    return render(request, "articles.html", {
        "data": data, "q": q or "", "twin": api_twin(request, "/articles"),
        "next": link("/articles", {"q": q} if q else {}, cursor=data["next_cursor"])
        if data["next_cursor"] else None})


@router.get("/articles/{article_id}")
def article(request: Request, s: State, article_id: Annotated[str, Path(max_length=80)],
            error: str | None = None) -> Response:
    data = pages.article_detail(s.store, s.kb, article_id)
    return render(request, "article.html", {
        "data": data, "a": data["article"], "fields": ARTICLE_FIELDS, "error": error,
        "twin": api_twin(request, f"/articles/{data['article']['id']}")})


@router.post("/articles/{article_id}/corrections")
async def article_correction_form(request: Request, s: State,
                                  article_id: Annotated[str, Path(max_length=80)],
                                  value: Annotated[str, Form(max_length=40)] = "",
                                  note: Annotated[str, Form(max_length=500)] = "",
                                  token: Annotated[str, Form(max_length=200)] = "") -> Response:
    """The publication-date form on an article page."""
    from parley.serve.catalog import correct_publication, refresh_index

    def run() -> str | None:
        try:
            s.check_token(_form_token(request, token))
        except Unauthorized as exc:
            return exc.message
        with s.write_lock:
            try:
                correct_publication(s.store, s.settings, article_id, value, note or None)
            except LookupError:
                raise pages.NotFound(article_id) from None
            refresh_index(s.store, s.kb)
        return None

    try:
        problem = await run_in_threadpool(run)
    except CorrectionError as exc:
        data = pages.article_detail(s.store, s.kb, article_id)
        return render(request, "article.html", {
            "data": data, "a": data["article"], "fields": ARTICLE_FIELDS,
            "error": exc.message, "twin": ""}, 422)
    if problem:
        data = pages.article_detail(s.store, s.kb, article_id)
        return render(request, "article.html", {
            "data": data, "a": data["article"], "fields": ARTICLE_FIELDS, "error": problem,
            "twin": ""}, 401)
    return RedirectResponse(f"/articles/{quote(article_id)}#corrections", status_code=303)


@router.get("/relationship")
def relationship(request: Request, s: State, params: Relationship) -> Response:
    data = pages.relationship(s.store, **params)
    from parley.serve.render import index_chart

    most = max((c["events"] for row in data["grid"].values() for c in row.values()), default=0)
    return render(request, "relationship.html", {
        "data": data, "chart": index_chart(data["index"], data["pair"]), "most": most,
        "pair": "-".join(data["pair"]), "twin": api_twin(request, "/index")})


@router.get("/search")
def search(request: Request, s: State,
           q: Annotated[str, Query(max_length=200)] = "") -> Response:
    data = pages.search(s.store, q) if q.strip() else None
    return render(request, "search.html", {"data": data, "q": q,
                                           "twin": api_twin(request, "/search")})


@router.get("/corrections")
def corrections(request: Request, s: State, cursor: Cursor = None) -> Response:
    data = pages.corrections_list(s.store, limit=100, cursor=cursor)
    return render(request, "corrections.html", {
        "data": data, "twin": api_twin(request, "/corrections"),
        "next": link("/corrections", cursor=data["next_cursor"]) if data["next_cursor"]
        else None})

