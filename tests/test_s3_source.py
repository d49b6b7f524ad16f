"""The S3 inbox against moto's in-process S3."""

from __future__ import annotations

import json
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from pipeline.ingest import Ingestor
from pipeline.search import SearchQuery
from pipeline.settings import Settings
from pipeline.sources.s3 import S3Inbox, S3Location, is_inbox_key
from pipeline.store.tantivy import TantivyStore

ARTICLE = b"Hanoi summit\nKim Jong Un met Donald Trump in Hanoi for talks on nuclear weapons.\n"


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="inbox")
        yield client


def keys(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket="inbox").get("Contents", []))


def test_locations_parse_and_print() -> None:
    assert S3Location.parse("s3://inbox/drops/2025/") == S3Location("inbox", "drops/2025/")
    assert str(S3Location.parse("s3://inbox")) == "s3://inbox/"
    with pytest.raises(ValueError, match="is not an s3://"):
        S3Location.parse("/local/path")


def test_inbox_keys_exclude_what_we_filed() -> None:
    assert is_inbox_key("a.txt") and is_inbox_key("deep/b.md")
    for key in ("processed/a.txt", "quarantine/a.txt", "folder/", "x/.hidden", "upload.txt.part"):
        assert not is_inbox_key(key), key


def test_ingest_from_s3_files_originals_under_processed_and_quarantine(
    s3, settings: Settings, store: TantivyStore, enricher
) -> None:
    s3.put_object(Bucket="inbox", Key="drops/hanoi.txt", Body=ARTICLE)
    s3.put_object(Bucket="inbox", Key="drops/bad.json", Body=b"{")
    s3.put_object(Bucket="inbox", Key="drops/wire.jsonl", Body=b'{"body": "Angela Merkel spoke in Berlin."}\n{oops\n')
    s3.put_object(Bucket="inbox", Key="elsewhere/skip.txt", Body=ARTICLE)
    inbox = S3Inbox(s3, S3Location.parse("s3://inbox/drops/"))
    summary = Ingestor(settings, store, enricher=enricher).ingest(inbox)
    assert (summary.drops, summary.indexed, summary.quarantined) == (3, 2, 2)
    assert keys(s3) == [
        "elsewhere/skip.txt",
        "processed/drops/hanoi.txt",
        "processed/drops/wire.jsonl",
        "quarantine/drops/bad.json",
        "quarantine/drops/bad.json.rejection.json",
        "quarantine/drops/wire.record-2.jsonl",
        "quarantine/drops/wire.record-2.jsonl.rejection.json",
    ]
    rejection = json.loads(s3.get_object(Bucket="inbox", Key="quarantine/drops/bad.json.rejection.json")["Body"].read())
    assert rejection["reason"] == "malformed_json" and rejection["quarantined_as"] == "s3://inbox/quarantine/drops/bad.json"
    assert s3.get_object(Bucket="inbox", Key="quarantine/drops/bad.json")["Body"].read() == b"{"
    [hit] = store.search(SearchQuery(actors=["Kim Jong Un"])).hits
    assert hit.source_uri == "s3://inbox/drops/hanoi.txt"
    document = store.get(hit.id)
    assert document.source.kind.value == "s3" and document.source.etag


def test_notified_keys_already_filed_are_skipped(s3, settings: Settings, store: TantivyStore, enricher) -> None:
    s3.put_object(Bucket="inbox", Key="a.txt", Body=ARTICLE)
    inbox = S3Inbox(s3, S3Location("inbox"))
    ingestor = Ingestor(settings, store, enricher=enricher)
    first = ingestor.ingest(inbox, inbox.drops_for_keys(["a.txt", "a.txt"]))
    # The same notification delivered again (an SQS message that came back): nothing happens.
    again = ingestor.ingest(inbox, inbox.drops_for_keys(["a.txt", "never-existed.txt"]))
    assert (first.drops, first.indexed) == (1, 1)
    assert (again.drops, again.indexed, again.quarantined) == (0, 0, 0)
    assert keys(s3) == ["processed/a.txt"]
    assert store.count() == 1


