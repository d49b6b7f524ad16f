"""The HTML pages: search with facets, a document, an actor. Rendered on the server with
autoescaping Jinja templates; every filter lives in the URL, so a search can be shared."""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from pydantic import ValidationError

from pipeline.enrich.themes import Taxonomy
from pipeline.search import FacetValue, SearchQuery, explain
from pipeline.languages import languages_table
from pipeline.views import actor_profile, marked_segments
from pipeline.web.deps import SettingsDep, StoreDep, TaxonomyDep, canonical_actor, read_filters, stored_document_id

PAGE_SIZE = 10
MULTI = ("actor", "theme")
SINGLE = ("q", "since", "until", "sentiment", "source", "media_type", "language")

templates = Jinja2Templates(directory=Path(__file__).with_name("templates"))
router = APIRouter(include_in_schema=False)
_HIGHLIGHT_TAG = re.compile(r"(</?b>)")


def safe_highlight(fragment: str) -> Markup:
    """Re-escape a store's snippet keeping only its <b> marks: safe whatever the store sent."""
    out, inside = [], False
    for part in _HIGHLIGHT_TAG.split(fragment):
        if part in ("<b>", "</b>"):
            inside = part == "<b>"
            out.append("<mark>" if inside else "</mark>")
        else:
            out.append(html.escape(html.unescape(part)))
    if inside:
        out.append("</mark>")
    return Markup("".join(out))


templates.env.filters["highlight"] = safe_highlight


class Links:
    """URLs for the current search with one thing changed; the page number resets."""

    def __init__(self, params: dict[str, list[str]]) -> None:
        self.params = params

    def _href(self, params: dict[str, list[str]]) -> str:
        pairs = [(key, value) for key in (*SINGLE, *MULTI, "page") for value in params.get(key, []) if value]
        return "/?" + urlencode(pairs) if pairs else "/"

    def toggle(self, key: str, value: str) -> str:
        params = {k: list(v) for k, v in self.params.items() if k != "page"}
        current = params.get(key, [])
        if key in MULTI:
            params[key] = [v for v in current if v != value] if value in current else [*current, value]
        else:
            params[key] = [] if current == [value] else [value]
        return self._href(params)

    def month(self, month: str) -> str:
        year, number = (int(part) for part in month.split("-"))
        last = calendar.monthrange(year, number)[1]
        since, until = f"{month}-01", f"{month}-{last:02d}"
        params = {k: list(v) for k, v in self.params.items() if k not in ("page", "since", "until")}
        if self.params.get("since") != [since] or self.params.get("until") != [until]:
            params |= {"since": [since], "until": [until]}
        return self._href(params)

    def page(self, number: int) -> str:
        return self._href({**self.params, "page": [str(number)]})

    def is_on(self, key: str, value: str) -> bool:
        return value in self.params.get(key, [])


