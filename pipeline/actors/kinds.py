"""What kind of actor a mention names, when the text says more than the model's label.

"oil firm Yukos" and "Manchester United" are organisations even when the model reads a
person, and then every mention of that name in the document is; "Liverpool" in a match
report is the club, not the city; "in Glasgow" is a place; "the film Vera Drake" is no
actor at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.actors.aliases import AliasTable
from pipeline.actors.keys import alias_key, singular
from pipeline.actors.lineups import inside, lineup_lines
from pipeline.actors.literals import FoundLiterals
from pipeline.actors.mentions import Mention, on_table_row
from pipeline.actors.rules import ActorRules

# How far before a mention its cue word may start: a cue is the word right before it.
_CUE_WINDOW = 30


def relabelled(
    mentions: list[Mention],
    text: str,
    rules: ActorRules,
    table: AliasTable | None = None,
    seen_works: set[str] | None = None,
    cued_organisations: set[str] | None = None,
    found: FoundLiterals | None = None,
) -> list[Mention]:
    """The mentions with the labels the text supports; works named by a cue are left out (and
    their keys added to `seen_works` when it is given). The keys of names the model read as a
    person or a people that the text shows to be an organisation ("Keane frontman", "rock band
    X", "X were") are added to `cued_organisations` when it is given: the archive weighs that
    evidence above the model's bare readings of the name elsewhere. `found` is the text's
    whole-text scan when the caller made it already."""
    found = rules.whole_text.scan(text) if found is None else found
    mentions = _bound_institutions_placed(_firms_joined(mentions, text), text, rules, found)
    if any(mention.label != "PERSON" and _DEMONYM_ENDING.match(mention.text) for mention in mentions):
        mentions = _without_demonyms_of_places(mentions, rules)
    # One set of keys for both checks: rejoining a club or a compass word never makes or unmakes
    # a state's name ("Sheffield Wednesday", "North Korea").
    keys = {mention.key for mention in mentions}
    if not rules.measure_units.isdisjoint(keys):
        # "hold 6GB compared to 4GB": a unit after a figure is no actor ("GB" the team stays).
        mentions = [mention for mention in mentions if not (mention.key in rules.measure_units and _after_figure(mention, text))]
    if not rules.national_institutions.isdisjoint(keys) or not rules.creed_parties.isdisjoint(keys):
        # Its owner's name joins a body's before any rule reads the keys of the document's
        # names again ("Spain's High Court" is no club's or state's).
        mentions = _owned_institutions(mentions, text, rules)
    if not rules.club_second_words.keys().isdisjoint(keys):
        mentions = [_club_rejoined(mention, text, rules) for mention in mentions]
    mentions = [_with_compass_word(mention, text, rules) for mention in mentions]
    if not rules.city_states.isdisjoint(keys):
        mentions = _states_apart_from_cities(mentions, text, rules, found.has("state_sign"))
    if not rules.university_towns.isdisjoint(keys):
        mentions = _without_universities(mentions, text, rules)
    if found.has("index"):
        # "the Dow Jones industrial average": that mention names an index; "Dow Jones & Co." stays.
        mentions = [mention for mention in mentions if not _names_index(mention, text, rules)]
    sport = found.whole_words("sport", rules.sport_cue_minimum) == rules.sport_cue_minimum
    # Each check scans the whole text: once per name, not once per mention ("BBC" x 5).
    initials = [surface for surface in {mention.text for mention in mentions} if _may_be_initials(surface)]
    lowered = text.lower() if initials else ""  # most texts have no initials to spell out
    event_initials = {surface for surface in initials if _abbreviates_event(surface, text, rules, lowered)}
    subtitles = _subtitle_starts(mentions, text, rules) if ":" in text else set()
    # A cue's words are searched before every mention; a text that holds none of them as a
    # whole word (most do not: "film", "starring") skips those searches with the same answer.
    work_cued, role_cued = found.whole_words("work_cue", 1) == 1, found.whole_words("work_role_cue", 1) == 1
    # An event read as a person or a people is dropped as a work is; one read as an organisation
    # only votes in the archive as one: its organiser may bear its name ("the MTV Music Awards").
    events, won = _events_and_wins(mentions, text, rules, sport) if found.has("event_noun") or found.has("work_win") else ({}, set())
    works = won | {key for key, label in events.items() if label != "ORG"} | {
        mention.key
        for mention in mentions
        if (work_cued and _cued(rules.work_cue, mention, text))
        or (role_cued and _cued(rules.work_role_cue, mention, text))
        or (not sport and (_work_before_cue(mention, text, rules) or _names_series(mention, text, rules)))
        or _names_product_version(mention)
        or (mention.label != "ORG" and _names_product(mention, text, rules))
        or (mention.label == "ORG" and _names_one_made_thing(mention, text, rules, table))
        or _names_sequel(mention, text)
        or mention.text in event_initials
        or (subtitles and _in_title(mention, subtitles))
    }
    if found.has("made_together"):
        works |= {mention.key for mention in mentions if rules.made_together_after.match(text, mention.end) and _may_be_work(mention.key, rules)}
    if works:
        # "Windows XP" ... "2000 and XP": a product's version written alone is the product.
        versions = {mention.key.split()[-1] for mention in mentions if mention.key in works and _names_product_version(mention)}
        works |= {mention.key for mention in mentions if mention.key in versions}
    if not sport and (works or found.has("work_list")):
        works |= _listed_works(mentions, works, text, rules, found.has("work_list"))
    if works:
        works |= _title_ends(mentions, works, text, rules)
    if seen_works is not None:
        # "the yacht Granma": a craft (its noun shares the work cue's search) is dropped like a
        # work, with no archive vote: a newspaper may bear the boat's name.
        crafts = {mention.key for mention in mentions if mention.key in works and _cued(rules.craft_cue, mention, text)} if works else set()
        seen_works |= (works - crafts) | events.keys()
    kept, listed_organisations = _listed_kinds([mention for mention in mentions if mention.key not in works], text, rules, table, found)
    towns = {mention.key for mention in kept if _placed_in_region(mention, text, rules, table)}
    clubs_by_match: set[str] = set()
    home_towns: set[str] = set()
    if not sport:
        # "Roy Dune, from Derby", "a factory in Reading": outside a match report, a club named
        # after its town, read as an organisation where the text places it, is the town.
        towns |= {mention.key for mention in kept if mention.key in rules.sport_clubs and _club_placed(mention, text)}
        # "our Heineken Cup match against Leicester", "Burnley v Leicester": the team, whatever
        # else the document is about; the town in other documents stays the town.
        clubs_by_match = {
            mention.key for mention in kept if mention.key in rules.sport_clubs and _club_by_match(mention.text, text, rules)
        }
        towns -= clubs_by_match
    else:
        # "the Leicester singer", "a Leeds-based firm" in a text with a match's words: the town.
        home_towns = {mention.key for mention in kept if mention.key in rules.cities and rules.townsfolk_after.match(text, mention.end)}
        towns |= home_towns
    cities = _cities(kept, text, rules)
    bands = _bands(kept, text, rules)
    cues = _CuesInText.of(found)
    organisations = (
        {mention.key for mention in kept if _names_organisation(mention, text, rules, sport, table, cues)} | listed_organisations | bands
    ) - towns
    if sport:
        # In a match report a city named alone is its team ("Glasgow flanker", "S Lamont
        # (Glasgow)"): an organisation, kept apart from the place.
        organisations |= cities - home_towns
        cities = set()
    organisations |= clubs_by_match
    clubs = _clubs_after_players(kept, text, rules) if found.has("club_bracket") else set()
    if clubs:
        organisations |= clubs
        towns -= clubs
    cities -= organisations
    # "England coach Sven-Goran Eriksson": a person's role right before a full name read as an
    # organisation or a place makes it a person in every mention of the document.
    people = {mention.key for mention in kept if _role_before_full_name(mention, text, rules, table)}
    # Most texts have no credit line: the whole-text scan tells, and the search is skipped.
    if found.has("credit") and _CREDIT_WORDS.search(text) is not None:
        people |= _credited(kept, text, rules, table)
    if sport:
        people |= _lined_up(kept, text, rules, table)
    if people:
        organisations -= people
        cities -= people
        towns -= people
    venues = {mention.key for mention in kept if text.endswith("at ", 0, mention.start) and _names_venue(mention, text, rules)}
    if venues:
        # "the match at Villa", then "Villa's striker": a club's ground, and the club elsewhere.
        venues -= {mention.key for mention in kept if mention.key in venues and not _cued(rules.place_cue, mention, text)}
    organisations -= venues
    cities |= venues
    if cued_organisations is not None and organisations:
        # Only a cue's words vote in the archive ("rock band X", "X frontman", "firms such as X"):
        # a plural verb after a name is weaker evidence ("Kenteris and compatriot Katerina Thanou
        # were"), and so is a plural name with the article, which is also a nickname many
        # teams share ("the Blues"): good for their own document only.
        cued_organisations |= {
            mention.key
            for mention in kept
            if mention.key in organisations
            and mention.label in ("PERSON", "NORP")
            and (mention.key in listed_organisations or _named_organisation_by_cue(mention, text, rules))
        }
    return [
        replace(mention, label="PERSON") if mention.key in people and mention.label != "PERSON"
        else replace(mention, label="GPE") if _names_country(mention, rules) or (mention.key in towns and mention.label != "GPE")
        else replace(mention, label="ORG") if mention.key in organisations and mention.label != "ORG"
        else replace(mention, label="GPE") if mention.key in cities or _names_place(mention, text, rules)
        else mention
        for mention in kept
    ]


# A surname right before " (": the player a club in brackets follows ("Alan Shearer (Newcastle)").
_NAME_BEFORE_BRACKET = re.compile(r"[A-Z][\w'’-]+ \($")


def _after_figure(mention: Mention, text: str) -> bool:
    """A figure right before the name, or a figure and one space: "6GB", "40 MHz"."""
    before = text[max(0, mention.start - 2) : mention.start]
    return before[-1:].isdigit() or (before[-1:] == " " and before[:1].isdigit())


def _club_by_match(surface: str, text: str, rules: ActorRules) -> bool:
    """"the match against [Leicester]", "Blackburn v [Leicester]", "[Leeds] v Saracens", wherever
    the document writes the name: the model often leaves a fixture line's names unread."""
    start = text.find(surface)
    while start >= 0:
        end = start + len(surface)
        # ("Leicestershire" is another name.)
        if not text[end : end + 1].isalnum() and (
            rules.match_before.search(text, max(0, start - _CUE_WINDOW), start) is not None or rules.fixture_after.match(text, end) is not None
        ):
            return True
        start = text.find(surface, end)
    return False


def _without_universities(mentions: list[Mention], text: str, rules: ActorRules) -> list[Mention]:
    """A university town named alone for its university ("as a Cambridge student", "applying to
    Cambridge", "archives at Harvard, Oxford and ..."): those mentions are left out, and so are
    the document's other bare mentions of the town, which may be either, unless the text places
    them as the town ("a factory in Oxford", "Oxford-based"). Neither the town's value nor any
    other then holds the university; "Oxford University" written in full is its own name."""
    towns = [mention for mention in mentions if mention.key in rules.university_towns and mention.label != "PERSON"]
    scholarly = {id(mention) for mention in towns if _names_university(mention, text, rules)}
    if not scholarly:
        return mentions
    keys = {mention.key for mention in towns if id(mention) in scholarly}
    return [
        mention
        for mention in mentions
        if id(mention) not in scholarly
        and not (mention.key in keys and mention.label != "PERSON" and not _placed_as_town(mention, text, rules))
    ]


def _names_university(mention: Mention, text: str, rules: ActorRules) -> bool:
    return (
        rules.university_after.match(text, mention.end) is not None
        or _cued(rules.university_before, mention, text)
        or rules.university_listed_after.match(text, mention.end) is not None
        or _cued(rules.university_listed_before, mention, text)
    )


# The words that place a town's name as the town: "in", "near", "outside", "from" before it.
_AS_TOWN_BEFORE = re.compile(r"\b(?:in|near|outside|around|from|of|to)\s+$")


def _placed_as_town(mention: Mention, text: str, rules: ActorRules) -> bool:
    return _AS_TOWN_BEFORE.search(text, max(0, mention.start - 12), mention.start) is not None or (
        rules.townsfolk_after.match(text, mention.end) is not None
    )


def _clubs_after_players(kept: list[Mention], text: str, rules: ActorRules) -> set[str]:
    """"Alan Shearer (Newcastle), Les Ferdinand (Tottenham)", "Vitor Baia (Barcelona, Spain)":
    in a list of players, the clubs written in brackets after their names are clubs, whatever
    the model read, in a scorers' table or a squad that names too few of the match words for
    a match report. It takes two such entries: one name of a club town in brackets after a
    name ("Hazel Gilbert (Newcastle)") may be where that person lives."""
    clubs = rules.sport_clubs
    listed = [
        mention
        for mention in kept
        if mention.key in clubs
        and text.startswith((")", ", "), mention.end)
        and _NAME_BEFORE_BRACKET.search(text, max(0, mention.start - 40), mention.start) is not None
    ]
    return {mention.key for mention in listed} if len(listed) > 1 else set()


# Right before a body's name: a country's possessive ("Spain's ", "South Korea's "), a demonym
# ("Chilean "), or a possessive that names no country ("the country's ").
_OWNER_BEFORE = re.compile(r"\b((?:[A-Z][\w.-]*\s+)?[A-Z][\w.-]*['’]s?)\s+$")
_WORD_BEFORE = re.compile(r"\b([A-Z][\w-]*)\s+$")
_NO_OWNER_BEFORE = re.compile(r"\b(?:country|nation|state|island|republic|kingdom)['’]s\s+$")


def _owned_institutions(mentions: list[Mention], text: str, rules: ActorRules) -> list[Mention]:
    """"Spain's High Court", "the Chilean Congress": a body many countries have, written after
    its country's possessive or demonym (which the model left out of the name), is that
    country's: its name takes the owner in, as a place right before it does ("US Court of
    Appeal"), and the owner's own mention goes into it. So is a creed's party ("China's
    Communists"), and where one is owned the document's bare mentions of every creed's party
    are left out (the owned party's, or another one of the same land's). After "the country's" it names no one
    body and is left out. Either way it is not filed under the body the name alone stands for."""
    owned: dict[int, Mention | None] = {}
    taken: set[int] = set()
    for index, mention in enumerate(mentions):
        if mention.key not in rules.national_institutions and mention.key not in rules.creed_parties:
            continue
        window = max(0, mention.start - 40)
        if _NO_OWNER_BEFORE.search(text, window, mention.start):
            owned[index] = None
            continue
        owner = _OWNER_BEFORE.search(text, window, mention.start)
        if owner is None:
            demonym = _WORD_BEFORE.search(text, window, mention.start)
            owner = demonym if demonym is not None and alias_key(demonym.group(1)) in rules.demonyms else None
        if owner is None:
            continue
        start = owner.start(1)
        owned[index] = Mention(text[start : mention.end], "ORG", start, mention.end, mention.sentence, mention.possessive)
        taken.update(other for other, inner in enumerate(mentions) if other != index and start <= inner.start and inner.end <= mention.start)
    if not owned:
        return mentions
    if any(owner is not None and mentions[index].key in rules.creed_parties for index, owner in owned.items()):
        # "Communist Party control ... China's Communists": the bare name is the owned party
        # (or, with two owners, either); under the bare value it would join every country's.
        owned.update((index, None) for index, mention in enumerate(mentions) if mention.key in rules.creed_parties and index not in owned)
    return [owned.get(index, mention) for index, mention in enumerate(mentions) if index not in taken and owned.get(index, mention) is not None]


# Endings that make a people's name of a place's: Chad -> Chadians, Sudan -> Sudanese; after the
# place's last letter gives way: Arkansa|ns, Keny|an.
_DEMONYM_ENDING = re.compile(r"^[A-Z][a-z]+(?:ians?|ans?|ese|is?|ers?|ites?)$")
_ENDINGS = frozenset({"ian", "ians", "an", "ans", "ese", "i", "is", "er", "ers", "ite", "ites", "n", "ns"})
_LONGEST_ENDING = 4


def _without_demonyms_of_places(mentions: list[Mention], rules: ActorRules) -> list[Mention]:
    """"the Chadians" where the text names Chad, "Arkansans" beside Arkansas: a people's name
    made of a place the document names (or a listed country) is a demonym the list lacks, no
    actor. A person's reading is left alone (a surname may look like one)."""
    named = {mention.key for mention in mentions if mention.label in ("GPE", "LOC")}
    named_cut = {place[:-1] for place in named}
    countries, country_stems = rules.countries, rules.country_stems
    dropped = set()
    for mention in mentions:
        key = mention.key
        if mention.label == "PERSON" or key in named or key in countries or not _DEMONYM_ENDING.match(mention.text):
            continue  # "Iran", "Mali": the place itself
        for cut in range(len(key) - 1, max(2, len(key) - _LONGEST_ENDING - 1), -1):
            stem = key[:cut]
            if key[cut:] in _ENDINGS and (stem in named or stem in named_cut or stem in countries or stem in country_stems):
                dropped.add(key)
                break
    return [mention for mention in mentions if mention.key not in dropped] if dropped else mentions


# "Sheffield Wednesday night": a weekday with a part of the day after it is a time, not a club's name.
_PART_OF_DAY = re.compile(r" (?:night|morning|afternoon|evening)\b")


def _club_rejoined(mention: Mention, text: str, rules: ActorRules) -> Mention:
    """"Sheffield [Wednesday]": a listed club's name of two words the model cut after the first
    (a weekday read as a date, "Forest", "Palace") is the club, an organisation, whatever the
    first word was read as; not before a part of the day ("in Sheffield Wednesday night")."""
    seconds = rules.club_second_words.get(mention.key)
    if seconds is None or mention.possessive or not text.startswith(" ", mention.end):
        return mention
    after = _WORD_AFTER_NAME.match(text, mention.end)
    if after is None or after.group(1) not in seconds or _PART_OF_DAY.match(text, after.end()):
        return mention
    end = after.end()
    possessive = text.startswith(("'s", "’s"), end)
    return Mention(text[mention.start : end], "ORG", mention.start, end, mention.sentence, possessive)


_WORD_AFTER_NAME = re.compile(r" ([A-Z][\w'’-]*?)(?=['’]s\b|[^\w'’-]|$)")
# What places a club's town in running text: "in Reading", "near Derby", "Ada Pell, from Derby".
_TOWN_CUE = re.compile(r"(?:\b(?:in|near|outside|around)|, from) $")


def _club_placed(mention: Mention, text: str) -> bool:
    return (
        mention.label == "ORG"
        and " " not in mention.key
        and not mention.possessive
        and _TOWN_CUE.search(text, max(0, mention.start - 10), mention.start) is not None
    )


# A compass word right before a place, lowercase ("talks on northern Ireland") or capitalised
# where the model left it out of the span ("BELFAST, Northern [Ireland] (AP)").
_COMPASS_BEFORE = re.compile(r"\b(?:[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est|[Nn]orthern|[Ss]outhern|[Ee]astern|[Ww]estern) $")


def _with_compass_word(mention: Mention, text: str, rules: ActorRules) -> Mention:
    """"northern Ireland", "north Korea": where a compass word and the place make a
    country of their own, the model's "Ireland" is a piece of that name, not the Republic. Other
    regions ("northern Iraq") are parts of the place and keep its name."""
    if mention.label not in ("GPE", "LOC") or not text.endswith(" ", 0, mention.start):
        return mention
    compass = _COMPASS_BEFORE.search(text, max(0, mention.start - 10), mention.start)
    if compass is None or alias_key(f"{compass.group()}{mention.text}") not in rules.countries:
        return mention
    return Mention(text[compass.start() : mention.end], "GPE", compass.start(), mention.end, mention.sentence, mention.possessive)


_STATE_AFTER = re.compile(r" [Ss]tate\b")
_STATE_OF_BEFORE = re.compile(r"\b[Ss]tate of $")
# The town a region follows: "Buffalo, " right before it.
_TOWN_BEFORE = re.compile(r"([A-Z][\w'’.-]*),\s$")


def _states_apart_from_cities(mentions: list[Mention], text: str, rules: ActorRules, state_signs: bool) -> list[Mention]:
    """A state named after its city ("New York") is the city unless the text shows the state:
    "New York state" and "the state of New York" take the word into the name, which the alias
    table files as the state; ", New York" after a town (it places the town), "Governor Ada Pell
    of New York", "Senators Ada Pell and Bo Rand of New York", "New York governor Ada Pell" and
    "New York's Legislature" (a state's office holder or body), "upstate New York" (a part of the
    state) and "New York and other states" leave it out, not filed as the city. Once the
    document shows the state so, its mentions of the name that show nothing are left out too:
    "Only in New York are judges so distrusted" may be either. A mention placed in its state
    ("Washington, D.C.", "New York, N.Y.") is the city, whatever else the document shows.
    The state is shown too by its seat or its laws in the name's sentence ("When Albany took
    over ... New York's court system"), a county placed in it ("Suffolk County in New York"), its
    bodies a few words after the possessive ("New York's pork barrel Senator"), and a
    document that speaks of the state's government and names no city's sign (`_state_document`).
    A person named with no office before "of New York" is a senator's state or a councillor's
    city: that mention is left out. `state_signs`: whether the text holds any word of the
    state's signs (the whole-text scan's answer); without one those checks are skipped."""
    apart: list[Mention] = []
    shows_state: set[str] = set()
    unsigned: list[int] = []
    # A person named with no office ("Mayor Dinkins of New York" is the city's).
    person_ends = {mention.end for mention in mentions if mention.label == "PERSON" and mention.office is None}
    for mention in mentions:
        if mention.key not in rules.city_states:
            apart.append(mention)
            continue
        if (after := _STATE_AFTER.match(text, mention.end)) is not None:
            possessive = text.startswith(("'s", "’s"), after.end())
            apart.append(Mention(text[mention.start : after.end()], "GPE", mention.start, after.end(), mention.sentence, possessive))
            shows_state.add(mention.key)
            continue
        if (before := _STATE_OF_BEFORE.search(text, max(0, mention.start - 9), mention.start)) is not None:
            apart.append(Mention(text[before.start() : mention.end], "GPE", before.start(), mention.end, mention.sentence, mention.possessive))
            shows_state.add(mention.key)
            continue
        if _places_a_town(mention, text, rules):
            continue
        if (
            rules.state_office_of.search(text, max(0, mention.start - 100), mention.start)
            or rules.state_office_after.match(text, mention.end)
            or rules.state_part_before.search(text, max(0, mention.start - 12), mention.start)
            or _compared_with_states(mention, text, rules)
            or (state_signs and _state_in_sentence(mention, text, rules))
        ):
            shows_state.add(mention.key)
            continue
        if mention.start - 4 in person_ends and text.startswith(" of ", mention.start - 4):
            # "Alfonse D'Amato of New York": a senator's state or a mayor's city; with no
            # office written, nothing tells which, so this mention is left out.
            continue
        if rules.town_region.match(text, mention.end) is None:
            unsigned.append(len(apart))
        apart.append(mention)
    if state_signs:
        shows_state.update(key for key in {apart[index].key for index in unsigned} - shows_state if _state_document(key, text, rules))
    if not shows_state:
        return apart
    left_out = {index for index in unsigned if apart[index].key in shows_state}
    return [mention for index, mention in enumerate(apart) if index not in left_out]


def _state_document(key: str, text: str, rules: ActorRules) -> bool:
    """A document that names the state's seat ("Albany"), its bodies without whose ("the
    Legislature", "the State Senate") or the state as its own ("our state"), and no city's
    sign anywhere (a mayor, a borough, the subway; the federal government's places for the
    capital): it speaks of the state, so a bare mention of the name may be the state."""
    seat = rules.state_seats.get(key)
    if rules.state_document_sign.search(text) is None and (seat is None or seat.search(text) is None):
        return False
    return rules.city_document_sign.search(text) is None


def _state_in_sentence(mention: Mention, text: str, rules: ActorRules) -> bool:
    """"When Albany took over the costs of running New York's court system", "approved by New
    York" after "state design rules": the state's seat or its government's words in the name's
    own sentence (up to 200 characters either side, not across a full stop)."""
    before = text[max(0, mention.start - 200) : mention.start]
    before = before[before.rfind(". ") + 1 :]
    after = text[mention.end : mention.end + 200]
    after = after[: after.find(". ")] if ". " in after else after
    seat = rules.state_seats.get(mention.key)
    return any(
        pattern is not None and (pattern.search(before) is not None or pattern.search(after) is not None)
        for pattern in (rules.state_sentence_sign, seat)
    )


def _compared_with_states(mention: Mention, text: str, rules: ActorRules) -> bool:
    """"New York and a few other states", "states like New York": within the sentence's reach."""
    before = text[max(0, mention.start - 40) : mention.start]
    after = text[mention.end : mention.end + 40]
    # Not across a sentence's end.
    before = before[before.rfind(". ") + 1 :]
    after = after[: after.find(". ")] if ". " in after else after
    return rules.state_comparison.search(before) is not None or rules.state_comparison.search(after) is not None


def _places_a_town(mention: Mention, text: str, rules: ActorRules) -> bool:
    """"Buffalo, New York." but not "Boston, New York." (a list of cities)."""
    if rules.town_region.match(text, mention.start - 2) is None:
        return False
    town = _TOWN_BEFORE.search(text, max(0, mention.start - 40), mention.start)
    return town is not None and alias_key(town.group(1)) not in rules.cities and alias_key(town.group(1)) not in rules.countries


def _names_venue(mention: Mention, text: str, rules: ActorRules) -> bool:
    """"the final at Wembley", "the sea wall at Whitby": a one-word name after an event's or
    a built place's noun and 'at' is where it stands, a place, though the model read an
    organisation (a stadium is named after its place). Known cities and clubs are left to the
    other rules: in a match report they name teams."""
    return (
        mention.label in ("ORG", "PERSON")
        and " " not in mention.key
        and not mention.possessive
        and mention.key not in rules.cities
        and mention.key not in rules.sport_clubs
        and text.endswith("at ", 0, mention.start)
        and _cued(rules.venue_cue, mention, text)
    )


def _names_index(mention: Mention, text: str, rules: ActorRules) -> bool:
    """"the Dow Jones industrial average", "the Nikkei index", "the FTSE 100 Index": a market
    index named after its maker or exchange is no actor, in that mention."""
    if mention.label not in ("ORG", "PERSON", "GPE") or mention.possessive:
        return False
    words = mention.key.split()
    return (len(words) > 1 and words[-1] in rules.index_words) or rules.index_after.match(text, mention.end) is not None


# "Goldman, Sachs & Co.", "Donaldson, Lufkin & Jenrette": a firm's name that holds a comma,
# cut by the model or the span cleaning at it. The part after the comma joins names with '&'.
_PARTNERS_AFTER_COMMA = re.compile(r"[A-Z][\w'’-]*(?: [A-Z][\w'’.-]*)* & [A-Z]")
# A list goes on after the second name ("IBM, Marks & Spencer, Nokia"), or had begun before the first.
_LIST_AFTER = re.compile(r"(?:,|\s+and)\s+[A-Z]")
_LIST_BEFORE = re.compile(r"(?:,|\band)\s+$")


def _firms_joined(mentions: list[Mention], text: str) -> list[Mention]:
    """A one-word name, a comma and an organisation whose name joins partners with '&' are one
    firm ("Goldman, Sachs & Co."), not two, unless they stand in a list of names."""
    if "&" not in text:
        return mentions
    ordered = sorted(mentions, key=lambda mention: mention.start)
    joined: list[Mention] = []
    for mention in ordered:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and mention.label == "ORG"
            and previous.label in ("ORG", "PERSON")
            and " " not in previous.text
            and not previous.text.isupper()
            and text[previous.end : mention.start] == ", "
            and _PARTNERS_AFTER_COMMA.match(mention.text)
            and _LIST_AFTER.match(text, mention.end) is None
            and _LIST_BEFORE.search(text, max(0, previous.start - 6), previous.start) is None
        ):
            joined[-1] = Mention(
                text[previous.start : mention.end], "ORG", previous.start, mention.end, previous.sentence, mention.possessive
            )
            continue
        joined.append(mention)
    return joined


