"""A document stored before the archive learnt the full name its title and surname stand for
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
    assert registry.take_late_names() == []
    registry.learn([person("Hal Venn", "President Hal Venn", "Venn", "President Venn")])
    assert registry.take_late_names() == ["Venn"]
    assert registry.take_late_names() == [], "each surname is handed out once"
    registry.give_back_late_names(["Venn"])  # its commit failed
    assert registry.take_late_names() == ["Venn"]
    [renamed] = registry.renamed_stored([person("Venn", "President Venn")], "Venn")
    assert renamed.name == "Hal Venn"
    # The surname alone, or with another office, says nothing now either.
    assert registry.renamed_stored([person("Venn")], "Venn") is None
    assert registry.renamed_stored([person("Venn", "Senator Venn")], "Venn") is None


def test_only_a_listed_title_with_the_surname_sends_the_archive_looking(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([person("Hal Venn", "President Hal Venn", "President Venn")])
    assert registry.take_late_names() == [], "no document held the surname alone"
    registry.learn([person("Venn", "Senator Venn")])
    # A middle initial, or a word that is no title, is no key a lone-surname document carries.
    registry.learn([person("Ada Q. Venn", "Ada Venn"), person("Ada Venn", "Harbour Venn")])
    assert registry.take_late_names() == []
    registry.learn([person("Ada Venn", "Mayor Venn")])
    assert registry.take_late_names() == ["Venn"]


def test_a_surname_the_archive_holds_as_a_place_is_not_searched(tmp_path: Path) -> None:
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([Actor(name="Jordan", kind=ActorKind.PLACE, aliases=["Jordan"], mentions=1)])
    registry.learn([person("Michael Jordan", "Coach Michael Jordan", "Coach Jordan")])
    assert registry.take_late_names() == []


def test_another_workers_new_key_sends_this_worker_looking_too(tmp_path: Path) -> None:
    here = ActorRegistry(tmp_path / "state.sqlite3")
    there = ActorRegistry(tmp_path / "state.sqlite3")
    here.learn([person("Okoro", "Governor Okoro")])
    there.refresh()
    there.learn([person("Ife Okoro", "Governor Ife Okoro", "Governor Okoro")])
    here.refresh()
    assert here.take_late_names() == ["Okoro"]
    [renamed] = here.renamed_stored([person("Okoro", "Governor Okoro")], "Okoro")
    assert renamed.name == "Ife Okoro"
