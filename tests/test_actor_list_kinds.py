"""One test per class of actor kind that the session-10 reading of the held-out sets' deep ranks
showed the text to decide (a plural noun of a kind of actor before the list it names; an
organisation's people after its name; a firm's cue read before a name the model took for a
region), on sentences written for these tests. Spans are given as the model might give them
(no model runs)."""

from __future__ import annotations

from pipeline.actors.aliases import load_alias_table
from pipeline.actors.mentions import mentions_from_doc
from pipeline.actors.resolution import resolve_actors
from pipeline.actors.scan import with_alias_hits
from pipeline.models import ActorKind
from tests.actor_support import Found, doc_with_spans


def actors(text: str, *found: Found, starts: tuple[int, ...] = (0,)) -> dict[str, ActorKind]:
    """Actors of `text` from the model spans `found` (surface, label[, occurrence]), as `actors_in_doc` finds them."""
    table = load_alias_table()
    doc = doc_with_spans(text, found)
    pieces: set[tuple[int, int]] = set()
    mentions = with_alias_hits(mentions_from_doc(doc, list(starts), text=text, pieces=pieces), text, table, list(starts), pieces)
    return {actor.name: actor.kind for actor in resolve_actors(mentions, table, text, list(starts))}


# -- a plural noun of a kind of actor before 'such as', 'like' or 'including' -----------------------


def test_an_organisations_noun_before_a_list_makes_its_names_organisations() -> None:
    text = "Broadcasters such as Tellwave and Orrin TV bid for the rights. Tellwave said it was pleased."
    found = actors(text, ("Tellwave", "PERSON"), ("Orrin TV", "ORG"), ("Tellwave", "PERSON", 1))
    assert found == {"Tellwave": ActorKind.ORG, "Orrin TV": ActorKind.ORG}
    text = "Record labels, including Marlow and Fenwick Sound, sued the site."
    assert actors(text, ("Marlow", "PERSON"), ("Fenwick Sound", "ORG")) == {"Marlow": ActorKind.ORG, "Fenwick Sound": ActorKind.ORG}
    text = "It sells to specialist firms such as Vantarec, Orrin Soft and others."
    assert actors(text, ("Vantarec", "NORP"), ("Orrin Soft", "ORG")) == {"Vantarec": ActorKind.ORG, "Orrin Soft": ActorKind.ORG}


def test_an_organisations_noun_leaves_known_places_alone() -> None:
    # "firms like Paris": a known city in such a list is the city's market, not a firm.
    text = "Firms like Dornier Tools and Paris bankers rushed in."
    assert actors(text, ("Dornier Tools", "PERSON"), ("Paris", "GPE")) == {"Dornier Tools": ActorKind.ORG, "Paris": ActorKind.PLACE}


def test_a_persons_noun_before_a_list_makes_its_full_names_persons() -> None:
    text = "A host of film stars, including Orla Venner and Tam Roskin, walked the carpet."
    found = actors(text, ("Orla Venner", "ORG"), ("Tam Roskin", "ORG"))
    assert found == {"Orla Venner": ActorKind.PERSON, "Tam Roskin": ActorKind.PERSON}
    text = "Stars like Orla Venner and Tam Roskin have films at the festival."
    assert actors(text, ("Orla Venner", "ORG"), ("Tam Roskin", "PERSON")) == {"Orla Venner": ActorKind.PERSON, "Tam Roskin": ActorKind.PERSON}


def test_a_persons_noun_takes_only_names_of_a_persons_shape() -> None:
    # An organisation's word, or a one-word name, stays as the model read it.
    text = "Singers such as Orla Venner and the Harbour Records choir joined Quillon."
    found = actors(text, ("Orla Venner", "ORG"), ("Harbour Records", "ORG"), ("Quillon", "ORG"))
    assert found == {"Orla Venner": ActorKind.PERSON, "Harbour Records": ActorKind.ORG, "Quillon": ActorKind.ORG}


def test_a_word_like_like_with_no_kinds_noun_says_nothing() -> None:
    text = "Nobody sings like Orla Venner, said Tam Roskin."
    assert actors(text, ("Orla Venner", "ORG"), ("Tam Roskin", "PERSON")) == {"Orla Venner": ActorKind.ORG, "Tam Roskin": ActorKind.PERSON}


def test_persons_listed_with_other_misread_persons_still_need_persons_around_them() -> None:
    # Three or more names whose every other name is a person's (the rule before session 10).
    text = "Orla Venner, Tam Roskin and Bede Carrow arrived."
    found = actors(text, ("Orla Venner", "PERSON"), ("Tam Roskin", "ORG"), ("Bede Carrow", "PERSON"))
    assert found == {"Orla Venner": ActorKind.PERSON, "Tam Roskin": ActorKind.PERSON, "Bede Carrow": ActorKind.PERSON}


# -- an organisation's people right after its name ---------------------------------------------------


def test_an_organisations_people_after_a_name_make_it_an_organisation() -> None:
    text = "Tellwave executives met the council. Tellwave denied the claim, and Tellwave has said so before."
    found = actors(text, ("Tellwave", "ORG"), ("Tellwave", "PERSON", 1), ("Tellwave", "PERSON", 2))
    assert found == {"Tellwave": ActorKind.ORG}
    text = "said Ian Dorr, a Quillon analyst."
    assert actors(text, ("Ian Dorr", "PERSON"), ("Quillon", "PERSON")) == {"Ian Dorr": ActorKind.PERSON, "Quillon": ActorKind.ORG}