def _bound_institutions_placed(mentions: list[Mention], text: str, rules: ActorRules, found: FoundLiterals) -> list[Mention]:
    """"the U.S. Embassy in Nairobi": an embassy or consulate takes the place written after it
    into its name, one value per place; one with no place written names none it can tell."""
    if not found.has("place_bound"):
        return mentions
    placed = []
    for mention in mentions:
        words = mention.key.split()
        if mention.label != "ORG" or not (words[-1] in rules.place_bound or " ".join(words[-2:]) in rules.place_bound):
            placed.append(mention)
            continue
        where = rules.place_after_in.match(text, mention.end)
        if where is not None:
            placed.append(
                Mention(text[mention.start : where.end()], "ORG", mention.start, where.end(), mention.sentence, mention.possessive)
            )
    return placed


def _placed_in_region(mention: Mention, text: str, rules: ActorRules, table: AliasTable | None) -> bool:
    """"Hamilton, Ontario", "Amherst, N.Y.": a name the wire places in a state or province is
    a town, whatever the model read. A person's full name is left alone ("Dan Burton,
    Indiana"), and so is a firm's ("Acme Corp., Calif.") or a known name."""
    if mention.label not in ("PERSON", "ORG", "NORP") or rules.town_region.match(text, mention.end) is None:
        return False
    words = mention.key.split()
    if mention.label == "PERSON" and len(words) > 1:
        return False
    if words[-1] in rules.organisation_words or words[-1] in rules.organisation_heads:
        return False
    return table is None or table.find(mention.text) is None


