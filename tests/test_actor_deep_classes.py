"""One test per class of actor error that the less frequent facet values of the held-out sets
showed (ranks 151-250 of `bench/actors.py --heldout`, 61-120 of `--heldout nyt2`), on sentences
written for these tests. Spans are given as the model might give them (no model runs)."""

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


# -- a department's word is part of an office's title --------------------------------------------


def test_a_department_word_before_or_after_an_office_is_no_actor() -> None:
    text = (
        "The Kestland Defense Minister spoke first. Later the Secretary of Transport, Ada Pell, "
        "replied, and Harbours Commissioner Bo Rand agreed."
    )
    found = actors(
        text,
        ("Kestland", "GPE"),
        ("Defense", "ORG"),
        ("Transport", "ORG"),
        ("Ada Pell", "PERSON"),
        ("Harbours", "PERSON"),
        ("Bo Rand", "PERSON"),
    )
    assert found == {"Kestland": ActorKind.PLACE, "Ada Pell": ActorKind.PERSON, "Bo Rand": ActorKind.PERSON}


def test_initials_before_an_office_name_a_body_of_their_own() -> None:
    found = actors("The KTU Secretary-General, Cal Dorran, arrived in Vell.", ("KTU", "ORG"), ("Cal Dorran", "PERSON"), ("Vell", "GPE"))
    assert found == {"KTU": ActorKind.ORG, "Cal Dorran": ActorKind.PERSON, "Vell": ActorKind.PLACE}


def test_a_one_word_organisation_before_another_word_stays() -> None:
    found = actors("Ministers from Quorvane met in Vell.", ("Quorvane", "ORG"), ("Vell", "GPE"))
    assert found == {"Quorvane": ActorKind.ORG, "Vell": ActorKind.PLACE}


# -- a field of a results table is no actor ----------------------------------------------------


def test_a_field_name_before_its_number_is_no_actor() -> None:
    text = "Harnby Rovers 2 Kestle Town 1\nAttendance: 12,400\nHalftime 1-0.\nAttendance:\n9,800.\nKestle: the club said nothing."
    found = actors(
        text,
        ("Harnby Rovers", "ORG"),
        ("Kestle Town", "ORG"),
        ("Attendance", "PERSON"),
        ("Attendance", "PERSON", 1),
        ("Kestle", "ORG", 1),
    )
    assert "Attendance" not in found
    assert found["Harnby Rovers"] is ActorKind.ORG and found["Kestle Town"] is ActorKind.ORG


# -- an event's plural ends no person's name ---------------------------------------------------


def test_a_plural_of_an_event_noun_ends_no_persons_name() -> None:
    text = "She sang at the Lumen Awards and won two Vela Prizes. Ada Masters hosted."
    found = actors(text, ("Lumen Awards", "PERSON"), ("Vela Prizes", "PERSON"), ("Ada Masters", "PERSON"))
    assert found == {"Ada Masters": ActorKind.PERSON}


# -- a plural name written with the article is a band, not a person ----------------------------


def test_a_plural_name_with_the_article_is_a_band() -> None:
    text = "Fans of the Quillers queued for hours, and The Marrow Lanterns played last."
    found = actors(text, ("Quillers", "PERSON"), ("Marrow Lanterns", "PERSON"))
    assert found == {"Quillers": ActorKind.ORG, "Marrow Lanterns": ActorKind.ORG}


def test_a_band_named_with_a_plural_head_is_an_organisation() -> None:
    found = actors("Vell act Marrow Sisters topped the chart.", ("Vell", "GPE"), ("Marrow Sisters", "PERSON"))
    assert found == {"Vell": ActorKind.PLACE, "Marrow Sisters": ActorKind.ORG}


def test_a_family_or_siblings_with_the_article_stay_people() -> None:
    text = "Crowds cheered the Corrins sisters. Bo Wendal spoke for the Wendals."
    found = actors(text, ("Corrins", "PERSON"), ("Bo Wendal", "PERSON"), ("Wendals", "PERSON"))
    assert found.get("Corrins") is ActorKind.PERSON
    assert found.get("Wendals") is not ActorKind.ORG and found["Bo Wendal"] is ActorKind.PERSON


def test_a_country_written_with_the_article_is_no_band() -> None:
    found = actors("Talks with the Philippines resumed.", ("Philippines", "PERSON"))
    assert found.get("Philippines") is not ActorKind.ORG


# -- a city in a results row stands for its team, whatever the model read ---------------------


