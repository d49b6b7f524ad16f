"""Binary drops through the batch runner: containers become linked documents, a child that
fails is quarantined alone with its own bytes, and hostile drops are quarantined whole with
their reasons while the rest of the batch is indexed."""

from __future__ import annotations

from pathlib import Path

from format_fixtures import (
    docx_bytes,
    eml_bytes,
    encrypted_pdf_bytes,
    nested_zip_bytes,
    pdf_bytes,
    slow_pdf_bytes,
    zip_bomb_bytes,
    zip_bytes,
)
from pipeline.ingest import Ingestor
from pipeline.search import SearchQuery
from pipeline.settings import Settings
from pipeline.sources.local import LocalFolder
from pipeline.store.tantivy import TantivyStore
from test_ingest import rejections_in, write_inbox

PDF_TEXT = "Exports through Rotterdam rose four percent in March, the port authority said."
LOCKED = encrypted_pdf_bytes("Minutes of the closed session.")
MAIL = eml_bytes(
    subject="Port figures for March",
    body="Ana Ruiz sent the March figures from Rotterdam.",
    attachments={
        "figures.pdf": (pdf_bytes([PDF_TEXT]), "application/pdf"),
        "locked.pdf": (LOCKED, "application/pdf"),
    },
)


def test_an_email_and_its_attachments_are_linked_documents_and_a_bad_attachment_is_quarantined_alone(
    ingestor: Ingestor, store: TantivyStore, tmp_path: Path
) -> None:
    inbox = write_inbox(tmp_path / "inbox", {"port.eml": MAIL})
    summary = ingestor.ingest(LocalFolder(inbox))
    assert (summary.indexed, summary.quarantined) == (2, 1)
    assert (inbox / "processed" / "port.eml").exists()

    [message] = store.search(SearchQuery(text="March figures", media_type="message/rfc822")).hits
    [attachment] = store.search(SearchQuery(text="Rotterdam", media_type="application/pdf")).hits
    mail_doc, pdf_doc = store.get(message.id), store.get(attachment.id)
    assert mail_doc is not None and pdf_doc is not None
    assert mail_doc.title == "Port figures for March" and mail_doc.message is not None
    assert mail_doc.message.sender == ["Ana Ruiz <ana@example.org>"]
    assert mail_doc.children == [pdf_doc.id]
    assert (pdf_doc.parent_id, pdf_doc.container_path) == (mail_doc.id, "figures.pdf")
    assert pdf_doc.source.uri.endswith("port.eml#figures.pdf") and pdf_doc.page_offsets == [0]

    [(name, rejection)] = rejections_in(inbox / "quarantine").items()
    assert rejection.reason.value == "encrypted" and "locked.pdf" in rejection.message
    assert (inbox / "quarantine" / name).read_bytes() == LOCKED


def test_hostile_drops_are_quarantined_whole_with_their_reasons_and_the_rest_is_indexed(
    settings: Settings, store: TantivyStore, enricher, tmp_path: Path
) -> None:
    pdf = pdf_bytes(["Whole page of text about the harbour."])
    hostile = {
        "bomb.zip": (zip_bomb_bytes(), "expansion_too_large"),
        "deep.zip": (nested_zip_bytes(3), "nested_too_deep"),
        "cut.pdf": (pdf[: len(pdf) // 3], "malformed_file"),
        "locked.pdf": (LOCKED, "encrypted"),
        "long.pdf": (pdf_bytes(["one", "two", "three"]), "too_many_pages"),
    }
    good = {
        "report.docx": docx_bytes(["The council approved the harbour budget on Monday."], title="Budget"),
        "bundle.zip": zip_bytes({"a.txt": b"Note\nThe mayor visited the flooded quay."}),
        "note.txt": b"Plain\nA plain note about tides in the estuary.",
    }
    limited = settings.model_copy(update={"max_nesting_depth": 2, "max_pages": 2})
    inbox = write_inbox(tmp_path / "inbox", {**good, **{name: content for name, (content, _) in hostile.items()}})
    summary = Ingestor(limited, store, enricher=enricher).ingest(LocalFolder(inbox), batch_drops=3)
    assert summary.drops == len(good) + len(hostile)
    assert (summary.indexed, summary.quarantined) == (4, len(hostile))  # the zip is a document, and so is its member
    rejections = rejections_in(inbox / "quarantine")
    assert {name: rejection.reason.value for name, rejection in rejections.items()} == {
        name: reason for name, (_, reason) in hostile.items()
    }
    for name, (content, _) in hostile.items():
        assert (inbox / "quarantine" / name).read_bytes() == content


def test_a_drop_that_overruns_its_seconds_is_quarantined_and_the_batch_goes_on(
    settings: Settings, store: TantivyStore, enricher, tmp_path: Path
) -> None:
    hurried = settings.model_copy(update={"max_extract_seconds": 0.001})
    inbox = write_inbox(tmp_path / "inbox", {"slow.pdf": slow_pdf_bytes(), "quick.txt": b"Quick\nText files are read in-process."})
    summary = Ingestor(hurried, store, enricher=enricher).ingest(LocalFolder(inbox))
    assert (summary.indexed, summary.quarantined) == (1, 1)
    assert summary.rejections[0].reason.value == "timed_out"


def test_a_failed_child_is_quarantined_under_its_own_extension() -> None:
    from pipeline.sources.local import record_name

    assert record_name("mail.eml", 3, "report.pdf") == "mail.record-3.pdf"
    assert record_name("inbox/wire.jsonl", 2) == "inbox/wire.record-2.jsonl"
    assert record_name("bundle.zip", 4, "docs/notes") == "bundle.record-4.zip"
