"""One drop, or one member of a container, read by the extractor its bytes call for.

Containers call `extract_member` for each child and `adopt` the child's results into
their own flat list: a child that fails comes back as its own `DropError` (quarantined
alone with its own bytes), while a limit of the whole drop (`LimitExceeded`) stops it all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from pipeline.errors import DropError, RejectionReason
from pipeline.extract.records import Context, Extracted, ExtractResult, LimitExceeded
from pipeline.extract.sniff import resolve_media_type
from pipeline.extract.text import TEXT_EXTRACTORS, extract_text_format


def extract_bytes(content: bytes, context: Context) -> list[ExtractResult]:
    """Every document in `content`, read by type; raises DropError when none can be."""
    if len(content) > context.limits.max_bytes:
        raise DropError(
            RejectionReason.TOO_LARGE,
            f"{len(content):,} bytes; the limit is {context.limits.max_bytes:,}",
        )
    media_type, claimed = resolve_media_type(context.name, content)
    if media_type in TEXT_EXTRACTORS:
        results = extract_text_format(media_type, content)
    else:
        from pipeline.extract.formats import BINARY_EXTRACTORS  # the formats import this module

        results = BINARY_EXTRACTORS[media_type](content, context)
    if claimed is not None and results and isinstance(results[0], Extracted):
        results[0] = replace(results[0], declared_media_type=claimed)
    return results


def extract_member(name: str, content: bytes, context: Context) -> list[ExtractResult]:
    """A container's child: its documents, or one DropError carrying its bytes."""
    inner = context.inside(name)
    if inner.depth > context.limits.max_depth:
        raise LimitExceeded(
            RejectionReason.NESTED_TOO_DEEP,
            f"{name} is nested {inner.depth} containers deep; the limit is {context.limits.max_depth}",
        )
    try:
        results = extract_bytes(content, inner)
    except LimitExceeded:
        raise
    except DropError as error:
        return [DropError(error.reason, error.message, content=content)]
    except Exception as error:  # noqa: BLE001 - a parser's own bug is this member's problem, not the batch's
        return [DropError(RejectionReason.MALFORMED_FILE, parser_failure(error), content=content)]
    # A child keeps its own bytes, so a later failure (enrichment, validation) quarantines it alone.
    return [
        replace(result, content=content)
        if isinstance(result, Extracted) and result.parent is None and result.content is None
        else result
        for result in results
    ]


def parser_failure(error: Exception) -> str:
    return f"the parser could not read it ({type(error).__name__}: {str(error)[:200] or 'no message'})"


def adopt(
    results: list[ExtractResult], parent: int, children: list[ExtractResult], path: str, dated: dt.datetime | None = None
) -> None:
    """Append a child's results to a container's list: its roots point at `parent`, its
    indices shift by where it lands, and every path gains the child's place in front. A
    child with no date of its own takes `dated` (an attachment is as old as its e-mail)."""
    offset = len(results)
    for child in children:
        # A record of a JSONL member is told apart by its line.
        own = f"{path}#L{child.record}" if child.record is not None else path
        if isinstance(child, Extracted):
            results.append(
                replace(
                    child,
                    parent=parent if child.parent is None else child.parent + offset,
                    path=own if child.path is None else f"{path}/{child.path}",
                    published_at=child.published_at or dated,
                )
            )
        else:
            child.path = own if child.path is None else f"{path}/{child.path}"
            results.append(child)


def contents_listing(heading: str, names: list[str]) -> str:
    """The body of a container with no text of its own: what it holds, so it is never indexed empty."""
    return f"{heading}:\n" + "\n".join(names)


def safe_member_path(name: str) -> str:
    """A member's name as a display path: separators unified, no root, no `..` or `.` parts.
    It is only ever a label; nothing is written to the file system under it."""
    parts = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".", "..")]
    return "/".join(parts) or "(unnamed)"
