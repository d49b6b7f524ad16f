"""The Elasticsearch index template, generated from the pydantic models.

Every string is a keyword unless named here; `title` and `body` are English full text with
exact sub-fields and one sub-field per other language of the language table, analysed by
that language's analyzer (`body.fr`: French elision, stop words, stemming), all searched
together (`text_fields`: the query read in each language, any reading matching); `actors` is nested so "X mentioned negatively" is one query. A few
derived fields sit beside the Document: flat facets that Kibana can aggregate (it cannot
aggregate nested fields), and the date a document is filed under.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from enum import Enum
from collections.abc import Mapping
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from pipeline.languages import SearchAnalyzers, languages_table
from pipeline.models import Document

# Language code -> its analyzers: the full-text languages of the archive.
SearchLanguages = Mapping[str, SearchAnalyzers]
# The main `title` and `body` fields are English; other languages are their sub-fields.
MAIN_LANGUAGE = "en"
_FULL_TEXT_BASE: dict[str, dict[str, Any]] = {
    "title": {
        "type": "text",
        "analyzer": "english",
        "fields": {"exact": {"type": "text", "analyzer": "standard"}, "keyword": {"type": "keyword", "ignore_above": 512}},
    },
    "body": {"type": "text", "analyzer": "english", "fields": {"exact": {"type": "text", "analyzer": "standard"}}},
}


def _full_text(languages: SearchLanguages) -> dict[str, dict[str, Any]]:
    mappings = {name: {**mapping, "fields": dict(mapping["fields"])} for name, mapping in _FULL_TEXT_BASE.items()}
    for code, analyzers in sorted(languages.items()):
        if code != MAIN_LANGUAGE:
            for mapping in mappings.values():
                mapping["fields"][code] = {"type": "text", "analyzer": analyzers.elasticsearch}
    return mappings


def search_languages(languages: SearchLanguages | None = None) -> SearchLanguages:
    """The given full-text languages, or the packaged language table's."""
    return languages if languages is not None else languages_table().search_analyzers()


def text_fields(languages: SearchLanguages | None = None) -> list[list[str]]:
    """The fields a user's words are searched in, one group per language: a query is read
    in each language (its stop words, its stems), and a document matching any reading is a hit."""
    codes = sorted(code for code in search_languages(languages) if code != MAIN_LANGUAGE)
    return [["title^2", "body"], *([f"title.{code}^2", f"body.{code}"] for code in codes)]
_NESTED = {"actors"}
# Document fields that never need searching or aggregating: kept in _source only.
_NOT_INDEXED = {"dates.text"}
DERIVED_FIELDS: dict[str, dict[str, Any]] = {
    "dated_at": {"type": "date"},
    "month": {"type": "keyword"},
    "actor_names": {"type": "keyword"},
    "actor_facets": {"type": "keyword"},
}


def index_template(
    alias: str, *, shards: int = 1, replicas: int = 0, languages: SearchLanguages | None = None
) -> dict[str, Any]:
    """The composable index template for `ALIAS-v*` indices."""
    properties = _properties(Document, prefix="", full_text=_full_text(search_languages(languages)))
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


def _properties(model: type[BaseModel], prefix: str, full_text: dict[str, dict[str, Any]]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        if path in full_text:
            properties[name] = full_text[path]
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
        mapping: dict[str, Any] = {"properties": _properties(annotation, prefix=f"{path}.", full_text={})}
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
