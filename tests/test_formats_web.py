"""Containers on the page, the API and the CLI: a document links its parent and children,
and every way of searching can filter by media type."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import make_document
from pipeline.models import Document, MessageHeaders
from pipeline.settings import Settings
from pipeline.store.tantivy import TantivyStore
from pipeline.web import create_app
from test_cli import invoke


def family() -> tuple[Document, Document]:
    mail = make_document("Ana sent the March port figures from Rotterdam.", title="Port figures")
    pdf = make_document("Exports through Rotterdam rose four percent in March.", title="Figures")
    pdf = pdf.model_copy(
        update={
            "source": pdf.source.model_copy(update={"media_type": "application/pdf", "uri": "file:///inbox/port.eml#figures.pdf"}),
            "parent_id": mail.id,
            "container_path": "figures.pdf",
            "author": "Lee Park",
        }
    )
    mail = mail.model_copy(
        update={
            "source": mail.source.model_copy(update={"media_type": "message/rfc822"}),
            "children": [pdf.id],
            "message": MessageHeaders(sender=["Ana Ruiz <ana@example.org>"], to=["desk@example.org"]),
        }
    )
    return mail, pdf


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    store = TantivyStore(tmp_path / "index", writer_heap_bytes=20_000_000)
    store.upsert(list(family()))
    with TestClient(create_app(Settings(_env_file=None, data_dir=tmp_path), store=store)) as test_client:
        yield test_client
    store.close()


def test_a_document_page_links_its_children_and_a_child_its_parent(client: TestClient) -> None:
    mail, pdf = family()
    page = client.get(f"/documents/{mail.id}")
    assert page.status_code == 200
    assert f'href="/documents/{pdf.id}"' in page.text and "figures.pdf" in page.text
    assert "Ana Ruiz &lt;ana@example.org&gt;" in page.text
    child = client.get(f"/documents/{pdf.id}")
    assert child.status_code == 200
    assert f'href="/documents/{mail.id}"' in child.text and "by Lee Park" in child.text


def test_api_and_page_filter_by_media_type(client: TestClient) -> None:
    response = client.get("/api/search", params={"media_type": "application/pdf"})
    assert response.status_code == 200
    assert [hit["title"] for hit in response.json()["hits"]] == ["Figures"]
    assert client.get("/api/search", params={"media_type": "not a type"}).status_code == 422
    page = client.get("/", params={"media_type": "message/rfc822"})
    assert page.status_code == 200 and "Port figures" in page.text and ">Figures<" not in page.text
    assert 'data-facet="media_type" href="/"' in page.text, "the active filter shows, with a link that removes it"


def test_cli_search_filters_by_media_type(isolated_env: Path) -> None:
    store = TantivyStore(isolated_env / "index", writer_heap_bytes=20_000_000)
    store.upsert(list(family()))
    store.close()
    result = invoke("search", "--media-type", "message/rfc822", "--json")
    assert result.exit_code == 0, result.output
    assert [hit["title"] for hit in json.loads(result.output)["hits"]] == ["Port figures"]
