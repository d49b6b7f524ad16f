"""One test per class of error that session 20 fixed at the top of the held-out facets (the values a
user sees first on text nobody tuned for): a state named after its city filed as the city where the
document speaks of the state ("New York"), a creed's party of one country filed with every other
country's ("Communist Party"), and works named in lists with no cue of their own. Each has a guard
that the near case stays as it was. On sentences written for these tests; spans are given as the
model might give them (no model runs)."""

from __future__ import annotations

from tests.test_actor_false_merges19 import actors

# -- a state named after its city ----------------------------------------------------------------------


def test_a_document_about_the_state_government_leaves_the_bare_name_out() -> None:
    # Nothing in the sentence says which New York; the document speaks of the state's own bodies
    # ("the State Senate") and of no city: the bare name may be the state, so it is left out.
    text = "Only in New York are jurors kept so long. The State Senate passed a bill to end it, and the Assembly agreed."
    assert "New York" not in actors(text, ("New York", "GPE"), ("State Senate", "ORG"), ("Assembly", "ORG"))
    # Guard: where the document names the city's mayor, the bare name stays the city.
    text = "Only in New York are jurors kept so long. The State Senate passed a bill, and the Mayor agreed."
    assert "New York" in actors(text, ("New York", "GPE"), ("State Senate", "ORG"))


def test_the_state_seat_or_its_laws_in_the_sentence_show_the_state() -> None:
    # "Albany" (the seat of the state's government) in the name's own sentence: the state, even in
    # a document that names the city too; so are "state ... rules" approved by the name.
    text = "When Albany took over the costs of running New York's court system, the city kept its buses."
    assert "New York" not in actors(text, ("Albany", "GPE"), ("New York", "GPE"))
    text = "The bill overrides state safety rules, including strict ones just passed by New York. The Mayor is angry."
    assert "New York" not in actors(text, ("New York", "GPE"))
    # Guard: other states in the capital's sentence are countries, and the capital stays.
    text = "Washington urged some states in Europe to act. The White House said so."
    assert "Washington" in actors(text, ("Washington", "GPE"), ("Europe", "LOC"), ("White House", "ORG"))


def test_a_state_body_after_the_possessive_and_a_few_words() -> None:
    # "New York's pork barrel Senator": the state's senator, with words between.
    text = "Ada Pell takes pride in being New York's pork barrel Senator, and flies to Florida."
    assert "New York" not in actors(text, ("Ada Pell", "PERSON"), ("New York", "GPE"), ("Florida", "GPE"))
    # Guard: a city's thing after the same shape stays the city.
    text = "Some of New York's most famous bridges were closed to traffic."
    assert "New York" in actors(text, ("New York", "GPE"))
    # Guard: the capital's lawmakers are Congress's.
    text = "Washington lawmakers have criticised the peg on the yuan."
    assert "Washington" in actors(text, ("Washington", "GPE"))


def test_a_person_of_the_name_with_no_office_is_left_out() -> None:
    # "Alfonse Pell of New York": a senator's state or a councillor's city; nothing tells which.
    text = "Why do Alfonse Pell of New York and his friends fear more voters?"
    found = actors(text, ("Alfonse Pell", "PERSON"), ("New York", "GPE"))
    assert "New York" not in found and "Alfonse Pell" in found
    # Guard: a city's office before the person makes it the city.
    text = "Mayor Dinkel of New York spoke on Tuesday."
    assert "New York" in actors(text, ("Dinkel", "PERSON"), ("New York", "GPE"))


def test_a_county_in_the_name_is_in_the_state() -> None:
    text = "Rhode Island and Suffolk County in New York are weighing similar bans."
    assert "New York" not in actors(text, ("Rhode Island", "GPE"), ("Suffolk County", "GPE"), ("New York", "GPE"))
    # Guard: a city in the name is no county's.
    text = "Rhode Island and a borough in New York are weighing similar bans."
    assert "New York" in actors(text, ("Rhode Island", "GPE"), ("New York", "GPE"))


