"""Text from pictures of text, by Tesseract (a Debian package) through pytesseract.

Without the program a scan is never indexed empty: it is quarantined as `needs_ocr`, to be
ingested again once OCR is installed (`apt-get install tesseract-ocr tesseract-ocr-eng`).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from functools import lru_cache

from PIL import Image

from pipeline.errors import DropError, RejectionReason

# Tesseract reads best at about 300 dots per inch; PDF pages are measured at 72.
OCR_DPI = 300
_LANGUAGE = "eng"


@lru_cache(maxsize=4)
def ocr_program(command: str | None) -> str | None:
    """The Tesseract program's path, or None when it is not installed (or OCR is off)."""
    return shutil.which(command) if command else None


def read_images(images: Iterable[Image.Image], command: str | None, what: str) -> list[str]:
    """The text of each image, in order; raises `needs_ocr` when there is no Tesseract."""
    program = ocr_program(command)
    if program is None:
        raise DropError(
            RejectionReason.NEEDS_OCR,
            f"{what} has no text layer and OCR is not available here "
            f"(no {command or 'Tesseract'} program; install tesseract-ocr and tesseract-ocr-eng)",
        )
    import pytesseract  # light, but only scans need it

    pytesseract.pytesseract.tesseract_cmd = program
    return [pytesseract.image_to_string(image.convert("L"), lang=_LANGUAGE) for image in images]
