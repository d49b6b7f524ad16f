"""The JSON API: search, facets, one document, one actor."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from pipeline.models import Document
from pipeline.search import Facets, SearchResults
from pipeline.views import ActorProfile, actor_profile
from pipeline.web.deps import SearchDep, SettingsDep, StoreDep, TaxonomyDep, canonical_actor, canonical_query, stored_document_id

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/search", response_model=SearchResults, summary="Search documents: hits, highlights and facets")
def search(store: StoreDep, query: SearchDep, settings: SettingsDep, taxonomy: TaxonomyDep) -> SearchResults:
    """Actor names may be written any way the archive knows them; `resolved_actors` says how they
    were read, `unknown_actors` which no actor goes by (with the nearest known names). An
    unknown theme id is a 422 naming the nearest ids."""
    canonical, resolved, unknown = canonical_query(query, store, settings, taxonomy)
    return store.search(canonical).model_copy(update={"resolved_actors": resolved, "unknown_actors": unknown})


@router.get("/facets", response_model=Facets, summary="Facet counts only, for the same filters")
def facets(store: StoreDep, query: SearchDep, settings: SettingsDep, taxonomy: TaxonomyDep) -> Facets:
    canonical, _, _ = canonical_query(query, store, settings, taxonomy)
    return store.search(canonical.model_copy(update={"limit": 0, "facet_size": 50})).facets


@router.get("/documents/{doc_id}", response_model=Document, summary="One document, as archived")
def document(doc_id: str, store: StoreDep) -> Document:
    """`doc_id` is the id, or its first 8 or more characters when no other id starts with them."""
    found = store.get(stored_document_id(doc_id, store))
    if found is None:  # deleted since its id was read
        raise HTTPException(status_code=404, detail=f"no document {doc_id!r}")
    return found


@router.get("/actors/{name}", response_model=ActorProfile, summary="One actor: aliases, tone over time, company")
def actor(name: str, store: StoreDep, settings: SettingsDep) -> ActorProfile:
    """Any name the archive knows the actor by reaches its profile (`name` is the canonical one)."""
    profile = actor_profile(store, canonical_actor(name, store, settings))
    if profile is None:
        raise HTTPException(status_code=404, detail=f"no document names {name!r}")
    return profile