# -- a creed's party, one per country ----------------------------------------------------------------


def test_a_creeds_party_takes_its_country_and_leaves_the_bare_name() -> None:
    # "China's Communists" is China's party: named with its owner, and the document's bare
    # "Communist Party" (the same party) is not filed under the value every country's would share.
    text = "With Communist Party control the slogan of the day, Mr. Deng tells doubters that China's Communists need not worry."
    found = actors(text, ("Communist Party", "ORG"), ("Deng", "PERSON"), ("China", "GPE"), ("Communists", "NORP"))
    assert "China's Communists" in found
    assert "Communist Party" not in found and "Communists" not in found
    # Guard: a document that names no owner keeps the bare party.
    text = "The Communist Party daily published the letter on Friday."
    assert "Communist Party" in actors(text, ("Communist Party", "ORG"))


# -- works named in lists ------------------------------------------------------------------------------


def test_names_after_a_works_plural_noun_are_works() -> None:
    text = "The service lets viewers download programmes such as Harbour Lane and Top Gear from the web."
    found = actors(text, ("Harbour Lane", "ORG"), ("Top Gear", "ORG"))
    assert "Harbour Lane" not in found and "Top Gear" not in found
    # Guard: after a firm's plural noun, the names are firms.
    text = "Firms such as Paramount, Universal and Warner Brothers backed the format."
    found = actors(text, ("Paramount", "ORG"), ("Universal", "ORG"), ("Warner Brothers", "ORG"))
    assert {"Paramount", "Universal", "Warner Brothers"} <= set(found)
    # Guard: a possessive names the work's owner, who stays.
    text = "He was loved in shows such as Channel 9's gameshow Pack Your Bags."
    assert "Channel 9" in actors(text, ("Channel 9", "ORG"))


def test_a_list_holding_a_cued_work_is_a_list_of_works() -> None:
    text = "Nominees are Endless Summer, The Quiet Valley and British film Vera Drake, which leads with 11."
    found = actors(text, ("Endless Summer", "ORG"), ("Quiet Valley", "ORG"), ("Vera Drake", "PERSON"))
    assert "Endless Summer" not in found and "Quiet Valley" not in found and "Vera Drake" not in found
    # Guard: with no work among them, the same list keeps its names.
    text = "Nominees are Endless Summer, The Quiet Valley and Vera Drake, which leads with 11."
    found = actors(text, ("Endless Summer", "ORG"), ("Quiet Valley", "ORG"), ("Vera Drake", "PERSON"))
    assert {"Endless Summer", "Quiet Valley", "Vera Drake"} <= set(found)
    # Guard: two names joined by other words than a work's noun are no list ("the town of Kestle,
    # where the Marlin landed", the Marlin being a yacht), and a region in a list stays a place.
    text = "Crowds met on the shore of the town of Kestle, where the Marlin landed. Castro sailed on the yacht Marlin."
    assert "Kestle" in actors(text, ("Kestle", "ORG"), ("Marlin", "ORG"), ("Castro", "PERSON"), ("Marlin", "ORG", 1))
    # Guard: the works' list glue ("and the", "or") is not the people's list rule's: "the Rat
    # Pack" after "and the" makes no list of three people of which a film would be the third.
    text = "A remake of the 1960s film, starring Frank Sinatra and the Rat Pack, Harbour Nights was directed by Steven Soder."
    found = actors(text, ("Frank Sinatra", "PERSON"), ("the Rat Pack", "PERSON"), ("Harbour Nights", "ORG"), ("Steven Soder", "PERSON"))
    assert found["Harbour Nights"][0].value == "org"


