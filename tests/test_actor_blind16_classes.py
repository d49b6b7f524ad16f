"""One test per class of actor error that the session-16 blind reading of two unseen windows
(TempEval-3 ranks 351-450, NYT editorials ranks 201-300) showed, with the errors left in the
windows judged before: a person named after a trade, a calling or kin the role list did not
know ("the astronaut ...", "his second wife ..."). Each has a guard that a near case is left
alone. On sentences written for these tests; spans are given as the model might give them
(no model runs)."""

from __future__ import annotations

from pipeline.models import ActorKind
from tests.test_actor_role_classes import actors

# -- a trade, a calling or kin before a full name -----------------------------------------------------


def test_a_trade_calling_or_kin_before_a_full_name_makes_it_a_person() -> None:
    text = (
        "The Hungarian astronaut Bela Torvath will leave for Texas, Torvath said on Monday. "
        "The film maker Odile Renard's documentary reopened the case. "
        "He married as his second wife Yuki Tanabe, a translator."
    )
    found = actors(
        text,
        ("Bela Torvath", "ORG"),
        ("Texas", "GPE"),
        ("Torvath", "ORG", 1),
        ("Odile Renard", "ORG"),
        ("Yuki Tanabe", "ORG"),
    )
    assert found["Bela Torvath"] == (ActorKind.PERSON, ["Bela Torvath", "Torvath"])
    assert found["Odile Renard"][0] is ActorKind.PERSON
    assert found["Yuki Tanabe"][0] is ActorKind.PERSON
    assert found["Texas"][0] is ActorKind.PLACE


def test_a_trade_before_a_name_with_an_organisations_word_leaves_it_an_organisation() -> None:
    # The cue names a person only where the name has a person's shape.
    text = "The shipping tycoon Harwell Holdings bought the yard, and the painter Arden Studios moved out."
    found = actors(text, ("Harwell Holdings", "ORG"), ("Arden Studios", "ORG"))
    assert found["Harwell Holdings"][0] is ActorKind.ORG
    assert found["Arden Studios"][0] is ActorKind.ORG


# -- a band's cue outweighs the model's bare person readings across documents --------------------------


def test_a_cue_that_makes_a_persons_reading_an_organisation_is_reported_for_the_archive() -> None:
    from pipeline.actors import actors_in_doc
    from pipeline.actors.aliases import load_alias_table
    from tests.actor_support import doc_with_spans

    text = "Velvet Marrow frontman Ilya Brandt thanked the crowd. The singer Ada Quill joined them."
    doc = doc_with_spans(text, (("Velvet Marrow", "PERSON"), ("Ilya Brandt", "PERSON"), ("Ada Quill", "PERSON")))
    cued: set[str] = set()
    found = {actor.name: actor.kind for actor in actors_in_doc(doc, [0, 53], load_alias_table(), text, cued_organisations=cued)}
    assert found["Velvet Marrow"] is ActorKind.ORG
    assert cued == {"velvet marrow"}, "a person read as a person, or named by a person's cue, is no cued organisation"


def _reading(kind: ActorKind, name: str):
    from pipeline.models import Actor

    return Actor(name=name, kind=kind, aliases=[name], mentions=1)


def test_two_documents_whose_cue_shows_a_band_make_its_bare_person_readings_the_organisations(tmp_path) -> None:
    from pipeline.registry import ActorRegistry

    registry = ActorRegistry(tmp_path / "state.sqlite3")
    bare = _reading(ActorKind.PERSON, "Velvet Marrow")
    for _ in range(3):  # "a gig starring Velvet Marrow and Ada Quill": the model reads a person
        registry.learn(registry.canonicalize([bare]))
    registry.learn(registry.canonicalize([_reading(ActorKind.ORG, "Velvet Marrow")]), cued_organisations=["velvet marrow"])
    assert registry.canonicalize([bare])[0].kind is ActorKind.PERSON, "one document's cue may be wrong"
    registry.learn(registry.canonicalize([_reading(ActorKind.ORG, "Velvet Marrow")]), cued_organisations=["velvet marrow"])
    # Three bare readings against two documents that showed the band: the band wins, in the
    # documents to come and in those stored before, which are named again.
    assert registry.canonicalize([bare])[0].kind is ActorKind.ORG
    assert registry.take_late_names() == ["Velvet Marrow"]
    assert registry.renamed_stored([bare], "Velvet Marrow")[0].kind is ActorKind.ORG
    # A new process over the same archive reads the votes.
    assert ActorRegistry(tmp_path / "state.sqlite3").canonicalize([bare])[0].kind is ActorKind.ORG