def test_a_city_in_a_standings_row_is_dropped_whatever_its_label() -> None:
    text = "Standings:\nDETROIT 15 9 4 81 53\nBOSTON 12 12 3 71 60\nHARNBY ROVERS 9 2 1 30 20\nThe Detroit plant reopened."
    found = actors(text, ("DETROIT", "ORG"), ("BOSTON", "PERSON"), ("HARNBY ROVERS", "ORG"), ("Detroit", "GPE"))
    assert found == {"Detroit": ActorKind.PLACE, "Harnby Rovers": ActorKind.ORG}


# -- a navy's prefix names a craft --------------------------------------------------------------


def test_a_navy_prefix_makes_the_name_a_crafts() -> None:
    found = actors("The band played aboard HMS Kestrel, moored off Kestleford.", ("Kestrel", "GPE"), ("Kestleford", "GPE"))
    assert found == {"Kestleford": ActorKind.PLACE}


# -- "Company" tells no firms apart ------------------------------------------------------------


def test_a_firms_first_word_after_its_name_with_company_is_the_firm() -> None:
    text = "The Marrow Soup Company sued. Regulators then fined Marrow's for its claims."
    found = actors(text, ("Marrow Soup Company", "ORG"), ("Marrow", "ORG", 1))
    assert found == {"Marrow Soup Company": ActorKind.ORG}


# -- a religion's adjective is no actor --------------------------------------------------------


def test_a_religions_adjective_is_no_group() -> None:
    found = actors("Christian leaders met Jewish groups in Vell.", ("Christian", "NORP"), ("Jewish", "NORP"), ("Vell", "GPE"))
    assert found == {"Vell": ActorKind.PLACE}


def test_the_article_before_a_name_and_a_noun_goes_with_the_noun() -> None:
    text = "Critics praised the Ray Charles biopic, and the Jennings report was published."
    found = actors(text, ("Ray Charles", "PERSON"), ("Jennings", "PERSON"))
    assert found == {"Ray Charles": ActorKind.PERSON, "Jennings": ActorKind.PERSON}


# -- a number after a name in running text numbers a sequel ------------------------------------


def test_a_name_with_a_sequels_number_is_a_work() -> None:
    text = "Lantern Man 2 topped the chart, ahead of Ada Pell's new film. Sales reached 2,000 for Bo Rand 2.5 times faster, and Cal Dorran 3 for 40 won it."
    found = actors(text, ("Lantern Man", "PERSON"), ("Ada Pell", "PERSON"), ("Bo Rand", "PERSON"), ("Cal Dorran", "PERSON"))
    assert found == {"Ada Pell": ActorKind.PERSON, "Bo Rand": ActorKind.PERSON, "Cal Dorran": ActorKind.PERSON}


def test_a_players_score_in_a_results_row_is_no_sequel() -> None:
    found = actors("Leading scores:\nAda Pell 3 4 71\nBo Rand 2 5 70\n", ("Ada Pell", "PERSON"), ("Bo Rand", "PERSON"))
    assert found == {"Ada Pell": ActorKind.PERSON, "Bo Rand": ActorKind.PERSON}


# -- a name before a colon and a subtitle is a title -------------------------------------------


def test_a_name_before_a_colon_and_a_subtitle_is_a_works_title() -> None:
    text = (
        "Sales of Lantern Quest: Harbour Nights topped the chart. Fans of KRT: Night Watch and "
        "KRT: Vell queued, and Vell council told the Kestle Herald: We will act. The studio "
        "Quorvane made both."
    )
    found = actors(
        text,
        ("Lantern Quest", "ORG"),
        ("Harbour Nights", "ORG"),
        ("KRT", "ORG"),
        ("Night Watch", "ORG"),
        ("KRT", "PERSON", 1),
        ("Vell", "GPE"),
        ("Vell", "GPE", 1),
        ("Kestle Herald", "ORG"),
        ("Quorvane", "ORG"),
    )
    assert found == {"Vell": ActorKind.PLACE, "Kestle Herald": ActorKind.ORG, "Quorvane": ActorKind.ORG}


def test_a_persons_name_before_a_colon_is_someone_quoted() -> None:
    text = 'A column praised Mr. Rand. "Bo Rand: Not Just a Pretty Face," read the headline.'
    found = actors(text, ("Rand", "PERSON"), ("Bo Rand", "PERSON"))
    assert found == {"Bo Rand": ActorKind.PERSON}


def test_a_fields_name_and_its_value_at_a_lines_start_are_no_title() -> None:
    found = actors("Scorers:\nKestle: Ada Pell 12, Bo Rand 40\n", ("Kestle", "ORG"), ("Ada Pell", "PERSON"), ("Bo Rand", "PERSON"))
    assert found == {"Kestle": ActorKind.ORG, "Ada Pell": ActorKind.PERSON, "Bo Rand": ActorKind.PERSON}
