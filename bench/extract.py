"""Extraction speed per format: Dropwire's `extract` next to the bare library call, same files.

    python bench/extract.py [--files 6] [--pages 20] [--rounds 9]

The files are made here with the libraries (tests/format_fixtures.py). For each format it
prints pages (or documents, for formats without pages) per second through `extract` — the
worker process, limits and records included — and through the library alone, in this
process. PDF is measured with two libraries (pypdfium2, which Dropwire uses, and pypdf),
with a fidelity score: the share of the source's words each gives back in order. It also
prints the round-trip cost of the worker process on a tiny file. The last line is the ratio
of bare-library time to `extract` time over all files:
`extract_overhead_ratio: R (target >= 0.90)`.
"""

from __future__ import annotations

import argparse
import difflib
import email
import email.policy
import io
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import format_fixtures as fixtures  # noqa: E402
from pipeline.extract import Extracted, ExtractLimits, extract  # noqa: E402
from pipeline.extract.records import Budget, Context  # noqa: E402
from pipeline.extract.text import extract_text_format  # noqa: E402
from pipeline.extract.tree import extract_bytes  # noqa: E402

SENTENCES = (
    "The port authority said exports through Rotterdam rose four percent in March.",
    "Ministers met in Geneva on Tuesday and agreed to resume the talks next month.",
    "Heavy rain flooded the harbour road and the council closed two schools.",
    "Analysts expect the central bank to hold rates until the summer.",
)
LIMIT = 100_000_000


@dataclass
class Workload:
    name: str
    suffix: str
    files: list[bytes]
    pages_per_file: int
    bare: Callable[[bytes], str]


def page_text(number: int) -> str:
    return "\n".join(f"{SENTENCES[(number + line) % len(SENTENCES)]} Line {line} of page {number}." for line in range(25))


# Each bare call does the reading Dropwire needs (text, tables, metadata) with the library
# alone, in this process: the difference is what Dropwire adds (worker, types, limits, records).


def bare_pdfium(content: bytes) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(content)
    try:
        pdf.get_metadata_dict()
        return "\n".join(pdf[number].get_textpage().get_text_bounded() for number in range(len(pdf)))
    finally:
        pdf.close()


def bare_pypdf(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def bare_docx(content: bytes) -> str:
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(content))
    document.core_properties.title  # noqa: B018 - read, as extraction does
    return "\n".join(
        "\n".join(cell.text for row in block.rows for cell in row.cells) if isinstance(block, Table) else block.text
        for block in document.iter_inner_content()
    )


def bare_odt(content: bytes) -> str:
    from odf import teletype
    from odf.opendocument import load
    from odf.text import P

    return "\n".join(teletype.extractText(p) for p in load(io.BytesIO(content)).getElementsByType(P))


def bare_rtf(content: bytes) -> str:
    from striprtf.striprtf import rtf_to_text

    return rtf_to_text(content.decode("latin-1"))


def bare_eml(content: bytes) -> str:
    message = email.message_from_bytes(content, policy=email.policy.default)
    texts = [message.get_body(preferencelist=("plain",)).get_content()]  # type: ignore[union-attr]
    for part in message.iter_attachments():
        texts.append(bare_pdfium(part.get_payload(decode=True)))  # the one attachment is a PDF
    return "\n".join(texts)


