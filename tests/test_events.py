from __future__ import annotations

import json

from pipeline.events import S3ObjectRef, paths_from_payloads, s3_objects_from_payloads


def s3_event(*keys: str, bucket: str = "inbox", name: str = "ObjectCreated:Put") -> str:
    return json.dumps(
        {"Records": [{"eventName": name, "s3": {"bucket": {"name": bucket}, "object": {"key": key}}} for key in keys]}
    )


def test_messages_records_and_url_encoded_keys() -> None:
    payload = {
        "message_batch": [
            {"Body": json.dumps({"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": "inbox"})},
            {"Body": s3_event("docs%2Fc+d.txt", "caf%C3%A9.md")},
            {"Body": s3_event("plain.txt")},
        ]
    }
    assert s3_objects_from_payloads([payload]) == [
        S3ObjectRef("inbox", "docs/c d.txt"),
        S3ObjectRef("inbox", "café.md"),
        S3ObjectRef("inbox", "plain.txt"),
    ]


def test_duplicates_our_own_moves_and_other_events_are_skipped() -> None:
    payloads = [
        {"message_batch": [{"Body": s3_event("a.txt")}, {"Body": s3_event("a.txt")}]},
        {"message_batch": [{"Body": s3_event("processed/a.txt", "quarantine/b.json", "quarantine/b.json.rejection.json")}]},
        {"message_batch": [{"Body": s3_event("gone.txt", name="ObjectRemoved:Delete")}]},
        {"message_batch": [{"Body": s3_event("folder/")}, {"Body": s3_event(".hidden.txt")}]},
        {"message_batch": [{"Body": "not json at all"}, {"Body": "[1, 2]"}]},
        {"status": "success"},
    ]
    assert s3_objects_from_payloads(payloads) == [S3ObjectRef("inbox", "a.txt")]


def test_sns_wrapped_notifications_are_unwrapped() -> None:
    wrapped = json.dumps({"Type": "Notification", "Message": s3_event("via-sns.txt", bucket="b2")})
    assert s3_objects_from_payloads([{"message_batch": [{"Body": wrapped}]}]) == [S3ObjectRef("b2", "via-sns.txt")]


def test_folder_payloads_give_each_path_once() -> None:
    payloads = [{"directory": "/in", "paths": ["/in/a.txt", "/in/b.txt"]}, {"paths": ["/in/a.txt"]}, {"message_batch": []}]
    assert paths_from_payloads(payloads) == ["/in/a.txt", "/in/b.txt"]


def test_a_burst_is_planned_into_batches_that_keep_every_item_once() -> None:
    from pipeline.ingest import plan_batches

    payloads = [
        {"message_batch": [{"Body": s3_event("a.txt", "b%2Fc.txt")}, {"Body": s3_event("a.txt")}]},
        {"directory": "/in", "paths": ["/in/x.txt", "/in/y.txt"]},
        {"paths": ["/in/x.txt", "/other/z.txt"]},
    ]
    batches = plan_batches(payloads, batch_size=2)
    assert batches == [
        {"s3": [["inbox", "a.txt"], ["inbox", "b/c.txt"]], "local": []},
        {"s3": [], "local": [["/in", "/in/x.txt"], ["/in", "/in/y.txt"]]},
        {"s3": [], "local": [["/other", "/other/z.txt"]]},
    ]
    assert plan_batches([], batch_size=5) == []