def test_organisation_readings_with_no_cue_do_not_outweigh_a_persons_name(tmp_path) -> None:
    # "Jamie Foxx" read as an organisation in two reviews by the model alone stays a person.
    from pipeline.registry import ActorRegistry

    registry = ActorRegistry(tmp_path / "state.sqlite3")
    for _ in range(2):
        registry.learn(registry.canonicalize([_reading(ActorKind.ORG, "Nadia Corvell")]))
    for _ in range(3):
        registry.learn(registry.canonicalize([_reading(ActorKind.PERSON, "Nadia Corvell")]))
    assert registry.canonicalize([_reading(ActorKind.PERSON, "Nadia Corvell")])[0].kind is ActorKind.PERSON
    assert registry.take_late_names() == []


# -- a firm's leading words after its full legal name ---------------------------------------------------


def test_a_firms_leading_words_after_its_full_legal_name_join_it() -> None:
    text = (
        "Kestrel Data Processing Inc. plans to redeem its notes on Nov. 16. "
        "In composite trading Friday, Kestrel Data closed at $46.50 a share. "
        "Orrin Medical International Inc. bought the unit, and Orrin Medical's board approved."
    )
    found = actors(
        text,
        ("Kestrel Data Processing Inc.", "ORG"),
        ("Kestrel Data", "ORG", 1),
        ("Orrin Medical International Inc.", "ORG"),
        ("Orrin Medical", "ORG", 1),
    )
    assert found["Kestrel Data Processing Inc."][1] == ["Kestrel Data Processing Inc.", "Kestrel Data"]
    assert found["Orrin Medical International Inc."][1] == ["Orrin Medical International Inc.", "Orrin Medical"]
    assert "Kestrel Data" not in found and "Orrin Medical" not in found


def test_leading_words_two_firms_share_or_a_units_own_word_stay_apart() -> None:
    # "Tarrant Motors Corp." and its finance arm: "Tarrant Motors" may be either.
    text = (
        "Tarrant Motors Corp. and Tarrant Motors Finance Corp. reported results. Tarrant Motors said sales rose. "
        "Velder Acceptance Corp. lent the money, and Velder later sold cars. "
        "Ben Arkwright Stores Inc. opened a shop; Ben Arkwright said he was glad."
    )
    found = actors(
        text,
        ("Tarrant Motors Corp.", "ORG"),
        ("Tarrant Motors Finance Corp.", "ORG"),
        ("Tarrant Motors", "ORG", 2),
        ("Ben Arkwright Stores Inc.", "ORG"),
        ("Ben Arkwright", "PERSON", 1),
    )
    assert found["Tarrant Motors Finance Corp."][1] == ["Tarrant Motors Finance Corp."]
    assert found["Ben Arkwright"][0] is ActorKind.PERSON
    assert found["Ben Arkwright Stores Inc."][1] == ["Ben Arkwright Stores Inc."]


# -- an office and 'of' opening an organisation's name --------------------------------------------------


