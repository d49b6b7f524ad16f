"""Classes of theme error found on the third held-out sample (bench/themes.py --heldout heldout3)."""

from __future__ import annotations

from pipeline.enrich import Enricher
from pipeline.enrich.themes import assign_themes, load_taxonomy
from pipeline.models import Theme


def themes_of(enricher: Enricher, body: str, title: str | None = None) -> dict[str, Theme]:
    return {theme.id: theme for theme in enricher.enrich(body, title=title).themes}


def themes_of_language(enricher: Enricher, body: str, language: str) -> dict[str, Theme]:
    return {theme.id: theme for theme in enricher.enrich(body, language=language).themes}


def test_the_airport_of_an_air_crash_is_not_a_travel_story(enricher: Enricher) -> None:
    # "airport" was a full travel term: said four times in a crash report, it filed the crash
    # under lifestyle and leisure too.
    themes = themes_of(
        enricher,
        "A cargo plane crashed short of the runway at Northfield airport on Tuesday, killing both pilots. "
        "The airport was closed for the day. Investigators reached the airport by noon, and the airport "
        "fire crew said the wreck burned for an hour.",
        "Cargo plane crash kills two",
    )
    assert "disaster-accident-emergency" in themes
    assert "lifestyle-leisure" not in themes
    assert "travel-tourism" not in themes


def test_news_heard_on_television_and_radio_is_not_a_media_story(enricher: Enricher) -> None:
    # "television" and "radio" were full terms: a leader who had not spoken on television or in a
    # radio address was filed under arts and media beside politics.
    themes = themes_of(
        enricher,
        "The president has been seen on television twice since his operation but has given no television "
        "or radio address. He will chair the cabinet again next week, the speaker of parliament said, and "
        "the government expects him to sign the budget.",
    )
    assert "politics" in themes
    assert "arts-culture-entertainment-media" not in themes


def test_a_story_about_television_is_still_a_media_story(enricher: Enricher) -> None:
    themes = themes_of(
        enricher,
        "The broadcaster's new drama series drew eight million viewers, the biggest audience for a TV series "
        "this year, and the channel has ordered a second series from the same writers.",
    )
    assert next(iter(themes)) == "arts-culture-entertainment-media"
    assert "television-radio" in themes


def test_waste_incinerators_are_an_environment_story(enricher: Enricher) -> None:
    # "waste" is weak and "incinerator" was not listed: a council's vote on closing incinerators
    # was politics alone.
    themes = themes_of(
        enricher,
        "The council votes today on closing the city's old incinerators, which foul the air with soot. "
        "Without the incinerators more solid waste must be trucked out of town, so the bill should wait "
        "until the new plant opens.",
    )
    assert "environment" in themes
    assert "politics" in themes


def test_hate_groups_and_white_supremacy_are_a_society_story(enricher: Enricher) -> None:
    themes = themes_of(
        enricher,
        "A report counted more hate groups this year than last. The groups preach white supremacy and "
        "anti-semitism, and the civil rights lawyers who wrote the report say hate groups now recruit "
        "teenagers on the internet.",
    )
    assert "society" in themes


def test_a_word_the_top_level_theme_lists_as_weak_stays_weak_for_it() -> None:
    # Internet lists "net" as a term, science and technology as a weak one; pooled, the finer
    # theme's full weight won, so a results story saying "net" four times was technology too.
    taxonomy = load_taxonomy()
    results = {"economy-business-finance": {"profit": 2, "revenue": 1}, "internet-telecoms": {"net": 4}}
    assert [theme.id for theme in assign_themes(taxonomy, results)] == ["economy-business-finance"]
    # Beside words that are surely the internet's, the same word still counts for it.
    online = {"internet-telecoms": {"net": 2, "broadband": 2, "email": 1}, "economy-business-finance": {"profit": 1}}
    assert {"science-technology", "internet-telecoms"} <= {theme.id for theme in assign_themes(taxonomy, online)}


def test_a_shipping_market_report_is_business_not_sport(enricher: Enricher) -> None:
    # Tanker "fixtures" (chartered voyages) were read as sports fixtures, and freight words were
    # not listed: a wire desk's shipping report was filed under sport.
    themes = themes_of(
        enricher,
        "Freight rates for crude tankers firmed on Friday. Nordic Star 130 12/1 Bonny / Houston W82.50. "
        "Cape Delta 80 15/1 Sidi Kreir / Trieste W110. -- London shipping desk",
        "Crude tanker fixtures - 1600 GMT.",
    )
    assert next(iter(themes)) == "economy-business-finance"
    assert "sport" not in themes


def test_the_airport_of_an_air_crash_is_not_travel_in_french_either(enricher: Enricher) -> None:
    themes = themes_of_language(
        enricher,
        "Un avion de fret s'est écrasé mardi à l'atterrissage, tuant les deux pilotes. L'aéroport a été "
        "fermé toute la journée ; les pompiers de l'aéroport ont éteint l'incendie et l'aéroport a rouvert "
        "mercredi, a indiqué la direction de l'aéroport.",
        "fr",
    )
    assert "disaster-accident-emergency" in themes
    assert "lifestyle-leisure" not in themes


def test_journalists_asking_questions_do_not_make_a_media_story(enricher: Enricher) -> None:
    # "journalist" shares its stem with "journalism", a term: it counted in full whatever its list.
    themes = themes_of(
        enricher,
        "The mayor told journalists on Monday that the council would vote on the new bridge. Journalists "
        "waited outside, and one journalist from the local media asked when the mayor would decide.",
    )
    assert "politics" in themes
    assert "arts-culture-entertainment-media" not in themes
