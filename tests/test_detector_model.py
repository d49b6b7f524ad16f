"""The language detector's model, unpacked once into the cache folder (pipeline.detector_model)."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy
import pytest

from pipeline.detector_model import cache_folder, load_identifier

TEXTS = [
    "The government announced a pension reform yesterday.",
    "Le gouvernement a annoncé hier une réforme des retraites.",
    "Die Regierung kündigte gestern eine Rentenreform an.",
    "El gobierno anunció ayer una reforma de las pensiones.",
    "ok",
    "",
]


def _answers(identifier) -> list[tuple[str, float]]:
    return [identifier.classify(text) for text in TEXTS] + [tuple(identifier.rank(TEXTS[1])[:5])]


@pytest.fixture(scope="module")
def from_wheel():
    return load_identifier(None)


def _model_file() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return MODEL_DIR / MODEL_FILE


def test_the_unpacked_model_is_written_once_and_answers_as_the_packaged_one(tmp_path: Path, from_wheel) -> None:
    first = load_identifier(tmp_path)
    folder = cache_folder(_model_file(), tmp_path)
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        f"{name}.npy" for name in ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
    )
    written = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    second = load_identifier(tmp_path)
    assert {path.name: path.stat().st_mtime_ns for path in folder.iterdir()} == written
    assert _answers(first) == _answers(second) == _answers(from_wheel)
    assert [path.name for path in tmp_path.iterdir()] == [folder.name]  # nothing half-built left


def test_a_damaged_cache_is_passed_over_with_a_warning(tmp_path: Path, from_wheel, caplog: pytest.LogCaptureFixture) -> None:
    load_identifier(tmp_path)
    (cache_folder(_model_file(), tmp_path) / "pc.npy").write_bytes(b"not an array")
    with caplog.at_level(logging.WARNING, logger="pipeline.detector_model"):
        identifier = load_identifier(tmp_path)
    assert "not used" in caplog.text
    assert _answers(identifier) == _answers(from_wheel)


def test_a_cache_folder_that_cannot_be_made_is_passed_over(tmp_path: Path, from_wheel) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder would be")
    assert _answers(load_identifier(blocked)) == _answers(from_wheel)


# Paragraphs written for this test, in the languages the archive meets most, cut below at
# several lengths: the detector's answers from the widened cache must be the wheel's, bit for bit.
PARAGRAPHS = [
    "The harbour authority said on Thursday that the night ferries would run again from March, "
    "after engineers finished repairs to the northern quay and the council agreed to pay for new lights.",
    "Les agriculteurs de la vallée ont bloqué la route départementale pendant trois heures mardi "
    "pour protester contre la baisse du prix du lait, avant d'être reçus par le préfet en fin d'après-midi.",
    "Der Stadtrat hat am Montag beschlossen, die alte Brücke über den Kanal bis zum Herbst zu sperren, "
    "weil Gutachter Risse in zwei Pfeilern gefunden haben.",
    "La biblioteca municipal abrirá los domingos a partir de enero, anunció la alcaldesa, "
    "que espera atraer a más estudiantes durante la temporada de exámenes.",
    "Il museo civico ha ricevuto in dono una collezione di lettere dell'Ottocento, "
    "che saranno esposte al pubblico dalla prossima primavera.",
    "O governo regional prometeu reabrir a linha de comboio até ao verão, depois de meses de obras na serra.",
    "De gemeente wil de fietsenstalling bij het station uitbreiden met duizend plekken voor het einde van het jaar.",
    "Rząd zapowiedział w piątek, że nowe przepisy o ochronie lasów wejdą w życie od lipca.",
    "BREAKING: 3-1 FINAL SCORE AT THE STADIUM",
    "Macron, Merkel et Biden — G7, 12/06/2021 (AFP)",
]


def _texts() -> list[str]:
    return [paragraph[:length] for paragraph in PARAGRAPHS for length in (12, 40, 90, 200, 400)]


def test_the_cached_feature_table_is_float32_and_answers_as_the_wheel_to_the_bit(tmp_path: Path, from_wheel) -> None:
    cached = load_identifier(tmp_path)
    assert from_wheel.nb_ptc.dtype == numpy.float16  # the wheel's own layout
    assert cached.nb_ptc.dtype == numpy.float32  # widened once, not on every score
    for text in _texts():
        assert cached.classify(text) == from_wheel.classify(text), text
        assert cached.rank(text) == from_wheel.rank(text), text
