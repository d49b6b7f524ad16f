"""The API and the pages, through FastAPI's TestClient, on every store."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import corpus, make_document
from pipeline.models import ActorKind, DateMention, Document, Granularity
from pipeline.settings import Settings
from pipeline.store.tantivy import TantivyStore
from pipeline.web import create_app

HOSTILE_BODY = "Officials met <script>alert('body')</script> and <img src=x onerror=alert(1)> & co. in Lyon on 3 May 2025."


def hostile() -> Document:
    start = HOSTILE_BODY.index("3 May 2025")
    return make_document(
        HOSTILE_BODY,
        title="<script>alert('title')</script> Breaking",
        actors=[("<b>Evil</b> Corp", ActorKind.ORG), ("Lyon", ActorKind.PLACE)],
        themes=[("politics", None)],
        published=dt.datetime(2025, 5, 4, tzinfo=dt.UTC),
        dates=[DateMention(text="3 May 2025", value="2025-05-03", granularity=Granularity.DAY, start=start, end=start + 10)],
    )


def archive_documents() -> list[Document]:
    return [*corpus(), hostile()]


@pytest.fixture(params=["tantivy", "elasticsearch-osmem"])
def client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    if request.param == "tantivy":
        store = TantivyStore(tmp_path / "index", writer_heap_bytes=20_000_000)
    else:
        store = request.getfixturevalue("es_cluster").store()
    store.upsert(archive_documents())
    app = create_app(Settings(_env_file=None, data_dir=tmp_path), store=store)
    with TestClient(app) as test_client:
        yield test_client
    store.close()


KIM_ID = next(d.id for d in corpus() if d.title == "Kim meets envoys")


def test_api_search_returns_hits_highlights_and_facets(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "missile", "actor": "Kim Jong Un"})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    assert body["hits"][0]["title"] == "Kim meets envoys"
    assert "<b>missile</b>" in body["hits"][0]["highlight"]
    assert {"value": "Kim Jong Un", "count": 1, "kind": "person"} in body["facets"]["actors"]


def test_api_filters_and_facets(client: TestClient) -> None:
    response = client.get("/api/facets", params={"theme": "politics", "since": "2025-05-01"})
    assert response.status_code == 200
    facets = response.json()
    assert {f["value"]: f["count"] for f in facets["months"]} == {"2025-05": 3}
    multi = client.get("/api/search", params=[("actor", "Donald Trump"), ("actor", "Vladimir Putin")]).json()
    assert [hit["title"] for hit in multi["hits"]] == ["Putin and Trump call"]


def test_an_unknown_theme_id_is_a_422_naming_the_nearest(client: TestClient) -> None:
    for route in ("/api/search", "/api/facets"):
        response = client.get(route, params={"theme": "politcs"})
        assert response.status_code == 422, route
        assert "no theme has the id 'politcs'; did you mean politics" in response.json()["detail"]


@pytest.mark.parametrize(
    "params",
    [{"q": '"unclosed'}, {"q": "title:((("}, {"q": "AND OR NOT"}, {"q": "\\"}, {"q": "*:*"}, {"q": "a" * 900}],
)
def test_any_user_syntax_is_answered(client: TestClient, params: dict) -> None:
    assert client.get("/api/search", params=params).status_code == 200
    assert client.get("/", params=params).status_code == 200


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"since": "2025-05-01", "until": "2025-01-01"}, "after until"),
        ({"since": "not-a-date"}, "date"),
        ({"sentiment": "furious"}, "sentiment"),
        ({"limit": "5000"}, "limit"),
        ({"cursor": "garbage"}, "cursor"),
    ],
)
def test_bad_parameters_are_422_with_a_reason(client: TestClient, params: dict, message: str) -> None:
    response = client.get("/api/search", params=params)
    assert response.status_code == 422
    assert message in str(response.json()["detail"])


def test_the_page_reports_bad_parameters_instead_of_failing(client: TestClient) -> None:
    response = client.get("/", params={"since": "2025-05-01", "until": "2025-01-01"})
    assert response.status_code == 200
    assert "is after until" in response.text and 'class="error"' in response.text


def test_api_document_and_actor(client: TestClient) -> None:
    document = client.get(f"/api/documents/{KIM_ID}")
    assert document.status_code == 200 and document.json()["title"] == "Kim meets envoys"
    assert client.get("/api/documents/" + "0" * 64).status_code == 404
    assert client.get("/api/documents/not-an-id").status_code == 404
    actor = client.get("/api/actors/Donald Trump").json()
    assert actor["documents"] == 2
    assert actor["kind"] == "person"
    assert [month["month"] for month in actor["months"]] == ["2025-05"]
    assert actor["months"][0]["documents"] == 2
    assert {facet["value"] for facet in actor["co_mentioned"]} == {"Kim Jong Un", "Vladimir Putin"}
    assert client.get("/api/actors/Nobody At All").status_code == 404


def test_openapi_and_the_offline_api_reference(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/search", "/api/facets", "/api/documents/{doc_id}", "/api/actors/{name}"} <= set(schema["paths"])
    page = client.get("/api/docs")
    assert page.status_code == 200 and "/api/search" in page.text
    assert client.get("/docs").status_code == 404  # the stock page would load a CDN


def test_the_search_page_shows_hits_and_facets_with_links_that_keep_the_state(client: TestClient) -> None:
    page = client.get("/", params={"q": "talks"}).text
    assert re.search(r'<strong id="total">\d+</strong>', page)
    assert 'href="/?q=talks&amp;actor=Kim+Jong+Un"' in page
    filtered = client.get("/", params={"q": "talks", "actor": "Kim Jong Un"}).text
    assert 'href="/?q=talks"' in filtered, "the active filter links back to the unfiltered search"
    assert '<strong id="total">1</strong>' in filtered


def test_every_value_from_a_document_is_escaped(client: TestClient) -> None:
    hostile_id = hostile().id
    for path in ("/", f"/documents/{hostile_id}", "/actors/Lyon", "/?q=officials"):
        html = client.get(path).text
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path
        assert "<b>Evil</b>" not in html, path
    document_page = client.get(f"/documents/{hostile_id}").text
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in document_page
    assert "&lt;b&gt;Evil&lt;/b&gt; Corp" in document_page


def test_the_document_page_marks_actors_and_dates_and_explains_themes(client: TestClient) -> None:
    page = client.get(f"/documents/{hostile().id}").text
    assert '<mark class="mark date" title="2025-05-03">3 May 2025</mark>' in page
    assert 'href="/actors/Lyon"' in page and ">Lyon</a>" in page
    assert "triggered by:" in page


def test_unknown_pages_are_friendly_404s(client: TestClient) -> None:
    response = client.get("/documents/" + "f" * 64)
    assert response.status_code == 404 and "Back to the search" in response.text


def test_any_name_an_actor_goes_by_reaches_it(client: TestClient) -> None:
    found = client.get("/api/search", params={"actor": "kim jong-un"})
    assert found.status_code == 200
    assert found.json()["total"] == 2 and found.json()["resolved_actors"] == {"kim jong-un": "Kim Jong Un"}
    profile = client.get("/api/actors/PUTIN")
    assert profile.status_code == 200 and profile.json()["name"] == "Vladimir Putin"
    page = client.get("/actors/putin", follow_redirects=False)
    assert page.status_code == 307 and page.headers["location"] == "/actors/Vladimir%20Putin"
    listing = client.get("/", params={"actor": "trump"})
    assert "&#39;trump&#39; is &#39;Donald Trump&#39;" in listing.text
    unknown = client.get("/api/actors/Vladmir Putn")
    assert unknown.status_code == 404 and "nearest: Vladimir Putin" in unknown.json()["detail"]
    # A search for a name nobody goes by says so, with the nearest, in the API and on the page.
    searched = client.get("/api/search", params={"actor": "Putn"}).json()
    assert searched["total"] == 0 and searched["unknown_actors"] == {"Putn": ["Vladimir Putin"]}
    listing = client.get("/", params={"actor": "Vladmir Putn"})
    assert "no actor is named &#39;Vladmir Putn&#39; in the archive; nearest: Vladimir Putin" in listing.text


def test_the_actors_page_lists_actors_and_likely_duplicates(tmp_path: Path) -> None:
    store = TantivyStore(tmp_path / "index", writer_heap_bytes=20_000_000)
    store.upsert(
        [
            make_document("Tony Blair spoke.", actors=[("Tony Blair", ActorKind.PERSON)]),
            make_document("Blair spoke again.", actors=[("Blair", ActorKind.PERSON)]),
            make_document("Lyon <b>won</b>.", actors=[("<b>Lyon</b>", ActorKind.PLACE)]),
        ]
    )
    with TestClient(create_app(Settings(_env_file=None, data_dir=tmp_path), store=store)) as client:
        page = client.get("/actors")
    store.close()
    assert page.status_code == 200
    assert 'href="/actors/Tony%20Blair"' in page.text and "one is a name part of the other" in page.text
    assert 'dropwire actors merge "Tony Blair" "Blair"' in page.text
    assert "<b>Lyon</b>" not in page.text and "&lt;b&gt;Lyon&lt;/b&gt;" in page.text


def test_a_received_date_is_marked_as_such_on_every_page_that_lists_documents(client: TestClient) -> None:
    # "Seoul wins" has no publication date: it is filed under the day it was received, and the
    # search page, the actor page and the document page all say so.
    received = re.compile(r'<span class="date">2026-01-01</span> <span class="received"[^>]*>\(received\)</span>')
    for page in ("/?q=football", "/actors/Seoul"):
        response = client.get(page)
        assert response.status_code == 200, page
        assert received.search(response.text), page
    published = client.get("/actors/Vladimir Putin")
    assert '<span class="date">2025-05-20</span> ·' in published.text and "(received)" not in published.text
    seoul = next(d.id for d in corpus() if d.title == "Seoul wins")
    assert "no publication date; received 2026-01-01" in client.get(f"/documents/{seoul}").text


def test_a_short_id_reaches_a_document_in_the_api_and_on_the_page(client: TestClient) -> None:
    from conftest import TWIN_BODIES, TWIN_PREFIX

    short = KIM_ID[:12]
    assert client.get(f"/api/documents/{short}").json()["id"] == KIM_ID
    assert client.get(f"/api/documents/{KIM_ID[:8].upper()}").json()["id"] == KIM_ID
    page = client.get(f"/documents/{short}", follow_redirects=False)
    assert page.status_code == 307 and page.headers["location"] == f"/documents/{KIM_ID}"
    assert "Kim meets envoys" in client.get(f"/documents/{short}").text
    too_short = client.get(f"/api/documents/{KIM_ID[:5]}")
    assert too_short.status_code == 422 and "at least 8" in too_short.json()["detail"]
    assert "at least 8" in client.get(f"/documents/{KIM_ID[:5]}").text
    assert client.get("/api/documents/" + "0" * 12).status_code == 404
    # Two stored ids that start alike: the answer names both.
    twins = [make_document(body) for body in TWIN_BODIES]
    client.app.state.store.upsert(twins)
    ambiguous = client.get(f"/api/documents/{TWIN_PREFIX}")
    assert ambiguous.status_code == 422
    assert all(twin.id[:12] in ambiguous.json()["detail"] for twin in twins)
    page = client.get(f"/documents/{TWIN_PREFIX}")
    assert page.status_code == 422 and all(twin.id[:12] in page.text for twin in twins)


def test_the_page_says_why_an_unknown_theme_filters_nothing(client: TestClient) -> None:
    api = client.get("/api/search", params={"theme": "diplomacyy"}).json()["detail"]
    page = client.get("/", params={"theme": "diplomacyy", "q": "talks"}).text
    assert html_unescape(api) in html_unescape(page), "the page says what the API says"
    assert "no theme has the id 'diplomacyy'; did you mean diplomacy?" in html_unescape(page)
    assert "No theme filter is applied" in page
    assert 'data-facet="theme"' not in page, "no chip for a theme that filters nothing"
    assert 'name="theme"' not in page and "theme=diplomacyy" not in page
    # A theme written in another case is the taxonomy's id, as in the CLI.
    assert client.get("/api/search", params={"theme": "Diplomacy"}).status_code == 200
    assert 'data-facet="theme"' in client.get("/", params={"theme": "Diplomacy"}).text


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def two_clintons() -> list[Document]:
    return [
        make_document("Bill Clinton opened the library in Little Rock.", title="Library opens", actors=[("Bill Clinton", ActorKind.PERSON)]),
        make_document("Hillary Clinton spoke at the Senate hearing.", title="Senate hearing", actors=[("Hillary Clinton", ActorKind.PERSON)]),
        make_document("Ferries ran late in Dunmore all week.", title="Late ferries"),
    ]


def test_the_page_applies_no_filter_for_a_name_several_actors_share(tmp_path: Path) -> None:
    store = TantivyStore(tmp_path / "index", writer_heap_bytes=20_000_000)
    store.upsert(two_clintons())
    with TestClient(create_app(Settings(_env_file=None, data_dir=tmp_path), store=store)) as client:
        api = client.get("/api/search", params={"actor": "Clinton"})
        page = client.get("/", params={"actor": "Clinton"}).text
        both = client.get("/", params={"actor": ["Clinton", "Bill Clinton"]}).text
    store.close()
    assert api.status_code == 422 and "Bill Clinton" in api.json()["detail"]
    text = html_unescape(page)
    assert "'Clinton' could be" in text and "No actor filter is applied" in text
    assert 'data-facet="actor"' not in page, "no chip for a name that filters nothing"
    assert 'name="actor"' not in page and "actor=Clinton" not in page
    assert '<strong id="total">3</strong>' in page
    # Beside an actor that does apply, the page says the shared name is left out.
    assert "It is not applied" in html_unescape(both) and '<strong id="total">1</strong>' in both
    assert both.count('data-facet="actor"') == 1
