from __future__ import annotations

import codecs
import datetime as dt
import json

import pytest

from pipeline.errors import DropError, RejectionReason
from pipeline.extract import Extracted, extract

LIMIT = 1_000_000
ARTICLE = "Talks resumed in Geneva.\nThe envoy said progress was slow, but real."


def only(name: str, content: bytes) -> Extracted:
    results = extract(name, content, max_bytes=LIMIT)
    assert len(results) == 1
    assert isinstance(results[0], Extracted), results[0]
    return results[0]


def rejected(name: str, content: bytes) -> DropError:
    with pytest.raises(DropError) as caught:
        extract(name, content, max_bytes=LIMIT)
    return caught.value


def test_txt_first_line_is_the_title() -> None:
    result = only("a.txt", f"Geneva talks resume\n{ARTICLE}\n".encode())
    assert result.title == "Geneva talks resume"
    assert result.body == ARTICLE
    assert result.media_type == "text/plain"
    assert result.published_at is None


def test_txt_of_one_line_or_a_long_first_line_has_no_title() -> None:
    assert only("a.txt", b"Just one line of text.").title is None
    long_line = "word " * 100
    assert only("a.txt", f"{long_line}\nsecond".encode()).title is None


def test_markdown_front_matter_and_rendered_text() -> None:
    content = b"""---
title: Front matter title
published_at: 2025-04-30T08:15:00+02:00
language: en-GB
url: https://example.org/x
---
# Heading that is not the title

Ministers **met** in [Rome](https://example.org/rome) on Friday.

- first point
- second point
"""
    result = only("note.md", content)
    assert result.title == "Front matter title"
    assert result.published_at == dt.datetime(2025, 4, 30, 6, 15, tzinfo=dt.UTC)
    assert result.language == "en"
    assert result.url == "https://example.org/x"
    # The heading is the author's text: with the title stated above it, it stays in the body.
    assert result.body == "Heading that is not the title\n\nMinisters met in Rome on Friday.\n\nfirst point\n\nsecond point"


def test_markdown_without_front_matter_takes_its_h1_as_title_and_a_date_only_value() -> None:
    result = only("note.md", b"---\ndate: 2024-11-05\n---\n# The title\n\nBody text here.\n")
    assert result.title == "The title"
    assert result.published_at == dt.datetime(2024, 11, 5, tzinfo=dt.UTC)
    assert result.body == "Body text here."


def test_a_heading_under_a_front_matter_title_is_kept_in_the_body(tmp_path) -> None:
    note = tmp_path / "harbour-board.md"
    note.write_text(
        "---\ntitle: Harbour board minutes, March\n---\n"
        "# Dredging the east channel\n\nThe board voted to dredge before the autumn tides.\n\n"
        "# Ferry timetable\n\nSunday crossings move to nine o'clock.\n",
        encoding="utf-8",
    )
    result = only(note.name, note.read_bytes())
    assert result.title == "Harbour board minutes, March"
    assert result.body.split("\n\n") == [
        "Dredging the east channel",
        "The board voted to dredge before the autumn tides.",
        "Ferry timetable",
        "Sunday crossings move to nine o'clock.",
    ]
    # A heading that only repeats the stated title is said once, as the title.
    repeated = only("b.md", b"---\ntitle: Ferry  timetable\n---\n# Ferry timetable\n\nSunday crossings move.\n")
    assert (repeated.title, repeated.body) == ("Ferry  timetable", "Sunday crossings move.")
    # Without a stated title the heading is the title, as before, and not said twice.
    plain = only("c.md", b"# Ferry timetable\n\nSunday crossings move.\n")
    assert (plain.title, plain.body) == ("Ferry timetable", "Sunday crossings move.")


def test_markdown_with_broken_front_matter_is_rejected() -> None:
    error = rejected("note.md", b"---\ntitle: [unclosed\n---\nBody\n")
    assert error.reason is RejectionReason.MALFORMED_FRONT_MATTER


def test_html_title_main_text_and_published_time() -> None:
    content = b"""<html lang="fr-FR"><head>
<title>Page title | Site</title>
<meta property="og:title" content="Open Graph title">
<meta property="article:published_time" content="2025-03-02T10:00:00Z">
<style>p { color: red }</style></head>
<body><nav>Home News</nav><header>Site header</header>
<article><h1>Open Graph title</h1>
<p>Prices &amp; wages rose in <b>March</b>.</p><script>var tracking = 1;</script>
<p>Second<br>paragraph.</p></article><footer>Contact us</footer></body></html>"""
    result = only("page.html", content)
    assert result.title == "Open Graph title"
    assert result.published_at == dt.datetime(2025, 3, 2, 10, tzinfo=dt.UTC)
    assert result.language == "fr"
    assert result.body == "Prices & wages rose in March.\n\nSecond\nparagraph."
    for boilerplate in ("Home News", "Site header", "Contact us", "tracking", "color"):
        assert boilerplate not in result.body


