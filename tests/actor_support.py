"""Docs with the entity spans a test names, as the model would have labelled them."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

_NLP = spacy.blank("en")

Found = tuple[str, str] | tuple[str, str, int]


def doc_with_spans(text: str, found: tuple[Found, ...]) -> Doc:
    """`text` as a Doc whose entities are `found`: (surface, label[, which occurrence, from 0])."""
    doc = _NLP(text)
    ents = []
    for surface, label, *occurrence in found:
        start = -1
        for _ in range((occurrence or [0])[0] + 1):
            start = text.index(surface, start + 1)
        ents.append(doc.char_span(start, start + len(surface), label=label, alignment_mode="expand"))
    doc.ents = sorted(ents, key=lambda span: span.start)
    return doc
