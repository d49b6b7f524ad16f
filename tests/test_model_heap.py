"""Loading a model leaves what it built outside the garbage collector's full passes
(pipeline.enrich.nlp): every full collection of an ingest walked those ~100,000 objects."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

_PROBE = textwrap.dedent(
    """
    import gc, json, weakref
    from pipeline.enrich.nlp import load_nlp
    from pipeline.settings import Settings

    class Cycle:
        pass

    garbage = Cycle()
    garbage.self = garbage
    collected = weakref.ref(garbage)
    del garbage
    gc.disable()  # only the loader's own collection may free it
    nlp = load_nlp(Settings(_env_file=None).spacy_model)
    print(json.dumps({
        "frozen": gc.get_freeze_count(),
        "tracked": len(gc.get_objects()),
        "model_tracked": any(thing is nlp for thing in gc.get_objects()),
        "garbage_kept": collected() is not None,
    }))
    """
)


def test_a_loaded_model_is_out_of_the_collectors_reach_and_no_garbage_is_frozen_with_it() -> None:
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True)
    heap = json.loads(done.stdout)
    assert heap["frozen"] > 50_000
    assert heap["tracked"] < heap["frozen"] / 10
    assert not heap["model_tracked"]
    assert not heap["garbage_kept"]
