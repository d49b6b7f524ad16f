"""The text formats: txt, md with front matter, html, json, jsonl. They run in-process.

Pure functions: no store, no model. A whole-drop failure raises `DropError`; in a JSONL
drop each bad line comes back as its own `DropError` (with `record`) among the good ones.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

import dateparser
import yaml
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from pipeline.data import explain_data_error, load_yaml
from pipeline.decode import decode_text
from pipeline.errors import DropError, RejectionReason
from pipeline.extract.records import Extracted, ExtractResult, tidy as _tidy
from pipeline.models import date_range_problem

TEXT_MEDIA_TYPES: dict[str, str] = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".json": "application/json",
    ".jsonl": "application/x-ndjson",
    ".ndjson": "application/x-ndjson",
}
# A first line longer than this is prose, not a title.
_MAX_TITLE_CHARS = 300
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_DROPPED_HTML = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe", "svg")
_BLOCK_HTML = ("p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
               "blockquote", "pre", "table", "tr", "dd", "dt", "figcaption", "hr")
_SPACES = re.compile(r"[ \t\u00a0]+")
_PUBLISHED_META = (
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "pubdate"),
    ("name", "publish-date"),
    ("name", "date"),
    ("name", "dc.date"),
    ("name", "DC.date"),
    ("name", "dcterms.created"),
    ("property", "og:published_time"),
)


def extract_text_format(media_type: str, content: bytes) -> list[ExtractResult]:
    """A text drop (txt, md, html, json, jsonl): decoded, then read by its format."""
    return TEXT_EXTRACTORS[media_type](decode_text(content))


def _from_txt(text: str) -> list[ExtractResult]:
    """The first line is the title, unless a leading `---` block (as in Markdown) says it,
    with the publication date, language and URL."""
    meta, text = _front_matter(text)
    lines = text.strip().split("\n", 1)
    first = lines[0].strip()
    extras = {
        "published_at": published_from(meta),
        "language": language_from(meta),
        "url": _optional_str(meta, "url"),
        "media_type": "text/plain",
    }
    if title := _optional_str(meta, "title"):
        return [Extracted(body=_tidy(text), title=title, **extras)]
    if len(lines) == 2 and lines[1].strip() and len(first) <= _MAX_TITLE_CHARS:
        return [Extracted(body=_tidy(lines[1]), title=first, **extras)]
    return [Extracted(body=_tidy(text), **extras)]


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    """A leading `---` YAML block's mapping, and the text after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        loaded = load_yaml(match.group(1))
    except yaml.YAMLError as error:
        raise DropError(RejectionReason.MALFORMED_FRONT_MATTER, f"front matter is not valid YAML: {explain_data_error(error)}") from None
    if loaded is not None and not isinstance(loaded, dict):
        raise DropError(RejectionReason.MALFORMED_FRONT_MATTER, "front matter must be a YAML mapping")
    return loaded or {}, text[match.end() :]


def drop_metadata(raw: Mapping[str, Any], origin: str) -> dict[str, Any]:
    """What a drop's own metadata (a sidecar file, S3 object metadata) says of it, checked:
    title, published_at (or date), language, url."""
    try:
        return {
            key: value
            for key, value in {
                "title": _optional_str(raw, "title"),
                "published_at": published_from(raw),
                "language": language_from(raw),
                "url": _optional_str(raw, "url"),
            }.items()
            if value is not None
        }
    except DropError as error:
        raise DropError(error.reason, f"{origin}: {error.message}") from None


def _from_markdown(text: str) -> list[ExtractResult]:
    meta, text = _front_matter(text)
    # With a title in the front matter, a level-1 heading is text the author wrote: it stays
    # in the body (unless it only repeats that title).
    stated = _optional_str(meta, "title")
    title, body = _markdown_to_text(text, heading_is_title=stated is None, known_title=stated)
    if not body:
        raise DropError(RejectionReason.MISSING_BODY, "the Markdown drop has no text below its front matter")
    return [
        Extracted(
            body=body,
            title=stated or title,
            published_at=published_from(meta),
            language=language_from(meta),
            url=_optional_str(meta, "url"),
            media_type="text/markdown",
        )
    ]


def _markdown_to_text(text: str, *, heading_is_title: bool = True, known_title: str | None = None) -> tuple[str | None, str]:
    """Rendered text of Markdown, block by block. The first level-1 heading is the title,
    taken out of the body, when `heading_is_title`; otherwise it stays in the body, unless
    it reads as `known_title` (the title the drop states elsewhere) word for word."""
    blocks: list[str] = []
    title: str | None = None
    heading_level: str | None = None
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "heading_open":
            heading_level = token.tag
        elif token.type == "inline":
            pieces = [child.content if child.type not in ("softbreak", "hardbreak") else "\n" for child in token.children or []]
            block = "".join(pieces).strip()
            if heading_level == "h1" and title is None and (heading_is_title or _same_words(block, known_title)):
                title = block
            elif block:
                blocks.append(block)
            heading_level = None
        elif token.type in ("fence", "code_block") and token.content.strip():
            blocks.append(token.content.strip())
    return title, "\n\n".join(blocks)


def _same_words(first: str, second: str | None) -> bool:
    return second is not None and first.casefold().split() == second.casefold().split()


