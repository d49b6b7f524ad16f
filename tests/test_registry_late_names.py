"""A document stored before the archive learnt the full name its office and surname stand for
is named as it would be if it came after: the facet does not depend on the order drops arrive."""

from __future__ import annotations

from pathlib import Path

from pipeline.models import Actor, ActorKind
from pipeline.registry import ActorRegistry


def person(name: str, *aliases: str) -> Actor:
    return Actor(name=name, kind=ActorKind.PERSON, aliases=[name, *aliases], mentions=1, sentiment=0.0)


def test_a_surname_with_an_office_stored_first_takes_the_full_name_learnt_later(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([person("Venn", "President Venn")])
    assert registry.late_names() == []
    registry.learn([person("Hal Venn", "President Hal Venn", "Venn", "President Venn")])
    assert registry.late_names() == ["Venn"]
    assert registry.late_names() == [], "each surname is handed out once"
    [renamed] = registry.renamed_stored([person("Venn", "President Venn")], "Venn")
    assert renamed.name == "Hal Venn"
    # The surname alone, or with another office, says nothing now either.
    assert registry.renamed_stored([person("Venn")], "Venn") is None
    assert registry.renamed_stored([person("Venn", "Senator Venn")], "Venn") is None


def test_a_full_name_whose_surname_no_document_stood_alone_for_asks_nothing(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([person("Hal Venn", "President Hal Venn", "President Venn")])
    assert registry.late_names() == []
    # Another person's full name with that surname is no reason either.
    registry.learn([person("Venn", "Senator Venn"), person("Ada Venn", "Ada", "Venn")])
    assert registry.late_names() == []
