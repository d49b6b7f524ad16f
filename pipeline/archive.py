"""Operations on stored documents as a whole: take them out (export) and remove them (delete)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pipeline.models import Document
from pipeline.search import SearchQuery
from pipeline.store import Store

_PAGE = 500


def matching_documents(store: Store, query: SearchQuery) -> Iterator[Document]:
    """Every stored Document the query matches, page by page through its cursor."""
    page = query.model_copy(update={"limit": _PAGE, "offset": 0, "cursor": None, "facet_size": 1})
    while True:
        results = store.search(page)
        for hit in results.hits:
            document = store.get(hit.id)
            if document is not None:  # deleted since the page was read
                yield document
        if results.next_cursor is None or not results.hits:
            return
        page = page.model_copy(update={"cursor": results.next_cursor})


def documents_from_source(store: Store, uri: str) -> list[str]:
    """Ids of the documents that came from a drop, named where it landed or where it was
    filed once ingested (`.../processed/...`), a JSONL drop's records included."""
    return [
        document.id
        for document in store.documents()
        if any(
            where is not None and (where == uri or where.startswith(f"{uri}#"))
            for where in (document.source.uri, document.source.location)
        )
    ]


def delete_documents(store: Store, doc_ids: Iterable[str]) -> tuple[list[str], list[str]]:
    """Remove documents by id; returns (removed, not found)."""
    removed: list[str] = []
    missing: list[str] = []
    for doc_id in dict.fromkeys(doc_ids):
        (removed if store.delete(doc_id) else missing).append(doc_id)
    return removed, missing
