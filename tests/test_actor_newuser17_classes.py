"""Classes a new user met on items of their own (session 17), on sentences written here."""

from __future__ import annotations

import pytest

from pipeline.actors.aliases import load_alias_table
from pipeline.actors.mentions import Mention, clean_span
from pipeline.actors.resolution import resolve_actors
from pipeline.actors.rules import actor_rules
from pipeline.actors.scan import with_alias_hits


def _names(text: str, span: str, label: str = "ORG") -> list[str]:
    table = load_alias_table()
    start = text.index(span)
    mentions = with_alias_hits([Mention(span, label, start, start + len(span), 0)], text, table, [0])
    return [actor.name for actor in resolve_actors(mentions, table, text, [0])]


@pytest.mark.parametrize(
    "body",
    ["Arkansas Hospital Association", "Kansas Farm Bureau", "Kansas State Board of Nursing"],
)
def test_a_state_leading_a_bodys_longer_name_is_part_of_it(body: str) -> None:
    # Cut at the state, the rest was a junk value of its own ("Hospital Association", "Farm Bureau").
    assert _names(f"The {body} wrote to every member on Monday.", body) == [body]


def test_a_country_before_a_name_of_its_own_only_says_whose_it_is() -> None:
    # The guard: a country leading a body's longer name is still cut from it.
    names = _names("The US Trade Representative opened talks.", "US Trade Representative")
    assert names == ["United States", "Trade Representative"]


def _french(text: str, *spans: str) -> dict[str, int]:
    table = load_alias_table().for_language("fr")
    mentions = [Mention(span.rstrip(",."), "ORG", text.index(span), text.index(span) + len(span.rstrip(",.")), 0) for span in spans]
    found = resolve_actors(with_alias_hits(mentions, text, table, [0]), table, text, [0])
    return {actor.name: len(actor.mentions) for actor in found}


def test_a_french_bodys_head_word_after_an_article_is_that_body() -> None:
    # French names a body by its first word ("l'Assemblée"), as English by its last ("the Commission").
    text = "Le Conseil régional a voté le plan. Le préfet a salué le Conseil, puis l'Office national a suivi l'Office."
    found = _french(text, "Conseil régional", "Conseil,", "Office national", "Office.")
    assert found == {"Conseil régional": 2, "Office national": 2}


def test_a_head_word_two_bodies_open_with_stays_apart() -> None:
    text = "La Cour des comptes et la Cour de cassation ont rendu leur avis. La Cour a tranché."
    found = _french(text, "Cour des comptes", "Cour de cassation", "Cour a")
    assert "Cour des comptes" in found and "Cour de cassation" in found
    assert found["Cour des comptes"] == 1 and found["Cour de cassation"] == 1



def test_a_capital_in_its_current_spelling_is_the_place_whatever_the_model_read() -> None:
    text = "Officials in Kyiv said on Monday that talks with Kyiv would resume."
    first, second = text.index("Kyiv"), text.index("Kyiv", text.index("Kyiv") + 1)
    mentions = [Mention("Kyiv", "ORG", first, first + 4, 0), Mention("Kyiv", "PERSON", second, second + 4, 0)]
    table = load_alias_table()
    actors = resolve_actors(with_alias_hits(mentions, text, table, [0]), table, text, [0])
    assert [(actor.name, actor.kind.value, len(actor.mentions)) for actor in actors] == [("Kyiv", "place", 2)]


def _french_labelled(text: str, *spans: tuple[str, str]) -> dict[str, str]:
    table = load_alias_table().for_language("fr")
    mentions = []
    for span, label in spans:
        start = text.index(span)
        written = span.split(" entière")[0].rstrip(".")
        mentions.append(Mention(written, label, start, start + len(written), 0))
    found = resolve_actors(with_alias_hits(mentions, text, table, [0]), table, text, [0])
    return {actor.name: actor.kind.value for actor in found}


def test_a_country_or_place_opening_a_bodys_name_keeps_its_own_value() -> None:
    text = "France Télévisions a diffusé le débat, et la France entière a regardé. L'Europe Écologie a réagi, puis l'Europe."
    found = _french_labelled(
        text, ("France Télévisions", "ORG"), ("France entière", "GPE"), ("Europe Écologie", "ORG"), ("Europe.", "LOC")
    )
    assert found.get("France") == "place" and found.get("Europe") == "place", found


def test_a_state_before_an_office_and_its_holder_only_says_where() -> None:
    # The model read the whole phrase as an organisation: the state is its own value, and the
    # office and its holder a person.
    assert _names("Kansas Gov. Ann Reyes signed the bill.", "Kansas Gov. Ann Reyes") == ["Kansas", "Ann Reyes"]


@pytest.mark.parametrize(
    ("span", "name", "kind"),
    [
        ("Attorney General Ken Paxton", "Ken Paxton", "person"),
        ("Secretary General Ama Osei", "Ama Osei", "person"),
        # The guards: an office's words before a body's name, and an office alone, stay.
        ("President Hotel Group", "President Hotel Group", "org"),
        ("General Post Office", "General Post Office", "org"),
    ],
)
def test_an_office_and_its_holder_read_as_an_organisation_are_a_person(span: str, name: str, kind: str) -> None:
    [mention] = clean_span(span, "ORG", 0, 0, False, actor_rules())
    assert (mention.text, mention.kind.value) == (name, kind)
