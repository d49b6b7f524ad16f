"""Known actor aliases: a packaged table plus an optional user YAML file.

    articles:                    # per language, words written before a name that are no
      fr: ["l'", les]            # part of it: "l'OTAN" is OTAN (only where that finds an alias)
    actors:
      - name: United States      # the canonical facet value, in every language
        kind: place              # person | org | place | group
        aliases: [USA]           # forms used in every language
        find_name_in_text: true  # false: the name is a key only, not looked for in the text
        languages:               # forms used in one language's documents only
          en: [U.S., America]
          fr: [États-Unis, Etats-Unis]

    splits:                      # names the rules would merge that are different actors
      - [Kim, Kim Jong Un]

Every alias (and the name itself) maps, through `alias_key`, to that canonical actor; an
organisation's or group's forms also map through `group_key` ("Tory" finds "Tories"). Two
names in a split are never merged, in a document or across documents.

A document is read with the table of its language (`for_language`): the forms of every
language plus its own, so "BCE" is the European Central Bank in French and not in English,
where it is a date era. A name a user types (`--actor Russie`) is looked up in every language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from pipeline.data import explain_data_error, load_yaml
from pipeline.actors.keys import alias_key, group_key
from pipeline.actors.rules import actor_rules
from pipeline.errors import ConfigurationError
from pipeline.models import ActorKind
from pipeline.patterns import literal_alternation

LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]

GROUP_KINDS = frozenset({ActorKind.ORG, ActorKind.GROUP})


class AliasEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    kind: ActorKind
    aliases: list[str] = Field(default_factory=list, description="Forms used in every language.")
    languages: dict[LanguageCode, list[str]] = Field(
        default_factory=dict, description="Forms used in one language's documents only, by ISO 639-1 code."
    )

    find_name_in_text: bool = Field(
        True,
        description="False: the name is a key, never looked for in the text (a country the model finds by itself, "
        "whose name leads longer names: 'Mexico City', 'China Mobile').",
    )

    def forms(self, language: str | None) -> list[str]:
        """The name and the forms a document in `language` may use; None: every language's."""
        own = [form for code, forms in self.languages.items() if language is None or code == language for form in forms]
        return [self.name, *self.aliases, *own]


class AliasFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: dict[LanguageCode, list[str]] = Field(
        default_factory=dict, description="Per language, articles written before a name that are no part of it."
    )
    actors: list[AliasEntry] = Field(default_factory=list)
    splits: list[list[str]] = Field(default_factory=list, description="Groups of names never merged.")


@dataclass(frozen=True, slots=True)
class KnownActor:
    name: str
    kind: ActorKind


class AliasTable:
    """Lookup from `alias_key` to the canonical actor. Later files override earlier ones.

    With a `language`, the table of that language's documents (see the module's docstring);
    without, every language's forms (what users type, the registry's pinned names)."""

    def __init__(
        self,
        entries: list[AliasEntry],
        splits: list[list[str]] | None = None,
        *,
        language: str | None = None,
        articles: dict[str, list[str]] | None = None,
    ) -> None:
        generic = actor_rules().organisation_words
        self.language = language
        self._entries = entries
        self._all_splits = splits or []
        self._all_articles = articles or {}
        self._by_key: dict[str, KnownActor] = {}
        self._by_group_key: dict[str, KnownActor] = {}
        self._surfaces: set[str] = set()
        self._tables: dict[str, AliasTable] = {}
        bare: set[str] = set()
        for entry in entries:
            known = KnownActor(entry.name, entry.kind)
            for number, surface in enumerate(entry.forms(language)):
                self._by_key[alias_key(surface)] = known
                if number or entry.find_name_in_text:
                    written = surface.removeprefix("the ").removeprefix("The ")
                    self._surfaces.add(written)
                    if written == surface:
                        bare.add(written)
                if entry.kind in GROUP_KINDS:
                    self._by_group_key[group_key(surface, generic)] = known
        # "the States" is the United States; "States" alone is a word of another name ("Star States").
        self.article_surfaces: frozenset[str] = frozenset(self._surfaces - bare)
        # Longest first, so "les " is tried before "le ".
        codes = self._all_articles if language is None else {language: self._all_articles.get(language, [])}
        self._articles = sorted({article for code in codes for article in codes[code]}, key=len, reverse=True)
        # As a surface starts with them: "l'" joins its name, "les " is followed by a space.
        self._article_prefixes = tuple(_spaced(article) for article in self._articles)
        self._splits = {
            frozenset({alias_key(left), alias_key(right)})
            for group in self._all_splits
            for left in group
            for right in group
            if alias_key(left) != alias_key(right)
        }

    def for_language(self, language: str) -> AliasTable:
        """The table a document in `language` is read with (built once per language)."""
        if language not in self._tables:
            self._tables[language] = AliasTable(self._entries, self._all_splits, language=language, articles=self._all_articles)
        return self._tables[language]

    def kept_apart(self, first: str, second: str) -> bool:
        """True when the alias file says these two names are different actors."""
        # Most tables split none (the packaged one): no keys to make, no set to build.
        return bool(self._splits) and frozenset({alias_key(first), alias_key(second)}) in self._splits

    def lookup(self, key: str) -> KnownActor | None:
        return self._by_key.get(key)

    def find(self, surface: str) -> KnownActor | None:
        """The known actor a surface names: by its alias key, else by its group key, else
        without a leading article of the language ("L'OTAN", "les Etats-Unis")."""
        known = self._find(surface)
        if known is None and self._article_prefixes:
            lowered = surface.casefold().replace("’", "'")
            if lowered.startswith(self._article_prefixes):
                prefix = next(prefix for prefix in self._article_prefixes if lowered.startswith(prefix))
                known = self._find(surface[len(prefix) :])
        return known

    def _find(self, surface: str) -> KnownActor | None:
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
        # Not after a word, "&", "." or "-": checked after each name's first character.
        alternatives = literal_alternation(self._surfaces, after_first=r"(?<![\w&.-].)")
        return re.compile(rf"{alternatives}(?![\w&-]|\.\w)")

    def __len__(self) -> int:
        return len(self._by_key)


def _spaced(article: str) -> str:
    """An elided article ("l'") joins its name; a word ("les") is followed by a space."""
    article = article.casefold().replace("’", "'")
    return article if article.endswith("'") else f"{article} "


def read_alias_file(text: str, origin: str) -> AliasFile:
    try:
        return AliasFile.model_validate(load_yaml(text) or {})
    except (yaml.YAMLError, ValidationError) as error:
        raise ConfigurationError(f"alias file {origin} is not valid: {explain_data_error(error)}") from None


def load_alias_table(user_file: Path | None = None) -> AliasTable:
    packaged = resources.files("pipeline.data").joinpath("aliases.yaml").read_text("utf-8")
    files = [read_alias_file(packaged, "pipeline/data/aliases.yaml")]
    if user_file is not None:
        try:
            files.append(read_alias_file(user_file.read_text("utf-8"), str(user_file)))
        except OSError as error:
            raise ConfigurationError(f"cannot read alias file {user_file}: {error}") from None
    articles: dict[str, list[str]] = {}
    for loaded in files:
        for code, words in loaded.articles.items():
            articles.setdefault(code, []).extend(words)
    return AliasTable(
        [entry for loaded in files for entry in loaded.actors],
        [group for loaded in files for group in loaded.splits],
        articles=articles,
    )
