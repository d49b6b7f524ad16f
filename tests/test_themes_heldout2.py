"""Classes of theme error found on the second held-out sample (bench/themes.py --heldout heldout2)."""

from __future__ import annotations

from pipeline.enrich import Enricher
from pipeline.enrich.themes import assign_themes, load_taxonomy
from pipeline.models import Theme


def themes_of(enricher: Enricher, body: str, title: str | None = None) -> dict[str, Theme]:
    return {theme.id: theme for theme in enricher.enrich(body, title=title).themes}


def evidence_of(enricher: Enricher, text: str) -> dict[str, dict[str, float]]:
    found, _ = enricher.themes.evidence(enricher.nlp(text))
    return {theme_id: dict(seen) for theme_id, seen in found.items()}


def test_one_word_a_story_keeps_coming_back_to_keeps_its_topic_beside_a_stronger_one(enricher: Enricher) -> None:
    # Repeats are damped, so "pope" four times stayed under min_score and the visit was filed
    # under business alone.
    themes = themes_of(
        enricher,
        "Hotel bookings in the city doubled this month and the chain's shares rose as its profit beat "
        "forecasts. The pope arrives on Friday; crowds have waited a year for the pope, and the pope will "
        "speak in the square before the pope flies home on Sunday.",
    )
    assert "religion" in themes
    assert "economy-business-finance" in themes
    # A weak word is used loosely: four of them are still not a topic beside a stronger one.
    evidence = {"sport": {"striker": 2, "goalkeeper": 1, "midfielder": 1}, "economy-business-finance": {"company": 4}}
    assert [theme.id for theme in assign_themes(load_taxonomy(), evidence)] == ["sport"]


def test_the_toll_of_a_bombing_is_conflict_and_the_toll_of_an_earthquake_a_disaster(enricher: Enricher) -> None:
    # Wire stories of an attack count the dead and the injured and the rescuers at length: those
    # words outweighed the bombing and filed the attack under disasters.
    attack = evidence_of(
        enricher,
        "Rescuers searched for survivors after the bombings, and the death toll rose to 40 as ambulances "
        "carried the injured away from the attack.",
    )
    assert "disaster-accident-emergency" not in attack
    assert {"rescuers", "death toll"} <= set(attack["conflict-war-peace"])
    quake = evidence_of(enricher, "Rescuers searched for survivors after the earthquake, and the death toll rose to 40.")
    assert {"rescuers", "death toll", "earthquake"} <= set(quake["disaster-accident-emergency"])
    # The dead and the injured alone say nothing of how they died.
    alone = evidence_of(enricher, "Two people were killed and five injured on Monday, officials said.")
    assert not any({"killed", "injured"} & set(seen) for seen in alone.values())


def test_a_film_out_on_dvd_is_not_a_technology_story(enricher: Enricher) -> None:
    # DVD is how films are sold: a review of a film's DVD release is arts, as the BBC files it.
    themes = themes_of(
        enricher,
        "The DVD of the film comes with a director's commentary. The DVD also has deleted scenes, and the "
        "DVD's digital transfer is sharp. Fans of the actor will want this DVD.",
        "DVD review",
    )
    assert "arts-culture-entertainment-media" in themes
    assert "science-technology" not in themes
