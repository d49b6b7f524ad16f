"""One test per class of actor error that the session-12 blind reading of two unseen sets
(TempEval-3 ranks 151-250, NYT editorials ranks 61-120) and the known leftovers of BBC 151-300
showed: a person's lowercase role before a full name read as an organisation, line-up surnames
of random kinds, a body's generic word left over from an office, the place an office is 'of'
read as an organisation, a law taken for an actor, and one firm or department written two ways
in one document kept as two. On sentences written for these tests; spans are given as the
model might give them (no model runs)."""

from __future__ import annotations

from pipeline.actors.aliases import load_alias_table
from pipeline.actors.mentions import mentions_from_doc
from pipeline.actors.resolution import resolve_actors
from pipeline.actors.scan import with_alias_hits
from pipeline.models import ActorKind
from tests.actor_support import Found, doc_with_spans


def actors(text: str, *found: Found, starts: tuple[int, ...] = (0,)) -> dict[str, tuple[ActorKind, list[str]]]:
    """Actors of `text` (name -> kind and the forms written) from the model spans `found`."""
    table = load_alias_table()
    doc = doc_with_spans(text, found)
    pieces: set[tuple[int, int]] = set()
    mentions = with_alias_hits(mentions_from_doc(doc, list(starts), text=text, pieces=pieces), text, table, list(starts), pieces)
    return {actor.name: (actor.kind, [mention.text for mention in actor.mentions]) for actor in resolve_actors(mentions, table, text, list(starts))}


# -- a person's role before a full name --------------------------------------------------------------


def test_a_lowercase_role_before_a_full_name_makes_it_a_person() -> None:
    text = (
        "Wales coach Gareth Pryce named an unchanged side on Monday. "
        "The party's leader Anna Kowalczyk spoke in Leeds. Pryce said the players were ready."
    )
    found = actors(text, ("Wales", "GPE"), ("Gareth Pryce", "ORG"), ("Anna Kowalczyk", "ORG"), ("Leeds", "GPE"), ("Pryce", "ORG", 1))
    assert found["Gareth Pryce"] == (ActorKind.PERSON, ["Gareth Pryce", "Pryce"])
    assert found["Anna Kowalczyk"][0] is ActorKind.PERSON
    assert found["Wales"][0] is ActorKind.PLACE


def test_a_role_before_an_organisations_name_leaves_it_an_organisation() -> None:
    # "leader" is a role, but a name with an organisation's word is no person's.
    text = "The market leader Harwell Holdings cut prices again."
    assert actors(text, ("Harwell Holdings", "ORG"))["Harwell Holdings"][0] is ActorKind.ORG


# -- a line-up's surnames ----------------------------------------------------------------------------


def test_surnames_of_a_line_up_are_players() -> None:
    # Since session 19 a surname written only in the line-up is left out (a bare surname across
    # documents gathers every player of that name: tests/test_actor_false_merges19.py); one the
    # report also writes in its prose is the player's, whatever the model read in the line-up.
    text = (
        "Kilbride were held at home in the league match. Munro scored late in the match from a corner.\n\n"
        "Kilbride: Munro, Tennant, Aitchison (Gow 70), Lennie, Brodie.\n\n"
        "Booked: Tennant, Brodie, Gow.\n"
    )
    found = actors(
        text,
        ("Kilbride", "ORG"),
        ("Kilbride", "ORG", 1),
        ("Munro", "PERSON"),
        ("Munro", "GPE", 1),
        ("Tennant", "ORG"),
        ("Aitchison", "GPE"),
        ("Gow", "PERSON"),
        ("Lennie", "NORP"),
        ("Brodie", "GPE"),
    )
    assert found["Munro"] == (ActorKind.PERSON, ["Munro", "Munro"])
    for name in ("Tennant", "Aitchison", "Gow", "Lennie", "Brodie"):
        assert name not in found, name
    assert found["Kilbride"][0] is ActorKind.ORG  # the team's name before the colon keeps its reading


def test_a_list_outside_a_match_report_keeps_its_readings() -> None:
    text = "Shoppers compared three chains.\n\nTesko, Valemart, Brightway.\n"
    found = actors(text, ("Tesko", "ORG"), ("Valemart", "ORG"), ("Brightway", "ORG"))
    assert {kind for kind, _ in found.values()} == {ActorKind.ORG}


# -- a body's generic word before an office -----------------------------------------------------------


def test_a_bodys_generic_word_before_an_office_is_no_actor() -> None:
    text = "The Borough President met tenants on Tuesday, and the Council Chairman stayed away."
    assert actors(text, ("Borough", "ORG"), ("Council", "NORP")) == {}


def test_a_named_body_before_an_office_stays() -> None:
    text = "Harwell Borough President Ines Marr met tenants."
    assert "Harwell Borough" in actors(text, ("Harwell Borough", "ORG"), ("Ines Marr", "PERSON"))


