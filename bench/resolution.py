"""What in-document actor resolution costs per document, against comparing every pair.

    python bench/resolution.py [--docs 400] [--rounds 5]

Runs the model once over BBC sport and politics articles (the sections that name the most
people; a generated corpus without ../shared), keeps the mentions each document gives, then
times `resolve_actors` on them with CPU time (time.process_time: the machine is shared),
alternating rounds of the name-part merge as it is (candidates looked up by the first and
last letters of a name's edge words) and of the merge it replaced (every key against every
person). Both must give the same actors on every document. Ends with
`resolution_cost_ratio: R (target <= 0.80)`: indexed over every-pair CPU time, best round each.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import BBC, generated  # noqa: E402
from pipeline.actors import resolution  # noqa: E402
from pipeline.actors.aliases import load_alias_table  # noqa: E402
from pipeline.actors.mentions import Mention, mentions_from_doc  # noqa: E402
from pipeline.actors.scan import with_alias_hits  # noqa: E402
from pipeline.models import ActorKind  # noqa: E402

TARGET = 0.80
T = TypeVar("T")


class _EveryName:
    """The index the merge used before: every person is a candidate for every key."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(names)

    def candidates(self, word: str) -> frozenset[str]:
        return self.names


def with_every_pair(run: Callable[[], T]) -> T:
    """`run()` with the name-part merge comparing every key with every person."""
    indexed = resolution._edge_word_index
    resolution._edge_word_index = _EveryName  # type: ignore[assignment]
    try:
        return run()
    finally:
        resolution._edge_word_index = indexed


def texts(count: int) -> tuple[list[str], str]:
    if BBC.is_dir():
        files = sorted(BBC.glob("sport/*.txt")) + sorted(BBC.glob("politics/*.txt"))
        return [path.read_bytes().decode("utf-8", errors="replace") for path in files[:count]], "BBC sport and politics"
    return [article.text for article in generated(count)], "generated"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    from pipeline.enrich.nlp import load_nlp
    from pipeline.settings import Settings

    nlp = load_nlp(Settings(_env_file=None).spacy_model)
    table = load_alias_table()
    bodies, source = texts(arguments.docs)
    prepared: list[tuple[list[Mention], str, list[int]]] = []
    for text in bodies:
        doc = nlp(text)
        starts = [sentence.start_char for sentence in doc.sents]
        prepared.append((with_alias_hits(mentions_from_doc(doc, starts, text=text), text, table, starts), text, starts))

    def run() -> list[list[tuple[str, ActorKind, list[int]]]]:
        return [
            [(actor.name, actor.kind, [m.start for m in actor.mentions]) for actor in resolution.resolve_actors(mentions, table, text, starts)]
            for mentions, text, starts in prepared
        ]

    if run() != with_every_pair(run):
        raise SystemExit("the indexed merge gives other actors than comparing every pair")
    best = {"indexed": float("inf"), "every pair": float("inf")}
    for _ in range(arguments.rounds):
        for name in best:
            started = time.process_time()
            run() if name == "indexed" else with_every_pair(run)
            best[name] = min(best[name], time.process_time() - started)
    mentions = sum(len(mentions) for mentions, _, _ in prepared)
    print(f"{source}: {len(prepared)} documents, {mentions} mentions; identical actors on every document")
    for name, seconds in best.items():
        print(f"resolve_actors, {name}: {seconds / len(prepared) * 1000:.3f} ms per document (CPU, best of {arguments.rounds})")
    print(f"resolution_cost_ratio: {best['indexed'] / best['every pair']:.2f} (target <= {TARGET:.2f})")


if __name__ == "__main__":
    main()
