"""Files of every format Dropwire reads, made at test time with the libraries (no binaries
in the repository): PDFs with and without a text layer, DOCX, ODT, RTF, e-mail, zips,
images of text. Also used by bench/extract.py and to write pipeline/demo/drops."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import format_datetime

from PIL import Image, ImageDraw, ImageFont


def pdf_bytes(
    pages: Sequence[str],
    *,
    title: str | None = None,
    author: str | None = None,
    created: dt.datetime | None = None,
) -> bytes:
    """A PDF with a text layer, one string per page (lines split on newlines)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        for line in text.split("\n"):
            pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return _with_metadata(bytes(pdf.output()), title=title, author=author, created=created)


def _with_metadata(
    content: bytes, *, title: str | None = None, author: str | None = None, created: dt.datetime | None = None
) -> bytes:
    """The PDF's pages under exactly this metadata (fpdf always stamps a creation date)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(content)))
    metadata = {"/Title": title, "/Author": author}
    if created is not None:
        offset = created.strftime("%z")
        metadata["/CreationDate"] = created.strftime("D:%Y%m%d%H%M%S") + (f"{offset[:3]}'{offset[3:]}'" if offset else "")
    writer.add_metadata({key: value for key, value in metadata.items() if value})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def slow_pdf_bytes(pages: int = 150) -> bytes:
    """A PDF that takes pdfium tens of milliseconds: far past a 1 ms limit, so a test of the
    time limit never races the parser."""
    return pdf_bytes(["Ships queued outside the harbour as the storm passed.\nThe port reopened at noon."] * pages)


def text_image(text: str, *, size: int = 36, image_format: str = "PNG") -> bytes:
    """Black text on white, large enough for OCR to read."""
    font = ImageFont.load_default(size=size)
    lines = text.split("\n")
    width = max(int(font.getlength(line)) for line in lines) + 80
    height = (size + 20) * len(lines) + 60
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((40, 30 + number * (size + 20)), line, fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    return buffer.getvalue()


def scanned_pdf_bytes(text: str) -> bytes:
    """A PDF whose only page is a picture of `text`: no text layer at all."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(text_image(text, size=48)), x=10, y=10, w=190)
    return _with_metadata(bytes(pdf.output()))


def encrypted_pdf_bytes(text: str, password: str = "secret") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes([text]))))
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes(
    paragraphs: Sequence[str],
    *,
    title: str | None = None,
    author: str | None = None,
    created: dt.datetime | None = None,
    table: Sequence[Sequence[str]] = (),
) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    properties = document.core_properties
    properties.title = title or ""
    properties.author = author or ""
    if created is not None:
        properties.created = created
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(heading: str, paragraphs: Sequence[str], *, title: str | None = None, author: str | None = None) -> bytes:
    from odf import dc, meta
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    if title:
        document.meta.addElement(dc.Title(text=title))
    if author:
        document.meta.addElement(meta.InitialCreator(text=author))
    document.meta.addElement(meta.CreationDate(text="2025-03-14T09:30:00"))
    document.text.addElement(H(outlinelevel=1, text=heading))
    for text in paragraphs:
        document.text.addElement(P(text=text))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def rtf_bytes(paragraphs: Sequence[str], *, title: str, author: str) -> bytes:
    """RTF has no maintained writer on PyPI; this is the format's minimal shape."""
    body = "".join(rf"\pard {text}\par " for text in paragraphs)
    info = rf"{{\info{{\title {title}}}{{\author {author}}}{{\creatim\yr2024\mo11\dy5\hr14\min30}}}}"
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Helvetica;}}" + info + body + "}").encode("ascii")


def eml_bytes(
    *,
    subject: str,
    body: str,
    sender: str = "Ana Ruiz <ana@example.org>",
    to: str = "desk@example.org",
    cc: str | None = "Lee Park <lee@example.org>",
    date: dt.datetime | None = dt.datetime(2025, 4, 30, 8, 15, tzinfo=dt.UTC),
    html: str | None = None,
    attachments: Mapping[str, tuple[bytes, str]] = {},  # noqa: B006 - read only
) -> bytes:
    """An e-mail; `attachments` maps a file name to (bytes, media type)."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = to
    if cc:
        message["Cc"] = cc
    if date is not None:
        message["Date"] = format_datetime(date)
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for name, (content, media_type) in attachments.items():
        main, _, sub = media_type.partition("/")
        message.add_attachment(content, maintype=main, subtype=sub, filename=name)
    return message.as_bytes()


def zip_bytes(members: Mapping[str, bytes], *, links: Mapping[str, str] = {}) -> bytes:  # noqa: B006 - read only
    """A zip of `members`; `links` are symbolic links stored in it (name -> target)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
        for name, target in links.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o120777 << 16)
            archive.writestr(info, target)
    return buffer.getvalue()


def zip_bomb_bytes(unpacked_bytes: int = 20_000_000) -> bytes:
    """One member of zeros: a few kilobytes that unpack to `unpacked_bytes`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("zeros.txt", b"0" * unpacked_bytes)
    return buffer.getvalue()


def nested_zip_bytes(depth: int, leaf: bytes = b"Deep note\nFound at the bottom of the archives.") -> bytes:
    content = zip_bytes({"leaf.txt": leaf})
    for level in range(depth - 1):
        content = zip_bytes({f"level-{level}.zip": content})
    return content


def pdf_with_files(pages: Sequence[str], files: Mapping[str, bytes]) -> bytes:
    """A PDF that embeds `files` (a portfolio, or a report with its data attached)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes(pages))))
    for name, content in files.items():
        writer.add_attachment(name, content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
