"""A firm's trade written before its name at a sentence's start: the model takes the capitalised
trade into the name's span ("Carmaker Nissan") or reads the trade's first word as a name of its
own ("Software" in "Software giant Microsoft"). Found in the BBC archive's facet values
("Bookmaker William Hill" as a person). On sentences written for these tests; spans are given as
the model might give them (no model runs)."""

from __future__ import annotations

from pipeline.models import ActorKind
from tests.test_actor_role_classes import actors


def test_a_firms_trade_opening_a_sentence_is_cut_and_the_name_is_the_firms() -> None:
    text = "Bookmaker Harlow Sands said it had taken bets on the vote. Carmaker Vennor will build a plant."
    start = text.index("Carmaker")
    found = actors(text, ("Bookmaker Harlow Sands", "PERSON"), ("Carmaker Vennor", "ORG"), starts=(0, start))
    assert set(found) == {"Harlow Sands", "Vennor"}
    assert found["Harlow Sands"][0] is ActorKind.ORG
    assert found["Vennor"] == (ActorKind.ORG, ["Vennor"])


def test_a_trade_a_person_may_have_is_cut_and_the_models_reading_kept() -> None:
    text = "Broadcaster Tamsin Rowe is to return to radio next year."
    found = actors(text, ("Broadcaster Tamsin Rowe", "PERSON"))
    assert found == {"Tamsin Rowe": (ActorKind.PERSON, ["Tamsin Rowe"])}


def test_a_name_that_begins_with_a_trade_like_word_keeps_it() -> None:
    # "Network", "Airline" and lowercase words after the trade are no cue to cut.
    text = "Network Rail said the line would reopen. The Airline Pilots Association agreed. Regulator staff were told."
    found = actors(text, ("Network Rail", "ORG"), ("The Airline Pilots Association", "ORG"))
    assert {"Network Rail", "Airline Pilots Association"} <= set(found)


def test_the_first_word_of_a_trade_before_a_firms_name_is_no_name() -> None:
    text = "Software giant Quillon has released a patch. Oil firm Marrow cut its forecast."
    start = text.index("Oil")
    found = actors(text, ("Software", "ORG"), ("Quillon", "ORG"), ("Oil", "ORG"), ("Marrow", "ORG"), starts=(0, start))
    assert set(found) == {"Quillon", "Marrow"}


def test_a_name_before_a_trade_and_a_capitalised_word_that_is_no_name_stays() -> None:
    # "Chairman" starts no other name: "Varo" names the group.
    text = "Varo group Chairman Ilse Brandt spoke on Monday."
    found = actors(text, ("Varo", "ORG"), ("Ilse Brandt", "PERSON"))
    assert found["Varo"][0] is ActorKind.ORG


def test_a_firms_trade_in_lowercase_before_a_name_makes_it_the_firms() -> None:
    text = "Rates were cut, UK bookmakers Harlow Sands said. The carmaker Vennor agreed."
    found = actors(text, ("UK", "GPE"), ("Harlow Sands", "PERSON"), ("Vennor", "PERSON"))
    assert found["Harlow Sands"][0] is ActorKind.ORG
    assert found["Vennor"][0] is ActorKind.ORG
