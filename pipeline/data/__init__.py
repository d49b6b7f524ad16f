"""Rules and tables as data (YAML): the taxonomy, the actor rules, the packaged aliases."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from pipeline.errors import ConfigurationError

Model = TypeVar("Model", bound=BaseModel)

# libyaml's loader reads these files about ten times faster than the pure-Python one, which
# commands that start often (`dropwire search`) feel; both accept exactly the safe subset.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse YAML text with the safe loader (no Python objects), in C where libyaml is present."""
    return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader, chosen above


def load_data_file(model: type[Model], what: str, packaged: str, path: Path | None = None) -> Model:
    """The packaged file `packaged` (in pipeline/data/), or the user's file at `path`, read as
    `model`; a file that cannot be read or is not valid is a ConfigurationError naming `what`,
    the file and why."""
    origin = str(path) if path else f"pipeline/data/{packaged}"
    try:
        text = path.read_text("utf-8") if path else resources.files("pipeline.data").joinpath(packaged).read_text("utf-8")
        return model.model_validate(load_yaml(text))
    except OSError as error:
        raise ConfigurationError(f"cannot read {what} {origin}: {error}") from None
    except (yaml.YAMLError, ValidationError) as error:
        raise ConfigurationError(f"{what} {origin} is not valid: {error}") from None
