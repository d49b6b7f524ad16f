from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from conftest import make_document
from pipeline.models import (
    ActorKind,
    DateMention,
    Document,
    Granularity,
    Sentiment,
    SentimentLabel,
    Theme,
    document_id,
)
from pipeline.schemas import json_schemas, render

SCHEMAS_DIR = Path(__file__).resolve().parents[1] / "schemas"


BODY = "Kim Jong Un met officials in Pyongyang on 30 April 2025."
START = BODY.index("30 April")
END = START + len("30 April 2025")


def _valid() -> dict:
    document = make_document(
        BODY,
        actors=[("Kim Jong Un", ActorKind.PERSON)],
        themes=[("politics", None), ("diplomacy", "politics")],
        dates=[DateMention(text="30 April 2025", value="2025-04-30", granularity=Granularity.DAY, start=START, end=END)],
    )
    return document.model_dump(mode="json")


def test_a_hand_built_document_validates_and_round_trips() -> None:
    data = _valid()
    assert Document.model_validate(data).model_dump(mode="json") == data


def test_the_id_is_the_hash_of_the_normalised_body() -> None:
    assert document_id("Kim  met\n\nTrump ") == document_id("Kim met Trump")
    assert document_id("Kim met Trump") != document_id("Kim met Trump.")
    data = _valid()
    data["id"] = document_id("another text")
    with pytest.raises(ValidationError, match="sha256 of the normalised body"):
        Document.model_validate(data)


def test_the_ids_whitespace_is_every_character_a_regular_expression_calls_whitespace() -> None:
    # normalise_text folds with str.split(): the ids of archived documents were made with
    # re.sub(r"\s+", " ", ...).strip(); the two must agree on every code point.
    import hashlib
    import re
    import sys
    import unicodedata

    from pipeline.models import normalise_text

    spaces = re.compile(r"\s+")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (spaces.fullmatch(char) is not None) == char.isspace(), hex(code)
    text = "\u2003Kim\u00a0 met\x1c\x1d Trump\u3000\u2028in  Hanoi.\u0085 Cafe\u0301\t"
    old_form = spaces.sub(" ", unicodedata.normalize("NFC", text)).strip()
    assert normalise_text(text) == old_form
    assert document_id(text) == hashlib.sha256(old_form.encode("utf-8")).hexdigest()


def test_a_long_body_has_the_same_id_as_through_the_remembered_path() -> None:
    # Short bodies' ids are remembered; long ones are hashed each time: one rule for both.
    short = "Kim met Trump. " * 100
    long = "Kim met Trump. " * 5000
    assert document_id(long) == document_id(long.strip()) != document_id(short)
    assert document_id(short + "x") != document_id(short)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start": START - 1, "end": END - 1}, "does not stand at"),
        ({"start": START, "end": 400}, "past the body"),
        ({"value": "2025-04"}, "is not an ISO 8601 day"),
        ({"value": "2025-02-30"}, "day is out of range"),
        ({"granularity": "month"}, "is not an ISO 8601 month"),
        ({"start": END, "end": START}, "must be after start"),
    ],
)
def test_date_mentions_must_fit_the_body_and_their_granularity(change: dict, message: str) -> None:
    data = _valid()
    data["dates"][0].update(change)
    with pytest.raises(ValidationError, match=message):
        Document.model_validate(data)


def test_a_relative_date_needs_a_publication_date() -> None:
    data = _valid()
    data["dates"][0]["relative"] = True
    data["published_at"] = None
    with pytest.raises(ValidationError, match="needs published_at"):
        Document.model_validate(data)


@pytest.mark.parametrize("score", [-1.01, 1.5])
def test_sentiment_is_bounded(score: float) -> None:
    with pytest.raises(ValidationError, match="less than or equal to 1|greater than or equal to -1"):
        Sentiment(score=score, label=SentimentLabel.NEUTRAL, method="x")
    data = _valid()
    data["actors"][0]["sentiment"] = score
    with pytest.raises(ValidationError):
        Document.model_validate(data)


def test_sentiment_label_agrees_with_the_sign() -> None:
    with pytest.raises(ValidationError, match="label 'positive' needs a score above 0"):
        Sentiment(score=-0.4, label=SentimentLabel.POSITIVE, method="x")


def test_a_finer_theme_needs_its_parent() -> None:
    data = _valid()
    data["themes"] = [t for t in data["themes"] if t["id"] != "politics"]
    with pytest.raises(ValidationError, match="parent 'politics' is not"):
        Document.model_validate(data)


def test_top_level_themes_are_iptc_media_topics() -> None:
    with pytest.raises(ValidationError, match="not an IPTC Media Topic"):
        Theme(id="gossip", label="Gossip", score=0.2)
    with pytest.raises(ValidationError, match="pattern"):
        Theme(id="Not A Slug", label="x", parent="politics", score=0.2)


def test_naive_datetimes_and_non_nfc_bodies_are_refused() -> None:
    data = _valid()
    data["received_at"] = "2025-01-01T10:00:00"
    with pytest.raises(ValidationError, match="timezone"):
        Document.model_validate(data)
    decomposed = "Cafe\u0301 owners met in Paris."
    data = _valid()
    data["body"], data["id"], data["dates"] = decomposed, document_id(decomposed), []
    with pytest.raises(ValidationError, match="NFC"):
        Document.model_validate(data)


def test_unknown_fields_are_refused() -> None:
    data = _valid()
    data["surprise"] = 1
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Document.model_validate(data)


@pytest.mark.parametrize("name", sorted(json_schemas()))
def test_committed_json_schema_matches_the_models(name: str) -> None:
    committed = SCHEMAS_DIR / name
    assert committed.exists(), f"run `dropwire schemas export` to create {committed}"
    assert committed.read_text("utf-8") == render(json_schemas()[name]), (
        f"{committed} is stale: run `dropwire schemas export`"
    )


def test_documents_validate_against_the_exported_schema() -> None:
    schema = json.loads((SCHEMAS_DIR / "document.schema.json").read_text("utf-8"))
    jsonschema.validate(_valid(), schema)
    broken = _valid()
    broken["sentiment"]["score"] = 3
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
