"""One test per class of actor error found on news no rule was written from (newspaper
editorials of another country and decade), on sentences written for these tests. Spans are
given as the model might give them (no model runs)."""

from __future__ import annotations

from pipeline.actors.aliases import load_alias_table
from pipeline.actors.mentions import mentions_from_doc
from pipeline.actors.resolution import resolve_actors
from pipeline.actors.scan import with_alias_hits
from pipeline.models import ActorKind
from tests.actor_support import Found, doc_with_spans


def actors(text: str, *found: Found) -> dict[str, ActorKind]:
    """Actors of `text` from the model spans `found` (surface, label[, occurrence])."""
    table = load_alias_table()
    doc = doc_with_spans(text, found)
    mentions = with_alias_hits(mentions_from_doc(doc, [0], text=text), text, table, [0])
    return {actor.name: actor.kind for actor in resolve_actors(mentions, table, text, [0])}


# -- the residents of a city are no actor -----------------------------------------------------


def test_the_residents_of_a_city_are_no_actor_alone_or_before_a_name() -> None:
    text = (
        "Most New Yorkers ride the ferry. A New Yorker driving north found the bridge shut, and "
        "Londoners fared no better. Tokyoite Hana Rell said the same."
    )
    found = actors(
        text,
        ("New Yorkers", "NORP"),
        ("New Yorker", "ORG", 1),
        ("Londoners", "NORP"),
        ("Tokyoite Hana Rell", "PERSON"),
    )
    assert found == {"Hana Rell": ActorKind.PERSON}


def test_a_first_name_that_is_also_a_city_word_is_kept() -> None:
    # "Roman" names the people of Rome too, but leads a person's name: not listed as a resident.
    found = actors("Roman Vessel bought the club.", ("Roman Vessel", "PERSON"))
    assert found == {"Roman Vessel": ActorKind.PERSON}


# -- an adjective of a level of government is no actor ------------------------------------------


def test_an_adjective_of_government_alone_is_no_actor_but_a_name_it_starts_stays() -> None:
    text = "A Federal judge in Kestleford ruled for the Federal Reserve, and Congressional aides agreed."
    found = actors(text, ("Federal", "ORG"), ("Kestleford", "GPE"), ("Federal Reserve", "ORG"), ("Congressional", "ORG"))
    assert found == {"Kestleford": ActorKind.PLACE, "Federal Reserve": ActorKind.ORG}


# -- a body every government or city has, named without whose ---------------------------------


def test_a_body_named_without_whose_it_is_is_no_actor() -> None:
    text = (
        "The Administration proposes cuts. The Legislature balked, the Transit Authority raised fares "
        "and the Court said nothing; the Sanitation Department collects less."
    )
    found = actors(
        text,
        ("Administration", "ORG"),
        ("Legislature", "ORG"),
        ("Transit Authority", "ORG"),
        ("Court", "ORG"),
        ("Sanitation Department", "ORG"),
    )
    assert found == {}


def test_a_body_named_with_its_president_or_its_place_is_kept() -> None:
    text = (
        "The Marlowe Administration backed the Ostland Department of Transportation, but the "
        "Department of Transportation in the capital did not."
    )
    found = actors(
        text,
        ("Marlowe Administration", "ORG"),
        ("Ostland", "GPE"),
        ("Department of Transportation", "ORG"),
        ("Department of Transportation", "ORG", 1),
    )
    assert found == {"Marlowe Administration": ActorKind.ORG, "Ostland Department of Transportation": ActorKind.ORG}


def test_a_body_named_without_whose_joins_the_one_the_document_names_in_full_and_its_initials_go_with_it() -> None:
    table = load_alias_table()
    text = (
        "The Marlowe Administration wrote the plan. The Administration says it saves money. "
        "The Transit Authority raised fares; the T.A. says riders will pay."
    )
    doc = doc_with_spans(
        text, (("Marlowe Administration", "ORG"), ("Administration", "ORG", 1), ("Transit Authority", "ORG"), ("T.A.", "ORG"))
    )
    mentions = with_alias_hits(mentions_from_doc(doc, [0], text=text), text, table, [0])
    resolved = resolve_actors(mentions, table, text, [0])
    assert [(actor.name, len(actor.mentions)) for actor in resolved] == [("Marlowe Administration", 2)]


# -- a state named after its city --------------------------------------------------------------


def test_a_state_named_after_its_city_is_the_city_unless_the_text_shows_the_state() -> None:
    text = (
        "Rain hit Kestle Falls, New York, on Monday. The New York state budget is late, and the state of "
        "New York will borrow. Governor Ada Pell of New York signed it. New York's subway was shut, and "
        "Boston, New York and Chicago sent buses. Snow fell on upstate New York, and New York governor "
        "Ada Pell flew north."
    )
    found = actors(
        text,
        ("Kestle Falls", "GPE"),
        ("New York", "GPE", 0),
        ("New York", "GPE", 1),
        ("New York", "GPE", 2),
        ("Ada Pell", "PERSON"),
        ("New York", "GPE", 3),
        ("New York", "GPE", 4),
        ("Boston", "GPE"),
        ("New York", "GPE", 5),
        ("Chicago", "GPE"),
        ("New York", "GPE", 6),
        ("New York", "GPE", 7),
        ("Ada Pell", "PERSON", 1),
    )
    assert found == {
        "Kestle Falls": ActorKind.PLACE,
        "New York State": ActorKind.PLACE,
        "Ada Pell": ActorKind.PERSON,
        "New York": ActorKind.PLACE,
        "Boston": ActorKind.PLACE,
        "Chicago": ActorKind.PLACE,
    }


def test_the_state_and_the_city_are_two_actors_in_one_document() -> None:
    table = load_alias_table()
    text = "Washington state sued. Officials in Washington said the State of Washington would lose."
    doc = doc_with_spans(text, (("Washington", "GPE", 0), ("Washington", "GPE", 1), ("State of Washington", "GPE")))
    mentions = with_alias_hits(mentions_from_doc(doc, [0], text=text), text, table, [0])
    resolved = resolve_actors(mentions, table, text, [0])
    assert sorted((actor.name, len(actor.mentions)) for actor in resolved) == [("Washington", 1), ("Washington State", 2)]