# A version or model after a name: "XP", "2000", "360", "II".
_VERSION = re.compile(r"(?:XP|[0-9]+|II|III|IV)")


def _names_product_version(mention: Mention) -> bool:
    """"Windows XP", "Office 2003" read as a place: a name ending in a version is a
    product's, never a place's. Channels keep their numbers ("BBC 1" is an organisation)."""
    if mention.label not in ("GPE", "LOC"):
        return False  # most mentions: their words are not split
    words = mention.text.split()
    return len(words) > 1 and _VERSION.fullmatch(words[-1]) is not None


# A subtitle after a title's colon: ": San Andreas", ":NY". Group 1 is its first word.
_SUBTITLE_AFTER = re.compile(r": ?([A-Z][\w'’-]*)")
# Words that start a sentence after a colon, not a subtitle: "told the BBC: We will".
_SENTENCE_AFTER_COLON = frozenset({"I", "We", "He", "She", "It", "They", "You", "There", "What", "Why", "How", "Who"})


def _subtitle_starts(mentions: list[Mention], text: str, rules: ActorRules) -> set[int]:
    """"Grand Theft Auto: San Andreas", "CSI: Crime Scene Investigation": a name right before a
    colon and a capitalised word, inside a line of running text, is a title with its subtitle.
    The offsets of the titles' names and of their subtitles' first words."""
    starts: set[int] = set()
    for mention in mentions:
        # A person's name before a colon is someone quoted ("Dan Quayle: Not Just a Pretty Face"):
        # only a name read as an organisation, or initials read as a person ("CSI"), is a title.
        if not (mention.label == "ORG" or (mention.label == "PERSON" and mention.text.isupper())):
            continue
        if not text.startswith(":", mention.end):
            continue
        after = _SUBTITLE_AFTER.match(text, mention.end)
        if after is None or after.group(1) in rules.sentence_words or after.group(1) in _SENTENCE_AFTER_COLON:
            continue
        line_start = text.rfind("\n", 0, mention.start) + 1
        if not text[line_start : mention.start].strip():
            continue  # "Scorers: Ada Pell", a heading: a field's name, not a title
        starts |= {mention.start, after.start(1)}
    return starts


