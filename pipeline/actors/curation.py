"""Curating the actor facet: likely duplicates with their evidence, and a person's decision
(merge, split, rename) written to the user's alias file.

Suggestions follow OpenRefine's clustering: values that share a key after normalisation
(fingerprint), sound alike (phonetic key), or where one is the initials, the plural or a
name part of the other. Nothing merges by itself: a person accepts a suggestion, which is
written to the alias file, and `dropwire reindex --reenrich` then enriches again only the
documents that name the actors it touches.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jellyfish
import yaml

from pipeline.actors.aliases import AliasEntry, AliasFile, read_alias_file
from pipeline.actors.keys import alias_key, fingerprint, singular
from pipeline.actors.lookup import KnownName
from pipeline.errors import ConfigurationError
from pipeline.models import ActorKind

# Kinds that may be one actor filed twice: a person is never an organisation.
_COMPATIBLE = {
    ActorKind.PERSON: {ActorKind.PERSON},
    ActorKind.ORG: {ActorKind.ORG, ActorKind.GROUP},
    ActorKind.GROUP: {ActorKind.ORG, ActorKind.GROUP},
    ActorKind.PLACE: {ActorKind.PLACE},
}
_MINOR = frozenset({"of", "and", "the", "for", "&", "de", "la"})


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Two facet values that may be one actor: `keep` is the name to file both under."""

    keep: str
    other: str
    kind: ActorKind
    evidence: tuple[str, ...]
    score: float
    documents: tuple[int, int] = (0, 0)


def suggest_merges(
    known: Sequence[KnownName], *, named_together: Callable[[str, str], int] | None = None, limit: int = 25
) -> list[Suggestion]:
    """Likely duplicates among facet values, strongest evidence first. `named_together` counts
    the documents naming both: one document naming both, unmerged, is evidence against."""
    pairs: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
    for reason, weight, key_of in _KEYS:
        blocks: dict[str, list[KnownName]] = defaultdict(list)
        for entry in known:
            for key in key_of(entry):
                blocks[key].append(entry)
        for block in blocks.values():
            for first, second in itertools.combinations(block, 2):
                if second.kind in _COMPATIBLE[first.kind] and first.name != second.name:
                    pairs[_ordered(first, second)].append((reason, weight))
    for first, second in itertools.combinations(known, 2):
        if first.kind is second.kind is ActorKind.PERSON and _part_of(first.name, second.name):
            pairs[_ordered(first, second)].append(("one is a name part of the other", 0.5))
    by_name = {entry.name: entry for entry in known}
    suggestions = []
    for (keep, other), reasons in pairs.items():
        evidence = [reason for reason, _ in reasons]
        score = 1 - _product(1 - weight for _, weight in reasons)
        if named_together is not None and (together := named_together(keep, other)):
            evidence.append(f"named apart in the same document {together} time(s): perhaps two actors")
            score *= 0.5
        suggestions.append(
            Suggestion(keep, other, by_name[keep].kind, tuple(evidence), round(score, 3), (by_name[keep].count, by_name[other].count))
        )
    suggestions.sort(key=lambda suggestion: (-suggestion.score, -sum(suggestion.documents), suggestion.keep))
    return suggestions[:limit]


def _ordered(first: KnownName, second: KnownName) -> tuple[str, str]:
    """The name to keep first: the fuller one, then the more frequent."""
    rank = lambda entry: (len(alias_key(entry.name).split()), entry.count, entry.name)  # noqa: E731
    keep, other = sorted((first, second), key=rank, reverse=True)
    return keep.name, other.name


def _product(values: Iterable[float]) -> float:
    result = 1.0
    for value in values:
        result *= value
    return result


def _fingerprint_keys(entry: KnownName) -> list[str]:
    return [fingerprint(entry.name)]


def _singular_keys(entry: KnownName) -> list[str]:
    words = alias_key(entry.name).split()
    return [" ".join([*words[:-1], singular(words[-1])])] if words and entry.kind is not ActorKind.PERSON else []


def _sound_keys(entry: KnownName) -> list[str]:
    words = alias_key(entry.name).split()
    return [" ".join(jellyfish.metaphone(word) for word in words)] if words else []


def _initials_keys(entry: KnownName) -> list[str]:
    """An organisation's initials, and a short all-capitals name as itself: 'ECB' meets
    'European Central Bank'."""
    if entry.kind is ActorKind.PERSON:
        return []
    words = [word for word in alias_key(entry.name).split() if word not in _MINOR]
    if len(words) > 1:
        return ["initials:" + "".join(word[0] for word in words)]
    letters = "".join(char for char in entry.name if char.isalpha())
    return ["initials:" + letters.lower()] if entry.name.replace(".", "").replace("&", "").isupper() and len(letters) > 1 else []


_KEYS: list[tuple[str, float, Callable[[KnownName], list[str]]]] = [
    ("the same words in another order or form", 0.9, _fingerprint_keys),
    ("singular and plural of one name", 0.8, _singular_keys),
    ("one is the initials of the other", 0.6, _initials_keys),
    ("they sound alike", 0.45, _sound_keys),
]


