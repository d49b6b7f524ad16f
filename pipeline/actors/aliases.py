"""Known actor aliases: a packaged table plus an optional user YAML file.

    actors:
      - name: United States      # the canonical facet value
        kind: place              # person | org | place | group
        aliases: [U.S., USA, America]

    splits:                      # names the rules would merge that are different actors
      - [Kim, Kim Jong Un]

Every alias (and the name itself) maps, through `alias_key`, to that canonical actor; an
organisation's or group's forms also map through `group_key` ("Tory" finds "Tories"). Two
names in a split are never merged, in a document or across documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.data import load_yaml
from pipeline.actors.keys import alias_key, group_key
from pipeline.actors.rules import actor_rules
from pipeline.errors import ConfigurationError
from pipeline.models import ActorKind

GROUP_KINDS = frozenset({ActorKind.ORG, ActorKind.GROUP})


class AliasEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    kind: ActorKind
    aliases: list[str] = Field(default_factory=list)


class AliasFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    actors: list[AliasEntry] = Field(default_factory=list)
    splits: list[list[str]] = Field(default_factory=list, description="Groups of names never merged.")


@dataclass(frozen=True, slots=True)
class KnownActor:
    name: str
    kind: ActorKind


class AliasTable:
    """Lookup from `alias_key` to the canonical actor. Later files override earlier ones."""

    def __init__(self, entries: list[AliasEntry], splits: list[list[str]] | None = None) -> None:
        generic = actor_rules().organisation_words
        self._by_key: dict[str, KnownActor] = {}
        self._by_group_key: dict[str, KnownActor] = {}
        self._surfaces: set[str] = set()
        bare: set[str] = set()
        for entry in entries:
            known = KnownActor(entry.name, entry.kind)
            for surface in (entry.name, *entry.aliases):
                self._by_key[alias_key(surface)] = known
                written = surface.removeprefix("the ").removeprefix("The ")
                self._surfaces.add(written)
                if written == surface:
                    bare.add(written)
                if entry.kind in GROUP_KINDS:
                    self._by_group_key[group_key(surface, generic)] = known
        # "the States" is the United States; "States" alone is a word of another name ("Star States").
        self.article_surfaces: frozenset[str] = frozenset(self._surfaces - bare)
        self._splits = {
            frozenset({alias_key(left), alias_key(right)})
            for group in splits or []
            for left in group
            for right in group
            if alias_key(left) != alias_key(right)
        }

    def kept_apart(self, first: str, second: str) -> bool:
        """True when the alias file says these two names are different actors."""
        return frozenset({alias_key(first), alias_key(second)}) in self._splits

    def lookup(self, key: str) -> KnownActor | None:
        return self._by_key.get(key)

    def find(self, surface: str) -> KnownActor | None:
        """The known actor a surface names: by its alias key, else by its group key."""
        known = self._by_key.get(alias_key(surface))
        if known is None and self._by_group_key:
            known = self._by_group_key.get(group_key(surface, actor_rules().organisation_words))
        return known

    @cached_property
    def surface_pattern(self) -> re.Pattern[str] | None:
        """Every alias as written, longest first, as one pattern: a document is scanned once
        for names the model cut ("Democrat" out of "Liberal Democrat") or mislabelled."""
        if not self._surfaces:
            return None
        alternatives = "|".join(re.escape(surface) for surface in sorted(self._surfaces, key=len, reverse=True))
        return re.compile(rf"(?<![\w&.-])(?:{alternatives})(?![\w&-]|\.\w)")

    def __len__(self) -> int:
        return len(self._by_key)


def read_alias_file(text: str, origin: str) -> AliasFile:
    try:
        return AliasFile.model_validate(load_yaml(text) or {})
    except (yaml.YAMLError, ValidationError) as error:
        raise ConfigurationError(f"alias file {origin} is not valid: {error}") from None


def load_alias_table(user_file: Path | None = None) -> AliasTable:
    packaged = resources.files("pipeline.data").joinpath("aliases.yaml").read_text("utf-8")
    files = [read_alias_file(packaged, "pipeline/data/aliases.yaml")]
    if user_file is not None:
        try:
            files.append(read_alias_file(user_file.read_text("utf-8"), str(user_file)))
        except OSError as error:
            raise ConfigurationError(f"cannot read alias file {user_file}: {error}") from None
    return AliasTable(
        [entry for loaded in files for entry in loaded.actors], [group for loaded in files for group in loaded.splits]
    )
