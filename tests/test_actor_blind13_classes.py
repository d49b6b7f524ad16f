"""One test per class of actor error that the session-13 blind reading of two unseen sets
(--heldout ranks 251-350, NYT editorials nyt2 ranks 121-200) showed: a quotation mark left on a
name after its article, a name the text quotes whole read as an organisation, a capitalised
role word left at the head of a full name, a product's name with its device noun read as a
person or a place, a people's name formed from a place the text names, a person named "the
late X" read as an organisation, and a work's title cut after its first name. Each has a guard
that a near case is left alone. On sentences written for these tests; spans are given as the
model might give them (no model runs)."""

from __future__ import annotations

from pipeline.models import ActorKind
from tests.test_actor_role_classes import actors

# -- quotation marks ---------------------------------------------------------------------------------


def test_a_quotation_mark_after_the_article_is_cut_from_the_name() -> None:
    text = 'She stands on the "Harbour Alliance line" of the ballot, with the Liberal Party behind her.'
    found = actors(text, ('the "Harbour Alliance', "ORG"), ("Liberal Party", "ORG"))
    assert '"Harbour Alliance' not in found
    assert "Harbour Alliance" in found


def test_a_name_quoted_whole_is_no_organisation() -> None:
    text = 'Readers raised on the "Pocket Oracle," a calculator of 1975, now carry phones. The Vexley Company made it.'
    found = actors(text, ('the "Pocket Oracle', "ORG"), ("The Vexley Company", "ORG"))
    assert not any("Pocket Oracle" in name for name in found)
    assert "Vexley Company" in found


def test_a_quoted_phrase_that_only_ends_with_a_name_keeps_it() -> None:
    # The quotation opens before other words: the name inside it is still the union's.
    text = 'He said "we will never bow to Marlow Union" and left.'
    assert "Marlow Union" in actors(text, ("Marlow Union", "ORG"))


# -- a role word at the head of a full name ----------------------------------------------------------


def test_a_capitalised_role_before_a_full_name_is_cut() -> None:
    text = "Singers Odile Ferrand and her husband opened the show. Ferrand sang first."
    found = actors(text, ("Singers Odile Ferrand", "PERSON"), ("Ferrand", "PERSON", 1), starts=(0, 58))
    assert found["Odile Ferrand"] == (ActorKind.PERSON, ["Odile Ferrand", "Ferrand"])


def test_a_role_word_before_one_surname_or_an_office_stays() -> None:
    # "Singer" alone before one word may be the surname itself; "President" is an office kept beside the name.
    text = "Singer Wexford arrived. President Tomas Ilves spoke."
    found = actors(text, ("Singer Wexford", "PERSON"), ("President Tomas Ilves", "PERSON"), starts=(0, 24))
    assert "Singer Wexford" in found
    assert "Tomas Ilves" in found


# -- a product's name before its device's noun ---------------------------------------------------------


def test_a_name_before_a_devices_noun_read_as_a_person_or_place_is_a_product() -> None:
    text = (
        "Fans of the Kestrel browser say it is safer. Kestrel 2.0 ships next week. "
        "Most Orbiview boxes lack a card slot, and Orbiview is free to air."
    )
    found = actors(
        text,
        ("Kestrel", "PERSON"),
        ("Kestrel", "PERSON", 1),
        ("Orbiview", "GPE"),
        ("Orbiview", "GPE", 1),
        starts=(0, 45, 74),
    )
    assert "Kestrel" not in found
    assert "Orbiview" not in found


def test_a_firm_a_country_or_a_makers_noun_before_a_device_stays() -> None:
    text = "Halvard handsets sold well in Norway. Japan handset makers and Brazil chips lag."
    found = actors(text, ("Halvard", "ORG"), ("Norway", "GPE"), ("Japan", "GPE"), ("Brazil", "GPE"), starts=(0, 38))
    assert found["Halvard"][0] is ActorKind.ORG
    assert {"Norway", "Japan", "Brazil"} <= set(found)


# -- a people's name made of a place the text names ------------------------------------------------------


def test_a_peoples_name_made_of_a_place_the_text_names_is_no_actor() -> None:
    text = "Fighting in Vardenia went on. The Vardenians held the border, and Vardenian troops advanced."
    found = actors(text, ("Vardenia", "GPE"), ("Vardenians", "NORP"), ("Vardenian", "NORP", 1), starts=(0, 32))
    assert "Vardenians" not in found and "Vardenian" not in found
    assert found["Vardenia"][0] is ActorKind.PLACE


def test_a_place_itself_and_a_name_near_a_places_are_kept() -> None:
    # "Oman" is the country, not a demonym of another; "Chasers" shares letters with Chad, not its ending.
    text = "Oman and Chad signed the deal. The Chasers, a band, played for the delegates."
    found = actors(text, ("Oman", "GPE"), ("Chad", "GPE"), ("Chasers", "ORG"), starts=(0, 31))
    assert {"Oman", "Chad", "Chasers"} <= set(found)


# -- "the late" before a full name -------------------------------------------------------------------------


def test_the_late_before_a_full_name_makes_it_a_person() -> None:
    text = "The museum added the late Benny Marsh's drums to its collection."
    assert actors(text, ("Benny Marsh", "ORG"))["Benny Marsh"][0] is ActorKind.PERSON


def test_late_as_a_time_word_leaves_an_organisation_alone() -> None:
    text = "Shares of Corvane Holdings fell late Friday."
    assert actors(text, ("Corvane Holdings", "ORG"))["Corvane Holdings"][0] is ActorKind.ORG


# -- a work's title running on through 'of' ------------------------------------------------------------------


def test_a_cued_titles_name_after_of_is_the_titles_end() -> None:
    text = "The Chilean drama Lena Full of Ashes won the prize at Cannes."
    found = actors(text, ("Lena Full", "PERSON"), ("Ashes", "ORG"), ("Cannes", "GPE"))
    assert "Ashes" not in found and "Lena Full" not in found
    assert found["Cannes"][0] is ActorKind.PLACE


def test_a_name_after_a_works_title_and_and_stays() -> None:
    text = "The film Sideways and Paul Giamatti won praise. Giamatti thanked the crew."
    found = actors(text, ("Sideways", "ORG"), ("Paul Giamatti", "PERSON"), ("Giamatti", "PERSON", 1), starts=(0, 48))
    assert found["Paul Giamatti"][0] is ActorKind.PERSON
    assert "Sideways" not in found