def _in_title(mention: Mention, starts: set[int]) -> bool:
    """A title before its colon, or a name (no place) opening its subtitle."""
    return mention.start in starts and mention.label in ("PERSON", "ORG")


# A sequel's number right after a name: "Spider-Man 2 won", "Shrek 2." (not "2,000", "2.5", "6-3",
# nor a count: "Ambrose 5 for 30", "Pell 2 years ago").
_SEQUEL_NUMBER = re.compile(
    r" [2-9](?![\w,.%:/-]\w|[\w%/-]|\s+(?:for|of|to|per|times|years?|months?|weeks?|days?|hours?|minutes?|points?|goals?|wickets?|runs?)\b)"
)


def _names_sequel(mention: Mention, text: str) -> bool:
    """"Spider-Man 2", "Shrek 2" read as a person: a number right after a name in running text
    numbers a work's sequel, never a person (a results row, where a score follows a player's
    name, is no running text)."""
    return mention.label == "PERSON" and _SEQUEL_NUMBER.match(text, mention.end) is not None and not on_table_row(text, mention.end)


def _abbreviates_event(letters: str, text: str, rules: ActorRules, lowered: str) -> bool:
    """"CES" where the document writes "Consumer Electronics Show": an event's initials are
    the event's, no actor, as the event's own name is not one. `lowered` is the text in lower
    case: without an event word of the last initial in it, no spelling-out is looked for."""
    if not _may_be_initials(letters):
        return False
    if not any(word in lowered for word in _event_words_by_initial(rules.event_words).get(letters[-1].lower(), ())):
        return False
    spelt = re.compile(r"\b" + r"\s+".join(rf"{letter}[\w'-]*" for letter in letters) + r"\b")
    return any(match.group().split()[-1].lower() in rules.event_words for match in spelt.finditer(text))


