"""E-mail (.eml, RFC 5322/MIME) with the standard library's `email` package.

Subject is the title, Date the publication date, From/To/Cc are kept as the message's
headers; the body is the plain-text part, else the HTML part as text. Each attachment is
a document of its own, read by its own type, pointing at the message.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import unicodedata
from email.message import EmailMessage
from typing import Any

from pipeline.errors import DropError, RejectionReason
from pipeline.extract.records import Context, Extracted, ExtractResult, tidy
from pipeline.extract.sniff import EML
from pipeline.extract.text import extract_text_format
from pipeline.extract.tree import adopt, contents_listing, extract_member, safe_member_path
from pipeline.models import date_range_problem


def extract_eml(content: bytes, context: Context) -> list[ExtractResult]:
    message = email.message_from_bytes(content, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not message.keys():
        raise DropError(RejectionReason.MALFORMED_FILE, "the e-mail has no headers")
    attachments = list(message.iter_attachments()) if message.is_multipart() else []
    context.budget.take_members(len(attachments), f"the e-mail's {len(attachments)} attachments")
    names = [_attachment_name(part, number) for number, part in enumerate(attachments, start=1)]
    body = _body(message)
    if not body:
        if not names:
            raise DropError(RejectionReason.MISSING_BODY, "the e-mail has no text and no attachments")
        body = contents_listing("Attachments", names)  # the message still stands, as the index of its children
    sent = _date(message)
    results: list[ExtractResult] = [
        Extracted(body=body, media_type=EML, title=_header(message, "subject"), published_at=sent, message=_headers(message))
    ]
    for name, part in zip(names, attachments, strict=True):
        payload = _payload(part)
        context.budget.take_bytes(len(payload), f"attachment {name}")
        adopt(results, 0, extract_member(name, payload, context), name, dated=sent)
    return results


def _body(message: EmailMessage) -> str:
    """The text part's text; the HTML part's when there is no text part, or it is blank."""
    for preference in ("plain", "html"):
        part = message.get_body(preferencelist=(preference,))
        if part is not None and (text := _part_text(part)):
            return text
    return ""


def _part_text(part: EmailMessage) -> str:
    try:
        text = part.get_content()
    except (LookupError, ValueError, AssertionError):  # an unknown charset or a broken encoding
        text = (part.get_payload(decode=True) or b"").decode("utf-8", errors="replace")
    if not isinstance(text, str) or not text.strip():
        return ""
    if part.get_content_subtype() == "html":
        try:
            found = extract_text_format("text/html", text.encode("utf-8"))
        except DropError:  # an HTML part with nothing visible: the message may still have attachments
            return ""
        return found[0].body if found and isinstance(found[0], Extracted) else ""
    return tidy(unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")))


def _attachment_name(part: EmailMessage, number: int) -> str:
    name = part.get_filename()
    if name:
        return safe_member_path(name).replace("/", "_")
    if part.get_content_type() == "message/rfc822":
        return f"attachment-{number}.eml"
    return f"attachment-{number}"


def _payload(part: EmailMessage) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        return inner.as_bytes() if hasattr(inner, "as_bytes") else b""
    return part.get_payload(decode=True) or b""


def _header(message: EmailMessage, name: str) -> str | None:
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):  # a header the parser cannot fold
        return None
    return str(value).strip() or None if value is not None else None


def _addresses(message: EmailMessage, name: str) -> list[str]:
    values = message.get_all(name) or []
    return [
        email.utils.formataddr((display, address)) if display else address
        for display, address in email.utils.getaddresses([str(value) for value in values])
        if address
    ]


def _headers(message: EmailMessage) -> dict[str, Any]:
    return {"sender": _addresses(message, "from"), "to": _addresses(message, "to"), "cc": _addresses(message, "cc")}


def _date(message: EmailMessage) -> dt.datetime | None:
    raw = _header(message, "date")
    if raw is None:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return None if date_range_problem(moment) else moment