def test_a_works_list_ends_at_its_last_and() -> None:
    # "A and B, and C will attend": the list of works closed with its "and"; the names after the
    # next comma begin a new clause (directors, firms), which stays as the model read it. Filed as
    # works they would be dropped here and cast a work's vote against the person archive-wide.
    text = "The festival will show films such as Harbour Nights and Salt Road, and Ken Loach and Ada Pell will attend the opening."
    found = actors(text, ("Harbour Nights", "ORG"), ("Salt Road", "ORG"), ("Ken Loach", "PERSON"), ("Ada Pell", "PERSON"))
    assert "Harbour Nights" not in found and "Salt Road" not in found
    assert {"Ken Loach", "Ada Pell"} <= set(found)
    # A single work then ", and": no serial comma has one name before it.
    text = "She sang songs such as Morning Rain, and Tom Reno, Bea Marsh and Lou Quill joined her on stage."
    found = actors(text, ("Morning Rain", "ORG"), ("Tom Reno", "PERSON"), ("Bea Marsh", "PERSON"), ("Lou Quill", "PERSON"))
    assert {"Tom Reno", "Bea Marsh", "Lou Quill"} <= set(found)
    # A list closed by a cued work: the firms of the next clause are no works.
    text = "Films in competition include Harbour Nights, Salt Road and the thriller Night Watch, and Pathe, Working Title and Studio Nord backed them."
    found = actors(
        text, ("Harbour Nights", "ORG"), ("Salt Road", "ORG"), ("Night Watch", "ORG"), ("Pathe", "ORG"), ("Working Title", "ORG"), ("Studio Nord", "ORG")
    )
    assert "Harbour Nights" not in found and "Salt Road" not in found
    assert {"Pathe", "Working Title", "Studio Nord"} <= set(found)
    # Guard: a serial comma keeps the list whole ("A, B, and C").
    text = "The service offers programmes such as Harbour Lane, Top Gear, and Night Watch from today."
    found = actors(text, ("Harbour Lane", "ORG"), ("Top Gear", "ORG"), ("Night Watch", "ORG"))
    assert not {"Harbour Lane", "Top Gear", "Night Watch"} & set(found)


def test_other_lands_assemblies_and_a_seat_in_a_persons_name_show_no_state() -> None:
    # "the Assembly" names the UN's, Stormont's or Cardiff Bay's as often as a state's: beside
    # it, the capital named for its government is still an actor.
    text = "Washington opposed the resolution, but the Assembly adopted it by 120 votes to 9. Diplomats said Washington was isolated."
    assert "Washington" in actors(text, ("Washington", "GPE"), ("Assembly", "ORG"), ("Washington", "GPE", 1))
    text = "Mr Adair will travel to Washington next month. Talks on restoring the Assembly at Stormont resume on Monday."
    assert "Washington" in actors(text, ("Adair", "PERSON"), ("Washington", "GPE"), ("Assembly", "ORG"), ("Stormont", "GPE"))
    # A seat's name that is a person's first name ("Senator Olympia Vance") is no seat.
    text = "Senator Olympia Vance said Washington had failed the fishermen of Maine."
    assert "Washington" in actors(text, ("Olympia Vance", "PERSON"), ("Washington", "GPE"), ("Maine", "GPE"))
    # Guards: the state's own assembly and its seat as the government still show the state.
    text = "Only in New York are jurors kept so long. The State Assembly passed a bill to end it."
    assert "New York" not in actors(text, ("New York", "GPE"), ("State Assembly", "ORG"))
    text = "When Albany took over the costs of running New York's court system, the city kept its buses."
    assert "New York" not in actors(text, ("Albany", "GPE"), ("New York", "GPE"))


def test_a_firm_described_by_a_co_production_noun_stays_a_firm() -> None:
    # "a French co-production partner": the noun ends no apposition of a work there; the firm
    # before it is what makes works, not one.
    text = "Canal Nord, a French and German co-production partner, backed the film."
    assert "Canal Nord" in actors(text, ("Canal Nord", "ORG"), ("French", "NORP"), ("German", "NORP"))
    # Guard: the apposition that ends with the noun names a work.
    text = "The Long Hour, a Radio Kell and WNRB-Ostrava co-production, airs daily."
    assert "Long Hour" not in actors(text, ("The Long Hour", "ORG"), ("Radio Kell", "ORG"), ("WNRB-Ostrava", "ORG"))
