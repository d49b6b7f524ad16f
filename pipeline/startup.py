"""Library imports the CLI's quick commands never use, left out of their start-up.

`dropwire search` spends most of its time importing typer, rich, pydantic and
pydantic-settings. Two of those imports pull in large modules for features Dropwire never
calls; measured with callgrind on a search of a 2,000-document archive:

- pydantic's plugin loader imports `importlib.metadata` (with `email`: ~41 M instructions of
  a search) at its top, before it reads `PYDANTIC_DISABLE_PLUGINS`. With every plugin
  disabled (the CLI's default) the loader's answer is known: no plugins.
- pydantic-settings imports `asyncio` (with `ssl`: ~42 M instructions of a search) at its top
  for `CliApp.run` on async commands, which Dropwire never calls. Here it gets a stand-in
  that imports the real `asyncio` on first use.

Only the CLI calls these, before it imports what they concern; a process that imported the
real modules first (Airflow, the web app, the tests) is left as it is.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import ModuleType

# The values of PYDANTIC_DISABLE_PLUGINS for which pydantic itself loads no plugin at all.
_ALL_PLUGINS_OFF = ("__all__", "1", "true")
_PLUGIN_LOADER = "pydantic.plugin._loader"


def skip_pydantic_plugin_lookup() -> bool:
    """When PYDANTIC_DISABLE_PLUGINS turns every plugin off, answer pydantic's plugin lookup
    without importing `importlib.metadata`. True when the lookup is answered here."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in _ALL_PLUGINS_OFF or _PLUGIN_LOADER in sys.modules:
        return False
    loader = ModuleType(_PLUGIN_LOADER, "pydantic's plugin loader while every plugin is disabled: there are none.")

    def get_plugins() -> Iterable[object]:
        if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in _ALL_PLUGINS_OFF:
            return ()
        # Plugins were turned on since: pydantic's own loader looks for them from now on.
        if sys.modules.get(_PLUGIN_LOADER) is loader:
            del sys.modules[_PLUGIN_LOADER]
        return importlib.import_module(_PLUGIN_LOADER).get_plugins()

    loader.get_plugins = get_plugins  # type: ignore[attr-defined]  # all pydantic calls on its loader
    sys.modules[_PLUGIN_LOADER] = loader
    return True


class _ImportedOnUse(ModuleType):
    """Stands in for a module a library imports but may never use: the first attribute read
    imports the real module, and every read after it is the real module's."""

    def __getattr__(self, name: str) -> object:
        if sys.modules.get(self.__name__) is self:  # read while still standing in: step aside first
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


@contextmanager
def asyncio_imported_on_use() -> Iterator[None]:
    """Modules imported inside the block that `import asyncio` get a stand-in that imports it
    when they first use it; after the block, `import asyncio` is the real import again."""
    if "asyncio" in sys.modules:
        yield
        return
    stand_in = _ImportedOnUse("asyncio", "asyncio, imported when first used")
    sys.modules["asyncio"] = stand_in
    try:
        yield
    finally:
        if sys.modules.get("asyncio") is stand_in:
            del sys.modules["asyncio"]
