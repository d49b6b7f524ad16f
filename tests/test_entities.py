"""Each alias rule shown on mentions we write; the model is not needed here."""

from __future__ import annotations

import pytest

from pipeline.actors.aliases import AliasEntry, AliasTable, alias_key, load_alias_table
from pipeline.actors.mentions import Mention, clean_mention
from pipeline.actors.resolution import resolve_actors
from pipeline.models import ActorKind


def mention(text: str, label: str = "PERSON", start: int = 0, sentence: int = 0, possessive: bool = False) -> Mention:
    return Mention(text=text, label=label, start=start, end=start + len(text), sentence=sentence, possessive=possessive)


def names(actors) -> dict[str, list[str]]:
    return {actor.name: actor.aliases for actor in actors}


def test_alias_key_ignores_case_accents_dots_hyphens_and_articles() -> None:
    assert alias_key("Kim Jong-un") == alias_key("KIM JONG UN") == "kim jong un"
    assert alias_key("Zelenskyy") != alias_key("Zelensky")
    assert alias_key("Müller") == "muller"
    assert alias_key("U.S.") == "us"
    assert alias_key("the United States") == "united states"


def test_spelling_variants_and_the_surname_merge_into_one_person() -> None:
    actors = resolve_actors(
        [mention("Kim Jong-un", start=0), mention("Kim Jong Un", start=50), mention("Kim", start=90), mention("Kim", start=120)]
    )
    assert len(actors) == 1
    kim = actors[0]
    assert kim.name == "Kim Jong Un"
    assert kim.aliases == ["Kim Jong-un", "Kim Jong Un", "Kim"]
    assert kim.kind is ActorKind.PERSON
    assert len(kim.mentions) == 4


def test_a_surname_mislabelled_as_org_still_joins_its_person() -> None:
    actors = resolve_actors([mention("Sidney Sailer"), mention("Sailer", "ORG", start=40)])
    assert names(actors) == {"Sidney Sailer": ["Sidney Sailer", "Sailer"]}
    assert actors[0].kind is ActorKind.PERSON


def test_possessive_org_votes_yield_to_a_person_reading() -> None:
    actors = resolve_actors(
        [
            mention("Trump", "ORG", 0, possessive=True),
            mention("Trump", "ORG", 20, possessive=True),
            mention("Trump", "PERSON", 40),
        ]
    )
    assert [(actor.name, actor.kind) for actor in actors] == [("Trump", ActorKind.PERSON)]


def test_a_plain_org_majority_is_kept() -> None:
    actors = resolve_actors([mention("Apple", "ORG", 0), mention("Apple", "ORG", 10), mention("Apple", "PERSON", 20)])
    assert actors[0].kind is ActorKind.ORG


def test_an_ambiguous_surname_stays_apart() -> None:
    actors = resolve_actors([mention("Kim Jong Un"), mention("Kim Yo Jong", start=20), mention("Kim", start=40)])
    # "Kim" joins neither, and is left out: as a value of its own it would hold every Kim.
    assert set(names(actors)) == {"Kim Jong Un", "Kim Yo Jong"}


def test_a_close_misspelling_of_a_surname_joins_the_person() -> None:
    actors = resolve_actors([mention("Volodymyr Zelenskyy"), mention("Zelensky", start=30)])
    assert names(actors) == {"Volodymyr Zelenskyy": ["Volodymyr Zelenskyy", "Zelensky"]}


def test_short_names_need_an_exact_match() -> None:
    actors = resolve_actors([mention("Joe Biden"), mention("Bidet", "ORG", start=30), mention("Boden", start=50)])
    assert "Bidet" in names(actors)


def test_a_hyphenated_pair_of_known_names_is_split() -> None:
    actors = resolve_actors([mention("Donald Trump"), mention("Trump-Zelensky", start=30), mention("Zelensky", start=60)])
    assert names(actors) == {"Donald Trump": ["Donald Trump", "Trump"], "Zelensky": ["Zelensky"]}
    assert len(next(actor for actor in actors if actor.name == "Zelensky").mentions) == 2


def test_a_hyphenated_name_nobody_else_uses_is_kept_whole() -> None:
    actors = resolve_actors([mention("Jean-Pierre")])
    assert names(actors) == {"Jean-Pierre": ["Jean-Pierre"]}


def test_known_aliases_map_to_their_canonical_actor() -> None:
    actors = resolve_actors(
        [mention("U.S.", "GPE"), mention("United States", "GPE", 10), mention("America", "GPE", 30), mention("US", "ORG", 50)],
        load_alias_table(),
    )
    assert [(actor.name, actor.kind, len(actor.mentions)) for actor in actors] == [("United States", ActorKind.PLACE, 4)]