def test_an_office_and_of_opening_an_organisations_name_name_a_post() -> None:
    text = (
        "Hard times are hard on Tressly's Commissioner of Cultural Affairs, as Vera Holt knows. "
        "The Comptroller of Tressly County audits the books, and he once served as Commissar of Art."
    )
    found = actors(
        text,
        ("Tressly", "GPE"),
        ("Commissioner of Cultural Affairs", "ORG"),
        ("Vera Holt", "PERSON"),
        ("Comptroller of Tressly County", "ORG"),
        ("Commissar of Art", "ORG"),
    )
    assert set(found) == {"Tressly", "Vera Holt"}


def test_a_body_whose_name_holds_an_office_later_stays() -> None:
    # The office must open the name: "Office of the Comptroller", "Department of Cultural Affairs" are bodies.
    text = "The Department of Cultural Affairs and the Office of the Comptroller of the Currency signed it."
    found = actors(text, ("Department of Cultural Affairs", "ORG"), ("Office of the Comptroller of the Currency", "ORG"))
    assert set(found) == {"Department of Cultural Affairs", "Office of the Comptroller of the Currency"}


def test_an_office_set_off_by_a_comma_or_a_person_named_makes_the_full_name_a_persons() -> None:
    text = (
        "Tressland's Prime Minister, Anibal Corvo Sala, presides over the council. "
        "In Leeds a woman named Nadia Corvell ran faster than anyone. The chairman, Kestrel Holdings, declined."
    )
    found = actors(text, ("Tressland", "GPE"), ("Anibal Corvo Sala", "ORG"), ("Leeds", "GPE"), ("Nadia Corvell", "ORG"), ("Kestrel Holdings", "ORG"))
    assert found["Anibal Corvo Sala"][0] is ActorKind.PERSON
    assert found["Nadia Corvell"][0] is ActorKind.PERSON
    assert found["Kestrel Holdings"][0] is ActorKind.ORG, "an organisation's word keeps the organisation"


def test_a_persons_cue_that_ends_in_an_organisations_cue_keeps_the_person_and_casts_no_organisation_vote() -> None:
    from pipeline.actors import actors_in_doc
    from pipeline.actors.aliases import load_alias_table
    from tests.actor_support import doc_with_spans

    # 'maker' before a name says a firm ("the chip maker Kestrel Data"); 'film maker' a person.
    text = "But the film maker Errol Vane's 1988 documentary exposed the flaws."
    doc = doc_with_spans(text, (("Errol Vane", "PERSON"),))
    cued: set[str] = set()
    found = {actor.name: actor.kind for actor in actors_in_doc(doc, [0], load_alias_table(), text, cued_organisations=cued)}
    assert found == {"Errol Vane": ActorKind.PERSON}
    assert cued == set()


def test_an_office_and_of_after_the_article_name_a_post() -> None:
    text = "The Comptroller of Tressly County is expected to be a dour scrutinizer of the books."
    assert actors(text, ("The Comptroller of Tressly County", "ORG")) == {}


def test_a_plural_verb_or_a_plural_with_the_article_casts_no_organisation_vote_and_an_office_keeps_the_person() -> None:
    from pipeline.actors import actors_in_doc
    from pipeline.actors.aliases import load_alias_table
    from tests.actor_support import doc_with_spans

    text = (
        "Velder and compatriot Katrin Ostova were suspended in December. "
        "He and his shadow Chancellor Oskar Lemberg have been edging towards a pledge. "
        "The club insists the Tarns were right to sack him."
    )
    doc = doc_with_spans(text, (("Velder", "PERSON"), ("Katrin Ostova", "PERSON"), ("Oskar Lemberg", "PERSON"), ("Tarns", "PERSON")))
    cued: set[str] = set()
    found = {actor.name: actor.kind for actor in actors_in_doc(doc, [0, 64, 142], load_alias_table(), text, cued_organisations=cued)}
    assert found["Oskar Lemberg"] is ActorKind.PERSON
    assert found["Tarns"] is ActorKind.ORG, "the plural name with the article is a team's in its document"
    assert cued == set(), "a plural verb, or a nickname many teams share ('the Blues'), is this document's evidence only"
