"""What keeping the model's buffers in the process (pipeline.enrich.allocator) is worth.

    python bench/allocator.py [--docs 200] [--rounds 3]

The allocator is tuned for a whole process and cannot be set back, so this is the one
benchmark whose two sides run in child processes: bare `nlp.pipe` of the default model over
the same texts, once with glibc's default allocator and once tuned, alternating for --rounds
rounds; each child reports its CPU time (best of two passes) and the page faults per document.
`allocator_speedup` is default CPU time over tuned CPU time, from each side's best round.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
import pipeline.enrich.nlp as nlp_module
if sys.argv[1] == "default":  # load_nlp without its tuning: glibc's allocator as it comes
    nlp_module.keep_model_buffers = lambda: False
from bench.corpus import load
from pipeline.enrich import Text
from pipeline.settings import Settings
nlp = nlp_module.load_nlp(Settings(_env_file=None).spacy_model)
if sys.argv[1] == "tuned":
    from pipeline.enrich.allocator import keep_model_buffers
    assert keep_model_buffers(), "this C library's allocator cannot be tuned"
articles, _ = load(int(sys.argv[2]))
texts = [Text(article.body, article.title).for_model for article in articles]
list(nlp.pipe(texts[:20]))
best, faults = None, 0
for _ in range(2):
    before, started = resource.getrusage(resource.RUSAGE_SELF).ru_minflt, time.process_time()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    seconds = time.process_time() - started
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    best = seconds if best is None else min(best, seconds)
print(json.dumps({{"seconds": best, "faults": faults, "docs": len(texts)}}))
"""

TARGET = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=200, help="documents per pass (default 200)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    arguments = parser.parse_args()
    child = _CHILD.format(root=str(ROOT))
    results: dict[str, list[dict[str, float]]] = {"default": [], "tuned": []}
    for round_number in range(arguments.rounds):
        for side in results:
            run = subprocess.run(
                [sys.executable, "-c", child, side, str(arguments.docs)], capture_output=True, text=True, check=True
            )
            results[side].append(json.loads(run.stdout.strip().splitlines()[-1]))
        print(
            f"  round {round_number + 1}: "
            + ", ".join(f"{side} {1000 * r[-1]['seconds'] / r[-1]['docs']:.1f} ms/doc" for side, r in results.items()),
            flush=True,
        )
    best = {side: min(results[side], key=lambda r: r["seconds"]) for side in results}
    for side, result in best.items():
        print(
            f"{side + ':':9s}{1000 * result['seconds'] / result['docs']:6.1f} ms CPU per document, "
            f"{result['faults'] / result['docs']:7.0f} page faults per document"
        )
    print(f"allocator_speedup: {best['default']['seconds'] / best['tuned']['seconds']:.2f} (target > {TARGET:.1f})")


if __name__ == "__main__":
    main()
