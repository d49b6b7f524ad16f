"""Classes a new user met on items of their own (session 17), on sentences written here."""

from __future__ import annotations

import pytest

from pipeline.actors.aliases import load_alias_table
from pipeline.actors.mentions import Mention
from pipeline.actors.resolution import resolve_actors
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
