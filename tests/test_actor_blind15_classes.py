"""One test per class of actor error that the session-15 blind reading of two unseen windows
(BBC ranks 301-400, held-out ranks 351-450) showed, with the errors left in the windows judged
before: an event named by its noun after the name ("the Sundance film festival"), a work named
by what only a work wins or by an apposition ("named best film", ", a film biography of"), a
creed's adjective ("Nazi-occupied"), a sportswoman read as an organisation ("heptathlon champion
..."), a band's relative clause in the plural ("..., who were shortlisted"), and another
country's body filed under the body of the same name ("Spain's High Court"). Each has a guard
that a near case is left alone. On sentences written for these tests; spans are given as the
model might give them (no model runs)."""

from __future__ import annotations

from pipeline.actors import actors_in_doc
from pipeline.actors.aliases import load_alias_table
from pipeline.models import ActorKind
from tests.actor_support import doc_with_spans
from tests.test_actor_role_classes import actors

# -- an event's noun after its name ------------------------------------------------------------------


def test_a_name_before_a_festivals_noun_is_the_event_and_votes_as_a_work() -> None:
    text = (
        "Brindle Hollow won the jury prize at the Tamsett film festival in January. "
        "Its director Ola Brandvik said Tamsett had grown every year since it began."
    )
    doc = doc_with_spans(text, (("Brindle Hollow", "PERSON", 0), ("Tamsett", "PERSON", 0), ("Ola Brandvik", "PERSON", 0), ("Tamsett", "PERSON", 1)))
    works: set[str] = set()
    found = {actor.name for actor in actors_in_doc(doc, [0, 75], load_alias_table(), text, works)}
    assert "Tamsett" not in found
    assert "Ola Brandvik" in found
    assert "tamsett" in works


def test_an_organisation_before_an_awards_noun_stays_in_the_document_and_votes_as_a_work() -> None:
    # The organiser may bear the event's name: only the archive's vote can tell.
    text = "Delta Ruiz won the top prize at the first Orrin Music Awards. Orrin said viewers voted."
    doc = doc_with_spans(text, (("Delta Ruiz", "PERSON", 0), ("Orrin", "ORG", 0), ("Orrin", "ORG", 1)))
    works: set[str] = set()
    found = {actor.name: actor.kind for actor in actors_in_doc(doc, [0, 63], load_alias_table(), text, works)}
    assert found["Orrin"] is ActorKind.ORG
    assert "orrin" in works


def test_prize_as_a_verb_is_no_event() -> None:
    text = "That is how highly Korvane prize the robot, said Mr Irish."
    doc = doc_with_spans(text, (("Korvane", "PERSON", 0), ("Irish", "PERSON", 0)))
    works: set[str] = set()
    actors_in_doc(doc, [0], load_alias_table(), text, works)
    assert "korvane" not in works


def test_a_sponsors_name_with_an_organisations_word_before_awards_stays() -> None:
    text = "The Harlow Telecom awards were handed out on Friday. Harlow Telecom said profits rose."
    found = actors(text, ("Harlow Telecom", "ORG"), ("Harlow Telecom", "ORG", 1))
    assert found["Harlow Telecom"][0] is ActorKind.ORG


def test_a_city_before_a_festivals_noun_stays_the_city() -> None:
    text = "The Berlin film festival opened with a comedy."
    assert actors(text, ("Berlin", "ORG"))["Berlin"][0] is ActorKind.PLACE


# -- what only a work wins ---------------------------------------------------------------------------


def test_a_name_named_best_film_is_a_work() -> None:
    text = "The Lantern Keeper has been named best film at the Critics' Circle awards, ahead of Jory Pell."
    found = actors(text, ("Lantern Keeper", "ORG"), ("Jory Pell", "PERSON"))
    assert "Lantern Keeper" not in found
    assert "Jory Pell" in found


def test_a_name_before_a_work_noun_in_an_apposition_is_a_work() -> None:
    text = "Copper Lanes, a film biography of the poet Edda Vass, opened in 300 cinemas."
    found = actors(text, ("Copper Lanes", "ORG"), ("Edda Vass", "PERSON"))
    assert "Copper Lanes" not in found
    assert "Edda Vass" in found


def test_the_author_before_a_works_win_stays_a_person() -> None:
    text = "The Quiet Term by Hal Dunmore has been named best new play at the theatre awards."
    found = actors(text, ("Quiet Term", "ORG"), ("Hal Dunmore", "PERSON"))
    assert found["Hal Dunmore"][0] is ActorKind.PERSON


