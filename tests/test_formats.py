"""Binary formats, read from files the libraries make at test time: text, metadata, pages,
parents and children, and every way a hostile file is refused with its own reason."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from format_fixtures import (
    docx_bytes,
    eml_bytes,
    encrypted_pdf_bytes,
    nested_zip_bytes,
    odt_bytes,
    pdf_bytes,
    rtf_bytes,
    scanned_pdf_bytes,
    slow_pdf_bytes,
    text_image,
    zip_bomb_bytes,
    zip_bytes,
)
from conftest import SERVICES_REQUIRED
from preloaded_scripts import PreloadedScripts
from pipeline.errors import DropError, RejectionReason
from pipeline.extract import Extracted, ExtractLimits, ExtractResult, extract
from pipeline.extract.records import PAGE_BREAK

LIMIT = 50_000_000
CREATED = dt.datetime(2025, 4, 30, 8, 15, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None and not SERVICES_REQUIRED,
    reason="needs Debian's tesseract-ocr (scripts/setup.sh installs it)",
)


def results(name: str, content: bytes, **limits: object) -> list[ExtractResult]:
    return extract(name, content, max_bytes=LIMIT, limits=ExtractLimits(**limits))  # type: ignore[arg-type]


def only(name: str, content: bytes, **limits: object) -> Extracted:
    [result] = results(name, content, **limits)
    assert isinstance(result, Extracted), result
    return result


def refused(name: str, content: bytes, **limits: object) -> DropError:
    with pytest.raises(DropError) as caught:
        results(name, content, **limits)
    return caught.value


def test_a_pdf_keeps_its_pages_in_order_and_says_where_each_starts() -> None:
    pages = ["Ministers met in Geneva.\nTalks went on late.", "A second round is planned.", "Third page."]
    result = only("talks.pdf", pdf_bytes(pages, title="Geneva talks", author="Ana Ruiz", created=CREATED))
    assert result.media_type == "application/pdf"
    assert (result.title, result.author, result.published_at) == ("Geneva talks", "Ana Ruiz", CREATED)
    assert result.body.split(PAGE_BREAK) == pages
    assert [result.body[start:].split(PAGE_BREAK)[0] for start in result.page_offsets] == pages


def test_a_pdf_without_a_creation_date_has_no_published_at() -> None:
    result = only("undated.pdf", pdf_bytes(["No date in the metadata."]))
    assert result.published_at is None and result.title is None


def test_an_encrypted_pdf_is_refused_as_encrypted() -> None:
    assert refused("locked.pdf", encrypted_pdf_bytes("Secret minutes.")).reason is RejectionReason.ENCRYPTED


@pytest.mark.parametrize("cut", [0.3, 0.6])
def test_a_truncated_pdf_is_refused_as_malformed(cut: float) -> None:
    content = pdf_bytes(["Page one.", "Page two."])
    error = refused("cut.pdf", content[: int(len(content) * cut)])
    assert error.reason in (RejectionReason.MALFORMED_FILE, RejectionReason.MISSING_BODY), error


def test_a_pdf_past_the_page_limit_is_refused_whole() -> None:
    error = refused("long.pdf", pdf_bytes(["a", "b", "c"]), max_pages=2)
    assert error.reason is RejectionReason.TOO_MANY_PAGES and "3 pages" in error.message


@needs_tesseract
def test_a_scanned_pdf_is_read_by_ocr() -> None:
    result = only("scan.pdf", scanned_pdf_bytes("Harbour flooded overnight"))
    assert "Harbour flooded overnight" in result.body


def test_a_scan_without_ocr_waits_as_needs_ocr_and_is_never_indexed_empty() -> None:
    error = refused("scan.pdf", scanned_pdf_bytes("Harbour flooded overnight"), ocr_command=None)
    assert error.reason is RejectionReason.NEEDS_OCR
    image_error = refused("scan.png", text_image("Harbour flooded"), ocr_command="no-such-tesseract")
    assert image_error.reason is RejectionReason.NEEDS_OCR and "tesseract-ocr" in image_error.message


@needs_tesseract
def test_an_image_of_text_is_read_by_ocr() -> None:
    result = only("note.png", text_image("Council approves budget"))
    assert result.media_type == "image/png" and "Council approves budget" in result.body


def test_docx_paragraphs_tables_and_core_properties() -> None:
    content = docx_bytes(
        ["Quarterly report", "Exports rose in March."],
        title="Q1 report",
        author="Lee Park",
        created=dt.datetime(2025, 4, 1, 9, 0),
        table=[["port", "tonnes"], ["Rotterdam", "12"]],
    )
    result = only("q1.docx", content)
    assert result.body == "Quarterly report\n\nExports rose in March.\n\nport\ttonnes\nRotterdam\t12"
    assert (result.title, result.author) == ("Q1 report", "Lee Park")
    assert result.published_at == dt.datetime(2025, 4, 1, 9, 0, tzinfo=dt.UTC)


def test_odt_headings_and_paragraphs_and_meta() -> None:
    result = only("minutes.odt", odt_bytes("Minutes", ["The board met.", "It voted twice."], title="Board minutes", author="Sam Lee"))
    assert result.body == "Minutes\n\nThe board met.\n\nIt voted twice."
    assert (result.title, result.author) == ("Board minutes", "Sam Lee")
    assert result.published_at == dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.UTC)


def test_rtf_text_and_info_group() -> None:
    result = only("memo.rtf", rtf_bytes(["Shipping resumed.", "Ports reopened."], title="Memo", author="Kai"))
    assert result.body == "Shipping resumed.\nPorts reopened."
    assert (result.title, result.author) == ("Memo", "Kai")
    assert result.published_at == dt.datetime(2024, 11, 5, 14, 30, tzinfo=dt.UTC)


def test_an_email_and_its_attachments_are_documents_pointing_at_it() -> None:
    content = eml_bytes(
        subject="Port figures",
        body="Figures attached.\nRegards, Ana",
        attachments={
            "figures.pdf": (pdf_bytes(["Exports rose 4% in March."]), "application/pdf"),
            "note.txt": (b"Note\nCall the harbour master.", "text/plain"),
            "locked.pdf": (encrypted_pdf_bytes("secret"), "application/pdf"),
        },
    )
    message, pdf, note, locked = results("port.eml", content)
    assert isinstance(message, Extracted) and isinstance(pdf, Extracted) and isinstance(note, Extracted)
    assert (message.title, message.body, message.media_type) == ("Port figures", "Figures attached.\nRegards, Ana", "message/rfc822")
    assert message.published_at == dt.datetime(2025, 4, 30, 8, 15, tzinfo=dt.UTC)
    assert message.message == {"sender": ["Ana Ruiz <ana@example.org>"], "to": ["desk@example.org"], "cc": ["Lee Park <lee@example.org>"]}
    assert (pdf.parent, pdf.path, pdf.media_type, pdf.body) == (0, "figures.pdf", "application/pdf", "Exports rose 4% in March.")
    assert (note.parent, note.path, note.title) == (0, "note.txt", "Note")
    assert note.published_at == message.published_at, "an attachment with no date of its own is as old as its e-mail"
    assert pdf.content is not None and pdf.content.startswith(b"%PDF")  # kept for a later quarantine
    assert isinstance(locked, DropError) and locked.reason is RejectionReason.ENCRYPTED
    assert locked.path == "locked.pdf" and locked.message.startswith("locked.pdf: ") and locked.content.startswith(b"%PDF")


def test_an_email_body_comes_from_the_html_part_when_there_is_no_text() -> None:
    content = eml_bytes(subject="HTML only", body="", html="<html><body><p>Rates <b>held</b> today.</p></body></html>", cc=None, date=None)
    result = results("html.eml", content)[0]
    assert isinstance(result, Extracted) and "Rates held today." in result.body and result.published_at is None


def test_zip_members_are_children_with_their_paths_and_names_never_reach_the_disk(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    content = zip_bytes(
        {"a.txt": b"Alpha\nFirst member.", "../../escape/b.md": b"# Beta\n\nSecond member.", "data.bin": b"\x00\x01"},
        links={"passwd": "/etc/passwd"},
    )
    archive, alpha, beta, binary, link = results("bundle.zip", content)
    assert isinstance(archive, Extracted) and archive.media_type == "application/zip"
    assert "a.txt" in archive.body and "escape/b.md" in archive.body
    assert isinstance(alpha, Extracted) and (alpha.parent, alpha.path, alpha.body) == (0, "a.txt", "First member.")
    assert alpha.published_at is None, "an archive gives its members no date"
    assert isinstance(beta, Extracted) and (beta.path, beta.title) == ("escape/b.md", "Beta")
    assert isinstance(binary, DropError) and binary.reason is RejectionReason.UNSUPPORTED_TYPE
    assert isinstance(link, DropError) and link.reason is RejectionReason.LINK
    assert list(tmp_path.iterdir()) == [], "nothing is ever written under a member's name"
    assert not (tmp_path.parent.parent / "escape").exists()


def test_an_email_inside_a_zip_keeps_the_whole_path() -> None:
    mail = eml_bytes(subject="Inner", body="Inner message.", attachments={"n.txt": (b"N\nInner note.", "text/plain")})
    archive, message, note = results("outer.zip", zip_bytes({"mail/inner.eml": mail}))
    assert isinstance(message, Extracted) and isinstance(note, Extracted)
    assert (message.parent, message.path) == (0, "mail/inner.eml")
    assert (note.parent, note.path) == (1, "mail/inner.eml/n.txt")


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    error = refused("bomb.zip", zip_bomb_bytes())
    assert error.reason is RejectionReason.EXPANSION_TOO_LARGE and "zip bomb" in error.message


def test_archives_nested_past_the_depth_limit_are_refused_whole() -> None:
    assert len(results("ok.zip", nested_zip_bytes(3))) == 4  # three archives, one leaf
    error = refused("deep.zip", nested_zip_bytes(4))
    assert error.reason is RejectionReason.NESTED_TOO_DEEP


def test_members_are_counted_over_the_whole_drop() -> None:
    inner = zip_bytes({f"{n}.txt": f"T\nmember {n}".encode() for n in range(3)})
    outer = zip_bytes({"one.zip": inner, "two.zip": inner})
    assert refused("many.zip", outer, max_members=7).reason is RejectionReason.TOO_MANY_MEMBERS
    assert len(results("many.zip", outer, max_members=8)) == 9


def test_a_parser_that_overruns_its_time_is_killed_and_the_next_drop_is_read() -> None:
    error = refused("slow.pdf", slow_pdf_bytes(), seconds=0.001)
    assert error.reason is RejectionReason.TIMED_OUT
    assert only("fine.pdf", pdf_bytes(["Read after the kill."])).body == "Read after the kill."


def test_type_comes_from_the_bytes_and_the_names_claim_is_kept() -> None:
    result = only("report.txt", pdf_bytes(["A PDF under a text name."]))
    assert (result.media_type, result.declared_media_type) == ("application/pdf", "text/plain")
    assert refused("fake.pdf", b"just words, no PDF header").reason is RejectionReason.MALFORMED_FILE
    assert refused("fake.docx", zip_bytes({"a.txt": b"x"})).reason is RejectionReason.MALFORMED_FILE


def test_broken_office_files_are_malformed() -> None:
    content = docx_bytes(["Some text."])
    error = refused("cut.docx", content[: len(content) // 2])
    assert error.reason in (RejectionReason.MALFORMED_FILE, RejectionReason.UNSUPPORTED_TYPE), error


def test_legacy_office_files_are_refused_with_what_to_do() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    legacy = refused("old.doc", ole)
    assert legacy.reason is RejectionReason.UNSUPPORTED_TYPE and ".docx" in legacy.message
    locked = refused("locked.docx", ole + "EncryptedPackage".encode("utf-16-le"))
    assert locked.reason is RejectionReason.ENCRYPTED


@pytest.mark.slow
@pytest.mark.bench
def test_the_extraction_benchmark_ends_with_its_ratio(preloaded_scripts: PreloadedScripts) -> None:
    import re

    done = preloaded_scripts.bench("extract.py", "--files", "1", "--pages", "2", "--rounds", "1")
    assert done.returncode == 0, done.stderr[-3000:]
    last = done.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"extract_overhead_ratio: \d+\.\d+ \(target >= 0\.90\)", last), last


def test_a_worker_that_cannot_start_stops_the_run_instead_of_blaming_the_drop(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.errors import ConfigurationError
    from pipeline.extract import isolation

    monkeypatch.setattr(isolation.sys, "executable", "/bin/false")
    worker = isolation.ExtractionWorker()
    with pytest.raises(ConfigurationError, match="did not start"):
        worker.run("a.pdf", pdf_bytes(["x"]), ExtractLimits())


def test_files_embedded_in_a_pdf_are_children_of_it() -> None:
    from format_fixtures import pdf_with_files

    content = pdf_with_files(["Cover page of the portfolio."], {"annex.txt": b"Annex\nFigures for the harbour.", "data.bin": b"\x00"})
    report, annex, binary = results("portfolio.pdf", content)
    assert isinstance(report, Extracted) and report.body == "Cover page of the portfolio."
    assert isinstance(annex, Extracted) and (annex.parent, annex.path, annex.body) == (0, "annex.txt", "Figures for the harbour.")
    assert isinstance(binary, DropError) and binary.reason is RejectionReason.UNSUPPORTED_TYPE


def test_a_parser_that_hangs_for_good_is_killed_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import time
    from pathlib import Path

    from pipeline.extract import isolation

    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent))
    worker = isolation.ExtractionWorker(module="hanging_worker")
    started = time.monotonic()
    with pytest.raises(DropError) as caught:
        worker.run("stuck.pdf", b"%PDF-1.7", ExtractLimits(seconds=0.5))
    assert caught.value.reason is RejectionReason.TIMED_OUT
    assert time.monotonic() - started < 5
    assert worker._process is None, "the hung worker is gone; the next drop starts a new one"
