"""The Elasticsearch archive's registry of actor names: an index beside the documents.

`ALIAS-actors` holds one document per alias key (`name`) and one per (name, kind) vote
count (`vote`). It is not one of the versioned document indices, so a reindex leaves it
alone, and every worker and every recreated container reads the same one.

Concurrency without scripts or locks: a key's document is written with `op_type=create`,
so the first name given to a key wins and a later writer gets a conflict, then reads the
winner back; a vote count is read and rewritten with `if_seq_no`, and a conflict is read
and added again. Each document carries when it was written (`updated`), and a reader asks
for what changed since its last read, less a margin for clocks and writes still in flight.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError, NotFoundError, helpers

from pipeline.errors import StoreError
from pipeline.store.actor_registry import NameRow, RegistryChanges

if TYPE_CHECKING:
    from pipeline.store.elasticsearch import ElasticsearchStore

# Seconds of overlap between one read of changes and the next: covers clocks a little apart
# and a write made just before a read that became visible just after it.
CHANGES_OVERLAP_SECONDS = 120.0
_ROUNDS = 20
_MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "type": {"type": "keyword"},
        "key": {"type": "keyword"},
        "name": {"type": "keyword"},
        "kind": {"type": "keyword"},
        "votes": {"type": "long"},
        "updated": {"type": "double"},
    },
}


def _doc_id(*parts: str) -> str:
    """Ids stay short whatever the name (Elasticsearch caps them at 512 bytes)."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