def _may_be_initials(letters: str) -> bool:
    """Two to six capital letters: the shape of an event's initials ("CES")."""
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


@lru_cache(maxsize=4)
def _event_words_by_initial(event_words: frozenset[str]) -> dict[str, tuple[str, ...]]:
    by_initial: dict[str, list[str]] = {}
    for word in event_words:
        by_initial.setdefault(word[:1], []).append(word)
    return {initial: tuple(words) for initial, words in by_initial.items()}


# What joins two names of one list: "A, B and C", "A, B, and C".
_LIST_GLUE = re.compile(r"(?:,\s*|\s+and\s+|,\s*and\s+)")
# A personal name's shape: two or three capitalised words ("Keanu Reeves", "Mary Kate Olsen").
_FULL_NAME = re.compile(r"[A-Z][\w'-]+(?: [A-Z][\w'-]+){1,2}")


def _listed_kinds(
    mentions: list[Mention], text: str, rules: ActorRules, table: AliasTable | None, found: FoundLiterals
) -> tuple[list[Mention], set[str]]:
    """What a list of names says of their kinds: the mentions, with the persons it shows read as
    persons, and the keys of the organisations it shows.

    "Will Smith, Kevin Spacey and Keanu Reeves": a full name read as an organisation in a
    list of three or more names whose every other name is a person's is a person too. Only
    a name's shape is taken so: "Blair, Brown and Labour" leaves the party alone.
    "Broadcasters such as Sky and ITV", "stars like Keanu Reeves and Pierce Brosnan": a
    plural noun of a kind of actor before 'such as', 'like' or 'including' gives the list
    after it that kind (an organisation's noun leaves known countries and cities alone, a
    person's noun takes only names of a person's shape)."""
    ordered = sorted(mentions, key=lambda mention: mention.start)
    lists: list[list[int]] = []
    for index, mention in enumerate(ordered):
        previous = ordered[index - 1] if index else None
        if previous is not None and previous.end <= mention.start and _LIST_GLUE.fullmatch(text, previous.end, mention.start):
            lists[-1].append(index)
        else:
            lists.append([index])
    persons: set[int] = set()
    offices: dict[int, str] = {}
    organisations: set[str] = set()
    # One look for the joining words, not one per list: most texts name no kind before a list.
    introduced = found.has("list_opening")
    # Found with the other listed words, not by a search with the office pattern: that costs a pass per word of it.
    offices_listed = found.has("plural_office")
    for members in lists:
        noun = None
        first = ordered[members[0]].start
        if introduced and text.endswith(_LIST_INTRODUCERS, 0, first):
            noun = rules.list_noun_before.search(text, max(0, first - _LIST_NOUN_WINDOW), first)
        if noun is not None and noun.group(1):
            organisations |= {
                ordered[index].key
                for index in members
                if ordered[index].label in ("PERSON", "GPE", "LOC", "NORP")
                and ordered[index].key not in rules.countries
                and ordered[index].key not in rules.cities
            }
        elif noun is not None:
            persons |= {index for index in members if _person_shaped(ordered[index], rules, table)}
        elif (
            offices_listed
            and text.endswith(("s ", "s. "), 0, first)
            and (plural := rules.plural_office_before.search(text, max(0, first - _LIST_NOUN_WINDOW), first))
        ):
            # "Senators Simon, Moynihan and Kassebaum": the office names people, surnames alone
            # too, and each holds it ("Senator Moynihan", a form the archive learns).
            named = {index for index in members if ordered[index].label == "PERSON" or _named_by_office(ordered[index], rules)}
            persons |= named
            office = rules.singular_offices.get(plural.group(1).rstrip("."))
            if office is not None:
                offices.update((index, office) for index in named if ordered[index].office is None)
        if len(members) < 3:
            continue
        for index in members:
            others = [ordered[other].label for other in members if other != index]
            if all(label == "PERSON" for label in others) and _person_shaped(ordered[index], rules, table):
                persons.add(index)
    mentions = [
        replace(mention, label="PERSON", office=offices.get(index, mention.office)) if index in persons else mention
        for index, mention in enumerate(ordered)
    ]
    return mentions, organisations


# What ends the text right before a list a kind's noun introduces (the pattern allows no more).
_LIST_INTRODUCERS = (" as ", " like ", " including ")
# How far before a list its kind's noun may start: "Hollywood stars, including ".
_LIST_NOUN_WINDOW = 40


# A name a plural office may stand before: one to three capitalised words ("D'Amato").
_OFFICE_NAME = re.compile(r"[A-Z][\w'’-]+(?: [A-Z][\w'’.-]+){0,2}")


def _named_by_office(mention: Mention, rules: ActorRules) -> bool:
    return (
        mention.label != "PERSON"
        and _OFFICE_NAME.fullmatch(mention.text) is not None
        and mention.key.split()[-1] not in rules.organisation_heads
        and not set(mention.key.split()) & rules.organisation_words
        and mention.key not in rules.countries
        and mention.key not in rules.cities
    )


def _person_shaped(mention: Mention, rules: ActorRules, table: AliasTable | None) -> bool:
    """A name read as an organisation that has a person's shape and no organisation's word."""
    return mention.label == "ORG" and _full_name_of_a_person(mention, rules) and (table is None or table.find(mention.text) is None)


def _full_name_of_a_person(mention: Mention, rules: ActorRules) -> bool:
    """Two or three capitalised words, none an organisation's word or head."""
    return (
        _FULL_NAME.fullmatch(mention.text) is not None
        and mention.key.split()[-1] not in rules.organisation_heads
        and not set(mention.key.split()) & rules.organisation_words
    )


def known_place_club_or_alias(mention: Mention, rules: ActorRules, table: AliasTable | None) -> bool:
    """A known country, city or club, or a name of the alias table: its reading is kept."""
    return (
        mention.key in rules.countries
        or mention.key in rules.cities
        or mention.key in rules.sport_clubs
        or (table is not None and table.find(mention.text) is not None)
    )


def _role_before_full_name(mention: Mention, text: str, rules: ActorRules, table: AliasTable | None) -> bool:
    """"Palace striker Andy Johnson", "the party's leader Anna Kowalczyk": a full name of a
    person's shape right after a person's lowercase role, or after an office and a comma
    ("Portugal's Prime Minister, Anibal Cavaco Silva,"), is a person's, whatever the model
    read; read as a person, the role keeps it from an organisation's cue that ends the same
    words ("the film maker Errol Vane": 'maker' names firms). A known country, city or club,
    or a name of the alias table, keeps its reading."""
    return (
        mention.label in ("ORG", "GPE", "LOC", "NORP", "PERSON")
        and _full_name_of_a_person(mention, rules)
        and (_cued(rules.person_cue, mention, text) or _cued(rules.office_apposition, mention, text))
        and not known_place_club_or_alias(mention, rules, table)
    )


