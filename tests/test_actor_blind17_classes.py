"""One test per class of actor error left after session 16 (issue #13), on sentences written
for these tests; spans are given as the model might give them (no model runs). Each has a guard
that a near case is left alone."""

from __future__ import annotations

from pipeline.models import ActorKind
from tests.test_actor_role_classes import actors

# -- a body's head word cut from its own 'of' name -------------------------------------------------


def test_a_head_word_cut_from_its_own_of_name_does_not_join_another_body() -> None:
    text = (
        "Bishop Tomas Ferrand of the Diocese of Ridgeford condemned the attack. "
        "Marta Quell, a spokeswoman for the Diocese of Lowmoor, said the bishop would pray."
    )
    found = actors(
        text,
        ("Tomas Ferrand", "PERSON"),
        ("Diocese of Ridgeford", "ORG"),
        ("Marta Quell", "PERSON"),
        ("Diocese", "ORG", 1),
        ("Lowmoor", "GPE"),
    )
    assert found["Diocese of Ridgeford"] == (ActorKind.ORG, ["Diocese of Ridgeford"])
    assert found["Diocese of Lowmoor"] == (ActorKind.ORG, ["Diocese of Lowmoor"])
    # The model may read the lone head word as a people.
    found = actors(
        text,
        ("Tomas Ferrand", "PERSON"),
        ("Diocese of Ridgeford", "ORG"),
        ("Marta Quell", "PERSON"),
        ("Diocese", "NORP", 1),
        ("Lowmoor", "GPE"),
    )
    assert found["Diocese of Ridgeford"] == (ActorKind.ORG, ["Diocese of Ridgeford"])
    assert found["Diocese of Lowmoor"] == (ActorKind.ORG, ["Diocese of Lowmoor"])


def test_a_cut_head_word_before_a_person_or_with_a_possessive() -> None:
    text = (
        "The Bank of Ridgeford raised rates. The Bank of Lowmoor's chief Ada Lenk did not, "
        "and the Bank of Tovia Governor Ivo Marsh said nothing."
    )
    found = actors(
        text,
        ("Bank of Ridgeford", "ORG"),
        ("Bank", "ORG", 1),
        ("Lowmoor", "GPE"),
        ("Ada Lenk", "PERSON"),
        ("Bank", "ORG", 2),
        ("Ivo Marsh", "PERSON"),
    )
    assert found["Bank of Lowmoor"][1] == ["Bank of Lowmoor"], "the possessive is no part of the name"
    assert found["Ivo Marsh"][0] is ActorKind.PERSON, "a person named after the body stays a person"
    assert "Bank of Tovia Governor Ivo Marsh" not in found


def test_a_head_word_written_alone_after_its_full_name_still_joins_it() -> None:
    # The short form with no owner after it is the body named in full before it.
    text = "The Ministry of Coastal Works closed the pier. The Ministry said it would reopen in May."
    found = actors(text, ("Ministry of Coastal Works", "ORG"), ("Ministry", "ORG", 1))
    assert found["Ministry of Coastal Works"] == (ActorKind.ORG, ["Ministry of Coastal Works", "Ministry"])


def test_the_same_body_cut_once_is_one_body() -> None:
    text = "The Board of Ellery Schools met. A teacher told the Board of Ellery Schools that pay was late."
    found = actors(text, ("Board of Ellery Schools", "ORG"), ("Board", "ORG", 1), ("Ellery Schools", "ORG", 1))
    assert found["Board of Ellery Schools"] == (ActorKind.ORG, ["Board of Ellery Schools", "Board of Ellery Schools"])


# -- a reporter's credit line -------------------------------------------------------------------------


def test_the_names_of_a_credit_line_are_people() -> None:
    text = (
        "Harbour fees rose again on Monday, the port said.\n"
        "--- Lina Marsh in Port Alder and Teodor Vance contributed to this article.\n"
        "(Reporting by Kemal Oduya; Editing by Ruth Penhale)"
    )
    found = actors(
        text,
        ("Lina Marsh", "ORG"),
        ("Port Alder", "GPE"),
        ("Teodor Vance", "ORG"),
        ("Kemal Oduya", "ORG"),
        ("Ruth Penhale", "NORP"),
    )
    assert found["Lina Marsh"][0] is ActorKind.PERSON
    assert found["Teodor Vance"][0] is ActorKind.PERSON
    assert found["Kemal Oduya"][0] is ActorKind.PERSON
    assert found["Ruth Penhale"][0] is ActorKind.PERSON
    assert found["Port Alder"][0] is ActorKind.PLACE, "the place a reporter wrote from stays a place"


def test_an_organisation_in_a_credit_line_or_a_sentence_before_it_keeps_its_reading() -> None:
    text = (
        "Shares of Corvel Holdings fell, Dana Frisk said. Gram Tallow fell too.\n"
        "Staff of Kestrel Data contributed to this article."
    )
    found = actors(text, ("Corvel Holdings", "ORG"), ("Dana Frisk", "PERSON"), ("Gram Tallow", "ORG"), ("Kestrel Data", "ORG"))
    assert found["Corvel Holdings"][0] is ActorKind.ORG
    assert found["Gram Tallow"][0] is ActorKind.ORG, "a name outside the credit's sentence is left as read"
    assert found["Kestrel Data"][0] is ActorKind.ORG, "a body after 'of' in the credit is no reporter"


# -- a body's name cut at its 'and' ---------------------------------------------------------------------


def test_a_bodys_name_cut_at_its_and_is_read_whole() -> None:
    text = "The grant came from the Northern Moth and Beetle Conservation Society, its director Ida Lenk said."
    found = actors(text, ("Northern", "NORP"), ("Beetle Conservation Society", "ORG"), ("Ida Lenk", "PERSON"))
    assert found["Northern Moth and Beetle Conservation Society"] == (ActorKind.ORG, ["Northern Moth and Beetle Conservation Society"])
    assert "Northern" not in found and "Beetle Conservation Society" not in found


def test_two_bodies_named_with_and_stay_two() -> None:
    text = "Ministers met Harland and the Kestrel Growers Association, while Tovia and Corvel Union officials waited."
    found = actors(text, ("Harland", "ORG"), ("Kestrel Growers Association", "ORG"), ("Tovia", "GPE"), ("Corvel Union", "ORG"))
    assert found["Kestrel Growers Association"][1] == ["Kestrel Growers Association"]
    assert found["Corvel Union"][1] == ["Corvel Union"], "no article before the list: two names"
    assert "Harland" in found
    # A name the model read before 'and' makes a list, even after the article.
    text = "The row between the Corvel Herald and Tovia Evening News grew."
    found = actors(text, ("Corvel Herald", "ORG"), ("Tovia Evening News", "ORG"))
    assert found["Corvel Herald"][1] == ["Corvel Herald"]
    assert found["Tovia Evening News"][1] == ["Tovia Evening News"]


def test_a_head_word_written_before_the_full_name_does_not_join_it() -> None:
    text = (
        "The police say the Department's lawyer cannot act on it. "
        "The Department of Street Lighting could switch the lamps off, and the Department would save money."
    )
    found = actors(text, ("Department", "ORG"), ("Department of Street Lighting", "ORG"), ("Department", "ORG", 2))
    assert found["Department of Street Lighting"][1] == ["Department of Street Lighting"]
    assert "Department" not in found, "the head word alone is no value of its own"
