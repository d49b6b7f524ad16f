"""Inbox events as Airflow delivers them, read into plain keys and paths.

S3 notifications arrive through SQS: a trigger payload holds a `message_batch`, each
message's `Body` is an S3 event with one or more `Records`, and keys are URL-encoded.
Configuring a notification sends an `s3:TestEvent` first; moving a drop to processed/
raises events of its own. Both are skipped here.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from pipeline.sources.s3 import is_inbox_key

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, order=True)
class S3ObjectRef:
    bucket: str
    key: str


def s3_objects_from_payloads(payloads: Iterable[dict[str, Any]]) -> list[S3ObjectRef]:
    """Every created inbox object named in trigger payloads, once each, in arrival order."""
    found: dict[S3ObjectRef, None] = {}
    for payload in payloads:
        for message in payload.get("message_batch") or []:
            for ref in _objects_in_message(message):
                found.setdefault(ref, None)
    return list(found)


def _objects_in_message(message: dict[str, Any]) -> list[S3ObjectRef]:
    body = message.get("Body", message.get("body"))
    try:
        event = json.loads(body) if isinstance(body, str) else body
    except json.JSONDecodeError:
        log.warning("skipped an SQS message that is not JSON: %.200s", body)
        return []
    if not isinstance(event, dict):
        return []
    if "Message" in event and isinstance(event["Message"], str):
        # Delivered through SNS: the S3 event is wrapped once more.
        return _objects_in_message({"Body": event["Message"]})
    if event.get("Event") == "s3:TestEvent":
        return []
    refs = []
    for record in event.get("Records") or []:
        if not str(record.get("eventName", "")).startswith("ObjectCreated"):
            continue
        s3 = record.get("s3") or {}
        bucket = (s3.get("bucket") or {}).get("name")
        key = (s3.get("object") or {}).get("key")
        if bucket and key:
            key = unquote_plus(key)
            if is_inbox_key(key):
                refs.append(S3ObjectRef(bucket=bucket, key=key))
    return refs


def paths_from_payloads(payloads: Iterable[dict[str, Any]]) -> list[str]:
    """Files named by the local-folder trigger's events, once each."""
    found: dict[str, None] = {}
    for payload in payloads:
        for path in payload.get("paths") or []:
            found.setdefault(str(path), None)
    return list(found)