# A news story's credit line names its reporters: "Ana Ruiz in Lima contributed to this article",
# "(Reporting by Ana Ruiz; Editing by Tom Hale)". The words are searched once per text.
_CREDIT_WORDS = re.compile(r"\bcontribut(?:ed|es) (?:reporting )?to this (?:article|report|story)\b|\b(?:[Rr]eporting|[Ee]diting|[Ww]riting) by\b")
_CREDIT_AFTER = re.compile(r"\bcontribut(?:ed|es) (?:reporting )?to this (?:article|report|story)\b")
_CREDIT_BEFORE = re.compile(r"\b(?:[Rr]eporting|[Ee]diting|[Ww]riting) by\s+$")
# A reporter's name opens the credit or follows a comma or 'and' of its list ("Staff of Kestrel
# Data contributed" names a body).
_CREDIT_LISTED = re.compile(r"[\s\-—]*|.*(?:,\s+|\band\s+)", re.DOTALL)
# Where the credit's sentence starts: after the last full stop, line break or rule before it.
_SENTENCE_END_BEFORE = re.compile(r"[.!?\n-](?=[^.!?\n-]*$)")


def _credited(mentions: list[Mention], text: str, rules: ActorRules, table: AliasTable | None) -> set[str]:
    """Keys of the full names a credit line gives as its reporters: every name of a person's
    shape in the sentence that ends "... contributed to this article" ("Ana Ruiz in Lima and
    Tom Hale contributed to this article"), and the name after "Reporting by" or "Editing by",
    whatever the model read. A place the model read, one written after 'in', a known country,
    city or club, and a name of the alias table keep their reading ("in New York")."""
    spans = []
    for credit in _CREDIT_AFTER.finditer(text):
        opening = _SENTENCE_END_BEFORE.search(text, max(0, credit.start() - 200), credit.start())
        spans.append((opening.end() if opening else max(0, credit.start() - 200), credit.start()))
    return {
        mention.key
        for mention in mentions
        if mention.label in ("ORG", "NORP", "PERSON")
        and _full_name_of_a_person(mention, rules)
        and (any(start <= mention.start < end and _CREDIT_LISTED.fullmatch(text, start, mention.start) for start, end in spans) or _cued(_CREDIT_BEFORE, mention, text))
        # A wire service credits itself the same way ("Dow Jones Newswires contributed ...").
        and not mention.key.endswith(("wire", "wires"))
        and mention.key.split()[-1] not in rules.desk_words
        and not _cued(rules.place_cue, mention, text)
        and not known_place_club_or_alias(mention, rules, table)
    }


def _lined_up(mentions: list[Mention], text: str, rules: ActorRules, table: AliasTable | None) -> set[str]:
    """Keys of the one- or two-word names a match report lists in a line-up line: players,
    whatever the model read ("Brebner" a place, "Duff" an organisation). A known country, city
    or club, a name of the alias table, or the team's name before the colon keeps its reading."""
    lines = lineup_lines(text)
    if not lines:
        return set()
    return {
        mention.key
        for mention in mentions
        if mention.label != "PERSON"
        and len(mention.key.split()) <= 2
        and inside(lines, mention.start, mention.end)
        and not text.startswith(":", mention.end)  # "Kilmarnock: Smith, ...": the team's name
        and not known_place_club_or_alias(mention, rules, table)
    }


# "the harbour town of Whitby", "the city of Lyon": the name after is a place. So is the name
# after the office of a place's head, lowercase ("the mayor of Lyon", "the governor of Texas",
# "the bishop of Durham"); "governor of the Bank of England" has 'the' between and stays.
_SETTLEMENT_OF = re.compile(
    r"\b(?:town|city|village|port|county|province|region|island|capital|district|suburb|borough|municipality|hamlet"
    r"|mayor|mayors|governor|governors|bishop|archbishop|mayoress|burgomaster|prefect)\s+of\s+$"
)


def _after_settlement_of(text: str, start: int) -> bool:
    """"the harbour town of [Whitby]": a settlement's noun and 'of' right before `start`."""
    window = text[max(0, start - 40) : start]
    stripped = window.rstrip()
    # What _SETTLEMENT_OF needs ('of' and a space at the end), seen without a search first.
    if len(stripped) == len(window) or not stripped.endswith("of"):
        return False
    return _SETTLEMENT_OF.search(text, max(0, start - 40), start) is not None


def _cities(mentions: list[Mention], text: str, rules: ActorRules) -> set[str]:
    """Well-known cities, and places the document names through an institution of theirs
    ("Port of Rotterdam") or as a settlement ("the harbour town of Whitby"), that the model read as a person or an organisation ("Glasgow's
    date", "Bristol band", "Rotterdam port traffic rises"), unless a person in this document bears the word ("Paris Hilton", then
    "Paris"): the place, or in a match report the team."""
    person_words = {word for mention in mentions if mention.label == "PERSON" and " " in mention.key for word in mention.key.split()}
    # Places this document names through an institution of theirs ("Port of Rotterdam").
    named_places = {
        alias_key(found.group(1))
        for mention in mentions
        if mention.label != "PERSON" and (found := rules.place_institution.match(mention.text))
    } | {mention.key for mention in mentions if _after_settlement_of(text, mention.start)}
    return {
        mention.key
        for mention in mentions
        if mention.label in ("PERSON", "ORG")
        and (mention.key in rules.cities or mention.key in named_places)
        and not set(mention.key.split()) & person_words
    }


def _work_before_cue(mention: Mention, text: str, rules: ActorRules) -> bool:
    """"Ray star Jamie Foxx": a name before a work's noun is a work's, unless a place, a
    club or an organisation stands there ("Hollywood star", "United star"). Not asked in a
    match report, where a star is a club's player."""
    if mention.label not in ("PERSON", "ORG") or rules.work_after_cue.match(text, mention.end) is None:
        return False
    return _may_be_work(mention.key, rules)


# Between a cued work's first name and the next: capitalised words of the title, then 'of'.
_TITLE_OF = re.compile(r"(?:\s+[A-Z][\w'’-]*)*\s+of(?:\s+the)?\s+")


def _title_ends(mentions: list[Mention], works: set[str], text: str, rules: ActorRules) -> set[str]:
    """"the drama Maria Full of Grace": after a name a work's noun names, the title runs on through
    'of' to the next name, which is the title's end, not an actor ("Grace"). Only 'of' carries a
    title on: after "the film Sideways and" comes whoever else the sentence names."""
    ends = set()
    ordered = sorted(mentions, key=lambda mention: mention.start)
    for before, after in zip(ordered, ordered[1:]):
        if before.key in works and _TITLE_OF.fullmatch(text, before.end, after.start) and _cued(rules.work_cue, before, text):
            ends.add(after.key)
    return ends


def _events_and_wins(mentions: list[Mention], text: str, rules: ActorRules, sport: bool) -> tuple[dict[str, str], set[str]]:
    """What the words right after a name say of it (one try of one pattern per mention).

    Events, key -> the model's reading: "the Sundance film festival", "France's Cesar film
    awards". A place's reading, a listed country, city, region or club is the place's or the
    club's ("the Cannes film festival", "the Reading festival"), a name with an organisation's
    last word the sponsor's, and a person's full name the person's ("a Rita Hayworth film
    festival" shows her films).

    Works, outside a match report: "The Aviator has been named best film", "The Aviator, a film
    biography of Howard Hughes", "Garden State, which he wrote": what only a work wins, a work's
    noun in an apposition, or what a person made of it. A listed country, city or club, a name
    with an organisation's last word, and a maker named after 'by' ("The History Boys by Alan
    Bennett has been named best new play") are left alone."""
    events: dict[str, str] = {}
    won: set[str] = set()
    for mention in mentions:
        after = rules.after_name.match(text, mention.end)
        if after is None or not _may_be_work(mention.key, rules):
            continue
        if after.lastgroup == "event":
            if (mention.label in ("ORG", "NORP") or (mention.label == "PERSON" and " " not in mention.key)) and mention.key not in rules.region_keys:
                events[mention.key] = mention.label
        elif not sport and _MAKER_BEFORE.search(text, max(0, mention.start - 12), mention.start) is None:
            won.add(mention.key)
    return events, won


_MAKER_BEFORE = re.compile(r"\b(?:by|of|from|with|and|starring|director|writer|author)\s+$", re.IGNORECASE)


def _names_product(mention: Mention, text: str, rules: ActorRules) -> bool:
    """"the Firefox browser", "Freeview boxes": a device's noun after a name read as a person, a
    people or a place makes it a product's (the caller leaves an organisation's reading alone: a
    firm's name stands before its products' nouns, "Sony handsets")."""
    if rules.product_after.match(text, mention.end) is None:
        return False
    return _may_be_work(mention.key, rules) and mention.key not in rules.region_keys


