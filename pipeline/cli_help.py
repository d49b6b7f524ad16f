"""Help screens that read like documentation: the CLI's apps are `DocsTyper`s.

Typer shows every parameter's Python type beside it (`<bool>`, `<str>`, `<list[Path]>`),
and writes a usage line's arguments in braces with a second "..." after one their metavar
already has (`{PATH...}...`, `[[ID]...]...`). Here a flag shows no value, an option shows
its metavar, and an argument its name, once: `PATH...` when required, `[ID...]` when not.
Every command and group of an app built with `DocsTyper` gets this, so a new command
cannot bring the types back.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


def argument_usage(argument: Any) -> str:
    """How an argument reads in a usage line: its metavar (else its name in capitals), with
    "..." once when it takes several values, in brackets when it may be left out."""
    name = argument.metavar or argument.name.upper()
    if argument.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name if argument.required else f"[{name}]"


class DocsArgument(TyperArgument):
    @property
    def display_name_raw(self) -> str:  # also what errors call it: 'NAME', not 'name'
        return self.metavar or self.name.upper()

    def display_type_rich(self, ctx: Any) -> str | None:
        return None  # the name column already says what to give

    def _usage_display_name(self) -> str:
        return argument_usage(self)


class DocsOption(TyperOption):
    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag:
            return None
        return self.metavar or self.name.upper()


_DOCS_CLASSES: dict[type, type] = {TyperArgument: DocsArgument, TyperOption: DocsOption}


def _as_docs(params: list[Any]) -> list[Any]:
    """The same parameters, each shown as documentation (typer builds them from the
    signature itself, so they are given the subclass' behaviour where they are read)."""
    for param in params:
        docs = _DOCS_CLASSES.get(type(param))
        if docs is not None:
            param.__class__ = docs
    return params


class DocsCommand(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _as_docs(super().get_params(ctx))


class DocsGroup(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _as_docs(super().get_params(ctx))


class DocsTyper(typer.Typer):
    """A typer app whose groups and commands show their help as documentation."""

    def __init__(self, **settings: Any) -> None:
        settings.setdefault("cls", DocsGroup)
        super().__init__(**settings)

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **settings: Any) -> Any:
        return super().command(name, cls=cls or DocsCommand, **settings)
