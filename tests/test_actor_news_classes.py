"""One test per class of actor error found on a second held-out set of news wire (US and
world wires, 1989-2013), on sentences written for these tests. Spans are given as the model
might give them (no model runs)."""

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


# -- a place's own lowercase particle ----------------------------------------------------------


def test_a_place_keeps_the_lowercase_particle_inside_its_name() -> None:
    text = "Aid reached Kigoma es Salama and the port of Punta de los Lobos on Monday."
    found = actors(text, ("Kigoma es Salama", "GPE"), ("Punta de los Lobos", "GPE"))
    assert found == {"Kigoma es Salama": ActorKind.PLACE, "Punta de los Lobos": ActorKind.PLACE}


def test_an_english_word_inside_a_span_still_cuts_two_names() -> None:
    text = "The transfer took Dalby to Kestleford on Friday."
    assert set(actors(text, ("Dalby to Kestleford", "PERSON"))) == {"Dalby", "Kestleford"}


# -- a town placed in its region by a comma ----------------------------------------------------


def test_a_town_the_wire_places_in_a_state_or_province_is_a_place_whatever_the_model_read() -> None:
    text = (
        "The doctor was shot at his home in Orwell Falls, N.Y., last year. Police in Brackton, Ontario, "
        "and Millbury, Mass., searched for the car. The suspect grew up in Tarlow, Texas."
    )
    found = actors(
        text,
        ("Orwell Falls", "NORP"),
        ("N.Y.", "ORG"),
        ("Brackton", "PERSON"),
        ("Ontario", "GPE"),
        ("Millbury", "ORG"),
        ("Mass.", "GPE"),
        ("Tarlow", "PERSON"),
        ("Texas", "GPE"),
    )
    assert found["Orwell Falls"] is ActorKind.PLACE
    assert found["Brackton"] is ActorKind.PLACE
    assert found["Millbury"] is ActorKind.PLACE
    assert found["Tarlow"] is ActorKind.PLACE
    # The wires' abbreviation is the state, under its full name.
    assert found["New York State"] is ActorKind.PLACE and "N.Y." not in found
    assert found["Massachusetts"] is ActorKind.PLACE


def test_a_person_or_a_firm_before_a_region_stays_what_it_is() -> None:
    text = (
        "Rep. Dale Corrick, Indiana Republican, spoke first. Hollin Corp., Calif., makes pumps. "
        "Senator Mara Stowe, Ohio, voted no."
    )
    found = actors(text, ("Dale Corrick", "PERSON"), ("Indiana", "GPE"), ("Hollin Corp.", "ORG"), ("Mara Stowe", "PERSON"), ("Ohio", "GPE"))
    assert found["Dale Corrick"] is ActorKind.PERSON
    assert found["Hollin Corp."] is ActorKind.ORG
    assert found["Mara Stowe"] is ActorKind.PERSON


def test_a_state_abbreviation_is_read_only_where_the_wire_writes_one() -> None:
    # "Mass." ending a sentence is the service, "Pa." a father: no state without the town's comma.
    text = "The family went to Mass. Later Pa. Hembry said grace in Wexley, Pa., at home."
    found = actors(text, ("Hembry", "PERSON"), ("Wexley", "GPE"))
    assert "Massachusetts" not in found
    assert found["Pennsylvania"] is ActorKind.PLACE
    assert list(found).count("Pennsylvania") == 1


# -- an alias the table writes with its article --------------------------------------------------


def test_an_alias_written_with_the_needs_its_article_in_the_text() -> None:
    text = "He moved back to the States in May. The bank Northern States agreed a deal with Grey States."
    found = actors(text, ("Northern States", "ORG"))
    assert found.get("United States") is ActorKind.PLACE
    mentions = with_alias_hits([], text, load_alias_table(), [0])
    assert [mention.start for mention in mentions] == [text.index("States")]


# -- a surname two people of the document share --------------------------------------------------


def test_a_surname_two_people_of_the_document_share_is_no_actor_of_its_own() -> None:
    text = (
        "Pell Marrow and his uncle Ansel Marrow met the judge. Marrow said the hearing was fair. "
        "Later Ansel Marrow left."
    )
    found = actors(text, ("Pell Marrow", "PERSON"), ("Ansel Marrow", "PERSON"), ("Marrow", "PERSON", 2), ("Ansel Marrow", "PERSON", 1))
    assert found == {"Pell Marrow": ActorKind.PERSON, "Ansel Marrow": ActorKind.PERSON}


