"""Kibana saved objects as code: a data view on the read alias, saved searches, Lens
visualizations and a dashboard, written to infra/kibana/dropwire.ndjson and imported with
`dropwire kibana import`.

Lens cannot aggregate nested fields, so the panels use the flat fields the index carries
beside each Document (`actor_names`, `dated_at`) and the object fields (`themes.id`,
`sentiment.*`). "Tone per actor" is the tone of the documents that name the actor.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import httpx

from pipeline.errors import DropwireError

DATA_VIEW_ID = "dropwire-docs-data-view"
# Where the dashboard and the saved searches open. Documents are filed by publication date,
# which goes back years; Kibana's own default (the last 15 minutes) would show an empty
# archive. A little future absorbs clocks and time zones ahead of the server's.
ARCHIVE_TIME_RANGE = {"from": "now-30y", "to": "now+1d"}
CORE_VERSION = "8.8.0"
TYPE_VERSIONS = {"index-pattern": "8.0.0", "search": "8.0.0", "lens": "8.9.0", "dashboard": "10.2.0"}


class KibanaError(DropwireError):
    """Kibana could not be reached, or refused some objects."""


def _object(kind: str, object_id: str, attributes: dict[str, Any], references: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {
        "id": object_id,
        "type": kind,
        "attributes": attributes,
        "references": references or [],
        "coreMigrationVersion": CORE_VERSION,
        "typeMigrationVersion": TYPE_VERSIONS[kind],
        "managed": False,
    }


def data_view(alias: str) -> dict[str, Any]:
    return _object(
        "index-pattern",
        DATA_VIEW_ID,
        {
            "title": alias,
            "name": "Dropwire documents",
            "timeFieldName": "dated_at",
            "fields": "[]",
            "fieldAttrs": json.dumps(
                {
                    "actor_names": {"customLabel": "Actor"},
                    "themes.id": {"customLabel": "Theme"},
                    "source.media_type": {"customLabel": "Media type"},
                    "parent_id": {"customLabel": "Found in (container id)"},
                    "container_path": {"customLabel": "Path in container"},
                    "language": {"customLabel": "Language"},
                    "language_source": {"customLabel": "Language decided by"},
                    "language_confidence": {"customLabel": "Language confidence"},
                }
            ),
            "fieldFormatMap": "{}",
            "runtimeFieldMap": "{}",
            "sourceFilters": "[]",
            "allowHidden": False,
        },
    )


def saved_search(object_id: str, title: str, query: str = "") -> dict[str, Any]:
    source = {
        "query": {"query": query, "language": "kuery"},
        "filter": [],
        "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index",
    }
    return _object(
        "search",
        object_id,
        {
            "title": title,
            "description": "",
            "columns": ["title", "language", "actor_names", "themes.id", "themes.terms", "sentiment.label", "sentiment.score"],
            "sort": [["dated_at", "desc"]],
            "timeRestore": True,
            "timeRange": dict(ARCHIVE_TIME_RANGE),
            "refreshInterval": {"pause": True, "value": 0},
            "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps(source)},
        },
        [{"id": DATA_VIEW_ID, "name": "kibanaSavedObjectMeta.searchSourceJSON.index", "type": "index-pattern"}],
    )


# -- Lens columns ------------------------------------------------------------------------


def terms(field: str, size: int, order_by: str, label: str) -> dict[str, Any]:
    return {
        "label": label,
        "dataType": "string",
        "operationType": "terms",
        "sourceField": field,
        "isBucketed": True,
        "params": {"size": size, "orderBy": {"type": "column", "columnId": order_by}, "orderDirection": "desc", "otherBucket": False, "missingBucket": False},
    }


def count(label: str = "Documents") -> dict[str, Any]:
    return {"label": label, "dataType": "number", "operationType": "count", "isBucketed": False, "sourceField": "___records___", "params": {"emptyAsNull": True}}


def average(field: str, label: str) -> dict[str, Any]:
    return {"label": label, "dataType": "number", "operationType": "average", "isBucketed": False, "sourceField": field, "params": {"emptyAsNull": True}}


def by_month(field: str = "dated_at") -> dict[str, Any]:
    return {
        "label": "Month",
        "dataType": "date",
        "operationType": "date_histogram",
        "sourceField": field,
        "isBucketed": True,
        "params": {"interval": "M", "includeEmptyRows": True, "dropPartials": False},
    }


def lens(object_id: str, title: str, visualization_type: str, columns: dict[str, dict[str, Any]], visualization: dict[str, Any]) -> dict[str, Any]:
    layer = "layer1"
    return _object(
        "lens",
        object_id,
        {
            "title": title,
            "description": "",
            "visualizationType": visualization_type,
            "state": {
                "datasourceStates": {"formBased": {"layers": {layer: {"columns": columns, "columnOrder": list(columns), "incompleteColumns": {}}}}},
                "visualization": visualization,
                "query": {"query": "", "language": "kuery"},
                "filters": [],
                "internalReferences": [],
                "adHocDataViews": {},
            },
        },
        [{"type": "index-pattern", "id": DATA_VIEW_ID, "name": f"indexpattern-datasource-layer-{layer}"}],
    )


def _xy(series: str, x: str, accessors: list[str], split: str | None = None) -> dict[str, Any]:
    layer: dict[str, Any] = {"layerId": "layer1", "layerType": "data", "seriesType": series, "xAccessor": x, "accessors": accessors}
    if split:
        layer["splitAccessor"] = split
    return {"preferredSeriesType": series, "legend": {"isVisible": True, "position": "right"}, "valueLabels": "hide", "layers": [layer]}


def _donut(group: str, metric: str) -> dict[str, Any]:
    return {"shape": "donut", "layers": [{"layerId": "layer1", "layerType": "data", "primaryGroups": [group], "metrics": [metric], "numberDisplay": "value", "categoryDisplay": "default", "legendDisplay": "default"}]}


def visualizations() -> list[dict[str, Any]]:
    return [
        lens(
            "dropwire-top-actors",
            "Top actors",
            "lnsXY",
            {"actor": terms("actor_names", 15, "docs", "Actor"), "docs": count()},
            _xy("bar_horizontal", "actor", ["docs"]),
        ),
        lens(
            "dropwire-themes",
            "Themes",
            "lnsPie",
            {"theme": terms("themes.id", 12, "docs", "Theme"), "docs": count()},
            _donut("theme", "docs"),
        ),
        lens(
            "dropwire-documents-over-time",
            "Documents over time",
            "lnsXY",
            {"month": by_month(), "docs": count()},
            _xy("bar", "month", ["docs"]),
        ),
        lens(
            "dropwire-tone-over-time",
            "Tone over time, top actors",
            "lnsXY",
            {"month": by_month(), "actor": terms("actor_names", 5, "docs", "Actor"), "tone": average("sentiment.score", "Tone"), "docs": count()},
            _xy("line", "month", ["tone"], split="actor"),
        ),
        lens(
            "dropwire-tone-by-actor",
            "Tone by actor",
            "lnsDatatable",
            {"actor": terms("actor_names", 25, "docs", "Actor"), "docs": count(), "tone": average("sentiment.score", "Average tone")},
            {"layerId": "layer1", "layerType": "data", "columns": [{"columnId": "actor"}, {"columnId": "docs"}, {"columnId": "tone"}]},
        ),
        lens(
            "dropwire-media-types",
            "Documents by media type",
            "lnsPie",
            {"media_type": terms("source.media_type", 12, "docs", "Media type"), "docs": count()},
            _donut("media_type", "docs"),
        ),
        lens(
            "dropwire-languages",
            "Documents per language",
            "lnsPie",
            {"language": terms("language", 20, "docs", "Language"), "docs": count()},
            _donut("language", "docs"),
        ),
    ]


def dashboard(panels: Iterable[dict[str, Any]]) -> dict[str, Any]:
    layout = [
        (0, 0, 24, 15), (24, 0, 24, 15), (0, 15, 24, 15), (24, 15, 24, 15), (0, 30, 24, 20), (24, 30, 24, 20),
        (0, 50, 24, 20), (24, 50, 24, 20),
    ]
    panel_json, references = [], []
    for index, (saved, (x, y, w, h)) in enumerate(zip(panels, layout, strict=True)):
        panel_index = f"p{index}"
        panel_json.append(
            {
                "type": saved["type"],
                "panelIndex": panel_index,
                "gridData": {"x": x, "y": y, "w": w, "h": h, "i": panel_index},
                "embeddableConfig": {"enhancements": {}},
                "panelRefName": f"panel_{panel_index}",
            }
        )
        references.append({"id": saved["id"], "name": f"{panel_index}:panel_{panel_index}", "type": saved["type"]})
    return _object(
        "dashboard",
        "dropwire-overview",
        {
            "title": "Dropwire overview",
            "description": "Who is mentioned with what, when, and in what tone.",
            "panelsJSON": json.dumps(panel_json),
            "optionsJSON": json.dumps({"useMargins": True, "hidePanelTitles": False}),
            "timeRestore": True,
            "timeFrom": ARCHIVE_TIME_RANGE["from"],
            "timeTo": ARCHIVE_TIME_RANGE["to"],
            "refreshInterval": {"pause": True, "value": 0},
            "version": 1,
            "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps({"query": {"query": "", "language": "kuery"}, "filter": []})},
        },
        references,
    )


def saved_objects(alias: str = "dropwire-docs") -> list[dict[str, Any]]:
    searches = [
        saved_search("dropwire-all-documents", "Dropwire: all documents"),
        saved_search("dropwire-negative-documents", "Dropwire: negative documents", "sentiment.label : negative"),
    ]
    charts = visualizations()
    return [data_view(alias), *searches, *charts, dashboard([*charts, searches[0]])]


def render_ndjson(objects: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(item, sort_keys=True, ensure_ascii=False) + "\n" for item in objects)


def import_objects(kibana_url: str, ndjson: str, *, auth: tuple[str, str] | None = None, api_key: str | None = None, timeout: float = 30.0) -> dict[str, Any]:
    """POST the objects to Kibana's saved-objects import API, overwriting ours."""
    headers = {"kbn-xsrf": "dropwire"}
    if api_key:
        headers["Authorization"] = f"ApiKey {api_key}"
    try:
        response = httpx.post(
            f"{kibana_url.rstrip('/')}/api/saved_objects/_import",
            params={"overwrite": "true"},
            files={"file": ("dropwire.ndjson", ndjson.encode(), "application/ndjson")},
            headers=headers,
            auth=auth,
            timeout=timeout,
        )
    except httpx.HTTPError as error:
        raise KibanaError(f"cannot reach Kibana at {kibana_url}: {error}") from None
    if response.status_code >= 400:
        raise KibanaError(f"Kibana refused the import ({response.status_code}): {response.text[:500]}")
    answer = response.json()
    if not answer.get("success", False):
        problems = "; ".join(
            f"{error.get('type')}/{error.get('id')}: {error.get('error', {}).get('type')}" for error in answer.get("errors", [])
        )
        raise KibanaError(f"Kibana imported {answer.get('successCount', 0)} object(s) and refused others: {problems}")
    return answer