def _from_html(text: str) -> list[ExtractResult]:
    soup = BeautifulSoup(text, "html.parser")
    title = _meta_content(soup, ("property", "og:title")) or (soup.title.get_text(" ", strip=True) if soup.title else None)
    published_raw = next((value for attr, key in _PUBLISHED_META if (value := _meta_content(soup, (attr, key)))), None)
    if published_raw is None and (time_tag := soup.find("time", attrs={"datetime": True})) is not None:
        published_raw = str(time_tag["datetime"])
    html_tag = soup.find("html")
    language = str(html_tag.get("lang")) if html_tag is not None and html_tag.get("lang") else None
    for tag in soup(list(_DROPPED_HTML)):
        tag.decompose()
    main = soup.find("article") or soup.find("main") or soup.body or soup
    heading = main.find("h1")
    if title is None and heading is not None:
        title = heading.get_text(" ", strip=True)
    for block in main.find_all(_BLOCK_HTML):
        block.insert_before("\n")
        block.insert_after("\n")
    for line_break in main.find_all("br"):
        line_break.replace_with("\n")
    lines = (_SPACES.sub(" ", line).strip() for line in main.get_text().split("\n"))
    body = _tidy("\n".join(lines))
    if title and body.startswith(title):
        body = body[len(title) :].strip() or body
    if not body:
        raise DropError(RejectionReason.MISSING_BODY, "the HTML drop has no visible text")
    return [
        Extracted(
            body=body,
            title=title or None,
            published_at=parse_published(published_raw) if published_raw else None,
            language=_iso639_1(language),
            media_type="text/html",
        )
    ]


def _meta_content(soup: BeautifulSoup, selector: tuple[str, str]) -> str | None:
    attr, key = selector
    tag = soup.find("meta", attrs={attr: key})
    if tag is None or not tag.get("content"):
        return None
    return str(tag["content"]).strip() or None


def _from_json(text: str) -> list[ExtractResult]:
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise DropError(RejectionReason.MALFORMED_JSON, f"not valid JSON: {_json_error(error)}") from None
    return [_from_json_object(value, media_type="application/json")]


def _from_jsonl(text: str) -> list[ExtractResult]:
    results: list[ExtractResult] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        content = line.encode("utf-8")
        try:
            value = json.loads(line)
            results.append(_from_json_object(value, media_type="application/x-ndjson", record=number, content=content))
        except (json.JSONDecodeError, RecursionError) as error:
            message = f"not valid JSON: {_json_error(error)}"
            results.append(DropError(RejectionReason.MALFORMED_JSON, message, record=number, content=content))
        except DropError as error:
            error.content = content
            results.append(error)
    if not results:
        raise DropError(RejectionReason.EMPTY, "the JSONL drop has no records")
    return results


def _from_json_object(
    value: Any, *, media_type: str, record: int | None = None, content: bytes | None = None
) -> Extracted:
    if not isinstance(value, dict):
        raise DropError(
            RejectionReason.MISSING_BODY,
            f"expected a JSON object with 'body' or 'text', got {type(value).__name__}",
            record=record,
        )
    body = value.get("body", value.get("text"))
    if body is None:
        raise DropError(RejectionReason.MISSING_BODY, "the JSON object has neither 'body' nor 'text'", record=record)
    if not isinstance(body, str):
        raise DropError(
            RejectionReason.INVALID_METADATA, f"'body' must be a string, got {type(body).__name__}", record=record
        )
    body = _tidy(body)
    if not body:
        raise DropError(RejectionReason.EMPTY, "'body' is empty", record=record)
    try:
        return Extracted(
            body=body,
            title=_optional_str(value, "title"),
            published_at=published_from(value),
            language=language_from(value),
            url=_optional_str(value, "url"),
            media_type=media_type,
            record=record,
            content=content,
        )
    except DropError as error:
        error.record = record
        raise


def _json_error(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error)


def _optional_str(meta: Mapping[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        raise DropError(RejectionReason.INVALID_METADATA, f"{key!r} must be text, got {type(value).__name__}")
    return str(value).strip() or None


def published_from(meta: Mapping[str, Any]) -> dt.datetime | None:
    published = _published_value(meta)
    if published is not None and (problem := date_range_problem(published)):
        raise DropError(RejectionReason.INVALID_METADATA, f"the publication date {problem}")
    return published


def _published_value(meta: Mapping[str, Any]) -> dt.datetime | None:
    for key in ("published_at", "published", "date", "pubdate"):
        value = meta.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, dt.datetime):
            return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
        if isinstance(value, str):
            return parse_published(value)
        raise DropError(RejectionReason.INVALID_METADATA, f"{key!r} must be a date, got {type(value).__name__}")
    return None


def parse_published(raw: str) -> dt.datetime:
    """An explicit publication timestamp: ISO 8601 first, then dateparser; naive means UTC."""
    raw = raw.strip()
    try:
        parsed = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        parsed = dateparser.parse(raw, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    if parsed is None:
        raise DropError(RejectionReason.INVALID_METADATA, f"cannot read the publication date {raw!r}")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def language_from(meta: Mapping[str, Any]) -> str | None:
    value = meta.get("language", meta.get("lang"))
    return _iso639_1(value) if isinstance(value, str) else None


def _iso639_1(value: str | None) -> str | None:
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else None


TEXT_EXTRACTORS: dict[str, Callable[[str], list[ExtractResult]]] = {
    "text/plain": _from_txt,
    "text/markdown": _from_markdown,
    "text/html": _from_html,
    "application/json": _from_json,
    "application/x-ndjson": _from_jsonl,
}
