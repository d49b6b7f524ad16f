"""Rules and tables as data (YAML): the taxonomy, the actor rules, the packaged aliases."""

from __future__ import annotations

from typing import Any

import yaml

# libyaml's loader reads these files about ten times faster than the pure-Python one, which
# commands that start often (`dropwire search`) feel; both accept exactly the safe subset.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse YAML text with the safe loader (no Python objects), in C where libyaml is present."""
    return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader, chosen above
