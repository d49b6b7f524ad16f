"""An S3 prefix as an inbox: drops under it, `processed/` and `quarantine/` at the bucket root.

Moving is copy-then-delete (S3 has no rename). Every step tolerates a key that is already
gone, because an event can be delivered twice and a retried task repeats its work.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlparse

from pipeline.models import Drop, Rejection, SourceKind
from pipeline.sources.local import PROCESSED, QUARANTINE, REJECTION_SUFFIX, is_candidate, record_name

log = logging.getLogger(__name__)
_RESERVED = (f"{PROCESSED}/", f"{QUARANTINE}/")


@dataclass(frozen=True, slots=True)
class S3Location:
    bucket: str
    prefix: str = ""

    @classmethod
    def parse(cls, uri: str) -> S3Location:
        parsed = urlparse(uri)
        if parsed.scheme != "s3" or not parsed.netloc:
            raise ValueError(f"{uri!r} is not an s3://bucket/prefix URI")
        return cls(bucket=parsed.netloc, prefix=parsed.path.lstrip("/"))

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"


def is_inbox_key(key: str) -> bool:
    """A key that is a drop: not one we filed, not hidden or half-uploaded, not a folder marker."""
    return not key.startswith(_RESERVED) and not key.endswith("/") and is_candidate(PurePosixPath(key))


def s3_client(endpoint_url: str | None = None, region: str = "us-east-1") -> Any:
    import boto3

    return boto3.client("s3", endpoint_url=endpoint_url, region_name=region)


class S3Inbox:
    """Drops in `bucket` under `prefix`, read and filed with a boto3 S3 client."""

    def __init__(self, client: Any, location: S3Location, *, reprocess: bool = False) -> None:
        self.client = client
        self.location = location
        # With `reprocess`, drops already filed under processed/ are read again (and stay there).
        self.reprocess = reprocess

    @property
    def bucket(self) -> str:
        return self.location.bucket

    def drops(self, *, modified_since: dt.datetime | None = None, modified_until: dt.datetime | None = None) -> Iterator[Drop]:
        paginator = self.client.get_paginator("list_objects_v2")
        prefixes = [self.location.prefix] + ([f"{PROCESSED}/{self.location.prefix}"] if self.reprocess else [])
        pages = (page for prefix in prefixes for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix))
        for page in pages:
            for item in page.get("Contents", []):
                modified = item["LastModified"]
                if not (is_inbox_key(item["Key"]) or (self.reprocess and _is_filed(item["Key"]))):
                    continue
                if (modified_since and modified < modified_since) or (modified_until and modified > modified_until):
                    continue
                yield self._drop(item["Key"], item["Size"], item.get("ETag"))

    def drops_for_keys(self, keys: Iterable[str]) -> Iterator[Drop]:
        """Drops for notified keys; a key already moved away (handled before) is skipped."""
        for key in dict.fromkeys(keys):
            if not is_inbox_key(key):
                continue
            try:
                head = self.client.head_object(Bucket=self.bucket, Key=key)
            except self.client.exceptions.ClientError as error:
                if _is_missing(error):
                    log.info("s3://%s/%s is gone: already handled", self.bucket, key)
                    continue
                raise
            yield self._drop(key, head["ContentLength"], head.get("ETag"))

    def _drop(self, key: str, size: int, etag: str | None) -> Drop:
        return Drop(
            uri=f"s3://{self.bucket}/{key}",
            name=key,
            kind=SourceKind.S3,
            size_bytes=size,
            etag=etag.strip('"') if etag else None,
            received_at=dt.datetime.now(dt.UTC),
        )

    def read(self, drop: Drop) -> bytes:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=drop.name)["Body"].read()
        except self.client.exceptions.ClientError as error:
            raise OSError(f"cannot read {drop.uri}: {error}") from None

    def metadata(self, drop: Drop) -> dict[str, Any]:
        """The object's user metadata (`x-amz-meta-published-at` and the like), keys as settings spell them."""
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=drop.name)
        except self.client.exceptions.ClientError:
            return {}
        return {key.lower().replace("-", "_"): value for key, value in (head.get("Metadata") or {}).items()}

    def processed_location(self, drop: Drop) -> str | None:
        if _is_filed(drop.name):
            return drop.uri
        return f"s3://{self.bucket}/{PROCESSED}/{drop.name}"

    def mark_processed(self, drop: Drop) -> str:
        if _is_filed(drop.name):
            return drop.uri
        target = f"{PROCESSED}/{drop.name}"
        self._move(drop.name, target)
        return f"s3://{self.bucket}/{target}"

    def quarantine(self, drop: Drop, rejection: Rejection, content: bytes | None = None) -> str:
        if content is not None:
            target = f"{QUARANTINE}/{record_name(drop.name, rejection.record, rejection.path)}"
            self.client.put_object(Bucket=self.bucket, Key=target, Body=content)
        else:
            target = f"{QUARANTINE}/{drop.name}"
            self._move(drop.name, target)
        record = rejection.model_copy(update={"quarantined_as": f"s3://{self.bucket}/{target}"})
        self.client.put_object(
            Bucket=self.bucket,
            Key=target + REJECTION_SUFFIX,
            Body=json.dumps(record.model_dump(mode="json"), indent=2, ensure_ascii=False).encode(),
            ContentType="application/json",
        )
        return f"s3://{self.bucket}/{target}"

    def _move(self, key: str, target: str) -> None:
        try:
            self.client.copy_object(Bucket=self.bucket, Key=target, CopySource={"Bucket": self.bucket, "Key": key})
        except self.client.exceptions.ClientError as error:
            if _is_missing(error):
                log.info("s3://%s/%s was already filed", self.bucket, key)
                return
            raise
        self.client.delete_object(Bucket=self.bucket, Key=key)


def _is_filed(key: str) -> bool:
    return key.startswith(f"{PROCESSED}/") and not key.endswith("/") and is_candidate(PurePosixPath(key))


def _is_missing(error: Any) -> bool:
    code = str(error.response.get("Error", {}).get("Code", ""))
    return code in {"404", "NoSuchKey", "NotFound"}
