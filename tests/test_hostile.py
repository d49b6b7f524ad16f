"""Nothing a drop, a folder or a request can do breaks the archive: each hostile input is
held (a rejection with its reason, a clear error, a 4xx or a 503) and the rest goes on.

Every case is made at test time; nothing hostile is committed."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conftest import corpus
from pipeline import cli
from pipeline.enrich import split_for_model
from pipeline.errors import ConfigurationError, StoreError
from pipeline.ingest import Ingestor
from pipeline.models import Rejection, RejectionReason
from pipeline.settings import Settings, redacted_url
from pipeline.sources import open_source
from pipeline.sources.local import LocalFolder
from pipeline.store import WriteFailure
from pipeline.store.tantivy import TantivyStore
from tests.store_doubles import WrappedStore
from pipeline.web import create_app

ARTICLE = "Harbour news\nMarta Oyelaran opened the new ferry terminal in Dunmore on Friday.\n"


def rejections(folder: Path) -> dict[str, Rejection]:
    return {
        path.name.removesuffix(".rejection.json"): Rejection.model_validate_json(path.read_text())
        for path in folder.rglob("*.rejection.json")
    }


# -- links and special files ---------------------------------------------------------------


def test_links_are_never_read_through(ingestor: Ingestor, store: TantivyStore, tmp_path: Path) -> None:
    secret_dir = tmp_path / "outside"
    secret_dir.mkdir()
    secret = secret_dir / "passwords.txt"
    secret.write_text("Root secrets\nThe vault code of Ilse Brandauer is 0000.\n")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text(ARTICLE)
    (inbox / "to-file.txt").symlink_to(secret)
    (inbox / "to-link.txt").symlink_to(inbox / "to-file.txt")
    (inbox / "to-folder").symlink_to(secret_dir)
    summary = ingestor.ingest(LocalFolder(inbox))
    assert (summary.indexed, summary.quarantined) == (1, 3)
    reasons = {name: (r.reason.value, r.stage) for name, r in rejections(inbox / "quarantine").items()}
    assert reasons == {"to-file.txt": ("link", "read"), "to-link.txt": ("link", "read"), "to-folder": ("link", "read")}
    assert all("Ilse" not in document.body for document in store.documents())
    assert secret.read_text().startswith("Root secrets"), "the link's target is never touched"
    assert (inbox / "quarantine" / "to-file.txt").is_symlink(), "the link itself is filed, not its target"


def test_a_drop_named_through_a_linked_folder_is_not_read(ingestor: Ingestor, store: TantivyStore, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "memo.txt").write_text("Private memo\nThe vault code of Ilse Brandauer is 0000.\n")
    inbox = tmp_path / "inbox"
    (inbox / "desk").mkdir(parents=True)
    (inbox / "desk" / "good.txt").write_text(ARTICLE)
    (inbox / "linked").symlink_to(outside)
    folder = LocalFolder(inbox)
    # Named on its own (as a watcher or an event names a path), not found by walking the inbox.
    summary = ingestor.ingest(folder, list(folder.drops_for([inbox / "desk" / "good.txt"])) + [folder.drop_for(inbox / "linked" / "memo.txt")])
    assert (summary.indexed, summary.quarantined) == (1, 1)
    assert summary.rejections[0].reason is RejectionReason.LINK
    assert all("Ilse" not in document.body for document in store.documents())


def test_with_keep_a_link_is_not_copied_through(store: TantivyStore, enricher, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Private\nNothing to see.\n")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "link.txt").symlink_to(secret)
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", move_originals=False)
    folder = LocalFolder(inbox, move_originals=False, fallback_quarantine=settings.data_dir / "quarantine")
    summary = Ingestor(settings, store, enricher=enricher).ingest(folder)
    assert summary.quarantined == 1
    kept = settings.data_dir / "quarantine" / "link.txt"
    assert not kept.exists() or kept.is_symlink()
    assert (inbox / "link.txt").is_symlink()


def test_a_fifo_is_rejected_without_waiting(ingestor: Ingestor, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text(ARTICLE)
    os.mkfifo(inbox / "pipe.txt")
    summary = ingestor.ingest(LocalFolder(inbox))  # a FIFO opened for reading would block forever
    assert (summary.indexed, summary.quarantined) == (1, 1)
    assert rejections(inbox / "quarantine")["pipe.txt"].reason.value == "not_a_file"


def test_a_file_deleted_between_listing_and_reading_is_a_rejection(ingestor: Ingestor, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(ARTICLE)
    (inbox / "b.txt").write_text("Other news\nThe Dunmore ferry was late on Friday.\n")
    folder = LocalFolder(inbox)
    drops = list(folder.drops())
    (inbox / "a.txt").unlink()
    summary = ingestor.ingest(folder, drops)
    assert (summary.indexed, summary.quarantined) == (1, 1)
    assert "left the inbox" in rejections(inbox / "quarantine")["a.txt"].message


def test_a_drop_gone_just_before_its_move_to_processed_is_logged_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "sub" / "a.txt").write_text(ARTICLE)
    folder = LocalFolder(inbox)
    (drop,) = list(folder.drops())
    real_replace = os.replace

    def deleted_first(source: str | Path, target: str | Path) -> None:
        if Path(source).name == "a.txt":  # another process takes the file as it is moved
            Path(source).unlink(missing_ok=True)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", deleted_first)
    with caplog.at_level("WARNING", logger="pipeline.sources.local"):
        assert folder.mark_processed(drop) == str(inbox / "sub" / "a.txt")
    assert "left the inbox before it could be filed" in caplog.text
    assert not (inbox / "processed" / "sub" / "a.txt").exists()


def test_a_name_with_two_leading_dots_is_read(ingestor: Ingestor, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "..notes.txt").write_text(ARTICLE)
    (inbox / ".hidden.txt").write_text(ARTICLE)
    summary = ingestor.ingest(LocalFolder(inbox))
    assert (summary.drops, summary.indexed) == (1, 1)


# -- layouts that would break every run ------------------------------------------------------


def test_a_data_folder_inside_the_inbox_is_refused_before_any_work(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(ARTICLE)
    settings = Settings(_env_file=None, data_dir=inbox / "archive")
    with pytest.raises(ConfigurationError, match="inside the inbox"):
        open_source(str(inbox), settings)
    result = CliRunner().invoke(cli.app, ["ingest", str(inbox), "--data-dir", str(inbox / "archive")])
    assert isinstance(result.exception, ConfigurationError)
    assert (inbox / "a.txt").exists() and not (inbox / "archive").exists()


@pytest.mark.parametrize("reserved", ["processed", "quarantine"])
def test_a_file_where_a_filing_folder_goes_is_a_clear_error(reserved: str, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / reserved).write_text("not a folder")
    with pytest.raises(ConfigurationError, match=f"{reserved} is a file"):
        open_source(str(inbox), Settings(_env_file=None, data_dir=tmp_path / "data"))


# -- dates the stores cannot hold --------------------------------------------------------------


class RefusingStore(WrappedStore):
    """Refuses documents whose body names REFUSE, as a mapping conflict would."""

    def upsert(self, documents):
        refused = [document for document in documents if "REFUSE" in document.body]
        self.inner.upsert([document for document in documents if document not in refused])
        return [WriteFailure(document.id, "mapping conflict") for document in refused]


class ExplodingEnricher:
    """The real enricher, except that it breaks on any text holding EXPLODE."""

    def __init__(self, real) -> None:
        self.real, self.model, self.aliases = real, real.model, real.aliases

    def enrich_many(self, items):
        for text, context in items:
            if "EXPLODE" in text.body:
                raise RuntimeError("model crashed")
            yield from self.real.enrich_many([(text, context)])


POISONS = {
    "extract": ("bad.json", "{not json", "malformed_json"),
    "metadata-1600": ("bad.json", json.dumps({"body": "A clock was found.", "published_at": "1600-05-01"}), "invalid_metadata"),
    "metadata-2300": ("bad.md", "---\ntitle: Later\ndate: 2300-01-01\n---\nA letter from the future.\n", "invalid_metadata"),
    "metadata-year-1": ("bad.json", json.dumps({"body": "Very old news.", "published_at": "0001-01-01T00:00:00Z"}), "invalid_metadata"),
    "enrich": ("bad.txt", "Boom\nThis text will EXPLODE the model.", "enrichment_failed"),
    "store": ("bad.txt", "Refused\nThe store will REFUSE this text.", "store_rejected"),
}


@pytest.mark.parametrize("position", range(4))
@pytest.mark.parametrize("poison", sorted(POISONS))
def test_one_poisoned_drop_in_any_position_never_stops_the_others(
    poison: str, position: int, settings: Settings, store: TantivyStore, enricher, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    names = [f"{number}-good.txt" for number in range(3)]
    for number, name in enumerate(names):
        (inbox / name).write_text(f"Ferry {number}\nThe Dunmore ferry number {number} sailed on time.\n")
    bad_name, content, reason = POISONS[poison]
    bad_name = f"{position}-{bad_name}" if position < 3 else f"9-{bad_name}"
    (inbox / bad_name).write_text(content)
    ingestor = Ingestor(settings, RefusingStore(store), enricher=ExplodingEnricher(enricher))
    summary = ingestor.ingest(LocalFolder(inbox), batch_drops=4)
    assert (summary.drops, summary.indexed, summary.quarantined) == (4, 3, 1)
    assert rejections(inbox / "quarantine")[bad_name].reason.value == reason
    assert sorted(path.name for path in (inbox / "processed").iterdir()) == names


# -- long texts --------------------------------------------------------------------------------


def test_a_long_text_is_read_in_pieces_with_true_offsets(enricher, monkeypatch: pytest.MonkeyPatch) -> None:
    paragraph = "Marta Oyelaran met Tomas Brennan in Dunmore on 3 March 2021. The talks went well.\n"
    body = paragraph * 40
    whole = enricher.enrich(body, dt.datetime(2021, 3, 5, tzinfo=dt.UTC), "Talks")
    monkeypatch.setattr("pipeline.enrich.enricher.PIECE_CHARS", 500)
    assert len(split_for_model("Talks\n\n" + body, 500)) > 5
    pieced = enricher.enrich(body, dt.datetime(2021, 3, 5, tzinfo=dt.UTC), "Talks")
    assert [(a.name, a.mentions) for a in pieced.actors] == [(a.name, a.mentions) for a in whole.actors]
    assert [(d.start, d.end, d.value) for d in pieced.dates] == [(d.start, d.end, d.value) for d in whole.dates]
    assert all(body[d.start : d.end] == d.text for d in pieced.dates)


@pytest.mark.parametrize("text", ["a" * 1000, ("word " * 400), ("line\n" * 300), "x. " * 500])
def test_pieces_join_back_into_the_text(text: str) -> None:
    pieces = split_for_model(text, 128)
    assert "".join(pieces) == text and all(len(piece) <= 128 for piece in pieces)


@pytest.mark.slow
def test_a_text_over_the_models_million_characters_is_indexed(ingestor: Ingestor, store: TantivyStore, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # Over a million characters in few tokens: each line carries a long reference number, so
    # the model reads ~10 pieces of 100,000 characters in seconds (23,000 short sentences took
    # a minute of the suite) and the length limit, the cuts at line ends and the joined Doc are
    # exercised all the same.
    lines = [f"The Dunmore council met Marta Oyelaran again. Minute reference {n:04d}{'7a3f' * 512}.\n" for n in range(480)]
    (inbox / "long.txt").write_text("Minutes\n" + "".join(lines))
    summary = ingestor.ingest(LocalFolder(inbox))
    assert (summary.indexed, summary.quarantined) == (1, 0)
    [document] = list(store.documents())
    assert len(document.body) > 1_000_000 and "Marta Oyelaran" in {actor.name for actor in document.actors}


# -- requests ------------------------------------------------------------------------------------


class DownStore:
    """A store whose server is gone: every call raises StoreError, as the ES store does after retries."""

    def __getattr__(self, name: str):
        def fail(*args, **kwargs):
            raise StoreError("Elasticsearch is unreachable: connection refused")

        return fail

    def close(self) -> None:
        pass


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    store = TantivyStore(tmp_path / "index", writer_heap_bytes=20_000_000)
    store.upsert(corpus())
    with TestClient(create_app(Settings(_env_file=None, data_dir=tmp_path), store=store)) as test_client:
        yield test_client
    store.close()


def forged(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


FORGED_CURSORS = [
    "not-a-cursor",
    forged(b'{"offset": -5}'),
    forged(b'{"offset": 10, "after": ["x"]}'),
    forged(b'{"offset": 1e20}'),
    forged(b'{"offset": 0, "after": [1.0, "id\\" OR 1"]}'),
]


@pytest.mark.parametrize(
    "query",
    [{"since": "0001-01-01"}, {"until": "9999-12-31"}, *({"cursor": cursor} for cursor in FORGED_CURSORS)],
)
@pytest.mark.parametrize("path", ["/api/search", "/api/facets", "/"])
def test_bad_user_input_is_a_4xx_that_says_why(client: TestClient, path: str, query: dict[str, str]) -> None:
    response = client.get(path, params=query)
    if path.startswith("/api/"):
        assert response.status_code == 422, response.text
        assert response.json()["detail"]
    else:  # the page pages by number and ignores a cursor; a bad date is shown on the form
        assert response.status_code == 200, response.text
        assert "cursor" in query or "outside the dates" in response.text


@pytest.mark.parametrize("text", ["id:*", "title:(", "body:Kim", "dated_at:[* TO *]"])
def test_field_syntax_is_read_as_words_not_an_error(client: TestClient, text: str) -> None:
    assert client.get("/api/search", params={"q": text}).status_code == 200
    assert client.get("/", params={"q": text}).status_code == 200


@pytest.mark.parametrize("path", ["/", "/api/search", "/api/facets", "/api/actors/Kim", "/actors/Kim", f"/api/documents/{'0' * 64}", f"/documents/{'0' * 64}"])
def test_an_unreachable_store_is_a_503_that_says_what_is_down(path: str, tmp_path: Path) -> None:
    app = create_app(Settings(_env_file=None, data_dir=tmp_path, store="elasticsearch"), store=DownStore())  # type: ignore[arg-type]
    with TestClient(app) as test_client:
        response = test_client.get(path)
    assert response.status_code == 503, response.text
    assert "unreachable" in response.text and "elasticsearch" in response.text


@pytest.mark.parametrize("option", [["--since", "0001-01-01"], ["--until", "9999-12-31"], ["--cursor", "eyJvZmZzZXQiOiAxZTIwfQ=="]])
def test_the_cli_answers_the_same_inputs_with_a_message(option: list[str], isolated_env: Path) -> None:
    result = CliRunner().invoke(cli.app, ["search", *option])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_a_password_in_the_elasticsearch_url_is_never_shown(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert redacted_url("https://writer:hunter2@es.example:9200/") == "https://writer:***@es.example:9200/"
    monkeypatch.setenv("DROPWIRE_ES_URL", "http://writer:hunter2@127.0.0.1:9")
    monkeypatch.setenv("DROPWIRE_ES_TIMEOUT", "0.5")
    # Every try and every retry warning, without the 7.5 s of back-off between them: tenacity's
    # sleep, mocked out as its documentation offers (only its module's `time` is replaced).
    import tenacity.nap

    slept: list[float] = []
    monkeypatch.setattr(tenacity.nap, "time", SimpleNamespace(sleep=slept.append))
    from pipeline.settings import get_settings

    get_settings.cache_clear()
    result = CliRunner().invoke(cli.app, ["stats", "--store", "elasticsearch"])
    shown = result.output + (str(result.exception) if result.exception else "")
    assert "hunter2" not in shown
    assert "127.0.0.1" in shown or isinstance(result.exception, StoreError)
    assert slept, "no retry: its warnings, which name the cluster, were not written"


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ({"q": "election", "since": "bad"}, "is not a date"),
        ({"q": "election", "since": "0001-01-01"}, "outside the dates"),
        ({"q": "election", "since": "2025-05-01", "until": "2025-04-01"}, "is after until"),
        ({"q": "election", "sentiment": "furious"}, "sentiment"),
    ],
)
def test_the_page_keeps_the_users_words_beside_a_bad_filter(client: TestClient, query: dict[str, str], says: str) -> None:
    response = client.get("/", params=query)
    assert response.status_code == 200
    assert 'value="election"' in response.text
    assert says in response.text


def test_an_archive_wiped_behind_dropwires_back_is_noticed_and_refilled(isolated_env: Path, tmp_path: Path) -> None:
    import shutil

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(ARTICLE)
    (inbox / "b.txt").write_text("Other news\nThe Dunmore ferry was late on Friday.\n")
    runner = CliRunner()
    runner.invoke(cli.app, ["ingest", str(inbox)], catch_exceptions=False)
    shutil.rmtree(isolated_env / "index")  # the store lost its data; the state beside it did not
    runner.invoke(cli.app, ["store", "init"], catch_exceptions=False)
    stats = runner.invoke(cli.app, ["stats"], catch_exceptions=False)
    assert "2 document(s) this machine stored are no longer in the archive" in " ".join(stats.output.split())
    plain = runner.invoke(cli.app, ["ingest", str(inbox)], catch_exceptions=False)
    assert "nothing is waiting" in " ".join(plain.output.split())
    again = runner.invoke(cli.app, ["ingest", "--reprocess", str(inbox)], catch_exceptions=False)
    assert again.exit_code == 0
    assert sorted(path.name for path in (inbox / "processed").iterdir()) == ["a.txt", "b.txt"], "filed drops stay filed"
    stats = runner.invoke(cli.app, ["stats"], catch_exceptions=False)
    assert "documents: 2" in stats.output and "no longer in the archive" not in stats.output


def test_one_file_beside_the_data_folder_is_ingested(tmp_path: Path) -> None:
    """A file in the home folder, the archive under ~/.local/share: only the folder's listing
    would read the archive as drops, and one file's ingest lists nothing."""
    home = tmp_path / "home"
    (home / ".local" / "share").mkdir(parents=True)
    (home / "article.txt").write_text(ARTICLE)
    settings = Settings(_env_file=None, data_dir=home / ".local" / "share" / "dropwire")
    opened = open_source(str(home / "article.txt"), settings)
    assert [drop.name for drop in opened.drops] == ["article.txt"]
    result = CliRunner().invoke(cli.app, ["ingest", str(home / "article.txt"), "--data-dir", str(settings.data_dir)])
    assert result.exit_code == 0, result.output
    assert (home / "processed" / "article.txt").exists()


@pytest.mark.parametrize("filed", ["processed", "quarantine"])
def test_one_file_already_filed_or_of_the_archive_is_refused(filed: str, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / filed).mkdir(parents=True)
    (inbox / filed / "a.txt").write_text(ARTICLE)
    settings = Settings(_env_file=None, data_dir=inbox / "archive")
    with pytest.raises(ConfigurationError, match="move it out of that folder"):
        open_source(str(inbox / filed / "a.txt"), settings)
    (inbox / "archive").mkdir()
    (inbox / "archive" / "state.txt").write_text("not a drop")
    with pytest.raises(ConfigurationError, match="archive's own files"):
        open_source(str(inbox / "archive" / "state.txt"), settings)
