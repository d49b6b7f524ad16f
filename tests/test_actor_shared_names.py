"""One test per class of actor error behind names two actors share across documents, and behind
the demo's and the wires' remaining wrong values, on sentences written for these tests. Spans
are given as the model might give them (no model runs)."""

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


# -- a firm's name that holds a comma ----------------------------------------------------------


def test_a_firm_whose_name_holds_a_comma_is_one_organisation() -> None:
    text = "The notes were sold through Harlow, Penrose & Co. and said Ivo Stanek, an analyst at Mardle, Quint & Fenwick Securities."
    found = actors(
        text,
        ("Harlow", "ORG"),
        ("Penrose & Co.", "ORG"),
        ("Ivo Stanek", "PERSON"),
        ("Mardle", "PERSON"),
        ("Quint & Fenwick Securities", "ORG"),
    )
    assert found == {
        "Harlow, Penrose & Co.": ActorKind.ORG,
        "Ivo Stanek": ActorKind.PERSON,
        "Mardle, Quint & Fenwick Securities": ActorKind.ORG,
    }


def test_firms_listed_with_commas_stay_apart() -> None:
    text = "Bids came from Telmark, Quorvane, Harlow & Penrose, Vintry and Osk."
    found = actors(text, ("Telmark", "ORG"), ("Quorvane", "ORG"), ("Harlow & Penrose", "ORG"), ("Vintry", "ORG"), ("Osk", "ORG"))
    assert set(found) == {"Telmark", "Quorvane", "Harlow & Penrose", "Vintry", "Osk"}
    text = "Quorvane, Harlow & Penrose and Osk bid."
    assert set(actors(text, ("Quorvane", "ORG"), ("Harlow & Penrose", "ORG"), ("Osk", "ORG"))) == {"Quorvane", "Harlow & Penrose", "Osk"}


# -- an institution only a place names -----------------------------------------------------------


def test_an_embassy_is_named_with_the_place_written_after_it_and_is_none_without() -> None:
    text = (
        "A blast hit the Freedonian Embassy in Port Ilse on Friday. Staff of the Freedonian Embassy in "
        "Kigoma es Salama were safe. A Freedonian Embassy official said more."
    )
    found = actors(
        text,
        ("Freedonian Embassy", "ORG", 0),
        ("Port Ilse", "GPE"),
        ("Freedonian Embassy", "ORG", 1),
        ("Kigoma es Salama", "GPE"),
        ("Freedonian Embassy", "ORG", 2),
    )
    assert found["Freedonian Embassy in Port Ilse"] is ActorKind.ORG
    assert found["Freedonian Embassy in Kigoma es Salama"] is ActorKind.ORG
    assert "Freedonian Embassy" not in found


# -- a market index named after its maker -------------------------------------------------------


def test_a_market_index_named_after_its_maker_is_no_actor_but_the_maker_is() -> None:
    text = "The Telmark Jones industrial average fell 12 points. Telmark Jones & Co. publishes it. The Kesho index rose."
    found = actors(text, ("Telmark Jones", "ORG", 0), ("Telmark Jones & Co.", "ORG"), ("Kesho", "ORG"))
    assert found == {"Telmark Jones & Co.": ActorKind.ORG}
    text = "The Telmark Jones Industrial Average closed higher."
    assert actors(text, ("Telmark Jones Industrial Average", "ORG")) == {}


# -- a craft named like an actor ------------------------------------------------------------------


def test_a_boat_or_a_craft_named_by_its_noun_is_no_actor() -> None:
    text = "Rebels landed from the yacht Marisol in 1956. Marisol is now a museum piece. The shuttle Orinda flew."
    found = actors(text, ("Marisol", "ORG", 0), ("Marisol", "ORG", 1), ("Orinda", "PERSON"))
    assert found == {}


# -- a venue or a place after an event's or a building's noun and 'at' ----------------------------


def test_a_town_or_a_venue_after_an_event_or_building_and_at_is_a_place() -> None:
    text = "The council met to discuss repairs to the sea wall at Kestlebay. Rovers won the final at Brinkley on Saturday."
    found = actors(text, ("Kestlebay", "ORG"), ("Rovers", "ORG"), ("Brinkley", "ORG"))
    assert found["Kestlebay"] is ActorKind.PLACE
    assert found["Brinkley"] is ActorKind.PLACE


def test_a_club_whose_ground_is_named_by_it_stays_the_club_where_the_text_names_the_club() -> None:
    text = "The match at Brinkley ended 2-1, and Brinkley's striker Ivo Stanek scored twice."
    found = actors(text, ("Brinkley", "ORG", 0), ("Brinkley", "ORG", 1), ("Ivo Stanek", "PERSON"))
    assert found == {"Brinkley": ActorKind.ORG, "Ivo Stanek": ActorKind.PERSON}


