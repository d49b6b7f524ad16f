"""The JSON API: search, facets, one document, one actor."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from pipeline.models import Document
from pipeline.search import Facets, SearchResults
from pipeline.views import ActorProfile, actor_profile
from pipeline.web.deps import SearchDep, StoreDep

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/search", response_model=SearchResults, summary="Search documents: hits, highlights and facets")
def search(store: StoreDep, query: SearchDep) -> SearchResults:
    return store.search(query)


@router.get("/facets", response_model=Facets, summary="Facet counts only, for the same filters")
def facets(store: StoreDep, query: SearchDep) -> Facets:
    return store.search(query.model_copy(update={"limit": 0, "facet_size": 50})).facets


@router.get("/documents/{doc_id}", response_model=Document, summary="One document, as archived")
def document(doc_id: str, store: StoreDep) -> Document:
    found = store.get(doc_id) if len(doc_id) == 64 else None
    if found is None:
        raise HTTPException(status_code=404, detail=f"no document {doc_id!r}")
    return found


@router.get("/actors/{name}", response_model=ActorProfile, summary="One actor: aliases, tone over time, company")
def actor(name: str, store: StoreDep) -> ActorProfile:
    profile = actor_profile(store, name)
    if profile is None:
        raise HTTPException(status_code=404, detail=f"no document names {name!r}")
    return profile