def test_a_drop_re_uploaded_after_ingest_is_unchanged(s3, settings: Settings, store: TantivyStore, enricher) -> None:
    inbox = S3Inbox(s3, S3Location("inbox"))
    ingestor = Ingestor(settings, store, enricher=enricher)
    s3.put_object(Bucket="inbox", Key="a.txt", Body=ARTICLE)
    ingestor.ingest(inbox)
    s3.put_object(Bucket="inbox", Key="a.txt", Body=ARTICLE)
    summary = ingestor.ingest(inbox)
    assert (summary.indexed, summary.unchanged) == (0, 1)
    assert store.count() == 1


def test_the_cli_ingests_an_s3_prefix(s3, isolated_env, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    s3.put_object(Bucket="inbox", Key="in/hanoi.txt", Body=ARTICLE)
    result = CliRunner().invoke(app, ["ingest", "s3://inbox/in/"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "indexed" in result.output
    assert keys(s3) == ["processed/in/hanoi.txt"]
    found = CliRunner().invoke(app, ["search", "--actor", "Kim Jong Un", "--json"])
    assert json.loads(found.stdout)["total"] == 1


def test_inbox_create_sets_up_bucket_queue_and_notification(s3) -> None:
    from pipeline.inbox_setup import create_inbox

    sqs = boto3.client("sqs", region_name="us-east-1")
    first = create_inbox(s3, sqs, "fresh-inbox", "fresh-events")
    again = create_inbox(s3, sqs, "fresh-inbox", "fresh-events")  # idempotent
    assert first == again
    config = s3.get_bucket_notification_configuration(Bucket="fresh-inbox")["QueueConfigurations"]
    assert config[0]["QueueArn"] == first.queue_arn and config[0]["Events"] == ["s3:ObjectCreated:*"]
    policy = json.loads(sqs.get_queue_attributes(QueueUrl=first.queue_url, AttributeNames=["Policy"])["Attributes"]["Policy"])
    assert policy["Statement"][0]["Condition"]["ArnLike"]["aws:SourceArn"] == "arn:aws:s3:::fresh-inbox"
    s3.put_object(Bucket="fresh-inbox", Key="a.txt", Body=ARTICLE)
    messages = sqs.receive_message(QueueUrl=first.queue_url, MaxNumberOfMessages=10).get("Messages", [])
    bodies = " ".join(message["Body"] for message in messages)
    assert "a.txt" in bodies


def test_reprocess_reads_filed_objects_again_and_leaves_them_filed(s3, settings: Settings, enricher, tmp_path) -> None:
    s3.put_object(Bucket="inbox", Key="drops/hanoi.txt", Body=ARTICLE)
    with TantivyStore(tmp_path / "first") as first:
        Ingestor(settings, first, enricher=enricher).ingest(S3Inbox(s3, S3Location.parse("s3://inbox/drops/")))
    assert keys(s3) == ["processed/drops/hanoi.txt"]
    with TantivyStore(tmp_path / "wiped") as wiped:  # an archive that lost everything
        again = S3Inbox(s3, S3Location.parse("s3://inbox/drops/"), reprocess=True)
        summary = Ingestor(settings, wiped, enricher=enricher).ingest(again)
        assert (summary.drops, summary.indexed) == (1, 1)
        [document] = list(wiped.documents())
        assert document.source.location == "s3://inbox/processed/drops/hanoi.txt"
    assert keys(s3) == ["processed/drops/hanoi.txt"]


def test_s3_object_metadata_dates_a_drop(s3, settings: Settings, store: TantivyStore, enricher) -> None:
    s3.put_object(Bucket="inbox", Key="drops/hanoi.txt", Body=ARTICLE, Metadata={"published-at": "2004-11-02", "title": "Hanoi talks"})
    summary = Ingestor(settings, store, enricher=enricher).ingest(S3Inbox(s3, S3Location.parse("s3://inbox/drops/")))
    assert summary.indexed == 1
    [document] = list(store.documents())
    assert (document.title, document.published_at.date().isoformat()) == ("Hanoi talks", "2004-11-02")