def test_a_surname_one_person_of_the_document_bears_still_joins_them() -> None:
    text = "Pell Marrow met the judge. Marrow said the hearing was fair."
    assert actors(text, ("Pell Marrow", "PERSON"), ("Marrow", "PERSON", 1)) == {"Pell Marrow": ActorKind.PERSON}


# -- a department's word in an office --------------------------------------------------------------


def test_a_department_word_before_an_office_and_a_name_is_no_organisation() -> None:
    text = "Defense Secretary Orm Baxley met the Transport Ministry's staff. Fisheries Minister Ola Venn agreed."
    found = actors(text, ("Defense", "ORG"), ("Orm Baxley", "PERSON"), ("Transport Ministry", "ORG"), ("Fisheries", "ORG"), ("Ola Venn", "PERSON"))
    assert "Defense" not in found and "Fisheries" not in found
    assert found["Transport Ministry"] is ActorKind.ORG
    assert found["Orm Baxley"] is ActorKind.PERSON


# -- a named storm -------------------------------------------------------------------------------


def test_a_named_storm_and_its_given_name_alone_are_no_actor() -> None:
    text = "Storm Varla closed the Kestle road. Hurricane Odell weakened. Varla brought gusts of 80mph, said Ina Holt."
    found = actors(text, ("Storm Varla", "PERSON"), ("Kestle", "GPE"), ("Hurricane Odell", "ORG"), ("Varla", "PERSON", 1), ("Ina Holt", "PERSON"))
    assert found == {"Kestle": ActorKind.PLACE, "Ina Holt": ActorKind.PERSON}


# -- a company read as a place --------------------------------------------------------------------


def test_a_name_one_holds_shares_in_is_a_firm_but_a_city_keeps_its_market() -> None:
    text = "Shares in Quorvane rose 4%, and its stake in Telmark grew. Shares in London fell."
    found = actors(text, ("Quorvane", "GPE"), ("Telmark", "GPE"), ("London", "GPE"))
    assert found == {"Quorvane": ActorKind.ORG, "Telmark": ActorKind.ORG, "London": ActorKind.PLACE}


# -- works the archive has seen -------------------------------------------------------------------


def test_the_names_a_document_shows_to_be_works_are_handed_on_for_the_archive_vote() -> None:
    from pipeline.actors import actors_in_doc

    text = "The film Harbour Lights opened. Ada Quill starred in Tide Line, starring Bo Venn. Harbour Lights won."
    doc = doc_with_spans(
        text,
        (("Harbour Lights", "ORG", 0), ("Ada Quill", "PERSON", 0), ("Tide Line", "WORK_OF_ART", 0), ("Bo Venn", "PERSON", 0), ("Harbour Lights", "ORG", 1)),
    )
    works: set[str] = set()
    found = actors_in_doc(doc, [0], load_alias_table(), text, works)
    assert {actor.name for actor in found} == {"Ada Quill", "Bo Venn"}
    assert works == {"harbour lights", "tide line"}


def test_a_known_place_leading_a_longer_name_is_part_of_it() -> None:
    text = (
        "Boats crossed the Florida Straits. Kansas City voted. US Airways cut fares. Lib Dem Jo Pellow spoke. "
        "The U.S. Fisheries Review Board agreed."
    )
    found = actors(
        text,
        ("Florida Straits", "LOC"),
        ("Kansas City", "GPE"),
        ("US Airways", "ORG"),
        ("Lib Dem Jo Pellow", "PERSON"),
        ("U.S. Fisheries Review Board", "ORG"),
    )
    assert found == {
        "Florida Straits": ActorKind.PLACE,
        "Kansas City": ActorKind.PLACE,
        "US Airways": ActorKind.ORG,
        "Liberal Democrats": ActorKind.ORG,
        "Jo Pellow": ActorKind.PERSON,
        # A place before a name of its own says whose it is: the board is one value wherever it is written.
        "United States": ActorKind.PLACE,
        "Fisheries Review Board": ActorKind.ORG,
    }
