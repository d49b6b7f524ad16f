"""A football report is football, not only sport, and a rugby report is not football
(sentences written here; the class a new user found: a derby filed under sport alone)."""

from __future__ import annotations

from pipeline.enrich import Enricher


def _themes(enricher: Enricher, body: str, title: str) -> set[str]:
    return {theme.id for theme in enricher.enrich(body, title=title).themes}


def test_a_league_match_report_is_football(enricher: Enricher) -> None:
    # Its clubs and its league are names to the model, and a name's words are never terms: the
    # finer theme needs its bodies, competitions and clubs as actors.
    themes = _themes(
        enricher,
        "Aston Villa beat Everton 2-0 at Villa Park on Saturday. The young midfielder Tom Ashby set up both "
        "goals, and the visitors' manager said his side never recovered. Villa climb to sixth in the "
        "Premier League table before their Europa League trip on Thursday.",
        "Villa ease past Everton",
    )
    assert {"sport", "football"} <= themes


def test_a_transfer_story_with_no_match_in_it_is_football(enricher: Enricher) -> None:
    themes = _themes(
        enricher,
        "Real Madrid have agreed a fee with Bayern Munich for the left-back Jonas Ebner, who scored an own "
        "goal in the Bundesliga last month but kept a clean sheet in eleven of his other games.",
        "Real agree fee for Ebner",
    )
    assert {"sport", "football"} <= themes


def test_a_rugby_report_with_a_world_cup_and_a_premiership_is_not_football(enricher: Enricher) -> None:
    themes = _themes(
        enricher,
        "Gloucester drew 20-20 with Sale Sharks in the Zurich Premiership. Their scrum-half scored a try "
        "and the fly-half kicked two penalties; a flanker was shown a yellow card. Both coaches have "
        "players in the squad for the World Cup.",
        "Gloucester and Sale share the spoils",
    )
    assert "rugby" in themes and "football" not in themes


def test_a_fund_manager_fined_a_penalty_is_not_football(enricher: Enricher) -> None:
    themes = _themes(
        enricher,
        "The regulator fined the bank a penalty of $20m after a fund manager misled investors, and the "
        "bank's manager of compliance resigned.",
        "Bank pays penalty over fund",
    )
    assert "football" not in themes and "sport" not in themes


def test_a_name_run_from_the_title_into_the_body_is_shown_as_written_on_its_line(enricher: Enricher) -> None:
    # The small model reads "Kyiv\n\nKremlin" as one name where a title ends with a place and the
    # body opens with a body's name; the theme's evidence names the actor, not the glued span.
    document = enricher.enrich(
        "Kremlin officials said on Friday that no talks were planned with the government.",
        title="Minister rules out talks with Kyiv",
    )
    terms = [term for theme in document.themes for term in theme.terms]
    assert "Kremlin" in terms and not [term for term in terms if "\n" in term]


def test_a_city_or_another_sports_club_named_like_a_football_club_is_not_football(enricher: Enricher) -> None:
    themes = _themes(
        enricher,
        "The mayor of Barcelona unveiled a housing plan on Monday, and the city council will vote on it in May.",
        "Barcelona housing plan",
    )
    assert "football" not in themes and "sport" not in themes
    themes = _themes(enricher, "The New York Rangers beat the Boston Bruins 4-2 in overtime.", "Rangers edge Bruins")
    assert "football" not in themes
