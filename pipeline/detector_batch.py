"""py3langid's answers for many texts at once, the same to the bit.

The detector reads a text as bytes through an automaton, one state change per byte, in a
Python loop: about 0.07 ms of the 0.12 ms it takes per news article (the title and the first
200 characters of the body). That loop is taken here for every text of a batch together, one
numpy step per byte position, and each text is then scored exactly as `classify` scores it:
its features in the order the walk first met them (the order of the library's Counter, so the
float32 sums add up in the same order), the same normalisation, the same merging of the
columns one language has twice. tests/test_detector_batch.py holds it to `classify`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier


def classify_all(identifier: LanguageIdentifier, texts: Sequence[str]) -> list[tuple[str, float]]:
    """(language, probability) of each text, as `identifier.classify` gives it."""
    if not identifier._norm_probs:  # noqa: SLF001 - Dropwire's detector always normalises
        return [identifier.classify(text) for text in texts]
    encoded = [identifier._encode(text) for text in texts]  # noqa: SLF001 - the library's own bytes
    # Every step goes over the whole batch: a text far longer than a title and 200 characters
    # (a title that is a whole file's one line) is read alone rather than make all wait, and a
    # few texts are read one by one (numpy's steps cost more than they save under about 24).
    walked = [number for number, data in enumerate(encoded) if len(data) <= _LONGEST_WALKED]
    if len(walked) < _FEWEST_WALKED:
        return [identifier.classify(text) for text in texts]
    features = _walk(identifier, [encoded[number] for number in walked])
    answers = [identifier.classify(text) if len(data) > _LONGEST_WALKED else None for text, data in zip(texts, encoded, strict=True)]
    for column, number in enumerate(walked):
        data = encoded[number]
        met = features[: len(data), column]
        met = met[met >= 0]
        answers[number] = _scored(identifier, met, len(data)) if met.size else identifier.classify(texts[number])
    return [answer for answer in answers if answer is not None]


# Bytes: a news title and the first 200 characters of a body take 250-450.
_LONGEST_WALKED = 1024
# Texts: fewer are read one by one (timed: 1 text 0.55 ms walked, 0.09 alone; even at about 24).
_FEWEST_WALKED = 24


def _walk(identifier: LanguageIdentifier, encoded: Sequence[bytes]) -> np.ndarray:
    """The feature each text's automaton emits at each byte (-1: none), position by text."""
    lengths = np.fromiter(map(len, encoded), dtype=np.intp, count=len(encoded))
    width = int(lengths.max()) if len(encoded) else 0
    grid = np.zeros((width, len(encoded)), dtype=np.intp)
    for number, data in enumerate(encoded):
        grid[: len(data), number] = np.frombuffer(data, dtype=np.uint8)
    moves, rows, outputs = _tables(identifier)
    state = np.zeros(len(encoded), dtype=np.intp)
    states = np.empty((width, len(encoded)), dtype=np.intp)
    for position in range(width):
        # A text that has ended walks on over zero padding; what it emits there is never read.
        state = moves[rows[state] + grid[position]]
        states[position] = state
    # Every state's output in one gather after the walk, not one gather per byte position.
    return outputs[states]


_TABLES: dict[int, tuple[LanguageIdentifier, np.ndarray, np.ndarray, np.ndarray]] = {}


def _tables(identifier: LanguageIdentifier) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The automaton's tables as arrays, once per identifier. The transition table (9.8 million
    entries, memory-mapped from the cache) is viewed in place, not copied: a copy as intp took
    78 MB in every process that detects. The identifier is kept beside them, so its id is
    never another's."""
    cached = _TABLES.get(id(identifier))
    if cached is None or cached[0] is not identifier:
        moves = identifier.tk_nextmove
        cached = _TABLES[id(identifier)] = (
            identifier,
            np.frombuffer(moves, dtype=np.dtype(moves.typecode)) if hasattr(moves, "typecode") else np.asarray(moves),
            np.asarray(identifier._rowbase, dtype=np.intp),  # noqa: SLF001 - its rows, pre-shifted
            np.asarray(identifier.tk_output, dtype=np.intp),
        )
    return cached[1:]


def _scored(identifier: LanguageIdentifier, met: np.ndarray, length: int) -> tuple[str, float]:
    """`classify`'s scoring of one text's features (`met`, in the order the walk emitted them)."""
    visits = Counter(met.tolist())  # in the order of first meeting, as the library counts them
    features = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
    counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
    scores = np.log1p(counts) @ identifier.nb_ptc[features] + identifier.nb_pc
    scores *= 1.0 / math.sqrt(length or 1)
    np.exp(scores - scores.max(), out=scores)
    scores /= scores.sum()
    for kept, folded in identifier._alias_pairs:  # noqa: SLF001 - a language with two columns
        scores[kept] += scores[folded]
        scores[folded] = 0.0
    best = int(scores.argmax())
    confidence = float(scores[best])
    if identifier.min_confidence is not None and confidence < identifier.min_confidence:
        return "und", confidence
    return identifier.nb_classes[best], confidence