# -- the place an office is 'of' ---------------------------------------------------------------------


def test_the_name_after_a_place_heads_office_and_of_is_a_place() -> None:
    text = "The mayor of Vennes, Paul Orsat, refused. The governor of Calder said nothing."
    found = actors(text, ("Vennes", "ORG"), ("Paul Orsat", "PERSON"), ("Calder", "ORG"))
    assert found["Vennes"][0] is ActorKind.PLACE
    assert found["Calder"][0] is ActorKind.PLACE


def test_a_governor_of_the_bank_keeps_the_bank() -> None:
    text = "The governor of the Bank of Calder spoke."
    assert actors(text, ("Bank of Calder", "ORG"))["Bank of Calder"][0] is ActorKind.ORG


# -- laws ----------------------------------------------------------------------------------------------


def test_a_law_is_no_actor() -> None:
    text = (
        "The Clean Harbours Act of 1998 and the Finance Bill were cited by Harwell Holdings. "
        "As the Bill goes through the Lords, Bill Harmon said it was wrong."
    )
    found = actors(
        text,
        ("Clean Harbours Act", "ORG"),
        ("Finance Bill", "ORG"),
        ("Harwell Holdings", "ORG"),
        ("Bill", "PERSON", 1),
        ("Lords", "ORG"),
        ("Bill Harmon", "PERSON"),
    )
    assert "Bill" not in found and "Finance Bill" not in found and "Clean Harbours Act" not in found
    assert found["Bill Harmon"] == (ActorKind.PERSON, ["Bill Harmon"])


# -- one firm or department written two ways -----------------------------------------------------------


def test_a_firm_written_with_commas_and_without_is_one() -> None:
    text = "Analysts at Pell, Vantree & Co. were wary. Ms. Orr of Pell Vantree said the bid was too low."
    found = actors(text, ("Pell, Vantree & Co.", "ORG"), ("Orr", "PERSON"), ("Pell Vantree", "ORG"))
    assert found["Pell, Vantree & Co."] == (ActorKind.ORG, ["Pell, Vantree & Co.", "Pell Vantree"])


def test_a_department_of_a_field_is_the_fields_department() -> None:
    text = "The Department of Fisheries wants new rules. The Fisheries Department said so on Monday."
    found = actors(text, ("Department of Fisheries", "ORG"), ("Fisheries Department", "ORG"))
    assert list(found) == ["Department of Fisheries"]
    assert found["Department of Fisheries"][1] == ["Department of Fisheries", "Fisheries Department"]


def test_a_teams_plural_last_word_after_its_full_name_is_the_team() -> None:
    text = "A brewer is buying the Harwell Otters, the best team in the league. It promises to keep Otters baseball as it is."
    found = actors(text, ("Harwell Otters", "ORG"), ("Otters", "NORP", 1))
    assert found == {"Harwell Otters": (ActorKind.ORG, ["Harwell Otters", "Otters"])}


def test_a_last_word_that_is_no_plural_stays_apart() -> None:
    # "Ericsson" beside "Sony Ericsson" may be another firm: only a plural joins.
    text = "Tavi Ericsson made the phones. Ericsson said so."
    found = actors(text, ("Tavi Ericsson", "ORG"), ("Ericsson", "ORG", 1))
    assert set(found) == {"Tavi Ericsson", "Ericsson"}


# -- a capitalised compass word the model left out ---------------------------------------------------


def test_a_capitalised_compass_word_before_a_country_is_part_of_its_name() -> None:
    text = "BELFAST, Northern Ireland (AP)_ Police found a van near the border on Sunday."
    found = actors(text, ("BELFAST", "GPE"), ("Ireland", "GPE"))
    assert "Ireland" not in found
    assert found["Northern Ireland"][0] is ActorKind.PLACE


# -- a demonym joined to a place by a hyphen ------------------------------------------------------------


def test_a_demonym_in_a_hyphenated_pair_is_no_actor() -> None:
    text = "Talks on U.S.-Cuban trade resumed. Havana said the U.S. must move first."
    found = actors(text, ("U.S.-Cuban", "ORG"), ("Havana", "GPE"), ("U.S.", "GPE", 1))
    assert "Cuban" not in found
    assert set(found) == {"United States", "Havana"}


# -- a patronymic particle inside a person's name -------------------------------------------------------


def test_a_patronymic_particle_keeps_a_persons_name_whole() -> None:
    text = "President Daniel arap Moi met the envoys. Moi said little."
    found = actors(text, ("Daniel arap Moi", "PERSON"), ("Moi", "PERSON", 1))
    assert found == {"Daniel arap Moi": (ActorKind.PERSON, ["Daniel arap Moi", "Moi"])}
