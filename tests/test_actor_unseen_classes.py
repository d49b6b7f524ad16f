"""One test per class of actor error that the session-11 blind reading of the BBC values ranked
151-300 showed (values no rule had been tuned on): a plural taken for a spelling of a surname, a
lone spelling of a surname carried to another document, a unit written onto its number, a line-up's
initial and surname kept apart from the player the document names in full. On
sentences written for these tests; spans are given as the model might give them (no model runs)."""

from __future__ import annotations

from pathlib import Path

from pipeline.actors.aliases import load_alias_table
from pipeline.actors.mentions import mentions_from_doc
from pipeline.actors.names import is_name_part
from pipeline.actors.resolution import resolve_actors
from pipeline.actors.scan import with_alias_hits
from pipeline.models import Actor, ActorKind
from pipeline.registry import ActorRegistry
from tests.actor_support import Found, doc_with_spans


def actors(text: str, *found: Found, starts: tuple[int, ...] = (0,)) -> dict[str, list[str]]:
    """Actors of `text` (name -> aliases) from the model spans `found`, as `actors_in_doc` reads them."""
    table = load_alias_table()
    doc = doc_with_spans(text, found)
    pieces: set[tuple[int, int]] = set()
    mentions = with_alias_hits(mentions_from_doc(doc, list(starts), text=text, pieces=pieces), text, table, list(starts), pieces)
    return {actor.name: actor.aliases for actor in resolve_actors(mentions, table, text, list(starts))}


def person(name: str, *aliases: str) -> Actor:
    return Actor(name=name, kind=ActorKind.PERSON, aliases=[name, *aliases], mentions=1, sentiment=0.0)


# -- a plural is no spelling of a surname -------------------------------------------------------------


def test_a_plural_of_a_surname_does_not_join_the_person() -> None:
    # "the Stones" (a band) beside the singer Joss Stone; "Robbies" beside a Robbie: a letter
    # more at the end of a name of five letters or more is a plural, not a transliteration.
    text = "Mara Pellow sang first. Fans asked why the Pellows, the old band, were not invited."
    found = actors(text, ("Mara Pellow", "PERSON"), ("Pellows", "PERSON"))
    assert "Pellows" not in found.get("Mara Pellow", [])
    assert not is_name_part(["pellows"], ["mara", "pellow"])
    assert not is_name_part(["dorians"], ["dorian", "vasko"])


def test_a_letter_inside_a_surname_is_still_one_spelling() -> None:
    # The transliteration rule stays: a letter inserted, not an 's' added at the end.
    assert is_name_part(["zelenskyy"], ["oleh", "zelensky"])
    assert is_name_part(["hoffmann"], ["dustin", "hoffman"])
    text = "Oleh Zelensky spoke on Monday. Later Zelenskyy said talks would go on."
    found = actors(text, ("Oleh Zelensky", "PERSON"), ("Zelenskyy", "PERSON"))
    assert len(found) == 1 and "Zelenskyy" in next(iter(found.values()))


# -- a lone word is no key of a full name across documents -------------------------------------------


def test_a_lone_spelling_of_a_surname_does_not_carry_a_full_name_to_another_document(tmp_path: Path) -> None:
    # One article writes "Tobin Hartmann" and once "Hartman"; the next names a judge "Lord
    # Hartman" and no Tobin: the lone word is not evidence that he is the actor.
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([person("Tobin Hartmann", "Hartman", "Hartmann")])
    assert registry.canonicalize([person("Hartman")])[0].name == "Hartman"
    assert registry.canonicalize([person("Hartmann")])[0].name == "Hartmann"
    # Full forms still carry: the same name with a middle initial, the same name respelt in full.
    registry.learn([person("Tobin J Hartmann", "Tobin Hartmann")])
    assert registry.canonicalize([person("Tobin Hartmann")])[0].name == "Tobin Hartmann"


# -- a unit written onto its number is no name ------------------------------------------------------------


def test_a_unit_written_onto_a_number_is_no_actor() -> None:
    # "hold 6GB", "a 20MB file": the model reads the unit as an organisation's initials.
    text = "The Kestrel player can hold 6GB of songs or a 20MB film, and Kestrel pays GB athletes."
    doc = doc_with_spans(text, (("Kestrel", "ORG"), ("GB", "ORG"), ("MB", "ORG"), ("Kestrel", "ORG", 1), ("GB", "ORG", 1)))
    mentions = mentions_from_doc(doc, [0], text=text)
    assert [(mention.text, mention.start) for mention in mentions if mention.text in ("GB", "MB")] == [("GB", text.index("GB athletes"))]
    found = {actor.name: len(actor.mentions) for actor in resolve_actors(mentions, load_alias_table(), text, [0])}
    assert found == {"Kestrel": 2, "GB": 1}, "the Great Britain team written apart from a number stays"


# -- an initial and a surname in a line-up is the player named in full ------------------------------------


def test_an_initial_and_a_surname_joins_the_one_person_named_in_full_in_the_document() -> None:
    # Line-ups write "G Tolley"; the model reads such rows as organisations and places too.
    text = "Garin Tolley led the side and Kevan Marsh scored twice.\n\nG Tolley (capt); K Marsh, J Tolley, D Wren."
    found = actors(
        text,
        ("Garin Tolley", "PERSON"),
        ("Kevan Marsh", "PERSON"),
        ("G Tolley", "ORG"),
        ("K Marsh", "GPE"),
        ("J Tolley", "PERSON"),
        ("D Wren", "PERSON"),
        starts=(0, 57),
    )
    assert set(found) == {"Garin Tolley", "Kevan Marsh", "J Tolley", "D Wren"}
    assert "G Tolley" in found["Garin Tolley"] and "K Marsh" in found["Kevan Marsh"]


def test_an_initial_two_people_share_joins_neither() -> None:
    text = "Jonas Pell and Jarvis Pell both started.\n\nJ Pell, R Abt."
    found = actors(text, ("Jonas Pell", "PERSON"), ("Jarvis Pell", "PERSON"), ("J Pell", "PERSON"), ("R Abt", "PERSON"), starts=(0, 42))
    assert found["J Pell"] == ["J Pell"]


def test_an_initial_and_a_surname_is_no_key_across_documents(tmp_path: Path) -> None:
    # Stephen Jones's line-up teaches nothing about the "S Jones" of an athletics result.
    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([person("Stephen Jones", "S Jones")])
    assert registry.canonicalize([person("S Jones")])[0].name == "S Jones"
    assert registry.canonicalize([person("Stephen Jones")])[0].name == "Stephen Jones"


def test_a_surname_of_a_person_named_in_full_does_not_join_a_plural_band() -> None:
    # "voted Pellow the winner" is Mara Pellow's, though "the Pellows" (a band) is in the text.
    text = "Mara Pellow won. Viewers voted Pellow the winner. Fans asked why the Pellows were not there."
    found = actors(text, ("Mara Pellow", "PERSON"), ("Pellow", "PERSON", 1), ("Pellows", "ORG"), starts=(0, 17, 50))
    assert "Pellow" in found["Mara Pellow"]
    assert found.get("Pellows") == ["Pellows"]
    # The same when the model read the surname as an organisation, as it reads the band.
    found = actors(text, ("Mara Pellow", "PERSON"), ("Pellow", "ORG", 1), ("Pellows", "ORG"), starts=(0, 17, 50))
    assert "Pellow" in found["Mara Pellow"]
    assert found.get("Pellows") == ["Pellows"]
