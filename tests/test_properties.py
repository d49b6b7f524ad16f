"""Whatever arrives, extraction answers with documents or reasons, never an exception."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import DropError
from pipeline.extract import MEDIA_TYPES, Extracted, extract
from conftest import make_document
from pipeline.models import document_id

NAMES = st.sampled_from([f"drop{suffix}" for suffix in MEDIA_TYPES] + ["drop.bin", "drop", "drop.TXT"])
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(["body", "text", "title", "published_at", "language", "url", "x"]), children, max_size=5),
    max_leaves=20,
)


def _check(name: str, content: bytes) -> None:
    try:
        results = extract(name, content, max_bytes=50_000)
    except DropError as error:
        assert error.message
        return
    assert results
    for result in results:
        if isinstance(result, Extracted):
            assert result.body.strip()
            assert unicodedata.is_normalized("NFC", result.body)
            # What extraction lets through must make a valid Document.
            make_document(result.body, title=result.title, published=result.published_at)
        else:
            assert isinstance(result, DropError) and result.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAMES, content=st.binary(max_size=2_000))
def test_any_bytes_give_documents_or_reasons(name: str, content: bytes) -> None:
    _check(name, content)


@settings(max_examples=200, deadline=None)
@given(name=NAMES, text=st.text(max_size=500), encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "utf-32"]))
def test_any_text_in_any_encoding_gives_documents_or_reasons(name: str, text: str, encoding: str) -> None:
    _check(name, text.encode(encoding, errors="surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(value=JSONISH, jsonl=st.booleans())
def test_any_json_value_gives_documents_or_reasons(value: object, jsonl: bool) -> None:
    encoded = json.dumps(value).encode()
    _check("drop.jsonl" if jsonl else "drop.json", encoded + b"\n" + encoded if jsonl else encoded)


@given(st.text(max_size=200))
def test_document_ids_ignore_whitespace_layout(text: str) -> None:
    assert document_id(text) == document_id("  " + text.replace(" ", "\n  ") + "\t")