def test_a_person_who_wins_a_persons_category_or_is_a_film_director_stays() -> None:
    text = (
        "Ines Marlow was named best TV comedy actress for her role. "
        "Tobin Reyes, the film director, won best director."
    )
    found = actors(text, ("Ines Marlow", "PERSON"), ("Tobin Reyes", "PERSON"), starts=(0, 59))
    assert found["Ines Marlow"][0] is ActorKind.PERSON
    assert found["Tobin Reyes"][0] is ActorKind.PERSON


def test_a_band_that_wins_best_album_stays_an_actor() -> None:
    text = "Cinder Vale picked up best international band and album at the ceremony."
    assert "Cinder Vale" in actors(text, ("Cinder Vale", "PERSON"))


# -- a creed's adjective -----------------------------------------------------------------------------


def test_a_creeds_adjective_is_no_actor() -> None:
    text = "The family escaped from Nazi-occupied Austria, where a Nazi official had seized their farm."
    found = actors(text, ("Nazi", "NORP"), ("Austria", "GPE"), ("Nazi", "NORP", 1))
    assert "Nazi" not in found
    assert found["Austria"][0] is ActorKind.PLACE


# -- a sportswoman's title before her name -----------------------------------------------------------


def test_a_champions_title_before_a_full_name_makes_it_a_person() -> None:
    text = "Olympic heptathlon champion Maren Solvik will run the 60m hurdles. Solvik won in Athens."
    found = actors(text, ("Maren Solvik", "ORG"), ("Solvik", "ORG", 1))
    assert found["Maren Solvik"] == (ActorKind.PERSON, ["Maren Solvik", "Solvik"])


def test_a_champions_title_before_a_clubs_name_leaves_the_club() -> None:
    text = "League champion Harrow Rovers lost at home."
    assert actors(text, ("Harrow Rovers", "ORG"))["Harrow Rovers"][0] is ActorKind.ORG


# -- a band's relative clause ------------------------------------------------------------------------


def test_a_name_with_a_plural_relative_clause_is_a_band() -> None:
    text = "Tessel Grange, who were shortlisted in five categories, won best rock act."
    assert actors(text, ("Tessel Grange", "PERSON"))["Tessel Grange"][0] is ActorKind.ORG


def test_a_plural_relative_clause_after_of_belongs_to_the_head() -> None:
    text = "The parents of Arlo Fenwick, who were at the hearing, wept."
    assert actors(text, ("Arlo Fenwick", "PERSON"))["Arlo Fenwick"][0] is ActorKind.PERSON


# -- another country's body --------------------------------------------------------------------------


def test_another_countrys_body_is_not_filed_under_the_body_of_that_name() -> None:
    text = (
        "As he arrived at Spain's High Court, the banker smiled. The Chilean Congress must approve the deal, "
        "and Congress in Washington is expected to follow. The High Court in London ruled last week."
    )
    found = actors(
        text,
        ("Spain", "GPE"),
        ("High Court", "ORG"),
        ("Chilean", "NORP"),
        ("Congress", "ORG"),
        ("Congress", "ORG", 1),
        ("Washington", "GPE"),
        ("High Court", "ORG", 1),
        ("London", "GPE"),
        starts=(0, 57, 151),
    )
    assert found["Congress"][1] == ["Congress"]
    assert found["High Court"][1] == ["High Court"]
    assert found["Spain's High Court"] == (ActorKind.ORG, ["Spain's High Court"])
    assert found["Chilean Congress"] == (ActorKind.ORG, ["Chilean Congress"])


def test_a_body_after_a_possessive_that_names_no_country_is_left_out() -> None:
    text = "The country's Congress met. The US Congress met too."
    found = actors(text, ("Congress", "ORG"), ("US Congress", "ORG"), starts=(0, 28))
    assert "Congress" not in found
    assert found["US Congress"][0] is ActorKind.ORG


def test_a_body_news_names_for_many_countries_keeps_its_owner_apart() -> None:
    # "National Assembly" is no one country's: it is left as the model read it.
    text = "Ricardo Alvarez, head of Cuba's National Assembly, spoke."
    found = actors(text, ("Ricardo Alvarez", "PERSON"), ("Cuba", "GPE"), ("National Assembly", "ORG"))
    assert found["National Assembly"][0] is ActorKind.ORG
    assert found["Cuba"][0] is ActorKind.PLACE


