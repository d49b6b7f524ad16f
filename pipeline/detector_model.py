"""py3langid's model, unpacked once per machine instead of once per process.

The wheel ships the model as an LZMA-compressed npz: 4.5 MB that unpack to 68 MB, about half a
second of CPU in every process that detects a language (each `dropwire ingest`, the enrichment
workers' fork server, each Airflow task). The unpacked arrays are written once under
`<cache_dir>/py3langid-<version>-<size>-f32/` as .npy files and read from there afterwards (about
0.04 s; the two large ones memory-mapped). A cache that cannot be written or read is passed
over: the model is read from the wheel, as it always could be.

The feature table (`ptc`) is written as float32, not the wheel's float16. Each text's score is
its features' rows times their counts, where numpy casts the float16 rows to float32 first:
the same numbers, but the cast, on rows gathered from a mapped file, was about a quarter of
the detector's time per document (0.06-0.09 of 0.3 ms on a news article's title and first 200
characters, timed on a loaded machine).
Stored cast, the file doubles (28 to 57 MB on disk, mapped: only the rows read take memory)
and every answer stays the same, to the bit (tests/test_detector_model.py).
"""

from __future__ import annotations

import io
import logging
import lzma
import os
import shutil
import tempfile
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import numpy

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

log = logging.getLogger(__name__)

# The arrays of py3langid's model file, as its own reader (py3langid.modelio) names them.
_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
_MAPPED = frozenset({"ptc", "nextmove"})
# Stored as float32 (see above); numpy would cast them to it on every score.
_WIDENED = frozenset({"ptc"})


def load_identifier(cache_dir: Path | None) -> LanguageIdentifier:
    """The detector with normalised probabilities, from the cache when it can be."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    model_file = MODEL_DIR / MODEL_FILE
    if cache_dir is not None:
        try:
            return _from_arrays(_cached_arrays(model_file, cache_dir))
        except (OSError, ValueError, KeyError) as error:
            log.warning("language detector cache in %s not used (%s): reading the model from its package", cache_dir, error)
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def cache_folder(model_file: Path, cache_dir: Path) -> Path:
    """One folder per version and model file: an upgraded package gets a fresh one (and the
    float32 layout a folder of its own, so a float16 cache from before is never read as one)."""
    return cache_dir / f"py3langid-{metadata.version('py3langid')}-{model_file.stat().st_size}-f32"


def _cached_arrays(model_file: Path, cache_dir: Path) -> dict[str, numpy.ndarray]:
    folder = cache_folder(model_file, cache_dir)
    if not folder.is_dir():
        _unpack(model_file, folder)
    return {name: numpy.load(folder / f"{name}.npy", mmap_mode="r" if name in _MAPPED else None) for name in _ARRAYS}


def _unpack(model_file: Path, folder: Path) -> None:
    """Write the arrays into a fresh folder beside the final one, then rename it into place:
    another process unpacking at the same time leaves one whole copy, never a half one."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with numpy.load(io.BytesIO(lzma.decompress(model_file.read_bytes())), allow_pickle=False) as model:
        building = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
        try:
            for name in _ARRAYS:
                array = model[name].astype(numpy.float32) if name in _WIDENED else model[name]
                numpy.save(building / f"{name}.npy", array, allow_pickle=False)
            os.rename(building, folder)
        except OSError:
            shutil.rmtree(building, ignore_errors=True)
            if not folder.is_dir():
                raise


def _from_arrays(arrays: dict[str, numpy.ndarray]) -> LanguageIdentifier:
    # What py3langid.modelio.load_model returns, built from the same arrays.
    from py3langid.langid import LanguageIdentifier
    from py3langid.modelio import _to_array

    return LanguageIdentifier(
        numpy.asarray(arrays["ptc"]),
        numpy.asarray(arrays["pc"]),
        arrays["classes"].tolist(),
        _to_array(arrays["nextmove"]),
        arrays["out_feat"].tolist(),
        norm_probs=True,
        tk_row=_to_array(arrays["nextmove_row"]),
    )
