"""The Elasticsearch index template, generated from the pydantic models.

Every string is a keyword unless named here; `title` and `body` are English full text with
exact sub-fields; `actors` is nested so "X mentioned negatively" is one query. A few
derived fields sit beside the Document: flat facets that Kibana can aggregate (it cannot
aggregate nested fields), and the date a document is filed under.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from enum import Enum
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from pipeline.models import Document

_FULL_TEXT: dict[str, dict[str, Any]] = {
    "title": {
        "type": "text",
        "analyzer": "english",
        "fields": {"exact": {"type": "text", "analyzer": "standard"}, "keyword": {"type": "keyword", "ignore_above": 512}},
    },
    "body": {"type": "text", "analyzer": "english", "fields": {"exact": {"type": "text", "analyzer": "standard"}}},
}
_NESTED = {"actors"}
# Document fields that never need searching or aggregating: kept in _source only.
_NOT_INDEXED = {"dates.text"}
DERIVED_FIELDS: dict[str, dict[str, Any]] = {
    "dated_at": {"type": "date"},
    "month": {"type": "keyword"},
    "actor_names": {"type": "keyword"},
    "actor_facets": {"type": "keyword"},
}


def index_template(alias: str, *, shards: int = 1, replicas: int = 0) -> dict[str, Any]:
    """The composable index template for `ALIAS-v*` indices."""
    properties = _properties(Document, prefix="")
    properties.update(DERIVED_FIELDS)
    return {
        "index_patterns": [f"{alias}-v*"],
        "priority": 200,
        "template": {
            "settings": {"number_of_shards": shards, "number_of_replicas": replicas},
            "mappings": {"dynamic": "strict", "properties": properties},
        },
        "_meta": {"description": "Dropwire documents; generated from pipeline.models by `dropwire schemas export`"},
    }


def _properties(model: type[BaseModel], prefix: str) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        if path in _FULL_TEXT:
            properties[name] = _FULL_TEXT[path]
        elif path in _NOT_INDEXED:
            properties[name] = {"type": "keyword", "index": False, "doc_values": False}
        else:
            properties[name] = _mapping_for(field.annotation, path)
    return properties


def _mapping_for(annotation: Any, path: str) -> dict[str, Any]:
    annotation = _unwrap(annotation)
    if get_origin(annotation) is list:
        return _mapping_for(get_args(annotation)[0], path)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        mapping: dict[str, Any] = {"properties": _properties(annotation, prefix=f"{path}.")}
        if path in _NESTED:
            mapping = {"type": "nested", **mapping}
        return mapping
    if annotation is bool:
        return {"type": "boolean"}
    if annotation is int:
        return {"type": "long"}
    if annotation is float:
        return {"type": "float"}
    if annotation in (dt.datetime, dt.date):
        return {"type": "date"}
    if annotation is str or (isinstance(annotation, type) and issubclass(annotation, Enum)):
        return {"type": "keyword", "ignore_above": 1024}
    raise TypeError(f"no Elasticsearch mapping for {path}: {annotation!r}")


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] down to the type that is stored."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(members) != 1:
                raise TypeError(f"cannot map a union of {members}")
            annotation = members[0]
        else:
            return _plain(annotation)


def _plain(annotation: Any) -> Any:
    """pydantic's AwareDatetime and friends are datetimes to Elasticsearch."""
    if isinstance(annotation, type) and issubclass(annotation, dt.datetime):
        return dt.datetime
    if getattr(annotation, "__name__", "") == "AwareDatetime":
        return dt.datetime
    return annotation