def test_html_time_tag_is_a_publication_date_fallback() -> None:
    content = b"<html><body><main><time datetime='2024-12-24'>Christmas Eve</time><p>Snow fell.</p></main></body></html>"
    result = only("page.htm", content)
    assert result.published_at == dt.datetime(2024, 12, 24, tzinfo=dt.UTC)


def test_json_object_with_body_or_text() -> None:
    result = only("a.json", json.dumps({"title": "T", "body": ARTICLE, "published_at": "2025-01-02T03:04:05Z"}).encode())
    assert (result.title, result.body) == ("T", ARTICLE)
    assert result.published_at == dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert only("b.json", json.dumps({"text": "Only text."}).encode()).body == "Only text."


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"title": "no body"}', RejectionReason.MISSING_BODY),
        (b'["a", "list"]', RejectionReason.MISSING_BODY),
        (b'{"body": 42}', RejectionReason.INVALID_METADATA),
        (b'{"body": "x", "published_at": "not a date at all"}', RejectionReason.INVALID_METADATA),
        (b'{"body": "x", "title": {"nested": true}}', RejectionReason.INVALID_METADATA),
        (b'{"body": "unterminated', RejectionReason.MALFORMED_JSON),
        (b"[" * 100_000 + b"]" * 100_000, RejectionReason.MALFORMED_JSON),
    ],
)
def test_bad_json_drops_say_why(content: bytes, reason: RejectionReason) -> None:
    assert rejected("a.json", content).reason is reason


def test_jsonl_keeps_good_records_and_reports_bad_lines() -> None:
    content = b'{"body": "First."}\n\n{broken\n{"text": "Third.", "title": "3"}\n{"title": "no body"}\n'
    results = extract("batch.jsonl", content, max_bytes=LIMIT)
    assert [type(result).__name__ for result in results] == ["Extracted", "DropError", "Extracted", "DropError"]
    assert [result.record for result in results] == [1, 3, 4, 5]
    assert results[1].reason is RejectionReason.MALFORMED_JSON
    assert results[3].reason is RejectionReason.MISSING_BODY


ENCODED = "Café owners in Zürich met Łukasz on the “quiet” square."


@pytest.mark.parametrize(
    "content",
    [
        ENCODED.encode("utf-8"),
        codecs.BOM_UTF8 + ENCODED.encode("utf-8"),
        ENCODED.encode("utf-16"),  # with BOM
        ENCODED.encode("utf-16-le"),
        ENCODED.encode("utf-16-be"),
        ENCODED.encode("utf-32"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "utf32-bom"],
)
def test_unicode_encodings_are_detected(content: bytes) -> None:
    assert only("a.txt", content).body == ENCODED


def test_latin1_and_windows_1252_fall_back() -> None:
    assert only("a.txt", "Café in Zürich, 5 °C".encode("latin-1")).body == "Café in Zürich, 5 °C"
    assert only("a.txt", "He said “yes” – twice".encode("cp1252")).body == "He said “yes” – twice"


def test_text_is_nfc_normalised_and_line_endings_unified() -> None:
    result = only("a.txt", "Cafe\u0301 owners\r\nsecond line\rthird Cafe\u0301".encode())
    assert result.title == "Caf\u00e9 owners"
    assert result.body == "second line\nthird Caf\u00e9"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("a.txt", b"", RejectionReason.EMPTY),
        ("a.txt", b"  \n\t \n", RejectionReason.EMPTY),
        ("a.txt", bytes(range(256)) * 4, RejectionReason.BINARY),
        ("a.txt", b"text\x00with\x00nul bytes", RejectionReason.BINARY),
        ("a.txt", "valid UTF-8 é then".encode() + b" \xff\xfe broken", RejectionReason.UNDECODABLE),
        ("a.txt", codecs.BOM_UTF8 + b"bom then \xff", RejectionReason.UNDECODABLE),
        ("a.pdf", b"%PDF-1.7", RejectionReason.MALFORMED_FILE),
        ("a.xlsx", b"PK\x03\x04 spreadsheet", RejectionReason.UNSUPPORTED_TYPE),
        ("README", b"no extension", RejectionReason.UNSUPPORTED_TYPE),
        ("a.html", b"<html><body><script>only()</script></body></html>", RejectionReason.MISSING_BODY),
        ("a.md", b"---\ntitle: x\n---\n", RejectionReason.MISSING_BODY),
    ],
)
def test_bad_drops_are_rejected_with_a_reason(name: str, content: bytes, reason: RejectionReason) -> None:
    error = rejected(name, content)
    assert error.reason is reason
    assert error.message


def test_the_size_limit_is_enforced_before_decoding() -> None:
    with pytest.raises(DropError) as caught:
        extract("a.txt", b"x" * 101, max_bytes=100)
    assert caught.value.reason is RejectionReason.TOO_LARGE
    assert "limit is 100" in caught.value.message
