"""What every extractor returns, and the limits every extractor works within."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from pipeline.errors import DropError, RejectionReason


@dataclass(frozen=True, slots=True)
class Extracted:
    """Text and metadata of one document, before enrichment.

    A container (an e-mail, a zip) yields itself and then its children, in one flat list:
    a child's `parent` is the index of its parent in that list, and `path` is where it sits
    inside the drop ("report.zip/notes/a.txt")."""

    body: str
    media_type: str
    title: str | None = None
    published_at: dt.datetime | None = None
    language: str | None = None
    url: str | None = None
    record: int | None = None
    # A record of a multi-record drop keeps its own bytes, so it can be quarantined alone.
    content: bytes | None = None
    author: str | None = None
    path: str | None = None
    parent: int | None = None
    # Character offsets in `body` where each page starts (paged formats only).
    page_offsets: tuple[int, ...] = ()
    # E-mail headers kept as they were written: sender (From), to, cc.
    message: dict[str, Any] | None = None
    # What the drop's name claimed, when its bytes say otherwise (".txt" holding a PDF).
    declared_media_type: str | None = None


ExtractResult = Extracted | DropError


class LimitExceeded(DropError):
    """A drop past one of the extraction limits: the whole drop is quarantined, never half-indexed."""

    def __reduce__(self) -> tuple[object, ...]:
        return (_limit_exceeded, (self.reason, self.message))


def _limit_exceeded(reason: RejectionReason, message: str) -> LimitExceeded:
    return LimitExceeded(reason, message)


@dataclass(frozen=True, slots=True)
class ExtractLimits:
    """How far extraction may go on one drop; `pipeline.settings` holds the configured values."""

    max_bytes: int = 20 * 1024 * 1024
    max_pages: int = 2_000
    max_members: int = 1_000
    max_expansion_ratio: float = 100.0
    max_depth: int = 3
    seconds: float = 60.0
    # The Tesseract program that reads scans; None: no OCR here (scans are quarantined as needs_ocr).
    ocr_command: str | None = "tesseract"

    @classmethod
    def from_settings(cls, settings: Any) -> ExtractLimits:
        return cls(
            max_bytes=settings.max_drop_bytes,
            max_pages=settings.max_pages,
            max_members=settings.max_archive_members,
            max_expansion_ratio=settings.max_expansion_ratio,
            max_depth=settings.max_nesting_depth,
            seconds=settings.max_extract_seconds,
            ocr_command=settings.ocr_command or None,
        )


class Budget:
    """What a whole drop may expand to, shared by every container nested in it: the members
    it may hold and the bytes they may unpack to, so nesting cannot multiply the limits."""

    def __init__(self, limits: ExtractLimits, drop_bytes: int) -> None:
        self.members_left = limits.max_members
        self.bytes_left = int(max(drop_bytes, 1) * limits.max_expansion_ratio)
        self._limits = limits
        self._drop_bytes = drop_bytes

    def take_members(self, count: int, what: str) -> None:
        self.members_left -= count
        if self.members_left < 0:
            raise LimitExceeded(
                RejectionReason.TOO_MANY_MEMBERS,
                f"{what} brings the drop past {self._limits.max_members:,} members, the limit",
            )

    def take_bytes(self, count: int, what: str) -> None:
        self.bytes_left -= count
        if self.bytes_left < 0:
            raise LimitExceeded(
                RejectionReason.EXPANSION_TOO_LARGE,
                f"{what} unpacks the {self._drop_bytes:,}-byte drop past {self._limits.max_expansion_ratio:g} "
                "times its size, the limit (a zip bomb, or an archive to split)",
            )


@dataclass(frozen=True, slots=True)
class Context:
    """Where an extractor is working: the name of what it reads, how deep inside containers,
    and what the whole drop may still expand to."""

    name: str
    limits: ExtractLimits
    budget: Budget
    depth: int = 0

    def inside(self, name: str) -> Context:
        return replace(self, name=name, depth=self.depth + 1)


_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def tidy(text: str) -> str:
    """Trailing spaces off every line, at most one blank line in a row, ends trimmed."""
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


# Pages are joined by a form feed at the start of the next page's first line, so the body
# still says where a page ended and `tidy` (which trims line ends) cannot remove it.
PAGE_BREAK = "\n\f"


def join_pages(pages: list[str]) -> tuple[str, tuple[int, ...]]:
    """One body from page texts, and where each page starts in it. Empty pages keep their place."""
    body_parts: list[str] = []
    offsets: list[int] = []
    position = 0
    for number, page in enumerate(pages):
        if number:
            body_parts.append(PAGE_BREAK)
            position += len(PAGE_BREAK)
        offsets.append(position)
        body_parts.append(page)
        position += len(page)
    return "".join(body_parts), tuple(offsets)


def check_pages(count: int, limits: ExtractLimits, what: str) -> None:
    if count > limits.max_pages:
        raise LimitExceeded(
            RejectionReason.TOO_MANY_PAGES, f"{what} has {count:,} pages; the limit is {limits.max_pages:,}"
        )
