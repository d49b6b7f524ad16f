"""One test per class of actor error, on sentences written for these tests (no model)."""

from __future__ import annotations

from pipeline.actors.aliases import AliasEntry, AliasTable, load_alias_table
from pipeline.actors.keys import alias_key, fingerprint, group_key
from pipeline.actors.mentions import Mention, clean_mention, clean_span
from pipeline.actors.resolution import resolve_actors
from pipeline.actors.rules import actor_rules
from pipeline.actors.scan import with_alias_hits
from pipeline.models import ActorKind


def found(text: str, surface: str, label: str = "PERSON", occurrence: int = 0) -> Mention:
    """The mention of `surface` at its n-th place in `text`, as the model would give it."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return Mention(surface, label, start, start + len(surface))


def resolved(text: str, *spans: tuple[str, str] | tuple[str, str, int], table: AliasTable | None = None) -> dict[str, ActorKind]:
    mentions = [found(text, *span) for span in spans]
    if table is not None:
        mentions = with_alias_hits(mentions, text, table, [0])
    return {actor.name: actor.kind for actor in resolve_actors(mentions, table, text, [0])}


# -- splits: one actor, many names ------------------------------------------------------------


def test_party_nicknames_plurals_and_adjectives_are_one_party() -> None:
    text = "The Tories said Conservative voters would back the Conservatives, and the Tory Party agreed."
    actors = resolved(text, ("Tories", "NORP"), ("Conservative", "NORP"), ("Conservatives", "NORP"), ("Tory Party", "ORG"), table=load_alias_table())
    assert actors == {"Conservative Party": ActorKind.ORG}


def test_a_party_named_as_a_person_is_still_the_party() -> None:
    text = "Lib Dems leader Jo Pellow said the Lib Dem plan was costed."
    actors = resolved(text, ("Lib Dems", "PERSON"), ("Jo Pellow", "PERSON"), ("Lib Dem", "PERSON"), table=load_alias_table())
    assert actors == {"Liberal Democrats": ActorKind.ORG, "Jo Pellow": ActorKind.PERSON}


def test_a_name_cut_out_of_a_known_name_is_read_whole() -> None:
    text = "A Liberal Democrat spokesman said the vote was close."
    actors = resolved(text, ("Democrat", "NORP"), table=load_alias_table())
    assert actors == {"Liberal Democrats": ActorKind.ORG}


def test_generic_organisation_words_and_plurals_do_not_split_an_actor() -> None:
    text = "Shares in Quorvane Group rose. Quorvane said profits doubled, and the Greens and a Green councillor objected."
    actors = resolved(text, ("Quorvane Group", "ORG"), ("Quorvane", "PERSON", 1), ("Greens", "NORP"), ("Green", "NORP"))
    assert actors == {"Quorvane Group": ActorKind.ORG, "Greens": ActorKind.GROUP}
    assert group_key("Labour Party", actor_rules().organisation_words) == group_key("Labour", actor_rules().organisation_words)


def test_a_middle_initial_dropped_in_the_same_document_is_the_same_person() -> None:
    text = "President Harold J Venn spoke first. Later Harold Venn took questions and Venn left."
    actors = resolved(text, ("Harold J Venn",), ("Harold Venn",), ("Venn",))
    assert actors == {"Harold J Venn": ActorKind.PERSON}


def test_numbers_written_as_words_or_digits_share_a_key() -> None:
    assert alias_key("BBC One") == alias_key("BBC 1")
    assert alias_key("Channel Four") == alias_key("Channel 4")
    assert alias_key("One Direction") != alias_key("1 Direction"), "only after the first word"
    assert fingerprint("Bank of Ruritania") == fingerprint("Ruritania, Bank of")


def test_a_web_ending_on_a_firms_name_shares_its_key() -> None:
    assert alias_key("Vexmart.com") == alias_key("Vexmart") == alias_key("vexmart.co.uk")
    assert alias_key("Vexmart.comics") != alias_key("Vexmart"), "only a whole ending"
    text = "Vexmart.com said sales rose. Vexmart hired staff."
    assert resolved(text, ("Vexmart.com", "ORG"), ("Vexmart", "ORG")) == {"Vexmart.com": ActorKind.ORG}


# -- false merges: a name part never joins someone else ---------------------------------------


def test_a_surname_two_people_share_in_a_document_joins_neither() -> None:
    # Nor is it a value of its own: across the archive it would hold every Wells.
    text = "Gordon Wells met Dana Wells at the bank. Wells said little."
    actors = resolved(text, ("Gordon Wells",), ("Dana Wells",), ("Wells", "PERSON", 1))
    assert set(actors) == {"Gordon Wells", "Dana Wells"}


def test_a_name_beside_another_first_name_is_someone_else() -> None:
    text = "Gordon Wells spoke. Team-mate Dana Wells, not named by the model, then spoke too."
    actors = resolve_actors([found(text, "Gordon Wells")], None, text, [0])
    assert [len(actor.mentions) for actor in actors] == [1], "'Wells' after 'Dana' is not Gordon Wells"


def test_royal_titles_stay_in_the_name_so_a_namesake_is_not_joined() -> None:
    assert clean_mention("Prince Alaric", "PERSON", 0).text == "Prince Alaric"
    text = "Prince Alaric opened the hall. The singer Rory Alaric played."
    assert set(resolved(text, ("Prince Alaric",), ("Rory Alaric",))) == {"Prince Alaric", "Rory Alaric"}


def test_a_place_named_before_a_person_who_shares_it_stays_a_place() -> None:
    text = "Farmers in Dorrow lost crops. Senator Dorrow Pike visited Dorrow and Pike promised aid."
    actors = resolved(text, ("Dorrow", "GPE"), ("Dorrow Pike",), ("Dorrow", "GPE", 2), ("Pike",))
    assert actors == {"Dorrow": ActorKind.PLACE, "Dorrow Pike": ActorKind.PERSON}


def test_a_split_in_the_alias_file_keeps_two_names_apart() -> None:
    table = AliasTable([], splits=[["Vell", "Ana Vell"]])
    text = "Ana Vell spoke and Vell left."
    assert set(resolved(text, ("Ana Vell",), ("Vell",), table=table)) == {"Ana Vell", "Vell"}


# -- junk: values that name no actor ----------------------------------------------------------


def test_nationalities_and_regions_are_not_actors() -> None:
    for surface in ("British", "South African", "Britons", "North Korean", "Europeans", "Scottish"):
        assert clean_mention(surface, "NORP", 0) is None, surface
    assert clean_mention("British Airways", "ORG", 0).text == "British Airways"
    # A nation's nickname in the plural, whatever label the model gives it.
    for surface, label in (("Yanks", "ORG"), ("Aussies", "ORG"), ("Kiwis", "NORP"), ("Pommies", "PERSON")):
        assert clean_mention(surface, label, 0) is None, surface


def test_awards_events_and_time_zones_are_not_actors() -> None:
    for surface, label in (("Oscar", "PERSON"), ("Grand Slam", "ORG"), ("GMT", "ORG"), ("Budget", "ORG"), ("Varna Open", "EVENT"), ("Lisbon Film Festival", "ORG"), ("Tarrow Cup", "GPE")):
        assert clean_mention(surface, label, 0) is None, surface


def test_titles_are_cut_for_every_label_and_a_courtesy_title_means_a_person() -> None:
    cleaned = clean_mention("Mr Dovrin", "ORG", 10)
    assert (cleaned.text, cleaned.label, cleaned.start) == ("Dovrin", "PERSON", 13)
    assert clean_mention("Dr Ama Lutz", "GPE", 0).text == "Ama Lutz"
    assert clean_mention("US Trade Secretary Alma Rees", "PERSON", 0).text == "Alma Rees"
    assert clean_mention("General Motors", "ORG", 0).text == "General Motors", "offices stay in organisations"
    assert clean_mention("Chancellor", "PERSON", 0) is None, "a title alone names nobody"
    assert clean_mention("Mr Major", "PERSON", 0).text == "Major"


def test_an_office_right_before_a_name_is_kept_as_a_form_of_it() -> None:
    import spacy
    from spacy.tokens import Doc

    from pipeline.actors.mentions import mentions_from_doc

    words = ["Later", "President", "Venn", "met", "Mr", "Dahl", "."]
    ents = ["O", "O", "B-PERSON", "O", "O", "B-PERSON", "O"]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=[True] * 5 + [False, False], ents=ents, sent_starts=[True] + [False] * 6)
    assert [(mention.text, mention.titled) for mention in mentions_from_doc(doc, [0])] == [("Venn", "President Venn"), ("Dahl", None)]


def test_a_piece_of_a_longer_name_is_not_a_name() -> None:
    import spacy
    from spacy.tokens import Doc

    from pipeline.actors.mentions import mentions_from_doc

    words = ["The", "Top", "Mobile", "Sales", "chart", "grew", "and", "Mobile", "Ventures", "bought", "Kestrel", "."]
    ents = ["O", "O", "B-ORG", "O", "O", "O", "O", "B-ORG", "I-ORG", "O", "B-ORG", "O"]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=[True] * 10 + [False, False], ents=ents, sent_starts=[True] + [False] * 11)
    assert [mention.text for mention in mentions_from_doc(doc, [0])] == ["Mobile Ventures", "Kestrel"]
    assert [mention.text for mention in mentions_from_doc(doc, [0, 4])][0] == "Mobile", "'Top' starts a sentence"


def test_a_name_the_model_reads_as_a_work_once_is_a_work_in_the_whole_document() -> None:
    import spacy
    from spacy.tokens import Doc

    from pipeline.actors.mentions import mentions_from_doc

    words = ["The", "Lamplighter", "won", "and", "Ida", "Crane", "praised", "The", "Lamplighter", "."]
    ents = ["B-WORK_OF_ART", "I-WORK_OF_ART", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "B-ORG", "O"]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=[True] * 8 + [False, False], ents=ents, sent_starts=[True] + [False] * 9)
    assert [mention.text for mention in mentions_from_doc(doc, [0])] == ["Ida Crane"]


def test_a_capitalised_word_starting_a_sentence_is_not_a_name_when_the_text_uses_the_word() -> None:
    import spacy
    from spacy.tokens import Doc

    from pipeline.actors.mentions import mentions_from_doc

    words = ["Mobile", "phones", "sell", ".", "Sales", "of", "mobile", "kit", "rose", "at", "Kestrel", "."]
    ents = ["B-ORG", "O", "O", "O", "B-ORG", "O", "O", "O", "O", "O", "B-ORG", "O"]
    starts = [True, False, False, False, True, False, False, False, False, False, False, False]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=[True] * 10 + [False, False], ents=ents, sent_starts=starts)
    assert [mention.text for mention in mentions_from_doc(doc, [0, 21])] == ["Sales", "Kestrel"]


def test_an_institution_every_country_has_is_no_actor_unless_its_country_is_written() -> None:
    text = "The Treasury said the US Treasury and the Senate disagreed."
    actors = resolved(text, ("Treasury", "ORG"), ("US", "GPE"), ("Treasury", "ORG", 1), ("Senate", "ORG"))
    assert actors == {"US Treasury": ActorKind.ORG}


def test_spans_are_cut_at_line_breaks_lists_and_glue_words() -> None:
    def texts(span: str, label: str = "ORG") -> list[str]:
        return [mention.text for mention in clean_span(span, label, 0)]

    assert texts("Zelto\n\nZelto") == ["Zelto", "Zelto"]
    assert texts("Arlen Rovers, Real Dalia") == ["Arlen Rovers", "Real Dalia"]
    assert texts("Marlo to Arlen Rovers") == ["Marlo", "Arlen Rovers"]
    assert texts("Pim and Tova", "PERSON") == ["Pim", "Tova"]
    assert texts("Marks and Sons") == ["Marks and Sons"], "'and' inside an organisation's name"
    assert texts("Department for Roads, Rail and Ports") == ["Department for Roads, Rail and Ports"]
    assert texts("Bank of Ruritania") == ["Bank of Ruritania"]
    assert texts("the Dalia Rovers, Arlen Town") == ["Dalia Rovers", "Arlen Town"]
    pieces = clean_span("Zelto\n\nZelto", "ORG", 100)
    assert [(mention.start, mention.end) for mention in pieces] == [(100, 105), (107, 112)]


def test_works_named_by_a_cue_are_not_actors() -> None:
    text = "The period drama Lena Marsh won praise. Lena Marsh opens in May, said Ivo Tamm."
    assert resolved(text, ("Lena Marsh", "ORG"), ("Lena Marsh", "PERSON", 1), ("Ivo Tamm",)) == {"Ivo Tamm": ActorKind.PERSON}


def test_works_named_by_a_part_a_franchise_noun_or_a_cast_are_not_actors() -> None:
    roles = "Mara Quill won for her role in Tessa Vane. Tessa Vane opens in May."
    assert resolved(roles, ("Mara Quill",), ("Tessa Vane", "PERSON"), ("Tessa Vane", "PERSON", 1)) == {"Mara Quill": ActorKind.PERSON}
    cast = "The Lamplighter, starring Jon Brisk, leads the race. The Lamplighter took $5m."
    assert resolved(cast, ("Lamplighter", "ORG"), ("Jon Brisk",), ("Lamplighter", "ORG", 1)) == {"Jon Brisk": ActorKind.PERSON}
    franchise = "Fans queued for the third Toby Marsh film. The Toby Marsh films made billions for Gravel Studios."
    assert resolved(franchise, ("Toby Marsh",), ("Toby Marsh", "PERSON", 1), ("Gravel Studios", "ORG")) == {"Gravel Studios": ActorKind.ORG}
    sequel = "The third Toby Marsh film opens today. Toby Marsh fans queued."
    assert resolved(sequel, ("Toby Marsh",), ("Toby Marsh", "PERSON", 1)) == {}
    director = "It is a Mike Lowe film, said Mike Lowe."
    assert resolved(director, ("Mike Lowe",), ("Mike Lowe", "PERSON", 1)) == {"Mike Lowe": ActorKind.PERSON}
    maker = "Toby Marsh author Ida Crane signed books. Ida Crane waved."
    assert resolved(maker, ("Toby Marsh",), ("Ida Crane",), ("Ida Crane", "PERSON", 1)) == {"Ida Crane": ActorKind.PERSON}
    # A maker's films are not a work's name, and a player starring as a part is a person.
    studio = "Vexco films sold well. Jon Brisk, starring as a pilot, thanked Vexco."
    assert resolved(studio, ("Vexco", "ORG"), ("Jon Brisk",), ("Vexco", "ORG", 1)) == {"Vexco": ActorKind.ORG, "Jon Brisk": ActorKind.PERSON}


def test_a_product_with_a_version_read_as_a_place_is_no_actor() -> None:
    text = "Users of Glazier XP and Glazier 2003 in Lisbon were warned by Vexco."
    spans = (("Glazier XP", "GPE"), ("Glazier 2003", "GPE"), ("Lisbon", "GPE"), ("Vexco", "ORG"))
    assert resolved(text, *spans) == {"Lisbon": ActorKind.PLACE, "Vexco": ActorKind.ORG}
    channel = "The show moves to Radio 7 in June."
    assert resolved(channel, ("Radio 7", "ORG")) == {"Radio 7": ActorKind.ORG}


def test_an_events_initials_are_no_actor_where_the_document_names_the_event() -> None:
    text = "Vexco showed its phone at the Harbour Gadget Expo (HGE) in Lisbon. At HGE, rivals waited."
    spans = (("Vexco", "ORG"), ("HGE", "ORG"), ("Lisbon", "GPE"), ("HGE", "ORG", 1))
    assert resolved(text, *spans) == {"Vexco": ActorKind.ORG, "Lisbon": ActorKind.PLACE}
    # An organisation's initials stay: its name ends in no event word.
    firm = "Harbour Gadget Engineering (HGE) said sales rose. HGE hired staff."
    assert resolved(firm, ("HGE", "ORG"), ("HGE", "ORG", 1)) == {"HGE": ActorKind.ORG}


def test_a_country_before_a_one_word_institution_says_whose_it_is() -> None:
    text = "US Treasury officials met in Lisbon. Later the Treasury said no."
    actors = resolved(text, ("US", "GPE"), ("Treasury", "ORG"), ("Lisbon", "GPE"), ("Treasury", "ORG", 1))
    assert actors == {"US Treasury": ActorKind.ORG, "Lisbon": ActorKind.PLACE}, "'the Treasury' is then the US one"


# -- wrong kinds --------------------------------------------------------------------------------


def test_organisation_words_and_cues_make_a_person_reading_an_organisation() -> None:
    text = "Fans of Dunmore United cheered. Shares in energy firm Vostrak fell."
    assert resolved(text, ("Dunmore United", "PERSON"), ("Vostrak", "PERSON")) == {
        "Dunmore United": ActorKind.ORG,
        "Vostrak": ActorKind.ORG,
    }


def test_a_name_before_a_band_members_noun_is_the_bands() -> None:
    text = "Tessaly frontman Rob Dune thanked fans. Later Tessaly played on. Rob Dune's guitarist smiled."
    spans = (("Tessaly",), ("Rob Dune",), ("Tessaly", "PERSON", 1), ("Rob Dune", "PERSON", 1))
    assert resolved(text, *spans) == {"Tessaly": ActorKind.ORG, "Rob Dune": ActorKind.PERSON}


def test_a_country_read_as_an_organisation_is_the_country_but_a_person_keeps_a_name() -> None:
    text = "Wales beat the visitors and Jordan thanked the fans."
    assert resolved(text, ("Wales", "ORG"), ("Jordan", "PERSON")) == {"Wales": ActorKind.PLACE, "Jordan": ActorKind.PERSON}


def test_a_club_named_after_its_town_is_the_club_in_a_match_report() -> None:
    match = "Newcastle beat the visitors 2-1. The striker scored a late goal from the penalty spot."
    assert resolved(match, ("Newcastle", "GPE")) == {"Newcastle": ActorKind.ORG}
    travel = "Newcastle has a new bridge over the river."
    assert resolved(travel, ("Newcastle", "GPE")) == {"Newcastle": ActorKind.PLACE}


def test_a_full_name_read_as_an_organisation_in_a_list_of_people_is_a_person() -> None:
    guests = "Guests included Ada Brenn, Colm Feeney and Oren Vask. Oren Vask arrived late."
    spans = (("Ada Brenn",), ("Colm Feeney",), ("Oren Vask", "ORG"), ("Oren Vask", "ORG", 1))
    assert resolved(guests, *spans) == {"Ada Brenn": ActorKind.PERSON, "Colm Feeney": ActorKind.PERSON, "Oren Vask": ActorKind.PERSON}
    # A party or a firm among people keeps its reading: only a personal name's shape turns.
    mixed = "Tony Marr, Ed Sayle and Labour agreed. So did Ada Brenn, Colm Feeney and Vexco Holdings."
    spans = (("Tony Marr",), ("Ed Sayle",), ("Labour", "ORG"), ("Ada Brenn",), ("Colm Feeney",), ("Vexco Holdings", "ORG"))
    actors = resolved(mixed, *spans)
    assert actors["Labour"] is ActorKind.ORG and actors["Vexco Holdings"] is ActorKind.ORG
    # Two names are not a list to go by ("Marks and Spencer", "Blair and Brownlow Group").
    pair = "Ada Brenn and Oren Vask spoke."
    assert resolved(pair, ("Ada Brenn",), ("Oren Vask", "ORG"))["Oren Vask"] is ActorKind.ORG


def test_a_well_known_city_read_as_a_person_or_organisation_is_the_place() -> None:
    gig = "The Leeds band ended the tour with Glasgow's biggest crowd. Tickets for the Bristol date sold out."
    assert resolved(gig, ("Leeds", "ORG"), ("Glasgow", "PERSON"), ("Bristol", "ORG")) == {
        "Leeds": ActorKind.PLACE,
        "Glasgow": ActorKind.PLACE,
        "Bristol": ActorKind.PLACE,
    }
    # A person bearing the word keeps it: the later "Paris" is her.
    heiress = "Paris Hilton arrived late. Paris said she was tired."
    assert resolved(heiress, ("Paris Hilton",), ("Paris", "PERSON", 1)) == {"Paris Hilton": ActorKind.PERSON}
    # In a match report the city is the club.
    match = "Leeds beat the visitors 2-1. The striker scored a late goal from the penalty spot."
    assert resolved(match, ("Leeds", "ORG")) == {"Leeds": ActorKind.ORG}
    # In a match report a city named alone is its team, whatever the model read.
    squad = "Glasgow flanker Ian Rowe scored two tries. The referee saw the match penalty and a late goal."
    assert resolved(squad, ("Glasgow", "ORG"), ("Ian Rowe",)) == {"Glasgow": ActorKind.ORG, "Ian Rowe": ActorKind.PERSON}
    squad_list = "Ian Rowe (Glasgow), Ed Kerr (Glasgow). The referee saw the match penalty and a late goal."
    spans = (("Ian Rowe",), ("Glasgow",), ("Ed Kerr",), ("Glasgow", "PERSON", 1))
    assert resolved(squad_list, *spans)["Glasgow"] is ActorKind.ORG


def test_a_place_named_through_its_institution_is_the_place_when_named_alone() -> None:
    # A town no list holds: the document itself says it is a place.
    port = "Ships crowded the Port of Vlieburg on Monday. Vlieburg handled more grain than ever."
    assert resolved(port, ("Port of Vlieburg", "ORG"), ("Vlieburg", "PERSON", 1)) == {
        "Port of Vlieburg": ActorKind.ORG,
        "Vlieburg": ActorKind.PLACE,
    }
    # A person bearing the word is still the person, and no institution makes a place of him.
    dean = "The University of Karsby hired Tom Karsby. Karsby starts in May."
    assert resolved(dean, ("University of Karsby", "ORG"), ("Tom Karsby",))["Tom Karsby"] is ActorKind.PERSON
    # Without the institution, the model's reading stands.
    alone = "Vlieburg handled more grain than ever, officials said on Monday."
    assert resolved(alone, ("Vlieburg", "PERSON")) == {"Vlieburg": ActorKind.PERSON}


def test_a_name_after_a_settlement_noun_is_a_place() -> None:
    flood = "Storm water flooded the harbour town of Vlieburg overnight. Vlieburg council opened a shelter."
    assert resolved(flood, ("Vlieburg", "ORG"), ("Vlieburg", "ORG", 1)) == {"Vlieburg": ActorKind.PLACE}
    # No settlement noun before it: the model's reading stands.
    board = "The board of Vlieburg met on Monday. Vlieburg said profits rose."
    assert resolved(board, ("Vlieburg", "ORG", 1)) == {"Vlieburg": ActorKind.ORG}


def test_a_city_with_a_clubs_suffix_in_a_match_report_is_the_club() -> None:
    final = "Leeds United won the cup final after a late goal. The striker scored from the penalty spot and the referee added time."
    assert resolved(final, ("Leeds United", "GPE")) == {"Leeds United": ActorKind.ORG}
    # Outside a match report the model's reading stands.
    trip = "Mexico City hosted the trade talks on Monday."
    assert resolved(trip, ("Mexico City", "GPE")) == {"Mexico City": ActorKind.PLACE}


# -- missed second mentions --------------------------------------------------------------------


def test_later_surnames_join_even_when_the_model_missed_or_mislabelled_them() -> None:
    text = "Chidi Okafor signed on Friday. Okafor, 24, scored twice. Fans cheered Okafor and Okafor waved."
    mentions = [found(text, "Chidi Okafor"), found(text, "Okafor", "GPE", 2)]
    [okafor] = resolve_actors(mentions, None, text, [0])
    assert (okafor.name, okafor.kind, len(okafor.mentions)) == ("Chidi Okafor", ActorKind.PERSON, 4)


def test_a_short_form_with_its_article_joins_the_organisation() -> None:
    text = "The European Commission fined the firm. The Commission said it would appeal to the Commission."
    [commission] = resolve_actors([found(text, "European Commission", "ORG")], load_alias_table(), text, [0])
    assert (commission.name, len(commission.mentions)) == ("European Commission", 3)


def test_the_head_of_an_x_of_y_name_with_its_article_joins_the_organisation() -> None:
    text = "The Ministry of Fisheries closed the bay. The Ministry said on Monday that boats could return."
    mentions = [found(text, "Ministry of Fisheries", "ORG"), found(text, "Ministry", "ORG", 1)]
    [ministry] = resolve_actors(mentions, None, text, [0])
    assert (ministry.name, len(ministry.mentions)) == ("Ministry of Fisheries", 2)
    # Two such bodies in one article: 'the Ministry' could be either, and stays apart.
    text = "The Ministry of Fisheries met the Ministry of Transport. The Ministry said boats could return."
    mentions = [found(text, "Ministry of Fisheries", "ORG"), found(text, "Ministry of Transport", "ORG"), found(text, "Ministry", "ORG", 2)]
    assert {actor.name for actor in resolve_actors(mentions, None, text, [0])} == {
        "Ministry of Fisheries", "Ministry of Transport", "Ministry"
    }


def test_a_score_after_a_clubs_name_is_no_part_of_it_but_a_channels_number_is() -> None:
    import spacy
    from spacy.tokens import Doc

    from pipeline.actors.mentions import mentions_from_doc

    words = ["Harnby", "Rovers", "beat", "Kestle", "Town", "2-1", "and", "Channel", "4", "showed", "it", "."]
    ents = ["B-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "O", "O", "O"]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=[True] * 10 + [False, False], ents=ents)
    assert [mention.text for mention in mentions_from_doc(doc, [0], text=doc.text)] == ["Harnby Rovers", "Kestle Town", "Channel 4"]


def test_a_clubs_short_last_word_makes_a_person_reading_an_organisation() -> None:
    text = "Harnby Utd beat Kestle AFC on Saturday."
    assert resolved(text, ("Harnby Utd", "PERSON"), ("Kestle AFC", "PERSON")) == {
        "Harnby Utd": ActorKind.ORG,
        "Kestle AFC": ActorKind.ORG,
    }


def test_user_aliases_are_found_in_the_text_too() -> None:
    table = AliasTable([AliasEntry(name="Zenith Group", kind=ActorKind.ORG, aliases=["Zenith Robotics"])])
    text = "Zenith Robotics opened a plant."
    assert resolved(text, table=table) == {"Zenith Group": ActorKind.ORG}


def test_an_office_form_is_only_what_was_written_before_a_surname() -> None:
    import spacy
    from spacy.tokens import Doc

    from pipeline.actors.mentions import mentions_from_doc

    # "Transport Secretary": the department's word makes another office than "Secretary", so
    # "Secretary Haigh" was never written; "Secretary Ama Lutz" was.
    words = ["Later", "Transport", "Secretary", "Haigh", "met", "President", "Venn", ",", "Home", "Secretary", "Rees",
             "and", "Secretary", "Ama", "Lutz", "."]
    ents = ["O", "O", "O", "B-PERSON", "O", "O", "B-PERSON", "O", "O", "O", "B-PERSON", "O", "O", "B-PERSON", "I-PERSON", "O"]
    spaces = [True] * len(words)
    spaces[6] = spaces[14] = spaces[15] = False
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces, ents=ents, sent_starts=[True] + [False] * 15)
    assert [(mention.text, mention.titled) for mention in mentions_from_doc(doc, [0])] == [
        ("Haigh", None),
        ("Venn", "President Venn"),
        ("Rees", "Home Secretary Rees"),
        ("Ama Lutz", "Secretary Ama Lutz"),
    ]


def test_no_alias_keeps_an_office_cut_from_its_department(enricher) -> None:
    actors = enricher.enrich(
        "Transport Secretary Louise Haigh said the line would reopen. Culture Secretary Lisa Nandy and "
        "Energy Secretary Ed Miliband agreed, and Haigh thanked them."
    ).actors
    aliases = [alias for actor in actors for alias in actor.aliases]
    assert {"Louise Haigh", "Lisa Nandy", "Ed Miliband"} <= {actor.name for actor in actors}
    assert not [alias for alias in aliases if "Secretary" in alias], aliases
