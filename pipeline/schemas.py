"""What schemas/ holds, generated from the models: JSON Schema and the Elasticsearch template."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipeline.models import Document, Rejection
from pipeline.store.es_template import index_template

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "document.schema.json": Document,
    "rejection.schema.json": Rejection,
}


ES_TEMPLATE_FILE = "elasticsearch-template.json"


def json_schemas() -> dict[str, dict[str, Any]]:
    """Every generated file under schemas/: the JSON Schemas and the Elasticsearch template."""
    schemas = {name: model.model_json_schema(mode="serialization") for name, model in SCHEMA_MODELS.items()}
    schemas[ES_TEMPLATE_FILE] = index_template("dropwire-docs")
    return schemas


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def export_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = directory / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written
