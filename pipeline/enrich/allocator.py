"""Keep the model's large working buffers inside the process between batches.

glibc serves every allocation above its mmap threshold with a fresh mapping and unmaps it
on free. spaCy's models allocate arrays of several megabytes for every batch, so each batch
maps them again and the kernel faults in and zeroes every page: about 1,100 page faults per
news article on en_core_web_sm, a fifth of the model's time on this machine (measured with
`getrusage` and `time.thread_time` around bare `nlp.pipe`). Raising the threshold above those
arrays, and keeping some freed memory at the heap's top, lets them be reused instead; peak
RSS stays the same, since the buffers are live at their peak either way.
"""

from __future__ import annotations

import ctypes
import gc
import sys
from functools import lru_cache

# mallopt's parameter numbers (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_TOP_PAD = -2
_M_MMAP_THRESHOLD = -3

# The largest threshold glibc accepts on 64-bit systems; larger arrays still get a mapping.
MMAP_THRESHOLD_BYTES = 32 * 2**20
# Freed memory at the heap's top handed back to the OS only beyond this.
TRIM_THRESHOLD_BYTES = 128 * 2**20
# Extra memory asked of the OS when the heap grows, so the next batch does not ask again.
TOP_PAD_BYTES = 16 * 2**20


@lru_cache(maxsize=1)
def keep_model_buffers() -> bool:
    """Tune glibc's allocator once per process; False where the C library is not glibc."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None)
    if not hasattr(libc, "gnu_get_libc_version"):  # musl and others: their mallopt differs
        return False
    return all(
        libc.mallopt(parameter, value) == 1
        for parameter, value in (
            (_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES),
            (_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES),
            (_M_TOP_PAD, TOP_PAD_BYTES),
        )
    )


def settle_heap() -> None:
    """Move everything alive now (spaCy, its model, the libraries loaded with it: some
    100,000 objects) out of the collector's reach. They live as long as the process, yet each
    full collection walked them all again: 0.1-0.25 s a pass, twice in 400 documents of an
    ingest. Garbage is collected first, so none is kept. Called once a model is loaded, and
    by a process that starts enrichment workers once its own imports are done."""
    gc.collect()
    gc.freeze()
