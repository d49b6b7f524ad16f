"""Document ids as people type them: the 64 hex characters, or any unique start of them.

Searches print the first 12 characters of an id; every place that takes an id (the CLI, the
API, the page) reads it here, so a prefix means the same everywhere and a store is asked
for the ids starting with it (`Store.ids_starting_with`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.store import Store

FULL_ID_CHARS = 64
# Fewer characters than this are often shared, and look more like a typo than an id.
SHORTEST_PREFIX = 8
# Ids an ambiguous prefix names at most; one more is asked for, to know there are more.
CANDIDATES_SHOWN = 5
# Searches print this many characters of an id: candidates are shown at least this long.
PRINTED_ID_CHARS = 12

_HEX = re.compile(r"[0-9a-f]+")


class IdOutcome(Enum):
    FOUND = "found"
    MALFORMED = "malformed"  # not hex, or longer than an id
    TOO_SHORT = "too_short"
    MISSING = "missing"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True, slots=True)
class IdLookup:
    """What one typed id names: `id` when it names exactly one stored document; otherwise
    `message` says why not, naming the `candidates` of an ambiguous prefix."""

    asked: str
    outcome: IdOutcome
    id: str | None = None
    candidates: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        asked = self.asked
        if self.outcome is IdOutcome.FOUND:
            return f"{asked} is document {self.id}"
        if self.outcome is IdOutcome.MALFORMED:
            return f"{asked!r} is not a document id: ids are {FULL_ID_CHARS} hex characters, and any unique start of one names it"
        if self.outcome is IdOutcome.TOO_SHORT:
            return f"{asked!r} is too short to name a document: give at least {SHORTEST_PREFIX} characters of its id"
        if self.outcome is IdOutcome.MISSING:
            return f"no document {asked} in the archive"
        shown = ", ".join(distinct_starts(self.candidates[:CANDIDATES_SHOWN]))
        more = ", and more" if len(self.candidates) > CANDIDATES_SHOWN else ""
        return f"{asked} is the start of more than one document id ({shown}{more}): give more characters"


def resolve_document_id(store: Store, asked: str) -> IdLookup:
    """The stored document `asked` names: a whole id or a unique prefix of at least
    SHORTEST_PREFIX hex characters, in either case, spaces around it ignored."""
    typed = asked.strip().lower()
    if not _HEX.fullmatch(typed) or len(typed) > FULL_ID_CHARS:
        return IdLookup(asked, IdOutcome.MALFORMED)
    if len(typed) < SHORTEST_PREFIX:
        return IdLookup(asked, IdOutcome.TOO_SHORT)
    if len(typed) == FULL_ID_CHARS:
        if store.existing_ids([typed]):
            return IdLookup(asked, IdOutcome.FOUND, typed)
        return IdLookup(asked, IdOutcome.MISSING)
    matches = sorted(store.ids_starting_with(typed, limit=CANDIDATES_SHOWN + 1))
    if not matches:
        return IdLookup(asked, IdOutcome.MISSING)
    if len(matches) == 1:
        return IdLookup(asked, IdOutcome.FOUND, matches[0])
    return IdLookup(asked, IdOutcome.AMBIGUOUS, candidates=matches)


def distinct_starts(ids: list[str]) -> list[str]:
    """The ids cut to the shortest length (at least PRINTED_ID_CHARS) at which they all differ."""
    for length in range(PRINTED_ID_CHARS, FULL_ID_CHARS):
        starts = [doc_id[:length] for doc_id in ids]
        if len(set(starts)) == len(starts):
            return starts
    return list(ids)
