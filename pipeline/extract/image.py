"""Images of text (PNG, JPEG, TIFF, GIF, BMP): every frame read by OCR, one page per frame."""

from __future__ import annotations

import io

from PIL import Image, ImageSequence, UnidentifiedImageError

from pipeline.errors import DropError, RejectionReason
from pipeline.extract.ocr import read_images
from pipeline.extract.records import Context, Extracted, ExtractResult, check_pages, join_pages, tidy


def extract_image(content: bytes, context: Context) -> list[ExtractResult]:
    try:
        image = Image.open(io.BytesIO(content))
        frames = getattr(image, "n_frames", 1)
        check_pages(frames, context.limits, "the image")
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise DropError(RejectionReason.MALFORMED_FILE, f"the image cannot be read: {error}") from None
    except Image.DecompressionBombError as error:
        raise DropError(RejectionReason.EXPANSION_TOO_LARGE, f"the image is too large to read: {error}") from None
    media_type = Image.MIME.get(image.format or "", "image/unknown")
    pages = [tidy(text) for text in read_images(ImageSequence.Iterator(image), context.limits.ocr_command, context.name)]
    body, offsets = join_pages(pages)
    if not body.strip():
        raise DropError(RejectionReason.MISSING_BODY, "OCR found no text in the image")
    return [Extracted(body=body, media_type=media_type, page_offsets=offsets if len(pages) > 1 else ())]