def test_a_persons_possessive_or_a_known_city_before_those_nouns_stays() -> None:
    text = "Orla Venner's executives resigned, said a London analyst."
    found = actors(text, ("Orla Venner's", "PERSON"), ("London", "GPE"))
    assert found == {"Orla Venner": ActorKind.PERSON, "London": ActorKind.PLACE}


# -- a firm's cue before a name read as a region ------------------------------------------------------


def test_a_firms_cue_before_a_name_read_as_a_region_makes_it_a_firm() -> None:
    text = "said Ada Pell, an analyst with research firm Saturnia."
    assert actors(text, ("Ada Pell", "PERSON"), ("Saturnia", "LOC")) == {"Ada Pell": ActorKind.PERSON, "Saturnia": ActorKind.ORG}
    text = "The game was made by new publishers Quillon."
    assert actors(text, ("Quillon", "PERSON")) == {"Quillon": ActorKind.ORG}
    # Or as a people (a group): "security firm Vantarec".
    text = "said Ada Pell of security firm Vantarec."
    assert actors(text, ("Ada Pell", "PERSON"), ("Vantarec", "NORP")) == {"Ada Pell": ActorKind.PERSON, "Vantarec": ActorKind.ORG}


# -- an office in the plural before a list of names ---------------------------------------------------


def test_a_plural_office_before_a_list_names_persons_and_is_cut() -> None:
    text = "A bill sponsored by Senators Pardell, Vosk and Quarrie passed."
    found = actors(text, ("Senators Pardell", "PERSON"), ("Vosk", "GPE"), ("Quarrie", "ORG"))
    assert found == {"Pardell": ActorKind.PERSON, "Vosk": ActorKind.PERSON, "Quarrie": ActorKind.PERSON}
    text = "Messrs. Pardell and D'Orvane agreed."
    assert actors(text, ("Pardell", "ORG"), ("D'Orvane", "ORG")) == {"Pardell": ActorKind.PERSON, "D'Orvane": ActorKind.PERSON}


def test_a_plural_office_leaves_organisations_and_known_places_alone() -> None:
    text = "Governors Pardell and the Harbour Council met in Paris."
    found = actors(text, ("Pardell", "ORG"), ("the Harbour Council", "ORG"), ("Paris", "GPE"))
    assert found == {"Pardell": ActorKind.PERSON, "Harbour Council": ActorKind.ORG, "Paris": ActorKind.PLACE}
    # No office before the list: the model's readings stand.
    text = "Pardell and Vosk agreed."
    assert actors(text, ("Pardell", "ORG"), ("Vosk", "GPE")) == {"Pardell": ActorKind.ORG, "Vosk": ActorKind.PLACE}


def test_each_name_after_a_plural_office_holds_the_office() -> None:
    # "Senators Pardell and Vosk": each is a senator, a form the archive learns ("Senator Vosk").
    table = load_alias_table()
    text = "Senators Pardell and Vosk agreed, and Messrs. Orrin and Tam did not."
    doc = doc_with_spans(text, (("Senators Pardell", "PERSON"), ("Vosk", "ORG"), ("Orrin", "PERSON"), ("Tam", "PERSON")))
    resolved = {actor.name: actor.aliases for actor in resolve_actors(mentions_from_doc(doc, [0], text=text), table, text, [0])}
    assert resolved == {"Pardell": ["Pardell", "Senator Pardell"], "Vosk": ["Vosk", "Senator Vosk"], "Orrin": ["Orrin"], "Tam": ["Tam"]}


# -- a person's name the model cut in two --------------------------------------------------------------


def test_a_persons_name_cut_in_two_is_one_name() -> None:
    text = "Senator Ada Morwenna Pell of Vosk spoke. Mrs. Pell said no."
    found = actors(text, ("Ada Morwenna", "PERSON"), ("Pell", "PERSON"), ("Vosk", "GPE"), ("Pell", "PERSON", 1))
    assert found == {"Ada Morwenna Pell": ActorKind.PERSON, "Vosk": ActorKind.PLACE}
    # The word after it left out: joined only where the document reads it alone as a person's name.
    found = actors(text, ("Ada Morwenna", "PERSON"), ("Vosk", "GPE"), ("Pell", "PERSON", 1))
    assert found == {"Ada Morwenna Pell": ActorKind.PERSON, "Vosk": ActorKind.PLACE}
    text = "Senator Ada Morwenna Pell of Vosk spoke."
    assert "Ada Morwenna Pell" not in actors(text, ("Ada Morwenna", "PERSON"), ("Vosk", "GPE"))
    # A possessive ends a name: the next name is another's.
    text = "Ada Pell's Tam-baiting film won, and Tam said nothing."
    found = actors(text, ("Ada Pell's", "PERSON"), ("Tam", "PERSON"), ("Tam", "PERSON", 1))
    assert found == {"Ada Pell": ActorKind.PERSON, "Tam": ActorKind.PERSON}
    found = actors(text, ("Ada Pell's", "PERSON"), ("Tam", "PERSON", 1))
    assert found == {"Ada Pell": ActorKind.PERSON, "Tam": ActorKind.PERSON}
