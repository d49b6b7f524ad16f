"""One test per class of actor error that the session-9 reading of the held-out sets' deep ranks
showed (a piece of a longer name taken for an actor; a club named after its town), on sentences
written for these tests. Spans are given as the model might give them (no model runs)."""

from __future__ import annotations

from pipeline.actors.aliases import load_alias_table
from pipeline.actors.mentions import mentions_from_doc
from pipeline.actors.resolution import resolve_actors
from pipeline.actors.scan import with_alias_hits
from pipeline.models import ActorKind
from tests.actor_support import Found, doc_with_spans


def actors(text: str, *found: Found, starts: tuple[int, ...] = (0,)) -> dict[str, ActorKind]:
    """Actors of `text` from the model spans `found` (surface, label[, occurrence]), the alias
    table's scan told which spans the rules left out as pieces, as `actors_in_doc` does."""
    table = load_alias_table()
    doc = doc_with_spans(text, found)
    pieces: set[tuple[int, int]] = set()
    mentions = with_alias_hits(mentions_from_doc(doc, list(starts), text=text, pieces=pieces), text, table, list(starts), pieces)
    return {actor.name: actor.kind for actor in resolve_actors(mentions, table, text, list(starts))}


# -- a name that starts or ends a longer title is no actor ------------------------------------------


def test_a_name_before_of_the_and_a_capitalised_word_starts_a_title() -> None:
    text = "The gallery keeps Vermeer's Pilgrim of the Marshes, and Pilgrim toured Kestle last year."
    found = actors(text, ("Vermeer", "PERSON"), ("Pilgrim", "PERSON"), ("Marshes", "PERSON"), ("Pilgrim", "PERSON", 1), ("Kestle", "GPE"))
    # The second "Pilgrim" alone is a name the text never gives in full: it stays, the title's does not.
    assert found == {"Vermeer": ActorKind.PERSON, "Pilgrim": ActorKind.PERSON, "Kestle": ActorKind.PLACE}
    found = actors("The gallery keeps Vermeer's Pilgrim of the Marshes.", ("Vermeer", "PERSON"), ("Pilgrim", "PERSON"), ("Marshes", "PERSON"))
    assert found == {"Vermeer": ActorKind.PERSON}


def test_a_name_before_of_the_and_a_body_or_after_a_title_stays() -> None:
    text = "Pell of the Kestle Tribune wrote first, and later Mr Rand of the Harbour Board answered."
    found = actors(text, ("Pell", "PERSON"), ("the Kestle Tribune", "ORG"), ("Rand", "PERSON"), ("the Harbour Board", "ORG"))
    assert found == {"Pell": ActorKind.PERSON, "Kestle Tribune": ActorKind.ORG, "Rand": ActorKind.PERSON, "Harbour Board": ActorKind.ORG}


def test_a_peer_word_with_of_the_starts_a_work_even_opening_a_sentence() -> None:
    text = "Ada Pell writes a blog.\nQueen of the Marsh, as she calls it, is read widely. Readers of Queen of the Marsh wrote in."
    found = actors(text, ("Ada Pell", "PERSON"), ("Marsh", "ORG"), ("Marsh", "ORG", 1), starts=(0, 24, 76))
    assert found == {"Ada Pell": ActorKind.PERSON}


def test_a_peer_word_with_of_the_before_a_place_is_the_place() -> None:
    found = actors("King of the Kestlands Ruprecht arrived.", ("Kestlands", "GPE"), ("Ruprecht", "PERSON"))
    assert found == {"Kestlands": ActorKind.PLACE, "Ruprecht": ActorKind.PERSON}


def test_the_alias_table_does_not_find_again_a_piece_the_rules_left_out() -> None:
    # "Democrats" is a known name (the US party); after another capitalised word it is a piece of
    # another party's name, which the model cut.
    text = "In Vellmark the conservative Radical Democrats (RDV) said they would vote no."
    found = actors(text, ("Vellmark", "GPE"), ("Democrats", "NORP"), ("RDV", "ORG"))
    assert found == {"Vellmark": ActorKind.PLACE, "RDV": ActorKind.ORG}
    text = "In Ohio the Democrats said they would vote no."
    found = actors(text, ("Ohio", "GPE"), ("Democrats", "NORP"))
    assert found == {"Ohio": ActorKind.PLACE, "Democratic Party": ActorKind.ORG}


# -- a club named after its town ---------------------------------------------------------------------


