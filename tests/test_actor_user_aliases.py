"""A spelling the user's alias file files under another keeps its document's other mentions:
one actor, not the alias's actor beside a copy of the name as written (sentences written here)."""

from __future__ import annotations

from pipeline.actors.aliases import AliasEntry, AliasTable
from pipeline.actors.mentions import Mention
from pipeline.actors.resolution import resolve_actors
from pipeline.actors.scan import with_alias_hits
from pipeline.models import ActorKind

TEXT = (
    "Defence Minister Mykola Kovalsky toured the shipyard in Mykolaiv on Friday. "
    "Kovalsky said the yard would build four patrol boats."
)
# What the span rules give for the model's spans: the office read before the full name.
MENTIONS = [
    Mention("Mykola Kovalsky", "PERSON", TEXT.index("Mykola"), TEXT.index("Mykola") + len("Mykola Kovalsky"), 0, office="Defence Minister"),
    Mention("Mykolaiv", "GPE", TEXT.index("Mykolaiv"), TEXT.index("Mykolaiv") + len("Mykolaiv"), 0),
    Mention("Kovalsky", "PERSON", TEXT.index("Kovalsky said"), TEXT.index("Kovalsky said") + len("Kovalsky"), 1),
]
STARTS = [0, TEXT.index("Kovalsky said")]


def _actors(table: AliasTable) -> list:
    return resolve_actors(with_alias_hits(MENTIONS, TEXT, table, STARTS), table, TEXT, STARTS)


def test_a_spelling_filed_under_a_transliteration_is_one_actor_with_its_surname() -> None:
    # As `dropwire actors merge "Mykola Kovalskyy" "Mykola Kovalsky"` writes it.
    table = AliasTable([AliasEntry(name="Mykola Kovalskyy", kind=ActorKind.PERSON, aliases=["Mykola Kovalsky"])])
    people = [actor for actor in _actors(table) if actor.kind is ActorKind.PERSON]
    assert [(actor.name, len(actor.mentions)) for actor in people] == [("Mykola Kovalskyy", 2)]
    # The office read before the name survives the alias's hit on the same span.
    assert "Defence Minister Mykola Kovalsky" in people[0].aliases


def test_without_the_alias_the_name_as_written_gathers_the_same_mentions() -> None:
    people = [actor for actor in _actors(AliasTable([])) if actor.kind is ActorKind.PERSON]
    assert [(actor.name, len(actor.mentions)) for actor in people] == [("Mykola Kovalsky", 2)]


def test_a_surname_no_full_name_bears_still_takes_the_full_name_written_after_an_office() -> None:
    # The office rule still reads "Mayor Ilse Varga ... Varga" where the model read only the surname.
    text = "Mayor Ilse Varga opened the bridge. Varga thanked the builders."
    mention = Mention("Varga", "PERSON", text.index("Varga thanked"), text.index("Varga thanked") + 5, 1)
    actors = resolve_actors([mention], None, text, [0, text.index("Varga thanked")])
    assert [(actor.name, len(actor.mentions)) for actor in actors] == [("Ilse Varga", 2)]


def test_a_surname_the_model_read_inside_the_full_name_after_an_office_still_takes_it() -> None:
    # The model read only "Varga" inside "Mayor Ilse Varga": the full name is still the person's.
    text = "Mayor Ilse Varga opened the bridge. Varga thanked the builders."
    inside, later = text.index("Varga"), text.index("Varga thanked")
    mentions = [Mention("Varga", "PERSON", inside, inside + 5, 0), Mention("Varga", "PERSON", later, later + 5, 1)]
    actors = resolve_actors(mentions, None, text, [0, later])
    assert [actor.name for actor in actors] == ["Ilse Varga"]
