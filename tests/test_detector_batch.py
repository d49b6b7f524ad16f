"""Detecting many texts at once gives py3langid's own answer for each, to the bit."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.detector_batch import _tables, classify_all
from pipeline.languages import Detection, _identifier, choose_language, choose_languages

# Texts of every shape the walk meets: several scripts and lengths, upper case (which the
# library lowers), none of its features (no letters), a NUL, and lengths far apart in one batch.
WRITTEN = [
    "La ministre a présenté jeudi son projet de loi sur l'eau devant les députés.",
    "The ministry published its water bill on Thursday after months of delay.",
    "Der Stadtrat hat die neue Straßenbahnlinie am Dienstag genehmigt.",
    "Η κυβέρνηση ανακοίνωσε νέα μέτρα για τη στέγαση.",
    "Правительство объявило о новых мерах поддержки.",
    "政府は新しい住宅政策を発表した。",
    "MINISTERE DE L'INTERIEUR: COMMUNIQUE DE PRESSE",
    "12 345 -- 678 / 90",
    "",
    "ok",
    "a\x00b",
    "Un texte plus long. " * 40,
    "Une ligne sans fin, lue seule. " * 200,
]


def test_a_batch_is_answered_as_each_text_alone() -> None:
    identifier = _identifier()
    batch = WRITTEN * 3  # enough texts to be walked together
    assert classify_all(identifier, batch) == [identifier.classify(text) for text in batch]
    assert classify_all(identifier, WRITTEN[:3]) == [identifier.classify(text) for text in WRITTEN[:3]]
    assert classify_all(identifier, []) == []


def test_texts_read_alone_keep_their_places_among_the_answers() -> None:
    # Long texts (read alone) first and between short ones (walked together).
    identifier = _identifier()
    texts = ["Une ligne sans fin, lue seule. " * 200, *WRITTEN[:14], "Eine Zeile ohne Ende. " * 300, *WRITTEN[:14]]
    assert classify_all(identifier, texts) == [identifier.classify(text) for text in texts]


def test_the_transition_table_is_read_in_place_not_copied() -> None:
    # 9.8 million entries, memory-mapped from the cache: a copy cost 78 MB in every process.
    moves, _, _ = _tables(_identifier())
    assert not moves.flags.owndata


@given(st.lists(st.text(st.sampled_from(list("aeiouéèàçnrstlmdpbvgkhwy ÉA.,'-\n0ЖжΩ語")), max_size=120), min_size=24, max_size=30))
@settings(max_examples=60, deadline=None)
def test_any_batch_of_texts_is_answered_as_each_text_alone(texts: list[str]) -> None:
    identifier = _identifier()
    assert classify_all(identifier, texts) == [identifier.classify(text) for text in texts]


@pytest.mark.parametrize("declared", [None, "fr", "de"])
def test_languages_chosen_together_are_those_chosen_one_at_a_time(declared: str | None) -> None:
    detection = Detection()
    items = [(title, body, declared) for title, body in (("Projet de loi", WRITTEN[0]), (None, WRITTEN[1]), ("", "x"), (None, WRITTEN[7]))]
    assert choose_languages(items, "en", detection) == [choose_language(*item, "en", detection) for item in items]
