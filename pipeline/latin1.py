"""Text every character of which is Latin-1 (most news in Western European languages), as
bytes: one byte a character, so a count or a check over a character class is one C pass
(`bytes.translate`) instead of a Python call or a regex step per character."""

from __future__ import annotations


def latin1_bytes(text: str) -> bytes | None:
    """The text's Latin-1 bytes, or None where a character lies past U+00FF."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return None
