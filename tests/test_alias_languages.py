"""One actor in every language: the packaged alias table's forms are keyed by language, so a
French article's "Russie", "OTAN" or "BCE" is the facet value its English twin gives, and a
form of one language is never read in another ("BCE" in English, "UN" in French capitals).

The French and English drops are in tests/fixtures/aliases/, written for these tests.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.actors.aliases import AliasEntry, AliasTable, load_alias_table, read_alias_file
from pipeline.actors.keys import alias_key
from pipeline.models import ActorKind

FIXTURES = Path(__file__).parent / "fixtures" / "aliases"
# Each pair: French forms and English forms of one actor, as the brief of issue 18 lists them.
ONE_ACTOR = {
    "Russia": (["Russie"], ["Russia", "Russian Federation"]),
    "Germany": (["Allemagne"], ["Germany"]),
    "United States": (["Etats-Unis", "États-Unis"], ["United States", "U.S."]),
    "United Kingdom": (["Royaume-Uni"], ["United Kingdom", "UK"]),
    "United Nations": (["ONU", "Nations unies"], ["UN", "United Nations"]),
    "NATO": (["OTAN"], ["NATO", "Nato"]),
    "European Union": (["UE", "Union européenne"], ["EU", "European Union"]),
    "European Central Bank": (["BCE", "Banque centrale européenne"], ["ECB", "European Central Bank"]),
}


@pytest.fixture(scope="module")
def packaged() -> AliasTable:
    return load_alias_table()


@pytest.mark.parametrize("name", sorted(ONE_ACTOR))
def test_french_and_english_forms_are_one_actor(packaged: AliasTable, name: str) -> None:
    french, english = ONE_ACTOR[name]
    for form in french:
        assert _found(packaged.for_language("fr"), form) == name, form
    for form in english:
        assert _found(packaged.for_language("en"), form) == name, form
    # What a user types is looked up in every language.
    for form in (*french, *english):
        assert _found(packaged, form) == name, form


def test_a_form_is_read_only_in_its_own_language(packaged: AliasTable) -> None:
    english, french = packaged.for_language("en"), packaged.for_language("fr")
    # "BCE" is an era in English; "UN" and "LA" are words in French capitals ("UN HOMME", "LA FRANCE").
    assert english.find("BCE") is None and french.find("BCE") is not None
    assert french.find("UN") is None and french.find("LA") is None
    assert english.find("UN") is not None and english.find("LA") is not None
    pattern = french.surface_pattern
    assert pattern is not None and pattern.search("UN HOMME ARRÊTÉ À LA FRONTIÈRE") is None
    assert [match.group() for match in pattern.finditer("La BCE et l'OTAN")] == ["BCE", "OTAN"]
    # The canonical name is a form in every language.
    assert _found(french, "European Central Bank") == "European Central Bank"


def test_a_country_added_for_its_french_name_changes_nothing_in_english_text(packaged: AliasTable) -> None:
    english, french = packaged.for_language("en"), packaged.for_language("fr")
    # Its English name is a key, not looked for: a hit would be cut out of the longer name.
    text = "Mexico City and China Mobile welcomed India Inc."
    assert english.surface_pattern is not None and english.surface_pattern.search(text) is None
    assert _found(english, "Mexico") == "Mexico"
    # A longer French name is read whole, never as the country it starts with.
    assert french.surface_pattern is not None
    assert [match.group() for match in french.surface_pattern.finditer("Le Mexique et l'Irlande du Nord")] == ["Mexique", "Irlande du Nord"]
    assert _found(french, "Irlande du Nord") == "Northern Ireland"


def test_a_leading_article_of_the_language_is_looked_past_only_to_find_an_alias(packaged: AliasTable) -> None:
    french = packaged.for_language("fr")
    assert _found(french, "L'OTAN") == "NATO"
    assert _found(french, "l’ONU") == "United Nations"
    assert _found(french, "Les Etats-Unis") == "United States"
    assert _found(french, "la Russie") == "Russia"
    # A name whose article is part of it, or whose rest is no alias, is left as it is.
    assert french.find("L'Oréal") is None and french.find("Le Pen") is None
    # English has no such articles in the table ("the" is dropped by every alias key).
    assert packaged.for_language("en").find("L'OTAN") is None


def test_no_form_names_two_actors_in_the_packaged_table() -> None:
    from importlib import resources

    text = resources.files("pipeline.data").joinpath("aliases.yaml").read_text("utf-8")
    owners: dict[str, str] = {}
    for entry in read_alias_file(text, "aliases.yaml").actors:
        for form in entry.forms(None):
            owner = owners.setdefault(alias_key(form), entry.name)
            assert owner == entry.name, f"{form!r} is listed for {owner!r} and {entry.name!r}"


def test_a_user_file_adds_forms_in_a_language(tmp_path: Path) -> None:
    user = tmp_path / "aliases.yaml"
    user.write_text(
        "actors:\n  - name: Bundesbank\n    kind: org\n    languages: {fr: [Banque fédérale d'Allemagne]}\n", "utf-8"
    )
    table = load_alias_table(user)
    assert _found(table.for_language("fr"), "Banque fédérale d'Allemagne") == "Bundesbank"
    assert table.for_language("en").find("Banque fédérale d'Allemagne") is None
    with pytest.raises(Exception, match="not valid"):
        read_alias_file("actors:\n  - {name: X, kind: org, languages: {french: [Y]}}\n", "bad.yaml")


def test_forms_keyed_by_language() -> None:
    entry = AliasEntry(name="NATO", kind=ActorKind.ORG, aliases=["N"], languages={"fr": ["OTAN"], "en": ["Nato"]})
    assert entry.forms("fr") == ["NATO", "N", "OTAN"]
    assert entry.forms("de") == ["NATO", "N"]
    assert entry.forms(None) == ["NATO", "N", "OTAN", "Nato"]
    keys_only = AliasTable([AliasEntry(name="Chile", kind=ActorKind.PLACE, find_name_in_text=False, languages={"fr": ["Chili"]})])
    assert keys_only.for_language("en").surface_pattern is None and _found(keys_only, "Chile") == "Chile"
    pattern = keys_only.for_language("fr").surface_pattern
    assert pattern is not None and [m.group() for m in pattern.finditer("Chile, Chili")] == ["Chili"]


def _found(table: AliasTable, surface: str) -> str | None:
    known = table.find(surface)
    return known.name if known is not None else None


# -- through the archive: French and English drops, one facet value per actor ----------------


def test_french_and_english_drops_give_one_facet_value_per_actor(isolated_env: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    inbox = tmp_path / "inbox"
    shutil.copytree(FIXTURES, inbox)
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(inbox)], catch_exceptions=False).exit_code == 0
    found = json.loads(runner.invoke(app, ["search", "--json"], catch_exceptions=False).stdout)
    assert {facet["value"]: facet["count"] for facet in found["facets"]["languages"]} == {"en": 2, "fr": 2}
    actors = {facet["value"]: facet["count"] for facet in found["facets"]["actors"]}
    for name in ("Russia", "Germany", "United States", "NATO", "United Nations"):
        assert actors.get(name) == 4, (name, actors)
    for name in ("European Union", "United Kingdom", "European Central Bank", "Brussels", "Frankfurt"):
        assert actors.get(name) == 2, (name, actors)
    french_forms = {"Russie", "Allemagne", "États-Unis", "Etats-Unis", "Royaume-Uni", "ONU", "OTAN", "UE", "BCE", "Bruxelles", "Francfort"}
    assert not french_forms & set(actors), "a French form is a facet value of its own"

    shown = runner.invoke(app, ["actors", "show", "Russia"], catch_exceptions=False)
    assert shown.exit_code == 0
    said = " ".join(shown.output.split())
    assert "named in 4 document(s)" in said and "Russie" in said and "Russia" in said, said
    # A French form reaches the actor too.
    french = runner.invoke(app, ["search", "--actor", "OTAN", "--language", "fr", "--json"], catch_exceptions=False)
    assert json.loads(french.stdout)["total"] == 2
