"""Kibana objects as code: they parse, their references resolve, their fields exist in the
index mapping with types that fit, and the importer speaks Kibana's import API."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

from pipeline.kibana import KibanaError, import_objects, render_ndjson, saved_objects
from pipeline.store.es_template import index_template

ROOT = Path(__file__).resolve().parents[1]
NDJSON = ROOT / "infra" / "kibana" / "dropwire.ndjson"
OBJECTS = [json.loads(line) for line in NDJSON.read_text().splitlines() if line.strip()]
NUMERIC = {"long", "integer", "float", "double", "scaled_float"}


def flat_mapping() -> dict[str, str]:
    """field path -> Elasticsearch type, sub-fields included (title.keyword)."""
    found: dict[str, str] = {}

    def walk(properties: dict[str, Any], prefix: str) -> None:
        for name, spec in properties.items():
            path = prefix + name
            if "properties" in spec:
                walk(spec["properties"], path + ".")
                if spec.get("type") == "nested":
                    found[path] = "nested"
            else:
                found[path] = spec["type"]
                for sub, subspec in spec.get("fields", {}).items():
                    found[f"{path}.{sub}"] = subspec["type"]

    walk(index_template("dropwire-docs")["template"]["mappings"]["properties"], "")
    return found


def test_the_committed_ndjson_is_what_the_code_generates() -> None:
    assert NDJSON.read_text() == render_ndjson(saved_objects()), "run `dropwire kibana export`"


def test_the_objects_are_the_ones_users_need() -> None:
    kinds = [item["type"] for item in OBJECTS]
    assert kinds.count("index-pattern") == 1 and kinds.count("dashboard") == 1
    assert kinds.count("search") >= 2 and kinds.count("lens") >= 5
    [view] = [item for item in OBJECTS if item["type"] == "index-pattern"]
    assert view["attributes"]["title"] == "dropwire-docs" and view["attributes"]["timeFieldName"] == "dated_at"
    titles = {item["attributes"]["title"] for item in OBJECTS}
    assert {"Top actors", "Themes", "Documents over time", "Tone over time, top actors", "Tone by actor"} <= titles
    for item in OBJECTS:
        assert {"id", "type", "attributes", "references", "coreMigrationVersion", "typeMigrationVersion"} <= set(item)


def test_every_reference_resolves_inside_the_file() -> None:
    present = {(item["type"], item["id"]) for item in OBJECTS}
    for item in OBJECTS:
        for reference in item["references"]:
            assert (reference["type"], reference["id"]) in present, f"{item['id']} -> {reference}"
    [board] = [item for item in OBJECTS if item["type"] == "dashboard"]
    names = {reference["name"] for reference in board["references"]}
    for panel in json.loads(board["attributes"]["panelsJSON"]):
        assert f"{panel['panelIndex']}:{panel['panelRefName']}" in names
    for item in OBJECTS:
        if item["type"] == "lens":
            for layer in item["attributes"]["state"]["datasourceStates"]["formBased"]["layers"]:
                assert f"indexpattern-datasource-layer-{layer}" in {reference["name"] for reference in item["references"]}
        if item["type"] == "search":
            source = json.loads(item["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"])
            assert source["indexRefName"] in {reference["name"] for reference in item["references"]}


def test_every_field_used_exists_in_the_mapping_with_a_fitting_type() -> None:
    mapping = flat_mapping()
    fits = {
        "terms": lambda kind: kind == "keyword",
        "date_histogram": lambda kind: kind == "date",
        "average": lambda kind: kind in NUMERIC,
        "count": lambda kind: True,
    }
    used = 0
    for item in OBJECTS:
        if item["type"] == "lens":
            for layer in item["attributes"]["state"]["datasourceStates"]["formBased"]["layers"].values():
                for column in layer["columns"].values():
                    field = column["sourceField"]
                    if field == "___records___":
                        continue
                    used += 1
                    assert field in mapping, f"{item['id']}: {field} is not in the mapping"
                    assert fits[column["operationType"]](mapping[field]), f"{item['id']}: {column['operationType']} on {field} ({mapping[field]})"
        elif item["type"] == "search":
            for field in item["attributes"]["columns"]:
                used += 1
                assert field in mapping and mapping[field] != "nested", f"{item['id']}: column {field}"
            for field, _ in item["attributes"]["sort"]:
                assert mapping.get(field) == "date"
        elif item["type"] == "index-pattern":
            assert mapping[item["attributes"]["timeFieldName"]] == "date"
    assert used >= 10


class FakeKibana(BaseHTTPRequestHandler):
    answer: dict[str, Any] = {"success": True, "successCount": 9, "errors": []}
    status = 200
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        FakeKibana.received.append({"path": self.path, "xsrf": self.headers.get("kbn-xsrf"), "body": body, "type": self.headers["Content-Type"]})
        payload = json.dumps(self.answer).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def kibana() -> Iterator[str]:
    FakeKibana.received = []
    FakeKibana.status = 200
    FakeKibana.answer = {"success": True, "successCount": 9, "errors": []}
    server = HTTPServer(("127.0.0.1", 0), FakeKibana)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_import_posts_multipart_with_overwrite_and_xsrf(kibana: str) -> None:
    answer = import_objects(kibana, NDJSON.read_text(), auth=("elastic", "secret"))
    assert answer["successCount"] == 9
    [request] = FakeKibana.received
    assert request["path"] == "/api/saved_objects/_import?overwrite=true"
    assert request["xsrf"] and request["type"].startswith("multipart/form-data")
    assert b'name="file"' in request["body"] and b"dropwire-overview" in request["body"]


def test_import_explains_what_kibana_refused(kibana: str) -> None:
    FakeKibana.answer = {"success": False, "successCount": 8, "errors": [{"type": "lens", "id": "x", "error": {"type": "missing_references"}}]}
    with pytest.raises(KibanaError, match="refused others: lens/x: missing_references"):
        import_objects(kibana, NDJSON.read_text())
    FakeKibana.status, FakeKibana.answer = 401, {"message": "unauthorized"}
    with pytest.raises(KibanaError, match=r"refused the import \(401\)"):
        import_objects(kibana, NDJSON.read_text())


def test_import_says_when_kibana_is_unreachable() -> None:
    with pytest.raises(KibanaError, match="cannot reach Kibana at http://127.0.0.1:9"):
        import_objects("http://127.0.0.1:9", "{}\n", timeout=2)


def test_the_cli_exports_and_imports(kibana: str, tmp_path: Path, isolated_env) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    target = tmp_path / "objects.ndjson"
    runner = CliRunner()
    assert runner.invoke(app, ["kibana", "export", str(target)]).exit_code == 0
    assert target.read_text() == NDJSON.read_text()
    result = runner.invoke(app, ["kibana", "import", "--url", kibana, "--file", str(target)], catch_exceptions=False)
    assert result.exit_code == 0 and "imported 9 saved object(s)" in result.output


def _years_back(expression: str) -> int:
    match = re.fullmatch(r"now-(\d+)y", expression)
    assert match, f"{expression} is not a range back from now in years"
    return int(match.group(1))


def test_the_dashboard_and_saved_searches_open_on_a_range_that_shows_the_archive() -> None:
    """Kibana's default (the last 15 minutes) shows nothing of documents filed by publication date."""
    [board] = [item for item in OBJECTS if item["type"] == "dashboard"]
    assert board["attributes"]["timeRestore"] is True
    ranges = [(board["attributes"]["timeFrom"], board["attributes"]["timeTo"])]
    for search in (item for item in OBJECTS if item["type"] == "search"):
        assert search["attributes"]["timeRestore"] is True, search["id"]
        ranges.append((search["attributes"]["timeRange"]["from"], search["attributes"]["timeRange"]["to"]))
    for start, end in ranges:
        assert _years_back(start) >= 25, "an archive of news goes back decades"
        assert end.startswith("now+") or end == "now"