def test_a_firm_at_which_people_work_stays_a_firm() -> None:
    text = "Job cuts at Quorvane were announced, and Ada Quill, an analyst at Telmark, said the plant would close."
    found = actors(text, ("Quorvane", "ORG"), ("Ada Quill", "PERSON"), ("Telmark", "ORG"))
    assert found == {"Quorvane": ActorKind.ORG, "Ada Quill": ActorKind.PERSON, "Telmark": ActorKind.ORG}


# -- fields of technology and political creeds ----------------------------------------------------


def test_a_field_of_technology_by_its_initials_and_a_creed_s_adjective_are_no_actors() -> None:
    text = "Quorvane builds AI systems. The Communist takeover came in 1959, and the Communist Party of Freedonia ruled."
    found = actors(text, ("Quorvane", "ORG"), ("AI", "ORG"), ("Communist", "NORP"), ("Communist Party of Freedonia", "ORG"))
    assert found == {"Quorvane": ActorKind.ORG, "Communist Party of Freedonia": ActorKind.ORG}


# -- news agencies, exchanges and initials -------------------------------------------------------


def test_a_news_agency_by_its_initials_and_an_exchange_by_its_nickname_are_one_actor() -> None:
    text = "PORT ILSE (AP) _ Shares fell on the Big Board, the Associated Press said. The New York Stock Exchange closed early."
    found = actors(text, ("AP", "ORG"), ("Big Board", "ORG"), ("Associated Press", "ORG"), ("New York Stock Exchange", "ORG"))
    assert found["Associated Press"] is ActorKind.ORG
    assert found["New York Stock Exchange"] is ActorKind.ORG
    assert "AP" not in found and "Big Board" not in found


def test_a_firm_s_initials_leave_out_its_legal_ending() -> None:
    text = "Quorvane Motors Corp. wants Telmark PLC. QM sought clearance."
    found = actors(text, ("Quorvane Motors Corp.", "ORG"), ("Telmark PLC", "ORG"), ("QM", "ORG"))
    assert found == {"Quorvane Motors Corp.": ActorKind.ORG, "Telmark PLC": ActorKind.ORG}


def test_an_embassy_s_place_stops_before_a_possessive_and_a_firm_s_co_goes_with_its_ampersand() -> None:
    text = "Staff at the Freedonian Embassy in Ostrava's centre fled. Telmark Jones & Co. said Telmark Jones would pay."
    found = actors(text, ("Freedonian Embassy", "ORG"), ("Ostrava", "GPE"), ("Telmark Jones & Co.", "ORG"), ("Telmark Jones", "ORG", 1))
    assert found == {"Freedonian Embassy in Ostrava": ActorKind.ORG, "Ostrava": ActorKind.PLACE, "Telmark Jones & Co.": ActorKind.ORG}


def test_a_firm_s_first_word_after_its_full_legal_name_is_the_firm_unless_written_as_a_place() -> None:
    text = "Telmark said it may bid for Quorvane Technologies Ltd. Osk-based Quorvane, a software maker, declined."
    found = actors(text, ("Telmark", "ORG"), ("Quorvane Technologies Ltd.", "ORG"), ("Quorvane", "GPE", 1))
    assert found == {"Telmark": ActorKind.ORG, "Quorvane Technologies Ltd.": ActorKind.ORG}
    text = "Brisco Scientific Corp. opened a plant in Brisco. Brisco Scientific Corp. said so."
    found = actors(text, ("Brisco Scientific Corp.", "ORG", 0), ("Brisco", "GPE", 1), ("Brisco Scientific Corp.", "ORG", 1))
    assert found == {"Brisco Scientific Corp.": ActorKind.ORG, "Brisco": ActorKind.PLACE}



# -- a firm with and without its legal ending, across documents ----------------------------------


def test_a_firm_is_one_value_with_and_without_its_legal_ending_across_documents(tmp_path) -> None:
    from pipeline.models import Actor
    from pipeline.registry import ActorRegistry

    def one(kind: ActorKind, name: str) -> Actor:
        return Actor(name=name, kind=kind, aliases=[name], mentions=1, sentiment=0.0)

    registry = ActorRegistry(tmp_path / "state.sqlite3")
    registry.learn([one(ActorKind.ORG, "Harlow, Penrose & Co."), one(ActorKind.ORG, "Green Party"), one(ActorKind.ORG, "Quorvane Motors Acceptance Corp.")])
    # One document each: within one document, two values of one name are merged.
    later = [
        renamed
        for actor in (one(ActorKind.ORG, "Harlow Penrose"), one(ActorKind.PERSON, "Green"), one(ActorKind.ORG, "Green"), one(ActorKind.ORG, "Quorvane Motors"))
        for renamed in registry.canonicalize([actor])
    ]
    assert [(actor.name, actor.kind) for actor in later] == [
        ("Harlow, Penrose & Co.", ActorKind.ORG),
        ("Green", ActorKind.PERSON),
        ("Green", ActorKind.ORG),
        ("Quorvane Motors", ActorKind.ORG),
    ]
    registry.close()
