from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pipeline.enrich import Enricher
from pipeline.enrich.themes import ThemeMatcher, Taxonomy, assign_themes, load_taxonomy
from pipeline.errors import ConfigurationError
from pipeline.models import IPTC_MEDIA_TOPICS


def test_the_packaged_taxonomy_has_every_iptc_top_level_topic() -> None:
    taxonomy = load_taxonomy()
    top_level = {theme.id for theme in taxonomy.themes if theme.parent is None}
    assert top_level == set(IPTC_MEDIA_TOPICS)
    finer = {theme.id: theme.parent for theme in taxonomy.themes if theme.parent}
    assert {"nuclear", "diplomacy", "elections", "trade"} <= set(finer)


def test_a_finer_theme_brings_its_parent_and_keeps_its_terms() -> None:
    taxonomy = load_taxonomy()
    themes = assign_themes(taxonomy, {"nuclear": Counter({"warhead": 2, "uranium enrichment": 1})})
    by_id = {theme.id: theme for theme in themes}
    assert set(by_id) == {"nuclear", "conflict-war-peace"}
    assert by_id["nuclear"].parent == "conflict-war-peace"
    assert by_id["nuclear"].terms == ["warhead", "uranium enrichment"]
    assert by_id["conflict-war-peace"].score >= by_id["nuclear"].score


def test_a_theme_below_its_threshold_is_not_assigned() -> None:
    assert assign_themes(load_taxonomy(), {"sport": Counter({"match": 1})}) == []


def test_scores_grow_with_hits_and_stay_below_one() -> None:
    taxonomy = load_taxonomy()
    few = assign_themes(taxonomy, {"sport": Counter({"match": 2})})[0].score
    many = assign_themes(taxonomy, {"sport": Counter({"match": 20})})[0].score
    assert 0 < few < many <= 1


def test_matching_runs_on_model_tokens_and_respects_case_for_acronyms(enricher: Enricher) -> None:
    doc = enricher.nlp.make_doc("The Tariffs hit exports. A new trade deal ain't coming, AI firms said; AI chips and tariffs.")
    themes = {theme.id: theme for theme in enricher.themes.themes(doc)}
    assert "trade" in themes and "economy-business-finance" in themes
    assert {"tariffs", "exports", "trade deal"} <= set(themes["trade"].terms)
    # "ai" from "ain't" does not count; the two written "AI" do.
    assert themes["artificial-intelligence"].terms == ["ai"]
    assert sum(1 for token in doc if token.text == "AI") == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("themes:\n  - {id: gossip, label: Gossip, terms: [rumour]}\n", "not an IPTC Media Topic"),
        ("themes:\n  - {id: x, label: X, parent: politics, terms: [a]}\n", "does not define"),
        ("themes:\n  - {id: politics, label: P, terms: [a]}\n  - {id: politics, label: P, terms: [b]}\n", "unique"),
        ("themes: [unclosed\n", "not valid"),
    ],
)
def test_a_broken_taxonomy_file_is_a_clear_configuration_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(text)
    with pytest.raises(ConfigurationError, match=message):
        load_taxonomy(path)


def test_a_user_taxonomy_replaces_the_packaged_one(tmp_path: Path, enricher: Enricher) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(
        "min_hits: 1\nthemes:\n  - {id: sport, label: Sport, terms: [regatta]}\n"
        "  - {id: sailing, label: Sailing, parent: sport, terms: [yacht]}\n"
    )
    matcher = ThemeMatcher.build(load_taxonomy(path), enricher.nlp)
    themes = matcher.themes(enricher.nlp.make_doc("The yacht won."))
    assert [theme.id for theme in themes] == ["sailing", "sport"] or [t.id for t in themes] == ["sport", "sailing"]
    assert isinstance(matcher.taxonomy, Taxonomy)