def test_saved_searches_show_why_each_document_has_its_themes() -> None:
    searches = [item for item in saved_objects() if item["type"] == "search"]
    assert searches and all("themes.terms" in item["attributes"]["columns"] for item in searches)


def test_the_dashboard_counts_documents_per_language() -> None:
    [chart] = [item for item in OBJECTS if item["type"] == "lens" and item["id"] == "dropwire-languages"]
    [layer] = chart["attributes"]["state"]["datasourceStates"]["formBased"]["layers"].values()
    grouped = [column for column in layer["columns"].values() if column["isBucketed"]]
    assert [(column["operationType"], column["sourceField"]) for column in grouped] == [("terms", "language")]
    assert flat_mapping()["language"] == "keyword"
    [board] = [item for item in OBJECTS if item["type"] == "dashboard"]
    panels = {reference["name"].split(":")[0]: reference for reference in board["references"]}
    shown = [panels[panel["panelIndex"]] for panel in json.loads(board["attributes"]["panelsJSON"])]
    assert {"type": "lens", "id": "dropwire-languages"} in [{"type": ref["type"], "id": ref["id"]} for ref in shown]
    # Panels never overlap on the dashboard's grid.
    cells = [
        (x, y)
        for panel in json.loads(board["attributes"]["panelsJSON"])
        for x in range(panel["gridData"]["x"], panel["gridData"]["x"] + panel["gridData"]["w"])
        for y in range(panel["gridData"]["y"], panel["gridData"]["y"] + panel["gridData"]["h"])
    ]
    assert len(cells) == len(set(cells))
    # The data view names the language fields, and Discover's saved searches show the language.
    [view] = [item for item in OBJECTS if item["type"] == "index-pattern"]
    labels = json.loads(view["attributes"]["fieldAttrs"])
    assert labels["language"] == {"customLabel": "Language"} and {"language_source", "language_confidence"} <= set(labels)
    assert all(f in flat_mapping() for f in ("language_source", "language_confidence"))
    assert all("language" in item["attributes"]["columns"] for item in OBJECTS if item["type"] == "search")