def _params(request: Request) -> dict[str, list[str]]:
    return {key: request.query_params.getlist(key) for key in (*SINGLE, *MULTI, "page") if request.query_params.getlist(key)}


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, store: StoreDep, taxonomy: TaxonomyDep, settings: SettingsDep) -> HTMLResponse:
    params = _params(request)
    page = _int(params.get("page", ["1"])[0], default=1, low=1, high=1000)
    problems: list[str] = []

    def day(key: str) -> dt.date | None:
        try:
            return _date(params.get(key))
        except ValueError as problem:
            problems.append(str(problem))
            return None

    fields: dict[str, Any] = {
        "text": params.get("q", [""])[0][:1000],
        "actors": params.get("actor", []),
        "themes": params.get("theme", []),
        "since": day("since"),
        "until": day("until"),
        "sentiment": params.get("sentiment", [None])[0],
        "source_kind": params.get("source", [None])[0],
        "media_type": params.get("media_type", [None])[0],
        "language": params.get("language", [None])[0],
        "limit": PAGE_SIZE,
        "offset": min((page - 1) * PAGE_SIZE, 10_000),
        "facet_size": 15,
    }
    reading = read_filters(_query_keeping_what_is_valid(fields, problems), store, settings, taxonomy)
    query = reading.query
    problems += [_not_applied(why, "theme", query.themes) for why in reading.refused_themes.values()]
    problems += [_not_applied(why, "actor", query.actors) for why in reading.refused_actors.values()]
    # A value that cannot apply leaves the URL the page builds (chips, facet links, the
    # search box's hidden fields): nothing on the page looks filtered by it.
    params = _without(params, {"theme": reading.refused_themes, "actor": reading.refused_actors})
    links = Links(params)
    error = "; ".join(problems) or None
    notes = [f"{asked!r} is {name!r}" for asked, name in reading.resolved.items()]
    notes += [
        f"no actor is named {asked!r} in the archive" + (f"; nearest: {', '.join(nearest)}" if nearest else "")
        for asked, nearest in reading.unknown.items()
    ]
    results = store.search(query)
    return templates.TemplateResponse(
        request,
        "search.html",
        {
            "query": query,
            "params": params,
            "results": results,
            "links": links,
            "error": error,
            "notes": notes,
            "page": page,
            "pages": max(1, -(-min(results.total, 10_000 + PAGE_SIZE) // PAGE_SIZE)),
            "themes": theme_tree(results.facets.themes, taxonomy),
            "month_max": max((facet.count for facet in results.facets.months), default=1),
            "language_names": languages_table(settings.languages_file).names(),
            "labels": {theme.id: theme.label for theme in taxonomy.themes},
        },
    )


def _not_applied(why: str, facet: str, applied: list[str]) -> str:
    """A refused filter's reason, and plainly what the results are filtered by instead."""
    why = why if why.endswith(("?", ".", "!")) else f"{why}."
    if applied:
        return f"{why} It is not applied: the results are filtered by the other {facet}s only"
    return f"{why} No {facet} filter is applied: the results below are not filtered by {facet}"


def _without(params: dict[str, list[str]], refused: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    kept = {key: [value for value in values if value not in refused.get(key, {})] for key, values in params.items()}
    return {key: values for key, values in kept.items() if values}


def theme_tree(facets: list[FacetValue], taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """Facet themes as top-level entries with their finer themes beneath."""
    parents = {theme.id: theme.parent for theme in taxonomy.themes}
    counts = {facet.value: facet.count for facet in facets}
    tree: dict[str, dict[str, Any]] = {}
    for facet in facets:
        parent = parents.get(facet.value)
        top = parent if parent is not None else facet.value
        node = tree.setdefault(top, {"id": top, "count": counts.get(top, 0), "children": []})
        if parent is not None:
            node["children"].append({"id": facet.value, "count": facet.count})
    return sorted(tree.values(), key=lambda node: -node["count"])


@router.get("/documents/{doc_id}", response_class=HTMLResponse, response_model=None)
def document_page(
    doc_id: str, request: Request, store: StoreDep, taxonomy: TaxonomyDep
) -> HTMLResponse | RedirectResponse:
    whole = stored_document_id(doc_id, store)
    if whole != doc_id:  # a short id leads to the document's one address
        return RedirectResponse(f"/documents/{whole}", status_code=307)
    document = store.get(whole)
    if document is None:
        raise HTTPException(status_code=404, detail="no such document")
    return templates.TemplateResponse(
        request,
        "document.html",
        {
            "document": document,
            "parent": store.get(document.parent_id) if document.parent_id else None,
            "children": [(child_id, store.get(child_id)) for child_id in document.children],
            "segments": marked_segments(document),
            "labels": {theme.id: theme.label for theme in taxonomy.themes},
        },
    )


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, store: StoreDep) -> HTMLResponse:
    """The actor facet as a list, and the values that may be one actor, with their evidence."""
    from pipeline.actors.curation import suggest_merges
    from pipeline.actors.lookup import archive_names

    known = archive_names(store, size=200)
    suggestions = suggest_merges(
        known, named_together=lambda first, second: store.search(SearchQuery(actors=[first, second], limit=0)).total
    )
    return templates.TemplateResponse(request, "actors.html", {"known": known, "suggestions": suggestions})


@router.get("/actors/{name}", response_class=HTMLResponse, response_model=None)
def actor_page(
    name: str, request: Request, store: StoreDep, taxonomy: TaxonomyDep, settings: SettingsDep
) -> HTMLResponse | RedirectResponse:
    canonical = canonical_actor(name, store, settings)
    if canonical != name:  # any name the actor goes by leads to its one page
        return RedirectResponse(f"/actors/{quote(canonical, safe='')}", status_code=307)
    profile = actor_profile(store, name)
    if profile is None:
        raise HTTPException(status_code=404, detail="no document names this actor")
    return templates.TemplateResponse(
        request,
        "actor.html",
        {
            "profile": profile,
            "month_max": max((month.documents for month in profile.months), default=1),
            "labels": {theme.id: theme.label for theme in taxonomy.themes},
        },
    )


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The API reference, rendered from the OpenAPI schema with no external assets."""
    return templates.TemplateResponse(request, "api.html", {"schema": request.app.openapi()})


def _query_keeping_what_is_valid(fields: dict[str, Any], problems: list[str]) -> SearchQuery:
    """The query as asked; failing that, the same words and filters without the ones that
    are wrong (each said in `problems`), so the page keeps the user's input beside the error."""
    for _ in range(len(fields)):
        try:
            return SearchQuery(**fields)
        except ValidationError as problem:
            problems.append(explain(problem))
            for failure in problem.errors():
                field = str(failure["loc"][0]) if failure["loc"] else ""
                if field in fields and field not in ("text", "limit", "offset", "facet_size"):
                    fields[field] = [] if field in ("actors", "themes") else None
                else:  # a rule across fields (since after until): drop the dates
                    fields["since"] = fields["until"] = None
    return SearchQuery(text=fields["text"], limit=fields["limit"], facet_size=fields["facet_size"])


def _date(values: list[str] | None) -> dt.date | None:
    if not values or not values[0]:
        return None
    try:
        return dt.date.fromisoformat(values[0])
    except ValueError:
        raise ValueError(f"{values[0]!r} is not a date (YYYY-MM-DD)") from None


def _int(raw: str, *, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(raw)))
    except ValueError:
        return default

