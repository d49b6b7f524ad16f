"""Named errors that carry their data; only the CLI turns them into messages.

A `DropError` is a problem with one drop: it becomes a `Rejection` and the drop goes
to quarantine while the batch goes on. Anything else is a problem with Dropwire
itself or its configuration and stops the run.
"""

from __future__ import annotations

from enum import StrEnum


class RejectionReason(StrEnum):
    """Why a drop (or one record of a multi-record drop) was quarantined."""

    EMPTY = "empty"
    TOO_LARGE = "too_large"
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    UNSUPPORTED_TYPE = "unsupported_type"
    MALFORMED_JSON = "malformed_json"
    MISSING_BODY = "missing_body"
    MALFORMED_FRONT_MATTER = "malformed_front_matter"
    INVALID_METADATA = "invalid_metadata"
    INVALID_DOCUMENT = "invalid_document"
    ENRICHMENT_FAILED = "enrichment_failed"
    STORE_REJECTED = "store_rejected"
    UNREADABLE = "unreadable"
    LINK = "link"
    NOT_A_FILE = "not_a_file"
    # Binary formats (PDF, office files, e-mail, archives, images).
    ENCRYPTED = "encrypted"
    MALFORMED_FILE = "malformed_file"
    NEEDS_OCR = "needs_ocr"
    TOO_MANY_PAGES = "too_many_pages"
    TOO_MANY_MEMBERS = "too_many_members"
    EXPANSION_TOO_LARGE = "expansion_too_large"
    NESTED_TOO_DEEP = "nested_too_deep"
    TIMED_OUT = "timed_out"


class DropwireError(Exception):
    """Base class of every error Dropwire raises on purpose."""


class DropError(DropwireError):
    """One drop cannot become a document. `record` names the line of a JSONL drop (or the
    place of a container's child), `path` where a child sits inside its container, and
    `content` holds that record's own bytes, quarantined in place of the whole drop."""

    def __init__(
        self,
        reason: RejectionReason,
        message: str,
        *,
        record: int | None = None,
        content: bytes | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.record = record
        self.content = content
        self.path = path

    def __reduce__(self) -> tuple[object, ...]:
        # Exceptions pickle by their args alone; this one crosses process boundaries whole.
        return (_drop_error, (self.reason, self.message, self.record, self.content, self.path))

    def __str__(self) -> str:
        where = f" (record {self.record})" if self.record is not None else ""
        where += f" in {self.path}" if self.path is not None else ""
        return f"{self.reason.value}{where}: {self.message}"


class ConfigurationError(DropwireError):
    """A setting, file or model that Dropwire needs is missing or wrong."""


class StoreError(DropwireError):
    """The store could not be opened, read or written."""


def _drop_error(
    reason: RejectionReason, message: str, record: int | None, content: bytes | None, path: str | None = None
) -> DropError:
    return DropError(reason, message, record=record, content=content, path=path)