# 'a', 'an', 'one' or 'another' right before a name, or with one hyphenated word between:
# "accepted a Cadillac", "one Buick", "an hour-glass Chemex". Other words between may make the
# article another noun's ("a spokeswoman told Reuters", "a week after IBM").
# Written in lowercase: a sentence that opens "A Congress with self-respect" speaks of any such body.
_ONE_THING_BEFORE = re.compile(r"(?<![\w-])(?:an?|one|another)\s+(?:[a-z]+-[a-z]+\s+)?$")
# What follows such a thing: punctuation, the text's end, or a word that starts no noun phrase
# ("a Cadillac from the bus line"); before a noun the name is the noun's ("a Kestrel spokesman").
_ONE_THING_AFTER = re.compile(r"(?:[,.;:!?)]|\s*$|\s+(?:and|or|but|from|with|in|on|at|for|to|that|which|was|is)\b)")


def _names_one_made_thing(mention: Mention, text: str, rules: ActorRules, table: AliasTable | None) -> bool:
    """"accepted a Cadillac from the bus line", "one Volvo, one Buick": a maker's one-word name
    after 'a' or 'one' and before no noun is one thing it made, no organisation (a person or a people is
    asked elsewhere: "a Kennedy", "a Republican"). A name after an organisation's cue noun ("an
    oil firm Yukos"), a name of the alias table, a known place or club stays."""
    # One word, not initials: "a BBC World Service and WGBH co-production" is the service's.
    if " " in mention.text or mention.text.isupper() or _ONE_THING_AFTER.match(text, mention.end) is None:
        return False
    if _ONE_THING_BEFORE.search(text, max(0, mention.start - _CUE_WINDOW), mention.start) is None:
        return False
    return _may_be_work(mention.key, rules) and not _cued(rules.organisation_cue, mention, text) and not known_place_club_or_alias(mention, rules, table)


# Between two names of one list: a comma, 'and' or 'or' (an article may follow; the word of a work
# the rules cued may stand before the next name: "and British film Vera Drake" is matched from
# the name, so only the list's glue is read here).
_WORK_LIST_GLUE = re.compile(r"(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:[Tt]he\s+)?")
_WORK_LIST_START = re.compile(r"(?:[Tt]he\s+)?")
# Glue and the words of a cue before a name the rules found to be a work: "and British film ".
# "and the forthcoming thriller The ".
# Not after a possessive pronoun: "a deal with Island and their debut album Boy" names the label
# and its band's work.
_WORK_LIST_GLUE_CUED = re.compile(
    r"(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:[Tt]he\s+)?(?:(?!(?:their|his|her|its|our|my|your)\b)[\w-]+\s+){0,2}[a-z]+\s+(?:[Tt]he\s+)?"
)


def _listed_works(mentions: list[Mention], works: set[str], text: str, rules: ActorRules, opened: bool) -> set[str]:
    """"programmes such as EastEnders and Top Gear", "Finding Neverland, The Motorcycle Diaries
    and British film Vera Drake": the names of a list a work's plural noun opens, and those of a
    list one of whose names the rules showed to be a work, are works. In a list a work's noun
    opens, a person's reading is the model's slip and the name is a work; in a list shown by one
    of its names, people stay (a director may be named among films: "films by Salles, Moore and
    ..."). Owners stay in both ("shows such as Channel 4's gameshow ..."), and so do the names the
    rules keep from being works (countries, cities, clubs, bodies by their head word), and in the
    second regions. A list ends at the name after its "and" or "or" (`_may_join`)."""
    # A people's adjective is no name of the list ("and British film Vera Drake").
    ordered = sorted((mention for mention in mentions if mention.key not in rules.demonyms), key=lambda mention: mention.start)
    # Runs of names joined by list glue only; a run whose last name a work's noun brought in
    # ("A and the thriller B") names works by its shape alone.
    runs: list[tuple[list[Mention], bool]] = []
    # Whether the last run's list has had its last name, the one after "and" or "or": "A and B,
    # and Ken Loach will attend" starts a new clause, not a third name of the list.
    ended = False
    for mention in ordered:
        joins = runs and not ended and _may_join(runs[-1][0], text, mention.start)
        if joins and _WORK_LIST_GLUE.fullmatch(text, runs[-1][0][-1].end, mention.start):
            runs[-1][0].append(mention)
        elif (
            joins
            and mention.key in works
            and _WORK_LIST_GLUE_CUED.fullmatch(text, runs[-1][0][-1].end, mention.start)
            and _cued(rules.work_cue, mention, text)
        ):
            # The glue's last word is the work's noun ("and the forthcoming thriller The
            # Woodsman"), not any word ("the community of Niquero, where the Granma landed").
            runs[-1][0].append(mention)
            runs[-1] = (runs[-1][0], True)
        else:
            runs.append(([mention], False))
            ended = False
            continue
        ended = _LAST_OF_LIST.match(text, runs[-1][0][-2].end) is not None
    listed: set[str] = set()
    for run, cued in runs:
        opening = rules.work_list_opening.search(text, max(0, run[0].start - 40), run[0].start) if opened else None
        if opening is not None and _WORK_LIST_START.fullmatch(text, opening.end(), run[0].start):
            # Nobody is a programme: a person's reading after "programmes such as" is the model's slip.
            # "shows such as Channel 4's gameshow ...": a possessive names the work's owner.
            listed.update(mention.key for mention in run if not _owns(mention, text) and _may_be_work(mention.key, rules))
        elif (cued or len(run) > 2) and any(mention.key in works and _may_be_work(mention.key, rules) for mention in run):
            # A place the rules kept from being a work ("the US budget") makes no list of works;
            # a region or continent in one ("the US, Europe and Japan") is a place.
            listed.update(
                mention.key
                for mention in run
                if mention.label not in ("PERSON", "LOC") and not _owns(mention, text) and _may_be_work(mention.key, rules)
            )
    return listed


# Glue that brings a list's last name: "and", "or", with or without a comma before.
_LAST_OF_LIST = re.compile(r",?\s+(?:and|or)\s")


def _may_join(run: list[Mention], text: str, start: int) -> bool:
    """Whether a name at `start` may be the next of the list `run`: ", and" before it is a
    serial comma only after two names or more ("A, B, and C"); after one it starts a clause
    ("songs such as A, and Tom Reno joined her")."""
    glue = text[run[-1].end : start]
    return len(run) > 1 or not (glue.startswith(",") and _LAST_OF_LIST.match(glue) is not None)


def _owns(mention: Mention, text: str) -> bool:
    """A possessive right after the name ("Channel 4's gameshow", "Larry Niven's Ringworld")."""
    return mention.possessive or text.startswith(("'s", "’s", "' ", "’ "), mention.end)


def _may_be_work(key: str, rules: ActorRules) -> bool:
    return (
        key not in rules.sport_clubs
        and key.split()[-1] not in rules.organisation_heads
        and key not in rules.countries
        and key not in rules.cities
    )


# "The Aviator, starring Leonardo DiCaprio": only a work stars anyone.
_STARRING = re.compile(r",?\s+starring\b(?!\s+as\b)")


def _names_series(mention: Mention, text: str, rules: ActorRules) -> bool:
    """"The Aviator, starring", "the Harry Potter films": a film or a franchise. After an
    organisation's reading a franchise noun names its maker's works ("Disney films"), so
    only a person or group reading is taken for one."""
    if mention.label not in ("PERSON", "ORG", "NORP") or not _may_be_work(mention.key, rules):
        return False
    if _STARRING.match(text, mention.end) is not None:
        return True
    if mention.label == "ORG":
        return False
    if rules.work_series_after.match(text, mention.end) is not None:
        return True
    # "the third Harry Potter film": one of a series; "a Mike Leigh film" is a director's.
    return _ORDINAL_BEFORE.search(text, max(0, mention.start - 12), mention.start) is not None and _ONE_WORK_AFTER.match(text, mention.end) is not None


