"""Bytes -> text: byte-order marks, UTF-16 without BOM, UTF-8, and a Latin-1 fallback.

The rules, in order: a BOM decides; NUL bytes mean UTF-16 or binary; strict UTF-8; a
file with well-formed UTF-8 sequences *and* invalid bytes is broken UTF-8 (rejected with
the offset, so the sender can fix it); otherwise it is single-byte legacy text, read as
Windows-1252 (Latin-1 for the five bytes it leaves undefined).
"""

from __future__ import annotations

import codecs
import re

from pipeline.errors import DropError, RejectionReason
from pipeline.latin1 import latin1_bytes
from pipeline.nfc import to_nfc

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Unicode's control characters (category Cc: U+0000-001F, U+007F-009F) less the five that
# text uses (tab, line feed, vertical tab, form feed, carriage return): a regex runs in C.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Share of control characters above which a "text" is really binary data.
_MAX_CONTROL_RATIO = 0.01


def decode_text(content: bytes) -> str:
    """Decode a drop's bytes to NFC text, or raise a DropError saying why it cannot be."""
    if not content.strip():
        raise DropError(RejectionReason.EMPTY, "the drop has no content (empty or only whitespace)")
    text = _decode(content)
    _reject_binary(text)
    text = to_nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise DropError(RejectionReason.EMPTY, "the drop has no text once decoded")
    return text


def _decode(content: bytes) -> str:
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return _strict(content[len(bom) :], codec)
    if b"\x00" in content:
        utf16 = _utf16_without_bom(content)
        if utf16 is None:
            raise DropError(RejectionReason.BINARY, "the drop contains NUL bytes and is not UTF-16 text")
        return _strict(content, utf16)
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        if _UTF8_MULTIBYTE.search(content):
            raise DropError(
                RejectionReason.UNDECODABLE,
                f"invalid UTF-8 at byte {error.start} ({content[error.start:error.start + 4]!r}) "
                "in a file that is otherwise UTF-8; re-save it as UTF-8",
            ) from None
    return content.decode("cp1252", errors="latin1_fallback")


def _strict(content: bytes, codec: str) -> str:
    try:
        return content.decode(codec)
    except UnicodeDecodeError as error:
        raise DropError(
            RejectionReason.UNDECODABLE, f"the drop is marked {codec} but byte {error.start} is not valid {codec}"
        ) from None


def _utf16_without_bom(content: bytes) -> str | None:
    """UTF-16 text of mostly ASCII has a NUL in every other byte: which half says the order."""
    if len(content) % 2:
        return None
    even_nuls = content[0::2].count(0)
    odd_nuls = content[1::2].count(0)
    half = len(content) // 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _reject_binary(text: str) -> None:
    controls = _count_controls(text)
    if "\x00" in text or controls > max(1, _MAX_CONTROL_RATIO * len(text)):
        raise DropError(
            RejectionReason.BINARY,
            f"the drop looks like binary data ({controls} control characters in {len(text)})",
        )


# The same characters as bytes of Latin-1, where each character is one byte.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)])


def _count_controls(text: str) -> int:
    """How many characters `_CONTROLS` matches. A text Latin-1 holds (most European text) is
    counted as bytes, those deleted by one `bytes.translate` pass: the regex's scan tried
    its class at every character (0.008 -> 0.002 ms a news article)."""
    data = latin1_bytes(text)
    if data is None:
        return len(_CONTROLS.findall(text))
    return len(data) - len(data.translate(None, _CONTROL_BYTES))


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("latin1_fallback", _latin1_fallback)