class ElasticsearchActorIndex:
    def __init__(self, store: ElasticsearchStore) -> None:
        self.store = store
        self.index = f"{store.alias}-actors"
        self._ready = False

    def _ensure(self) -> None:
        if self._ready:
            return
        client = self.store.client
        try:
            self.store._call(lambda: client.indices.get(index=self.index))
        except NotFoundError:
            try:
                self.store._call(
                    lambda: client.indices.create(
                        index=self.index,
                        settings={"number_of_shards": 1, "number_of_replicas": self.store.replicas},
                        mappings=_MAPPINGS,
                    )
                )
            except StoreError as error:  # another worker created it first
                if getattr(error, "error_type", "") != "resource_already_exists_exception":
                    raise
        self._ready = True

    # -- reading -------------------------------------------------------------------

    def changes(self, since: Any = None) -> RegistryChanges:
        started = time.time()
        if since is None:
            query: dict[str, Any] = {"match_all": {}}
        else:
            query = {"range": {"updated": {"gte": float(since) - CHANGES_OVERLAP_SECONDS}}}
        names: list[tuple[str, str]] = []
        votes: list[tuple[str, str, int]] = []
        try:
            for hit in self._hits(query):
                source = hit["_source"]
                if source.get("type") == "name":
                    names.append((source["key"], source["name"]))
                elif source.get("type") == "vote":
                    votes.append((source["name"], source["kind"], int(source["votes"])))
        except NotFoundError:  # nothing recorded yet
            pass
        return RegistryChanges(names, votes, mark=started)

    def _hits(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        """Usually a few recent changes: one search answers; a whole registry is scrolled."""
        client = self.store.client
        answer = self.store._call(lambda: client.search(index=self.index, query=query, size=1000))
        hits = answer["hits"]["hits"]
        if len(hits) < 1000:
            return hits
        try:
            return list(helpers.scan(client, index=self.index, query={"query": query}, size=1000))
        except (TransportConnectionError, ConnectionTimeout, ApiError) as error:
            if isinstance(error, NotFoundError):
                raise
            raise self.store._store_error(error) from None

    def name_of(self, key: str) -> str | None:
        client = self.store.client
        try:
            answer = self.store._call(lambda: client.get(index=self.index, id=_doc_id("name", key)))
        except NotFoundError:
            return None
        return str(answer["_source"]["name"])

    # -- writing -------------------------------------------------------------------

    def add_names(self, names: Sequence[NameRow], *, wait: bool = True) -> dict[str, str]:
        if not names:
            return {}
        self._ensure()
        now = time.time()
        first: dict[str, tuple[str, str]] = {}
        for key, name, kind in names:
            first.setdefault(key, (name, kind))
        held = {key: name for key, (name, _) in first.items()}
        by_id = {_doc_id("name", key): key for key in first}
        pending = set(by_id)
        client = self.store.client
        for _ in range(_ROUNDS):
            actions = [
                {
                    "_op_type": "create",
                    "_index": self.index,
                    "_id": doc_id,
                    "_source": {"type": "name", "key": by_id[doc_id], "name": first[by_id[doc_id]][0], "kind": first[by_id[doc_id]][1], "updated": now},
                }
                for doc_id in sorted(pending)
            ]
            pending = self._send(actions, refresh="wait_for" if wait else False)
            if not pending:
                return held
            # Refused: another worker named the key first (read its name), or busy (send again).
            ids = sorted(pending)
            answer = self.store._call(lambda: client.mget(index=self.index, ids=ids, refresh=True))
            for doc in answer["docs"]:
                if doc.get("found"):
                    held[by_id[doc["_id"]]] = str(doc["_source"]["name"])
                    pending.discard(doc["_id"])
            if not pending:
                return held
        raise StoreError(f"{len(pending)} actor name(s) could not be written to {self.index}")

    def add_votes(self, votes: Mapping[tuple[str, str], int]) -> None:
        pending = {_doc_id("vote", name, kind): (name, kind, count) for (name, kind), count in votes.items() if count}
        if not pending:
            return
        self._ensure()
        client = self.store.client
        for _ in range(_ROUNDS):
            ids = sorted(pending)
            answer = self.store._call(lambda: client.mget(index=self.index, ids=ids, refresh=True))
            now = time.time()
            actions = []
            for doc in answer["docs"]:
                name, kind, count = pending[doc["_id"]]
                source = {"type": "vote", "name": name, "kind": kind, "updated": now}
                if doc.get("found"):
                    source["votes"] = int(doc["_source"]["votes"]) + count
                    guard = {"if_seq_no": doc["_seq_no"], "if_primary_term": doc["_primary_term"]}
                    actions.append({"_op_type": "index", "_index": self.index, "_id": doc["_id"], "_source": source, **guard})
                else:
                    source["votes"] = count
                    actions.append({"_op_type": "create", "_index": self.index, "_id": doc["_id"], "_source": source})
            # Written ones are done; one another worker changed meanwhile is read and added again.
            pending = {doc_id: pending[doc_id] for doc_id in self._send(actions)}
            if not pending:
                return
        raise StoreError(f"kind votes for {len(pending)} actor name(s) kept conflicting in {self.index}")

    def remove_names(self, names: Sequence[tuple[str, str]]) -> None:
        wanted = {_doc_id("name", key): name for key, name in names}
        if not wanted:
            return
        self._ensure()
        client = self.store.client
        ids = sorted(wanted)
        answer = self.store._call(lambda: client.mget(index=self.index, ids=ids, refresh=True))
        # Only a key still holding the name given (no other worker's), and only that version of it.
        actions = [
            {"_op_type": "delete", "_index": self.index, "_id": doc["_id"], "if_seq_no": doc["_seq_no"], "if_primary_term": doc["_primary_term"]}
            for doc in answer["docs"]
            if doc.get("found") and doc["_source"].get("name") == wanted[doc["_id"]]
        ]
        # A conflict or a key already gone: someone else's now, or nobody's; either way not ours to remove.
        self._send(actions, settled=frozenset({404, 409}))

    def _send(
        self, actions: list[dict[str, Any]], settled: frozenset[int] = frozenset(), refresh: str | bool = "wait_for"
    ) -> set[str]:
        """Bulk-write; returns the ids refused with a conflict (or 429: try again), raises on
        any other refusal. Refusals with a status in `settled` count as done. By default the
        call returns once searches show the writes (`changes` of other workers)."""
        client = self.store.client

        def send() -> list[tuple[bool, dict[str, Any]]]:
            return list(
                helpers.streaming_bulk(
                    client, actions, chunk_size=500, max_retries=0, raise_on_error=False, raise_on_exception=True, refresh=refresh
                )
            )

        again: set[str] = set()
        for ok, item in self.store._call(send):
            if ok:
                continue
            detail = next(iter(item.values()))
            if detail.get("status") in settled:
                continue
            if detail.get("status") in (409, 429):
                again.add(str(detail.get("_id")))
            else:
                raise StoreError(f"{self.index} refused an actor name: {detail.get('error')}")
        return again

    def close(self) -> None:
        """The store closes the client."""
