"""The closed vocabularies of the Document contract, as plain enums.

They live apart from the pydantic models (`pipeline.models` re-exports them) so that the
CLI can name them in its options without importing pydantic: `dropwire --help` and
`dropwire version` start without building or even importing a model.
"""

from __future__ import annotations

from enum import StrEnum


class SourceKind(StrEnum):
    LOCAL = "local"
    S3 = "s3"


class ActorKind(StrEnum):
    PERSON = "person"
    ORG = "org"
    PLACE = "place"
    GROUP = "group"


class Granularity(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


class SentimentLabel(StrEnum):
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"


class LanguageSource(StrEnum):
    """What decided a document's language."""

    TEXT = "text"  # detected from the text
    METADATA = "metadata"  # the drop said so, and the text agreed or was too short to tell
    DEFAULT = "default"  # neither: the configured default language


class Analysis(StrEnum):
    """The analyses a language's pipeline may lack."""

    ACTORS = "actors"
    THEMES = "themes"
    TONE = "tone"
