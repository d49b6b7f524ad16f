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


def explain_data_error(error: yaml.YAMLError | ValidationError, most: int = 5) -> str:
    """Why a data file was refused, on one line: where its YAML broke, or each field the model
    refused (pydantic's and PyYAML's own texts run over several lines and name no file line)."""
    if isinstance(error, ValidationError):
        problems = [
            f"{'.'.join(str(part) for part in item['loc']) or 'the file'}: {str(item['msg']).removeprefix('Value error, ')}"
            for item in error.errors()
        ]
        more = f"; and {len(problems) - most} more" if len(problems) > most else ""
        return "; ".join(problems[:most]) + more
    problem = getattr(error, "problem", None) or str(error).replace("\n", " ")
    mark, context, context_mark = (getattr(error, name, None) for name in ("problem_mark", "context", "context_mark"))
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    started = f" at line {context_mark.line + 1}, column {context_mark.column + 1}" if context_mark is not None else ""
    return f"{where}{problem}" + (f" ({context}{started})" if context else "")


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
        raise ConfigurationError(f"{what} {origin} is not valid: {explain_data_error(error)}") from None