def test_a_listed_club_cut_at_its_second_word_is_the_club() -> None:
    text = "Ada Pell made her Sheffield Wednesday debut on Saturday, and Nottingham Forest's coach watched."
    found = actors(text, ("Ada Pell", "PERSON"), ("Sheffield", "GPE"), ("Nottingham", "GPE"))
    assert found == {"Ada Pell": ActorKind.PERSON, "Sheffield Wednesday": ActorKind.ORG, "Nottingham Forest": ActorKind.ORG}


def test_a_town_before_a_weekday_and_a_part_of_the_day_stays_the_town() -> None:
    found = actors("The band plays in Sheffield Wednesday night.", ("Sheffield", "GPE"))
    assert found == {"Sheffield": ActorKind.PLACE}


def test_outside_a_match_report_a_club_town_the_text_places_is_the_town() -> None:
    text = "The inventor, Bo Rand, from Derby, showed his gear changer; a factory in Reading makes it."
    found = actors(text, ("Bo Rand", "PERSON"), ("Derby", "ORG"), ("Reading", "ORG"))
    assert found == {"Bo Rand": ActorKind.PERSON, "Derby": ActorKind.PLACE, "Reading": ActorKind.PLACE}


def test_a_club_the_text_does_not_place_stays_the_club() -> None:
    # No place cue ("a bid from Derby" has no comma before 'from'): the model's reading stands.
    found = actors("Kestle Town accepted a bid from Derby for the winger.", ("Kestle Town", "ORG"), ("Derby", "ORG"))
    assert found == {"Kestle Town": ActorKind.ORG, "Derby": ActorKind.ORG}


# -- a piece of a longer name: wrapped, a venue's, an organisation's with 'for a' ---------------------


def test_a_name_wrapped_at_a_line_end_in_running_text_is_one_name() -> None:
    text = "Standings of Kestle\nBasketball Association teams after games played on Friday were posted."
    found = actors(text, ("Kestle\nBasketball Association", "ORG"))
    assert found == {"Kestle Basketball Association": ActorKind.ORG}


def test_names_on_lines_of_their_own_or_paragraphs_apart_stay_apart() -> None:
    found = actors("Sponsors:\nQuorvane\nVellcom\n", ("Quorvane\nVellcom", "ORG"))
    assert found == {"Quorvane": ActorKind.ORG, "Vellcom": ActorKind.ORG}
    found = actors("He joined Quorvane\n\nVellcom said nothing.", ("Quorvane\n\nVellcom", "ORG"))
    assert found == {"Quorvane": ActorKind.ORG, "Vellcom": ActorKind.ORG}


def test_a_name_between_the_and_a_venue_noun_is_a_piece_of_the_venue() -> None:
    text = "The final was played at the Centenary stadium in Vell, and Centenary Trust paid for it."
    found = actors(text, ("Centenary", "ORG"), ("Vell", "GPE"), ("Centenary Trust", "ORG"))
    assert found == {"Vell": ActorKind.PLACE, "Centenary Trust": ActorKind.ORG}


def test_an_article_after_for_inside_an_organisation_is_part_of_its_name() -> None:
    text = "He was a member of the ruling Movement for a Free Kestland until May."
    found = actors(text, ("Movement for a Free Kestland", "ORG"))
    assert found == {"Movement for a Free Kestland": ActorKind.ORG}


def test_a_known_place_after_a_word_and_of_is_still_found_by_the_alias_table() -> None:
    # "Democrat of Kansas" ends like a title, but the table knows the state: it stays found.
    text = "The bill passed, said Senator Ada Pell, Democrat of Kansas."
    found = actors(text, ("Ada Pell", "PERSON"), ("Democrat", "NORP"), ("Kansas", "GPE"))
    assert found["Kansas"] is ActorKind.PLACE


# -- initials the text places in a city ----------------------------------------------------------------


def test_initials_after_at_and_a_city_possessive_name_a_venue_of_that_city() -> None:
    text = "The cars were shown at Birmingham's KEC on Friday, and KEC Corp makes chips."
    found = actors(text, ("Birmingham", "GPE"), ("KEC", "ORG"), ("KEC Corp", "ORG"))
    assert found["Birmingham's KEC"] is ActorKind.PLACE
    assert "KEC" not in found or found["KEC"] is not ActorKind.PLACE


def test_a_city_possessive_before_initials_without_at_leaves_both() -> None:
    found = actors("Birmingham's KEC said prices rose.", ("Birmingham", "GPE"), ("KEC", "ORG"))
    assert found == {"Birmingham": ActorKind.PLACE, "KEC": ActorKind.ORG}
