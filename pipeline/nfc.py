"""NFC, answered without Unicode's tables for text every character of which is Latin-1.

Every character below U+0100 is its own NFC form, with combining class 0 and no composition
that starts from it with a following Latin-1 character (tests/test_enrich_speedups.py checks
each character and each pair): text made of them only is in NFC. Such text (most news in
Western European languages) is told by encoding it to Latin-1, a copy, where the quick check
looks every character up (the check runs on every body three times: its id, its decoding and
the Document's validator).
"""

from __future__ import annotations

import unicodedata

from pipeline.latin1 import latin1_bytes


def is_nfc(text: str) -> bool:
    """unicodedata.is_normalized("NFC", text)."""
    return _latin1(text) or unicodedata.is_normalized("NFC", text)


def to_nfc(text: str) -> str:
    """unicodedata.normalize("NFC", text): the text itself where it is in NFC already."""
    return text if _latin1(text) else unicodedata.normalize("NFC", text)


def _latin1(text: str) -> bool:
    return text.isascii() or latin1_bytes(text) is not None
