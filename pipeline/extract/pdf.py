"""PDF: the text layer page by page (pdfium, via pypdfium2), scans read by OCR, and the
files it embeds (a portfolio's documents) as children of their own.

Pages are joined with a form feed and their start offsets kept, so a highlight can say its
page. Title, author and creation date come from the document information; the creation
date is the publication date only because the file says so, and is left out when it does not.
"""

from __future__ import annotations

import datetime as dt
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from pipeline.errors import DropError, RejectionReason
from pipeline.extract.ocr import OCR_DPI, ocr_program, read_images
from pipeline.extract.records import Context, Extracted, ExtractResult, check_pages, join_pages, tidy
from pipeline.extract.sniff import PDF
from pipeline.extract.tree import adopt, contents_listing, extract_member, safe_member_path
from pipeline.models import date_range_problem

_PDF_DATE = re.compile(
    r"^D:(?P<year>\d{4})(?P<month>\d{2})?(?P<day>\d{2})?(?P<hour>\d{2})?(?P<minute>\d{2})?(?P<second>\d{2})?"
    r"(?P<zone>[Zz]|[+-]\d{2}'?\d{2}'?)?"
)


def extract_pdf(content: bytes, context: Context) -> list[ExtractResult]:
    pdf = open_pdf(content)
    try:
        check_pages(len(pdf), context.limits, "the PDF")
        attachments = embedded_files(pdf, context)
        pages = [page_text(pdf, number) for number in range(len(pdf))]
        blank = [number for number, text in enumerate(pages) if not text]
        # Without OCR, a PDF with some text is indexed by that text; one with none waits for
        # OCR, unless it is a portfolio whose files are the content.
        ocr = ocr_program(context.limits.ocr_command) is not None
        if blank and (ocr or (len(blank) == len(pages) and not attachments)):
            for number, text in zip(blank, ocr_pages(pdf, blank, context), strict=True):
                pages[number] = tidy(text)
        metadata = pdf.get_metadata_dict(skip_empty=True)
    finally:
        pdf.close()
    body, offsets = join_pages(pages)
    if not body.strip():
        if not attachments:
            raise DropError(RejectionReason.MISSING_BODY, "the PDF has no text, not even by OCR")
        body, offsets = contents_listing("Files in this PDF", [name for name, _ in attachments]), ()
    results: list[ExtractResult] = [
        Extracted(
            body=body,
            media_type=PDF,
            title=_clean(metadata.get("Title")),
            author=_clean(metadata.get("Author")),
            published_at=pdf_date(metadata.get("CreationDate")),
            page_offsets=offsets,
        )
    ]
    for name, data in attachments:
        adopt(results, 0, extract_member(name, data, context), name)
    return results


def embedded_files(pdf: pdfium.PdfDocument, context: Context) -> list[tuple[str, bytes]]:
    """The files a PDF carries (a portfolio's documents, attachments), by name; within the drop's budget."""
    count = pdf.count_attachments()
    context.budget.take_members(count, f"the PDF's {count} embedded files")
    files: list[tuple[str, bytes]] = []
    for number in range(count):
        attachment = pdf.get_attachment(number)
        name = safe_member_path(attachment.get_name() or f"embedded-{number + 1}").replace("/", "_")
        data = bytes(attachment.get_data())
        context.budget.take_bytes(len(data), f"embedded file {name}")
        files.append((name, data))
    return files


def open_pdf(content: bytes) -> pdfium.PdfDocument:
    """The parsed PDF; an encrypted or broken file raises a DropError with its own reason."""
    try:
        return pdfium.PdfDocument(content)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium_raw.FPDF_ERR_PASSWORD:
            raise DropError(RejectionReason.ENCRYPTED, "the PDF is encrypted with a password") from None
        raise DropError(RejectionReason.MALFORMED_FILE, f"the PDF cannot be read: {error}") from None


def page_text(pdf: pdfium.PdfDocument, number: int) -> str:
    page = pdf[number]
    try:
        text_page = page.get_textpage()
        try:
            return tidy(text_page.get_text_bounded().replace("\r\n", "\n").replace("\r", "\n"))
        finally:
            text_page.close()
    finally:
        page.close()


def ocr_pages(pdf: pdfium.PdfDocument, numbers: list[int], context: Context) -> list[str]:
    """The pages rendered at OCR resolution and read by Tesseract, one page in memory at a time."""

    def images():  # type: ignore[no-untyped-def]
        for number in numbers:
            page = pdf[number]
            try:
                yield page.render(scale=OCR_DPI / 72).to_pil()
            finally:
                page.close()

    return read_images(images(), context.limits.ocr_command, f"{context.name} ({len(numbers)} page(s))")


def pdf_date(raw: str | None) -> dt.datetime | None:
    """A PDF date string (`D:20250430081500+02'00'`) as an aware instant; None if absent or unreadable."""
    if not raw:
        return None
    match = _PDF_DATE.match(raw.strip())
    if match is None:
        return None
    parts = {key: int(value) for key, value in match.groupdict().items() if value and key != "zone"}
    zone = match.group("zone")
    offset = dt.timedelta(0)
    if zone and zone not in ("Z", "z"):
        digits = zone[1:].replace("'", "")
        offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        offset = -offset if zone[0] == "-" else offset
    try:
        moment = dt.datetime(
            parts["year"], parts.get("month", 1), parts.get("day", 1),
            parts.get("hour", 0), parts.get("minute", 0), parts.get("second", 0),
            tzinfo=dt.timezone(offset),
        )
    except ValueError:
        return None
    return None if date_range_problem(moment) else moment


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value else None
