"""Zip archives: each member a document of its own, read by its own type, under its path.

Member names are labels only: nothing is ever written under them, so `../` in a name
cannot reach the file system. Links stored in the archive are not followed (each is
quarantined as a link). Sizes are checked before anything is unpacked, and again while
reading, since a member's declared size may lie.
"""

from __future__ import annotations

import io
import posixpath
import stat
import zipfile
from pathlib import PurePosixPath

from pipeline.errors import DropError, RejectionReason
from pipeline.extract.records import Context, Extracted, ExtractResult, LimitExceeded
from pipeline.extract.sniff import UNREADABLE_ZIP_ERRORS, ZIP
from pipeline.extract.tree import adopt, extract_member, safe_member_path

_ENCRYPTED_FLAG = 0x1


def extract_zip(content: bytes, context: Context) -> list[ExtractResult]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise DropError(RejectionReason.MALFORMED_FILE, f"the zip cannot be read: {error}") from None
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        context.budget.take_members(len(members), f"{context.name} with {len(members):,} members")
        declared = sum(info.file_size for info in members)
        if declared > context.budget.bytes_left:
            raise LimitExceeded(
                RejectionReason.EXPANSION_TOO_LARGE,
                f"{context.name} declares {declared:,} bytes unpacked from {len(content):,}: past "
                f"{context.limits.max_expansion_ratio:g} times the drop's size, the limit (a zip bomb?)",
            )
        paths = [safe_member_path(info.filename) for info in members]
        listing = "\n".join(paths) if paths else "(no files)"
        results: list[ExtractResult] = [
            Extracted(
                body=f"Archive {PurePosixPath(context.name).name}: {len(paths)} files\n{listing}",
                media_type=ZIP,
                title=PurePosixPath(context.name).name,
            )
        ]
        for info, path in zip(members, paths, strict=True):
            adopt(results, 0, _member(archive, info, path, context), path)
    return results


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: str, context: Context) -> list[ExtractResult]:
    if stat.S_ISLNK(info.external_attr >> 16):
        return [DropError(RejectionReason.LINK, "a symbolic link stored in the archive; links are never followed")]
    if info.flag_bits & _ENCRYPTED_FLAG:
        return [DropError(RejectionReason.ENCRYPTED, "the member is encrypted with a password")]
    if info.file_size > context.limits.max_bytes:
        return [
            DropError(
                RejectionReason.TOO_LARGE,
                f"the member is {info.file_size:,} bytes unpacked; the limit is {context.limits.max_bytes:,}",
            )
        ]
    try:
        with archive.open(info) as member:
            data = member.read(info.file_size + 1)  # one byte more than declared shows a lie
    except UNREADABLE_ZIP_ERRORS as error:
        return [DropError(RejectionReason.MALFORMED_FILE, f"the member cannot be unpacked: {error}")]
    context.budget.take_bytes(len(data), path)
    if len(data) != info.file_size:
        return [DropError(RejectionReason.MALFORMED_FILE, "the member's size is not the one the archive declares", content=data)]
    return extract_member(posixpath.basename(path), data, context)
