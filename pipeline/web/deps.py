"""Dependencies shared by the routes: the store, the taxonomy, the search parameters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from pydantic import ValidationError

from pipeline.enrich.themes import Taxonomy
from pipeline.models import SentimentLabel, SourceKind
from pipeline.search import SearchQuery, explain
from pipeline.settings import Settings
from pipeline.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_taxonomy(request: Request) -> Taxonomy:
    return request.app.state.taxonomy


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


StoreDep = Annotated[Store, Depends(get_store)]
TaxonomyDep = Annotated[Taxonomy, Depends(get_taxonomy)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


@dataclass(frozen=True, slots=True)
class FilterReading:
    """A query's actor and theme filters as the archive reads them: `query` keeps those that
    apply (each actor under its canonical name); `resolved` says what was read as what,
    `unknown` the names no actor goes by (kept: they find nothing) with the nearest ones, and
    `refused` the values that cannot apply (an unknown theme id, a name several actors
    share), with why. The API answers a refusal with a 422, the page says it beside results
    that are not filtered by it."""

    query: SearchQuery
    resolved: dict[str, str] = field(default_factory=dict)
    unknown: dict[str, list[str]] = field(default_factory=dict)
    refused_actors: dict[str, str] = field(default_factory=dict)
    refused_themes: dict[str, str] = field(default_factory=dict)

    @property
    def problems(self) -> list[str]:
        return [*self.refused_themes.values(), *self.refused_actors.values()]


def read_filters(query: SearchQuery, store: Store, settings: Settings, taxonomy: Taxonomy) -> FilterReading:
    """The query's filters read against the taxonomy and the archive's actors (see FilterReading)."""
    from pipeline.actors.lookup import lookup_actors
    from pipeline.suggest import read_theme_ids

    themes, refused_themes = read_theme_ids(query.themes, [theme.id for theme in taxonomy.themes])
    names: list[str] = []
    resolved: dict[str, str] = {}
    unknown: dict[str, list[str]] = {}
    refused_actors: dict[str, str] = {}
    for lookup in lookup_actors(store, settings, query.actors):
        if lookup.how == "ambiguous":
            refused_actors[lookup.asked] = lookup.explain()
            continue
        names.append(lookup.name or lookup.asked)
        if lookup.changed and lookup.name is not None:
            resolved[lookup.asked] = lookup.name
        if lookup.name is None:
            unknown[lookup.asked] = list(lookup.candidates)
    return FilterReading(
        query.model_copy(update={"actors": names, "themes": themes}), resolved, unknown, refused_actors, refused_themes
    )


def canonical_query(
    query: SearchQuery, store: Store, settings: Settings, taxonomy: Taxonomy
) -> tuple[SearchQuery, dict[str, str], dict[str, list[str]]]:
    """The query with each actor name as the archive files it, what was read as what, and the
    names no actor goes by with the nearest known ones. A name several actors share is a 422
    naming them, and so is a theme id the taxonomy does not have (with the nearest ids)."""
    reading = read_filters(query, store, settings, taxonomy)
    if reading.problems:
        raise HTTPException(status_code=422, detail="; ".join(reading.problems))
    return reading.query, reading.resolved, reading.unknown


def stored_document_id(typed: str, store: Store) -> str:
    """The whole id of the stored document `typed` names (the id, or a unique start of at
    least 8 characters, as search results print it); 404 when none does or the text is no
    id, 422 when it is too short or starts several ids (naming them): a more precise id is
    answered."""
    from pipeline.document_ids import IdOutcome, resolve_document_id

    lookup = resolve_document_id(store, typed)
    if lookup.id is not None:
        return lookup.id
    imprecise = lookup.outcome in (IdOutcome.TOO_SHORT, IdOutcome.AMBIGUOUS)
    raise HTTPException(status_code=422 if imprecise else 404, detail=lookup.message)


def canonical_actor(name: str, store: Store, settings: Settings) -> str:
    """The canonical name for one actor name; 404 with the nearest names when none fits,
    422 with the candidates when several do."""
    from pipeline.actors.lookup import lookup_actors

    [lookup] = lookup_actors(store, settings, [name])
    if lookup.how == "ambiguous":
        raise HTTPException(status_code=422, detail=lookup.explain())
    if lookup.name is None:
        raise HTTPException(status_code=404, detail=lookup.explain())
    return lookup.name


def search_parameters(
    q: Annotated[str, Query(description="Words, \"phrases\", -exclusions; any syntax is safe.", max_length=1000)] = "",
    actor: Annotated[list[str], Query(description="Canonical actor names; all must be present.")] = [],  # noqa: B006
    theme: Annotated[list[str], Query(description="Theme ids; all must be present.")] = [],  # noqa: B006
    since: Annotated[dt.date | None, Query(description="First day, YYYY-MM-DD.")] = None,
    until: Annotated[dt.date | None, Query(description="Last day, YYYY-MM-DD.")] = None,
    sentiment: SentimentLabel | None = None,
    source: SourceKind | None = None,
    media_type: Annotated[str | None, Query(description="Only documents of this media type, e.g. application/pdf.")] = None,
    language: Annotated[str | None, Query(description="Only documents in this language (ISO 639-1), e.g. fr.")] = None,
    limit: Annotated[int, Query(ge=0, le=100)] = 10,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page.")] = None,
) -> SearchQuery:
    try:
        return SearchQuery(
            text=q,
            actors=actor,
            themes=theme,
            since=since,
            until=until,
            sentiment=sentiment,
            source_kind=source,
            media_type=media_type,
            language=language,
            limit=limit,
            offset=offset,
            cursor=cursor,
        )
    except ValidationError as error:
        raise HTTPException(status_code=422, detail=explain(error)) from None


SearchDep = Annotated[SearchQuery, Depends(search_parameters)]
