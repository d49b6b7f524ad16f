"""Theme ids as users type them: any case, once each, and a reason for each unknown one."""

from __future__ import annotations

from pipeline.suggest import read_theme_ids

KNOWN = ["politics", "diplomacy", "football"]


def test_an_id_asked_in_two_cases_is_one_filter() -> None:
    ids, refused = read_theme_ids(["politics", "POLITICS", "Diplomacy"], KNOWN)
    assert ids == ["politics", "diplomacy"] and refused == {}


def test_an_unknown_id_is_refused_with_the_nearest_ones() -> None:
    ids, refused = read_theme_ids(["footbal"], KNOWN)
    assert ids == [] and "football" in refused["footbal"]