def _part_of(first: str, second: str) -> bool:
    """A lone word that is the first or last word of the other name."""
    one, two = alias_key(first).split(), alias_key(second).split()
    short, long = (one, two) if len(one) < len(two) else (two, one)
    return len(short) == 1 and len(long) > 1 and short[0] in (long[0], long[-1])


# -- decisions, written to the user's alias file -------------------------------------------


@dataclass
class AliasFileEdit:
    """The user's alias file, read, changed by decisions, and written back."""

    path: Path
    content: AliasFile = field(default_factory=AliasFile)

    @classmethod
    def open(cls, path: Path) -> AliasFileEdit:
        if not path.exists():
            return cls(path)
        try:
            return cls(path, read_alias_file(path.read_text("utf-8"), str(path)))
        except OSError as error:
            raise ConfigurationError(f"cannot read alias file {path}: {error}") from None

    def merge(self, keep: str, others: Sequence[str], kind: ActorKind) -> list[str]:
        """File every name in `others` under `keep`; returns every name touched."""
        entry = self._entry(keep) or self._add(AliasEntry(name=keep, kind=kind))
        for other in others:
            absorbed = self._entry(other)
            if absorbed is not None and absorbed is not entry:
                self.content.actors.remove(absorbed)
                entry.aliases += [absorbed.name, *absorbed.aliases]
                for code, forms in absorbed.languages.items():
                    entry.languages[code] = _unique([*entry.languages.get(code, []), *forms])
            entry.aliases.append(other)
            self._unsplit(keep, other)
        entry.aliases = _unique(alias for alias in entry.aliases if alias_key(alias) != alias_key(entry.name))
        return [keep, *entry.aliases]

    def split(self, first: str, second: str) -> list[str]:
        """Never merge these two names again; an alias joining them is taken out."""
        for entry in self.content.actors:
            names = {alias_key(form) for form in entry.forms(None)}
            if alias_key(first) in names and alias_key(second) in names:
                leaving = second if alias_key(entry.name) == alias_key(first) else first
                entry.aliases = [alias for alias in entry.aliases if alias_key(alias) != alias_key(leaving)]
                entry.languages = {
                    code: [form for form in forms if alias_key(form) != alias_key(leaving)] for code, forms in entry.languages.items()
                }
        if [first, second] not in self.content.splits:
            self.content.splits.append([first, second])
        return [first, second]

    def rename(self, old: str, new: str, kind: ActorKind) -> list[str]:
        """File the actor under a new name; the old one stays as an alias."""
        entry = self._entry(old)
        if entry is None:
            self._add(AliasEntry(name=new, kind=kind, aliases=[old]))
        else:
            entry.aliases = _unique([entry.name, *entry.aliases])
            entry.name = new
        return [old, new]

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = self.content.model_dump(mode="json", exclude_defaults=False)
        # Forms by language and articles are written by hand: a file without them stays as it was.
        if not data["articles"]:
            del data["articles"]
        for entry in data["actors"]:
            if not entry["languages"]:
                del entry["languages"]
            if entry["find_name_in_text"]:
                del entry["find_name_in_text"]
        header = "# Actor aliases written by `dropwire actors` (and by hand: same shape as pipeline/data/aliases.yaml).\n"
        self.path.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")

    def _entry(self, name: str) -> AliasEntry | None:
        key = alias_key(name)
        return next((entry for entry in self.content.actors if alias_key(entry.name) == key), None)

    def _add(self, entry: AliasEntry) -> AliasEntry:
        self.content.actors.append(entry)
        return entry

    def _unsplit(self, first: str, second: str) -> None:
        keys = {alias_key(first), alias_key(second)}
        self.content.splits = [group for group in self.content.splits if {alias_key(name) for name in group} != keys]


def _unique(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(alias_key(name), name)
    return list(seen.values())


# -- what a reindex must redo ---------------------------------------------------------------

_PENDING = "create table if not exists curated_names (key text primary key)"


def mark_curated(state_path: Path, names: Iterable[str]) -> None:
    """Remember names a decision touched: `reindex --reenrich` redoes the documents naming them."""
    state_path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(state_path, timeout=30) as connection:
        connection.execute(_PENDING)
        connection.executemany("insert or ignore into curated_names (key) values (?)", ((alias_key(n),) for n in names))


def curated_keys(state_path: Path) -> frozenset[str]:
    if not state_path.exists():
        return frozenset()
    with sqlite3.connect(state_path, timeout=30) as connection:
        connection.execute(_PENDING)
        return frozenset(key for (key,) in connection.execute("select key from curated_names"))


def clear_curated(state_path: Path, keys: Iterable[str]) -> None:
    if not state_path.exists():
        return
    with sqlite3.connect(state_path, timeout=30) as connection:
        connection.execute(_PENDING)
        connection.executemany("delete from curated_names where key = ?", ((key,) for key in keys))
