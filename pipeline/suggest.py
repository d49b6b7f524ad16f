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
    # One word typed is often one word of the name, misspelt ('Merkle' for Angela Merkel's surname).
    by_word: dict[str, list[str]] = {}
    if " " not in wanted:
        for key, candidate in by_key.items():
            for word in key.split() if " " in key else ():
                by_word.setdefault(word, []).append(candidate)
    word_close = [name for word in difflib.get_close_matches(wanted, by_word, n=limit, cutoff=0.8) for name in by_word[word]]
    return list(dict.fromkeys([*close, *sorted(containing, key=len), *word_close]))[:limit]


def unknown_theme(themes: Iterable[str], known: Iterable[str]) -> str | None:
    """Why a search for these theme ids would find nothing: the first id no theme has, with
    the nearest ids; None when every id is known."""
    known = list(known)
    for theme in themes:
        if theme not in known:
            close = nearest(theme, known)
            also = f"; did you mean {' or '.join(close)}?" if close else ""
            return f"no theme has the id {theme!r}{also}"
    return None


def read_theme_ids(asked: Iterable[str], known: Iterable[str]) -> tuple[list[str], dict[str, str]]:
    """The asked theme ids as the taxonomy writes them, in any case asked ('Trade' is
    'trade'), and those no theme has, each with why (and the nearest ids)."""
    known = list(known)
    exact = set(known)
    by_folded = {theme_id.casefold(): theme_id for theme_id in known}
    ids: list[str] = []
    refused: dict[str, str] = {}
    for theme in asked:
        written = theme if theme in exact else by_folded.get(theme.casefold())
        if written is None:
            refused[theme] = unknown_theme([theme], known) or ""
        elif written not in ids:  # asked twice ('politics', 'POLITICS'): one filter
            ids.append(written)
    return ids, refused


def _key(text: str) -> str:
    return " ".join("".join(char if char.isalnum() else " " for char in text.casefold()).split())