def test_a_persons_full_name_before_a_festivals_noun_stays_the_person() -> None:
    text = "We spent an afternoon at a Rita Hayworth film festival."
    assert actors(text, ("Rita Hayworth", "PERSON"))["Rita Hayworth"][0] is ActorKind.PERSON


def test_a_place_right_before_a_body_many_countries_have_joins_its_name() -> None:
    text = "The US Court of Appeal upheld the ruling. The Court of Appeal in London disagreed."
    found = actors(text, ("US", "GPE"), ("Court of Appeal", "ORG"), ("Court of Appeal", "ORG", 1), ("London", "GPE"), starts=(0, 42))
    assert found["US Court of Appeal"][1] == ["US Court of Appeal"]
    assert found["Court of Appeal"][1] == ["Court of Appeal"]


def test_a_name_a_person_wrote_and_directed_is_a_work() -> None:
    text = "Pell Harbour, which he wrote, directed and starred in, opened in March. Pell Harbour took $4m."
    found = actors(text, ("Pell Harbour", "GPE"), ("Pell Harbour", "GPE", 1), starts=(0, 72))
    assert "Pell Harbour" not in found


def test_a_firm_a_person_founded_stays_a_firm() -> None:
    text = "Quarrow Labs, which he founded in 1998, was sold on Monday."
    assert actors(text, ("Quarrow Labs", "ORG"))["Quarrow Labs"][0] is ActorKind.ORG


# -- a club read as a person -------------------------------------------------------------------------


def test_a_name_before_a_players_position_and_a_player_is_a_club() -> None:
    text = "I thought it was a joke, said Armando, who replaces injured Atletico Varna playmaker Ivo Petrov."
    found = actors(text, ("Armando", "PERSON"), ("Atletico Varna", "PERSON"), ("Ivo Petrov", "PERSON"))
    assert found["Atletico Varna"][0] is ActorKind.ORG
    assert found["Ivo Petrov"][0] is ActorKind.PERSON


def test_an_athletes_coach_after_her_name_leaves_her_a_person() -> None:
    text = "Kelly Vane coach Margo Ross said the season was over."
    assert actors(text, ("Kelly Vane", "PERSON"), ("Margo Ross", "PERSON"))["Kelly Vane"][0] is ActorKind.PERSON


def test_a_standings_rows_name_is_a_team() -> None:
    text = "Standings after Sunday's games:\nReal Soria 15 9 6 0 23 7 33\nAtletico Varna 15 8 3 4 26 17 27\n"
    found = actors(text, ("Real Soria", "ORG"), ("Atletico Varna", "PERSON"))
    assert found["Atletico Varna"][0] is ActorKind.ORG


def test_a_golfers_row_of_scores_leaves_a_person() -> None:
    text = "Leading scores after the fourth round:\nNils Arvo 68 70 69 70 277\n"
    assert actors(text, ("Nils Arvo", "PERSON"))["Nils Arvo"][0] is ActorKind.PERSON


# -- a treaty ----------------------------------------------------------------------------------------


def test_a_treatys_name_is_no_actor() -> None:
    text = (
        "The ruling was incompatible with the Nordic Convention on Fair Trials, lawyers said. "
        "Both states signed the Treaty of Harwick and the Bellmoor Protocol."
    )
    found = actors(text, ("Nordic Convention on Fair Trials", "ORG"), ("Treaty of Harwick", "ORG"), ("Bellmoor Protocol", "ORG"), starts=(0, 86))
    assert found == {}


def test_a_body_named_after_its_treaty_and_an_alliance_stay() -> None:
    text = "The Southern Atlantic Treaty Organisation met in Lisbon. The Varna Pact sent troops."
    found = actors(text, ("Southern Atlantic Treaty Organisation", "ORG"), ("Lisbon", "GPE"), ("Varna Pact", "ORG"), starts=(0, 57))
    assert found["Southern Atlantic Treaty Organisation"][0] is ActorKind.ORG
    assert found["Varna Pact"][0] is ActorKind.ORG


def test_a_monopoly_before_a_name_read_as_a_place_makes_it_a_firm() -> None:
    text = "The unit was bought by state gas monopoly Varonet last week."
    assert actors(text, ("Varonet", "GPE"))["Varonet"][0] is ActorKind.ORG
