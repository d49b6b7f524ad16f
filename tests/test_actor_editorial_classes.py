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
    # The document shows the state: its other mentions ("New York's subway", "Boston, New York
    # and Chicago") may be either, and are left out rather than filed as the city.
    assert found == {
        "Kestle Falls": ActorKind.PLACE,
        "New York State": ActorKind.PLACE,
        "Ada Pell": ActorKind.PERSON,
        "Boston": ActorKind.PLACE,
        "Chicago": ActorKind.PLACE,
    }


def test_the_state_and_the_city_are_two_actors_in_one_document() -> None:
    table = load_alias_table()
    # The city keeps its mention where the text places it in its district: "Washington, D.C.".
    text = "Washington state sued. Officials in Washington, D.C., said the State of Washington would lose."
    doc = doc_with_spans(text, (("Washington", "GPE", 0), ("Washington", "GPE", 1), ("State of Washington", "GPE")))
    mentions = with_alias_hits(mentions_from_doc(doc, [0], text=text), text, table, [0])
    resolved = resolve_actors(mentions, table, text, [0])
    assert sorted((actor.name, len(actor.mentions)) for actor in resolved) == [
        ("District of Columbia", 1),
        ("Washington", 1),
        ("Washington State", 2),
    ]


# -- an organisation's initials written with dots ----------------------------------------------


def test_initials_with_dots_read_as_a_place_are_an_organisation_unless_a_known_place_or_state() -> None:
    text = "The F.B.I. questioned a clerk in Kestle Falls, N.J., and the U.S.S.R. protested to the U.S. that the K.P.L. had lied."
    found = actors(
        text,
        ("F.B.I.", "GPE"),
        ("Kestle Falls", "GPE"),
        ("N.J.", "GPE"),
        ("U.S.S.R.", "GPE"),
        ("U.S.", "GPE", 1),
        ("K.P.L.", "GPE"),
    )
    assert found == {
        "F.B.I.": ActorKind.ORG,
        "Kestle Falls": ActorKind.PLACE,
        "New Jersey": ActorKind.PLACE,
        "Soviet Union": ActorKind.PLACE,
        "United States": ActorKind.PLACE,
        "K.P.L.": ActorKind.ORG,
    }


# -- more signs of the state -------------------------------------------------------------------


def test_senators_of_a_state_its_own_bodies_and_other_states_show_the_state() -> None:
    for text in (
        "A bill by Senators Ada Pell and Bo Rand of New York passed. Only in New York are judges so bound.",
        "New York's Legislature agreed. Only in New York are judges so bound.",
        "New York and a few other states will pay. Only in New York are judges so bound.",
        "In states like New York, fares rose. Only in New York are judges so bound.",
        "The U.S. attorney for the Western District of New York spoke. Only in New York are judges so bound.",
    ):
        others = (("Ada Pell", "PERSON"), ("Bo Rand", "PERSON")) if "Senators" in text else ()
        others += (("the Western District", "LOC"),) if "District" in text else ()
        found = actors(text, *others, ("New York", "GPE", 0), ("New York", "GPE", 1))
        # Neither is filed as the city: the first shows the state, and the second, which shows
        # nothing, may be either in a document that speaks of the state.
        assert "New York" not in found, text
    # In a document that shows nothing of the state the name is the city.
    assert actors("Only in New York are judges so bound.", ("New York", "GPE")) == {"New York": ActorKind.PLACE}


def test_a_city_named_beside_other_cities_stays_the_city() -> None:
    text = "New York and other cities lost trains. Boston, New York and Chicago sent buses."
    found = actors(text, ("New York", "GPE", 0), ("Boston", "GPE"), ("New York", "GPE", 1), ("Chicago", "GPE"))
    assert found == {"New York": ActorKind.PLACE, "Boston": ActorKind.PLACE, "Chicago": ActorKind.PLACE}


# -- a full name the model missed after an office ------------------------------------------------


def test_a_surname_joins_the_full_name_written_after_an_office_where_the_model_read_only_the_surname() -> None:
    text = "Kestleford City Comptroller Harrison Vell said no. Later Mr. Vell said yes, and Vell left."
    found = actors(text, ("Kestleford City", "GPE"), ("Vell", "PERSON", 1), ("Vell", "PERSON", 2))
    assert found == {"Harrison Vell": ActorKind.PERSON, "Kestleford City": ActorKind.PLACE}


def test_a_surname_two_given_names_share_after_offices_or_a_name_after_no_office_stays_alone() -> None:
    text = "Mayor Ada Pell and Judge Bo Pell met. Pell said no. Yesterday Rand agreed, and Rand left."
    found = actors(text, ("Pell", "PERSON", 2), ("Rand", "PERSON", 0), ("Rand", "PERSON", 1))
    assert found == {"Pell": ActorKind.PERSON, "Rand": ActorKind.PERSON}


def test_the_city_written_with_city_is_the_city_written_without() -> None:
    text = "New York City's ferries stopped, and NYC schools shut. New York will pay, said the New York Times."
    found = actors(text, ("New York City", "GPE"), ("NYC", "ORG"), ("New York", "GPE", 1), ("New York Times", "ORG"))
    assert found == {"New York": ActorKind.PLACE, "New York Times": ActorKind.ORG}


# -- a place name cut from a longer place name -----------------------------------------------------


def test_a_lowercase_compass_word_and_a_place_that_make_a_country_are_that_country() -> None:
    text = "Talks on northern Ireland resumed, and north Korea replied. Ireland joined the euro; troops left northern Iraq."
    found = actors(text, ("Ireland", "GPE", 0), ("Korea", "GPE"), ("Ireland", "GPE", 1), ("Iraq", "GPE"))
    assert found == {
        "Northern Ireland": ActorKind.PLACE,
        "North Korea": ActorKind.PLACE,
        "Ireland": ActorKind.PLACE,
        "Iraq": ActorKind.PLACE,
    }