def test_user_alias_entries_override_packaged_ones() -> None:
    table = AliasTable([AliasEntry(name="Xi Jinping", kind=ActorKind.PERSON, aliases=["President Xi", "Xi"])])
    actors = resolve_actors([mention("President Xi"), mention("Xi", start=20)], table)
    assert names(actors) == {"Xi Jinping": ["President Xi", "Xi"]}


def test_clean_mention_trims_articles_possessives_and_keeps_offsets() -> None:
    body = "Yesterday the U.S. State Department's spokesman and North Korea's envoy met."
    for surface, expected in (("the U.S. State Department's", "U.S. State Department"), ("North Korea's", "North Korea")):
        start = body.index(surface)
        cleaned = clean_mention(surface, "ORG", start)
        assert cleaned is not None
        assert cleaned.text == expected
        assert body[cleaned.start : cleaned.end] == expected
        assert cleaned.possessive


def test_plural_possessive_keeps_the_s() -> None:
    cleaned = clean_mention("Jones'", "PERSON", 0)
    assert cleaned is not None and cleaned.text == "Jones"


def test_junk_spans_are_dropped() -> None:
    for junk in ("he", "It", "1999", "A", "--", "anti-Western", "BREAKING NEWS FROM THE DESK"):
        assert clean_mention(junk, "ORG", 0) is None, junk
    assert clean_mention("US", "GPE", 0) is not None  # not the pronoun "us"
    assert clean_mention("NATO", "ORG", 0) is not None


def test_titles_are_trimmed_so_the_name_joins_its_person() -> None:
    body = "Yesterday President Xi Jinping spoke. President Xi then left, and Mr Powell replied to Jerome Powell's critics."
    cleaned = [clean_mention(text, "PERSON", body.index(text)) for text in ("President Xi Jinping", "President Xi", "Mr Powell")]
    assert [(m.text, body[m.start : m.end]) for m in cleaned] == [("Xi Jinping", "Xi Jinping"), ("Xi", "Xi"), ("Powell", "Powell")]
    actors = resolve_actors([*cleaned, mention("Jerome Powell", start=body.index("Jerome"))])
    assert names(actors) == {
        "Xi Jinping": ["Xi Jinping", "President Xi Jinping", "Xi", "President Xi"],
        "Jerome Powell": ["Powell", "Jerome Powell"],
    }
    assert clean_mention("President", "PERSON", 0) is None  # a title alone names nobody


def test_acronyms_and_clipped_forms_join_their_organisation() -> None:
    actors = resolve_actors(
        [
            mention("Federal Reserve", "ORG"),
            mention("Fed", "ORG", 30),
            mention("Marks & Spencer", "ORG", 50),
            mention("M&S", "ORG", 80),
            mention("European Central Bank", "ORG", 100),
            mention("ECB", "ORG", 130),
        ]
    )
    assert names(actors) == {
        "Federal Reserve": ["Federal Reserve", "Fed"],
        "Marks & Spencer": ["Marks & Spencer", "M&S"],
        "European Central Bank": ["European Central Bank", "ECB"],
    }


def test_a_short_form_that_fits_two_organisations_stays_apart() -> None:
    actors = resolve_actors([mention("Bank of America", "ORG"), mention("Bank of Austria", "ORG", 30), mention("BA", "ORG", 60)])
    assert "BA" in names(actors)


def test_a_split_in_the_alias_file_keeps_two_names_apart() -> None:
    table = AliasTable([], splits=[["Kim", "Kim Jong Un"], ["Fed", "Federal Reserve"]])
    actors = resolve_actors(
        [mention("Kim Jong Un"), mention("Kim", start=20), mention("Federal Reserve", "ORG", 40), mention("Fed", "ORG", 60)],
        table,
    )
    assert set(names(actors)) == {"Kim Jong Un", "Kim", "Federal Reserve", "Fed"}
    assert set(names(resolve_actors([mention("Kim Jong Un"), mention("Kim", start=20)]))) == {"Kim Jong Un"}


@pytest.mark.parametrize(
    ("full", "lone"),
    [
        ("Serena Williams", "William"),  # a surname is not a first name with an s
        ("Micah Richards", "Richard"),
        ("Lee Clarke", "Clark"),  # a letter added at the end is another surname
        ("Gordon Browne", "Brown"),
        ("Richie Byrne", "Ritchie"),  # a first name is matched as written
    ],
)
def test_a_lone_name_a_letter_apart_at_the_end_or_in_a_first_name_is_someone_else(full: str, lone: str) -> None:
    actors = resolve_actors([mention(full), mention(lone, start=40)])
    assert set(names(actors)) in ({full, lone}, {full}), names(actors)
    assert names(actors)[full] == [full]


def test_a_doubled_last_letter_is_still_a_spelling_of_one_surname() -> None:
    actors = resolve_actors([mention("Missy Elliott"), mention("Elliot", start=30)])
    assert names(actors) == {"Missy Elliott": ["Missy Elliott", "Elliot"]}