_ORDINAL_BEFORE = re.compile(r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+$", re.IGNORECASE)
_ONE_WORK_AFTER = re.compile(r"\s+(?:film|movie|book|novel|game|DVD|episode|instalment)\b")


def _names_country(mention: Mention, rules: ActorRules) -> bool:
    return mention.label in ("ORG", "NORP", "LOC") and mention.key in rules.countries


def _cued(cue, mention: Mention, text: str) -> bool:
    return cue.search(text, max(0, mention.start - _CUE_WINDOW), mention.start) is not None


@dataclass(frozen=True, slots=True)
class _CuesInText:
    """Which cue words a text holds at all: a search before each name for a cue the text
    lacks cannot match, and is skipped (the answers are the same)."""

    organisation: bool
    stake: bool

    @classmethod
    def of(cls, found: FoundLiterals) -> _CuesInText:
        # The whole-text scan holds the cue words' places (`rules.cue_words` tells the same).
        return cls(found.spaced("organisation_cue"), found.spaced("stake"))


def _names_organisation(
    mention: Mention, text: str, rules: ActorRules, sport: bool, table: AliasTable | None, cues: _CuesInText
) -> bool:
    key = mention.key
    if sport and key in rules.sport_clubs:
        return True
    # "Manchester City won the final": in a match report a known city or club with a club's
    # suffix is the club, whatever the model read.
    words = key.split()
    if sport and len(words) == 2 and words[-1] in _CLUB_SUFFIXES and (words[0] in rules.cities or words[0] in rules.sport_clubs):
        return True
    if mention.label == "PERSON" and words[-1] in rules.organisation_heads:
        return True
    # "Franz Ferdinand have", "Keane were": a name that takes a plural verb is a band, a
    # team or a firm (British usage), never one person; after an office it is a person in a
    # list ("He and his shadow Chancellor Oliver Letwin have").
    if (
        mention.label == "PERSON"
        and not mention.possessive
        and _takes_plural_verb(mention, text)
        and rules.office_before.search(text, max(0, mention.start - _CUE_WINDOW), mention.start) is None
    ):
        return True
    # Not after a possessive: "Rob Dune's guitarist" plays for a singer.
    if mention.label == "PERSON" and not mention.possessive and rules.member_after.match(text, mention.end) is not None:
        return True
    # "Atletico Varna playmaker Ivo Petrov": a player's position between a name and a player's
    # names the club he plays for; "Atletico Varna 15 8 3 4 26 17 27": a standings row's
    # name is a team's (a golfer's row has five numbers at most).
    if mention.label == "PERSON" and not mention.possessive and (
        rules.player_after.match(text, mention.end) is not None or _STANDINGS_AFTER.match(text, mention.end) is not None
    ):
        return True
    # "Kestrel executives", "a Kestrel analyst": a person has aides and fans, not executives,
    # analysts or subscribers. Read as an organisation there, the name is one in every mention
    # of the document (a known place keeps its reading: "a London analyst" works there).
    if (
        mention.label in ("PERSON", "ORG")
        and not mention.possessive
        and rules.organisation_member_after.match(text, mention.end) is not None
        and key not in rules.countries
        and key not in rules.cities
    ):
        return True
    # "BT" or "F.B.I." read as a place: an unknown acronym, with or without dots, is an
    # organisation's (a state's abbreviation, "N.J.", is a place). A dateline or a headline
    # writes every name in capitals ("VAIL, Colorado"): no sign there.
    if (
        mention.label == "GPE"
        and not mention.shouted
        and mention.text.isupper()
        and len(mention.text.replace(".", "")) <= 5
        and mention.text not in rules.region_abbreviations
        and (table is None or table.find(mention.text) is None)
    ):
        return True
    if mention.label in ("PERSON", "GPE") and cues.stake and _cued(rules.stake_before, mention, text):
        # "Shares in Nvidia rose": one holds shares in a firm. "Shares in London" are the
        # city's market, so a known place keeps its reading.
        return key not in rules.countries and key not in rules.cities and rules.town_region.match(", " + mention.text + ".") is None
    # "research firm Kestrel", "security firm Kestrel": the model reads some firms as a planet
    # or a region (LOC), or as a people (NORP, a group).
    return mention.label in ("PERSON", "GPE", "LOC", "NORP") and cues.organisation and _cued(rules.organisation_cue, mention, text)


def _named_organisation_by_cue(mention: Mention, text: str, rules: ActorRules) -> bool:
    """A name the model read as a person that a cue's words make an organisation's: a band
    member's or a player's noun after it ("X frontman", "X striker Y"), an organisation's
    people after it ("X executives"), or an organisation's noun before it ("rock band X",
    "game maker X")."""
    if mention.possessive:
        return _cued(rules.organisation_cue, mention, text)
    return (
        rules.member_after.match(text, mention.end) is not None
        or rules.player_after.match(text, mention.end) is not None
        or rules.organisation_member_after.match(text, mention.end) is not None
        or _cued(rules.organisation_cue, mention, text)
    )


# "the Beatles", "The Scissor Sisters": a plural name written with the article.
_ARTICLE_BEFORE = ("the ", "The ")
# What may follow the name for the article to be the name's: punctuation, the text's end, or
# a word that starts no noun phrase the article could go with ("the Beatles had it", "with the
# Beatles, the Byrds", a verb in the past: "the Beatles played"). Before a noun the article is the noun's: "the Ray Charles biopic", "the
# Williams sisters", "the Jennings report".
_GROUP_ENDS = re.compile(
    r"['’]?(?:[,.;:!?)]|\s*$|\s+(?:and|or|on|in|at|with|from|for|to|of|had|have|are|were|who|whose|which|that|will|would)\b|\s+[a-z]+ed\b)"
)


def _bands(mentions: list[Mention], text: str, rules: ActorRules) -> set[str]:
    """"the Beatles", "the Arctic Monkeys": a name in the plural written with the article, and
    not before a noun the article goes with, is a band's or a team's, never one person's,
    whatever the model read. A family stays apart: "the Osbournes" where the document names an
    Osbourne."""
    candidates = [
        mention
        for mention in mentions
        if mention.label == "PERSON"
        and mention.key.endswith("s")
        and text.endswith(_ARTICLE_BEFORE, 0, mention.start)
        and (mention.start < 5 or not text[mention.start - 5].isalnum())
        and _GROUP_ENDS.match(text, mention.end) is not None
        and mention.key not in rules.countries  # "the Philippines"
    ]
    if not candidates:
        return set()
    named = {mention.key for mention in candidates}
    surnames = {
        mention.key.split()[-1] for mention in mentions if mention.label == "PERSON" and " " in mention.key and mention.key not in named
    }
    return {key for key in named if singular(key.split()[-1]) not in surnames and key.split()[-1] not in surnames}


_STANDINGS_AFTER = re.compile(r"(?:[ \t]+[0-9]+){6,}[ \t]*(?:\n|$)")


_CLUB_SUFFIXES = frozenset({"city", "united", "town", "rovers", "athletic", "albion", "wanderers", "county", "villa", "fc"})
_PLURAL_VERB = re.compile(r" (?:are|were|have)\b(?! to\b)")
# Words before the name that make a plural verb after it mean something else: "if Keane
# were fit", "would Keane have", "Keane and Foxx were".
_NOT_AGREEMENT = re.compile(r"(?:\b(?:if|wish|though|would|could|should|might|will|did|do|does|and|or|nor|&)|,)\s*$", re.IGNORECASE)


# "Franz Ferdinand, who were shortlisted": the relative clause agrees with the name too, unless
# the name ends a phrase whose head went before ("the parents of Ann Lee, who were").
_WHO_PLURAL_VERB = re.compile(r",\s+who (?:are|were|have)\b(?! to\b)")
_HEAD_BEFORE = re.compile(r"\b(?:of|for|with|by|to|from|between|among|including|like|than)\s+$", re.IGNORECASE)


def _takes_plural_verb(mention: Mention, text: str) -> bool:
    if _PLURAL_VERB.match(text, mention.end) is None:
        if _WHO_PLURAL_VERB.match(text, mention.end) is None or _HEAD_BEFORE.search(text, max(0, mention.start - 12), mention.start):
            return False
    return _NOT_AGREEMENT.search(text, max(0, mention.start - 12), mention.start) is None


def _names_place(mention: Mention, text: str, rules: ActorRules) -> bool:
    return (
        mention.label == "PERSON"
        and " " not in mention.text
        and not mention.possessive
        and _cued(rules.place_cue, mention, text)
    )
