"""Short articles written for this test: a later surname or short form joins the actor
named in full, through the real model (which misses or mislabels some of them)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
import yaml

from pipeline.enrich import Enricher

ARTICLES = yaml.safe_load((Path(__file__).parent / "fixtures" / "second_mentions.yaml").read_text("utf-8"))["articles"]


@pytest.mark.parametrize("article", ARTICLES, ids=[article["actor"] for article in ARTICLES])
def test_a_later_mention_joins_the_actor_named_in_full(enricher: Enricher, article: dict) -> None:
    actors = enricher.enrich(article["body"], title=article["title"]).actors
    [actor] = [actor for actor in actors if actor.name == article["actor"]]
    for form in article["later"]:
        assert form in actor.aliases, (form, actor)
        assert form not in {other.name for other in actors}, form
    assert actor.mentions >= times_written(article["body"], article["actor"], article["later"]), actor


def times_written(body: str, full: str, later: list[str]) -> int:
    """How often the actor is written: in full, and in a later form outside the full name."""
    outside = re.sub(re.escape(full), " ", body)
    return body.count(full) + sum(len(re.findall(rf"\b{re.escape(form)}\b", outside)) for form in later)


@given(
    pieces=st.lists(st.sampled_from(["Okafor", "Chidi", "Brown", "Commission", "European", "O'Neil", "x", "é", "_"]), max_size=25),
    glue=st.lists(st.sampled_from([" ", "", ".", "-", "'", "’", "\n"]), min_size=25, max_size=25),
    parts=st.sets(st.sampled_from(["Okafor", "Brown", "Commission", "European Commission", "Chidi Okafor", "O'Neil"]), min_size=1),
)
def test_name_parts_are_found_where_one_alternation_pattern_would_find_them(pieces, glue, parts) -> None:
    from pipeline.actors.scan import _occurrences

    text = "".join(piece + joint for piece, joint in zip(pieces, glue))
    pattern = re.compile(r"(?<![\w'’.-])(?:" + "|".join(map(re.escape, sorted(parts, key=len, reverse=True))) + r")(?![\w-])")
    assert _occurrences(text, parts) == [match.span() for match in pattern.finditer(text)]
