"""Nearest known values for a name a user typed that the archive does not have."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def nearest(value: str, known: Iterable[str], *, limit: int = 3) -> list[str]:
    """Known values closest to `value`, case and punctuation aside: containment first, then
    spelling. Empty when nothing is close."""
    by_key: dict[str, str] = {}
    for candidate in known:
        by_key.setdefault(_key(candidate), candidate)
    wanted = _key(value)
    if not wanted:
        return []
    containing = [by_key[key] for key in by_key if wanted in key or (len(key) > 2 and key in wanted)]
    close = [by_key[key] for key in difflib.get_close_matches(wanted, by_key, n=limit, cutoff=0.6)]
    return list(dict.fromkeys([*close, *sorted(containing, key=len)]))[:limit]


def _key(text: str) -> str:
    return " ".join("".join(char if char.isalnum() else " " for char in text.casefold()).split())