def bare_zip(content: bytes) -> str:
    """zipfile, and each member read by the same text reader `extract` uses: what is left
    between the two is the container's own cost (types, limits, records)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        texts = [extract_text_format("text/plain", archive.read(info))[0] for info in archive.infolist()]
    return "\n".join(text.body for text in texts if isinstance(text, Extracted))


def workloads(files: int, pages: int) -> list[Workload]:
    texts = [page_text(number) for number in range(pages)]
    paragraphs = [line for text in texts for line in text.split("\n")]
    pdfs = [fixtures.pdf_bytes(texts, title=f"Report {n}") for n in range(files)]
    return [
        Workload("pdf (pypdfium2)", ".pdf", pdfs, pages, bare_pdfium),
        Workload("docx", ".docx", [fixtures.docx_bytes(paragraphs, title=f"D{n}") for n in range(files)], 1, bare_docx),
        Workload("odt", ".odt", [fixtures.odt_bytes(f"Heading {n}", paragraphs) for n in range(files)], 1, bare_odt),
        Workload("rtf", ".rtf", [fixtures.rtf_bytes(paragraphs, title=f"R{n}", author="A") for n in range(files)], 1, bare_rtf),
        Workload(
            "eml + pdf attachment",
            ".eml",
            [
                fixtures.eml_bytes(subject=f"M{n}", body=texts[0], attachments={"a.pdf": (pdfs[n], "application/pdf")})
                for n in range(files)
            ],
            1 + pages,
            bare_eml,
        ),
        Workload(
            "zip of 20 txt",
            ".zip",
            [fixtures.zip_bytes({f"{m}.txt": f"Title {m}\n{texts[m % pages]}".encode() for m in range(20)}) for _ in range(files)],
            20,
            bare_zip,
        ),
    ]


def best_seconds(run: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def best_of_alternating(first: Callable[[], object], second: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Best times of two runs taken in turns, so a busy moment of a shared machine hits both."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        for run, seconds in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            run()
            seconds.append(time.perf_counter() - started)
    return min(times[0]), min(times[1])


def fidelity(found: str, expected: str) -> float:
    """Share of the source's words given back, in order."""
    matcher = difflib.SequenceMatcher(None, expected.split(), found.split(), autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(1, len(expected.split()))


def extract_all(workload: Workload) -> None:
    for number, content in enumerate(workload.files):
        results = extract(f"f{number}{workload.suffix}", content, max_bytes=LIMIT)
        assert results and all(isinstance(result, Extracted) for result in results), results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=6, help="files per format (default 6)")
    parser.add_argument("--pages", type=int, default=20, help="pages per PDF (default 20)")
    parser.add_argument("--rounds", type=int, default=9, help="rounds; the best counts (default 9)")
    arguments = parser.parse_args()

    loads = workloads(arguments.files, arguments.pages)
    extract("warm.pdf", loads[0].files[0], max_bytes=LIMIT)  # starts the worker process once
    total_bare = total_extract = 0.0
    print(f"{'format':<24}{'pages':>7}{'extract p/s':>14}{'bare p/s':>12}{'ratio':>8}")
    for workload in loads:
        pages = workload.pages_per_file * len(workload.files)
        bare, through = best_of_alternating(
            lambda w=workload: [w.bare(content) for content in w.files], lambda w=workload: extract_all(w), arguments.rounds
        )
        total_bare += bare
        total_extract += through
        print(f"{workload.name:<24}{pages:>7}{pages / through:>14.1f}{pages / bare:>12.1f}{bare / through:>8.2f}")

    pdfs, expected = loads[0].files, "\n".join(page_text(number) for number in range(arguments.pages))
    pages = arguments.pages * len(pdfs)
    print("\nPDF libraries, bare, same files:")
    for name, reader in (("pypdfium2", bare_pdfium), ("pypdf", bare_pypdf)):
        seconds = best_seconds(lambda r=reader: [r(content) for content in pdfs], arguments.rounds)
        print(f"  {name:<10} {pages / seconds:>9.1f} pages/s   fidelity {fidelity(reader(pdfs[0]), expected):.3f}")

    tiny = fixtures.rtf_bytes(["One line."], title="T", author="A")
    limits = ExtractLimits(max_bytes=LIMIT)
    worker = best_seconds(lambda: [extract("t.rtf", tiny, max_bytes=LIMIT) for _ in range(50)], arguments.rounds) / 50
    here = best_seconds(
        lambda: [extract_bytes(tiny, Context("t.rtf", limits, Budget(limits, len(tiny)))) for _ in range(50)],
        arguments.rounds,
    ) / 50
    print(f"\nworker process round trip: {1000 * (worker - here):.2f} ms per drop ({1000 * worker:.2f} ms vs {1000 * here:.2f} ms in-process)")
    print(f"extract_overhead_ratio: {total_bare / total_extract:.2f} (target >= 0.90)")


if __name__ == "__main__":
    main()
