"""The allocator tuning that lets the model reuse its batch buffers (pipeline.enrich.allocator)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

# A model's batch: buffers whose sizes vary with the batch's texts (2-10 MB here), several
# alive at once. Run 60 batches, and print the page faults the last 50 took; before that,
# optionally tune the allocator.
_PROBE = textwrap.dedent(
    """
    import resource, sys
    import numpy
    if sys.argv[1] == "tuned":
        from pipeline.enrich.allocator import keep_model_buffers
        assert keep_model_buffers()
    def batch(number):
        size = (1 + (number * 7) % 5) * 2**19
        first = numpy.ones(size, dtype=numpy.float32)
        second = numpy.ones(2 * size, dtype=numpy.float32)
        return float((first + second[:size]).sum())
    for number in range(10):
        batch(number)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for number in range(10, 60):
        batch(number)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
    """
)


def _faults(mode: str) -> int:
    result = subprocess.run([sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, check=True)
    return int(result.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator is tuned on Linux only")
def test_tuned_allocator_reuses_large_buffers_instead_of_faulting_them_in_again() -> None:
    # A batch's buffers are thousands of pages: glibc's default maps most of them anew each time.
    assert _faults("default") > 50 * 500
    assert _faults("tuned") < 50 * 10


def test_loading_a_model_tunes_the_allocator_once() -> None:
    from pipeline.enrich.allocator import keep_model_buffers
    from pipeline.enrich.nlp import load_nlp
    from pipeline.settings import Settings

    load_nlp(Settings(_env_file=None).spacy_model)
    assert keep_model_buffers.cache_info().currsize == 1
