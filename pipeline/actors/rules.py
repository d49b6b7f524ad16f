"""The span rules of pipeline/data/actor_rules.yaml, loaded once and compiled."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator

from pipeline.data import explain_data_error, load_yaml
from pipeline.actors.keys import alias_key
from pipeline.actors.literals import LiteralScanner, SpacedWords
from pipeline.errors import ConfigurationError
from pipeline.patterns import literal_alternation

RULES_FILE = "actor_rules.yaml"


class LanguageNameFile(BaseModel):
    """How one language writes names, where it differs from English (see actor_rules.yaml)."""

    model_config = ConfigDict(extra="forbid")

    sentence_case_organisations: bool = False
    courtesy_titles: list[str] = []
    offices: list[str] = []
    articles: list[str] = []
    common_words_from_model: bool = False
    head_word_first: bool = False


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    languages: dict[str, LanguageNameFile] = {}

    courtesy_titles: list[str]
    office_titles: list[str]
    office_modifiers: list[str]
    name_titles: list[str]
    demonyms: list[str]
    religious_words: list[str]
    sport_roles: list[str]
    organisation_words: list[str]
    legal_endings: list[str]
    event_words: list[str]
    treaty_words: list[str]
    desk_words: list[str]
    not_actors: list[str]
    unqualified_institutions: list[str]
    national_institutions: list[str]
    creed_parties: list[str]
    name_particles: list[str]
    list_words: list[str]
    sentence_words: list[str]
    organisation_heads: list[str]
    institution_heads: list[str]
    remit_fields: list[str]
    organisation_cues: list[str]
    leading_trade_nouns: list[str]
    leading_trades_of_people: list[str]
    organisation_list_nouns: list[str]
    plural_offices: list[str]
    firm_trade_words: list[str]
    firm_name_tails: list[str]
    posts_of: list[str]
    person_list_nouns: list[str]
    organisation_member_nouns: list[str]
    member_cues: list[str]
    player_positions: list[str]
    university_towns: list[str]
    university_cues_before: list[str]
    university_cues_after: list[str]
    universities: list[str]
    match_cues_before: list[str]
    townsfolk_nouns: list[str]
    measure_units: list[str]
    person_cues: list[str]
    office_bodies: list[str]
    work_cues: list[str]
    work_after_cues: list[str]
    work_role_cues: list[str]
    work_series_words: list[str]
    work_list_nouns: list[str]
    event_nouns_after: list[str]
    event_qualifiers: list[str]
    work_categories: list[str]
    category_people: list[str]
    apposition_work_nouns: list[str]
    made_together_nouns: list[str]
    making_verbs: list[str]
    product_nouns: list[str]
    product_trade_words: list[str]
    calendar_words: list[str]
    post_words: list[str]
    place_cues: list[str]
    sport_clubs: list[str]
    sport_cues: list[str]
    sport_cue_minimum: int
    countries: list[str]
    cities: list[str]
    place_institution_words: list[str]
    regions: list[str]
    region_abbreviations: list[str]
    named_event_leads: list[str]
    craft_cues: list[str]
    index_words: list[str]
    index_qualifiers: list[str]
    venue_cues: list[str]
    venue_nouns: list[str]
    place_bound_institutions: list[str]
    city_state_names: list[str]
    state_part_words: list[str]
    state_office_holders: list[str]
    state_party_words: list[str]
    state_bodies: list[str]
    state_comparisons: list[str]
    state_seats: dict[str, str]
    state_document_signs: list[str]
    state_sentence_signs: list[str]
    city_document_signs: list[str]
    office_abbreviations: dict[str, str]
    spelling_variants: dict[str, str]

    @field_validator("sport_cues", "work_cues", "work_role_cues", "craft_cues")
    @classmethod
    def _whole_words(cls, words: list[str], info: ValidationInfo) -> list[str]:
        # They are found as whole words (the literal scan answers for the patterns): a word
        # boundary must fall on each edge, and an empty word would match everywhere.
        edged = [word for word in words if not (word[:1].isalnum() and word[-1:].isalnum())]
        if edged:
            raise ValueError(f"{info.field_name} must begin and end with a letter or digit: {edged}")
        return words


@dataclass(frozen=True, slots=True)
class NameWriting:
    """How a language writes names, for the span rules of its documents."""

    # Organisations capitalise their first word only ("Confédération générale du travail"):
    # lowercase words inside an organisation's span are part of its name.
    sentence_case_organisations: bool
    # Lowercase offices that start a post's name, no actor's ("ministre des Transports").
    offices: frozenset[str]
    # Articles cut from an organisation's start, as English cuts "The" ("La Fédération", "L'Union").
    articles: tuple[str, ...]
    # A capitalised word at a sentence's start that the language model's lemma table reads as
    # a form of a common word ("Cheminots": cheminot) is no person's or organisation's name.
    common_words_from_model: bool
    # The language's own courtesy titles ("Mme", "Me"), cut as "Mr" is: they mark a person.
    courtesy_prefix: re.Pattern[str] | None = None
    # A body's name opens with its head word ("Assemblée nationale"), which alone, after an
    # article, is the short form ("l'Assemblée"), as English's last word is ("the Commission").
    head_word_first: bool = False


ENGLISH_WRITING = NameWriting(False, frozenset(), (), False)


@dataclass(frozen=True, slots=True)
class ActorRules:
    courtesy_prefix: re.Pattern[str]
    office_prefix: re.Pattern[str]
    # One office that names a single post ("President", "Prime Minister"), to keep with a name.
    office_word: re.Pattern[str]
    # An office and 'of' opening a name: "Commissioner of Cultural Affairs" names a post.
    office_of: re.Pattern[str]
    office_before: re.Pattern[str]
    name_titles: frozenset[str]
    titles: frozenset[str]
    demonyms: frozenset[str]
    # The person cues as capitalised words may lead a person's span ("Singers Jennifer Lopez").
    person_cue_words: frozenset[str]
    organisation_words: frozenset[str]
    legal_endings: frozenset[str]
    event_words: frozenset[str]
    # A treaty's nouns: as a name's head or last word, an agreement, no actor.
    treaty_words: frozenset[str]
    # A wire desk's last word ("London Newsroom"): the span is a sign-off, no actor.
    desk_words: frozenset[str]
    not_actors: frozenset[str]
    unqualified_institutions: frozenset[str]
    # Bodies many countries have that one country's news names alone ("Congress").
    national_institutions: frozenset[str]
    # "Communist Party", "Socialists": a creed's party, one per country.
    creed_parties: frozenset[str]
    # Both: a place right before one of them joins its name ("US Treasury", "US Court of Appeal").
    placed_institutions: frozenset[str]
    name_particles: frozenset[str]
    list_words: frozenset[str]
    # One spelling for words written two ways ("organisation", "organization"), by alias key.
    spelling_variants: dict[str, str]
    sentence_words: frozenset[str]
    organisation_heads: frozenset[str]
    # Last words of an institution's name whose first word alone names it too ("the Biltmore").
    institution_heads: frozenset[str]
    # The fields a department's name lists after 'of' or 'for' ("Culture, Media and Sport").
    remit_fields: frozenset[str]
    # A firm's trade as the second word of its name ("LIN Broadcasting", "Kestrel Research").
    firm_trade_words: frozenset[str]
    # The trade words and the other words a firm's name drops before its legal ending.
    firm_tail_words: frozenset[str]
    # The cue noun as the last word before a name: "oil firm" + "Yukos".
    organisation_cue: re.Pattern[str]
    # A cue noun and a capitalised word right after a word: "Software [giant Microsoft]".
    organisation_cue_after: re.Pattern[str]
    # A holding in something, right before a name: "shares in Nvidia", "a stake in Yukos".
    stake_before: re.Pattern[str]
    # The cue words of some searches made before each name, anywhere in a text, then a space:
    # a text without a group's words skips that search ("organisation_cue": the cue nouns,
    # which most French news and much English news lacks; "stake": `stake_before`'s words).
    cue_words: SpacedWords
    # A firm's trade opening a sentence, taken into the name's span ("Carmaker Nissan"): cut,
    # and the name is an organisation's; of a trade people have too, cut only ("Broadcaster").
    leading_trade_nouns: frozenset[str]
    leading_trades_of_people: frozenset[str]
    # A band member's noun right after a band's name ("Keane frontman").
    member_after: re.Pattern[str]
    # Towns a university is named after and news names alone for it ("a Cambridge student"),
    # and what shows that a mention is the university's: a student's or a scholar's word after
    # it, a word of applying or studying before it, another university beside it in a list.
    university_towns: frozenset[str]
    university_before: re.Pattern[str]
    university_after: re.Pattern[str]
    university_listed_after: re.Pattern[str]
    university_listed_before: re.Pattern[str]
    # What shows a club's town to be its team outside a match report: a match's words before
    # it ("our match against Leicester") or ' v ' beside it ("Burnley v Leicester").
    match_before: re.Pattern[str]
    fixture_after: re.Pattern[str]
    # In a match report, what shows a club's town to be the town: a noun of its people or its
    # firms right after it ("the Leicester singer", "a Leeds band").
    townsfolk_after: re.Pattern[str]
    # Units written after a figure ("6GB", "40 MHz"): no actor there, whatever the model read.
    measure_units: frozenset[str]
    # A player's position and a capitalised word after a club's name ("Varna playmaker Ivo").
    player_after: re.Pattern[str]
    person_cue: re.Pattern[str]
    # An office set off by a comma before a name: "Portugal's Prime Minister, Anibal Cavaco Silva,".
    office_apposition: re.Pattern[str]
    office_bodies: frozenset[str]
    # A plural noun of a kind of actor before the list it names ("broadcasters such as"):
    # group 1 an organisation's noun, group 2 a person's.
    list_noun_before: re.Pattern[str]
    # An organisation's people or customers right after its name ("Kestrel executives").
    organisation_member_after: re.Pattern[str]
    # An office in the plural right before a list of names ("Senators "), and its words.
    plural_office_before: re.Pattern[str]
    # A plural office -> the office each name of its list holds ("Senators" -> "Senator").
    singular_offices: dict[str, str]
    # A work's or a craft's noun right before a name (one search per mention for both).
    work_cue: re.Pattern[str]
    # "programmes such as ": a list of works follows.
    work_list_opening: re.Pattern[str]
    # ", a BBC World Service and WGBH-Boston co-production" right after a name: a work.
    made_together_after: re.Pattern[str]
    # A work's noun right after its name, then a capitalised word: "Ray star Jamie Foxx".
    work_after_cue: re.Pattern[str]
    # "role in" before a work's name.
    work_role_cue: re.Pattern[str]
    # "films" right after a franchise's name.
    work_series_after: re.Pattern[str]
    # What right after a name says it is an event's or a work's, in one pattern (one try per
    # mention): group "event", an event's noun (" film festival", " awards"); group "work", a
    # win of what only a work wins (" was named best film"), a work's noun in an apposition
    # (", a film biography of") or what a person made of it (", which he directed").
    after_name: re.Pattern[str]
    # A device's noun right after a name, not followed by a maker's or market's noun.
    product_after: re.Pattern[str]
    region_keys: frozenset[str]
    # Each listed country less its last letter, where a demonym's ending replaces it (Keny|an).
    country_stems: frozenset[str]
    calendar_words: frozenset[str]
    post_words: frozenset[str]
    place_cue: re.Pattern[str]
    sport_clubs: frozenset[str]
    # A club's first word -> the second words that make a listed club of it ("sheffield" ->
    # "Wednesday", "United"): the model cuts "Sheffield Wednesday" at the weekday.
    club_second_words: dict[str, frozenset[str]]
    sport_cue_minimum: int
    countries: frozenset[str]
    cities: frozenset[str]
    # "Port of Rotterdam": the last word names the place the institution belongs to.
    place_institution: re.Pattern[str]
    # ", Ontario." or ", N.Y." right after a name: the name is a town of that region.
    town_region: re.Pattern[str]
    # The wires' abbreviations of regions as written ("N.Y.", never "LA"): read as one only after a comma.
    region_abbreviations: frozenset[str]
    # "Storm Eowyn": group 1 is the event's given name.
    named_event: re.Pattern[str]
    named_event_starts: tuple[str, ...]
    # "the yacht Granma": a craft's noun as the last word before a name.
    craft_cue: re.Pattern[str]
    # " industrial average" right after a name, or "... Index" ending it: a market index.
    index_after: re.Pattern[str]
    index_words: frozenset[str]
    # "the final at " right before a name: a place or a venue.
    venue_cue: re.Pattern[str]
    # " stadium" right after a name: "the National stadium".
    venue_noun_after: re.Pattern[str]
    place_bound: frozenset[str]
    # " in Dar es Salaam" right after such an institution: group 1 ends where the place does.
    place_after_in: re.Pattern[str]
    # "New York", "Washington": a state named after its city (the city when no sign says the state).
    city_states: frozenset[str]
    # "Gov. Mario Cuomo of " right before a name: a state's office holder, the place is the state.
    state_office_of: re.Pattern[str]
    # " governor" right after the name: "New York governor George Pataki", "New York's Legislature".
    state_office_after: re.Pattern[str]
    # "other states" near the name.
    state_comparison: re.Pattern[str]
    # Anywhere in a document: "the Legislature", "our state" (the state's own government) and
    # "Mayor", "subway" (the city's); the state's seat by the key of its name ("Albany").
    state_document_sign: re.Pattern[str]
    # In the name's sentence: the document's signs, "state laws" and "state ... rules" (`state_sentence_signs`, regular expressions).
    state_sentence_sign: re.Pattern[str]
    city_document_sign: re.Pattern[str]
    state_seats: dict[str, re.Pattern[str]]
    # Alias key of an abbreviated office -> of the office written out ("gov" -> "governor"), and back.
    office_forms: dict[str, str]
    # "upstate " right before the name.
    state_part_before: re.Pattern[str]
    # The listed words the rules look for anywhere in a text, found in one pass
    # (pipeline.actors.literals): groups "sport" (sport_cues, counted as whole words),
    # "index" and "place_bound" (each listed word without its first letter, so either case
    # of it is found: a text holding none names no index or embassy), "plural_office",
    # "list_opening" (" such as ", " like ", "including "), and "work_cue" and "work_role_cue"
    # (the words of those patterns: a text holding none has no cue to search for), "event_noun"
    # and "work_win" (the words after a name that tell an event or a work), and "credit" (a
    # reporter's credit line's words).
    whole_text: LiteralScanner
    # ISO 639-1 code -> how that language writes names; a language not listed writes them as English does.
    languages: dict[str, NameWriting]

    def writing(self, language: str | None) -> NameWriting:
        return self.languages.get(language or "", ENGLISH_WRITING)


# A template that opens with a word boundary before its words, as most cue patterns do.
_BOUNDARY_LEAD = r"\b(?:{})"
_WORD_START = re.compile(r"\w")


def _words_pattern(words: list[str], template: str) -> re.Pattern[str]:
    """`template` with `{}` standing for any of `words`, matching what the longest-first
    alternation of the words would, at every place, in every window.

    The words are a trie (pipeline.patterns): one try per character that can follow instead
    of one per word, where these patterns run over whole texts ("match", "goal"... for
    sport) or over the few words before each mention (the cues). A leading word boundary
    becomes a lookbehind after the first character, so `re` skips by first character the
    places no word starts at (the same test: a word starting with a word character has a
    boundary before it exactly when no word character precedes it). A list with an empty
    word, or none, keeps the plain alternation, whose empty alternative matches anywhere."""
    if not words or "" in words:
        return re.compile(template.format("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))))
    if template.startswith(_BOUNDARY_LEAD) and all(_WORD_START.match(word) for word in words):
        lead = literal_alternation(words, after_first=r"(?<!\w.)")
        return re.compile(f"(?:{lead})" + template[len(_BOUNDARY_LEAD) :].format())
    return re.compile(template.format(literal_alternation(words)))


def _prefix(titles: list[str], lead: str = "") -> re.Pattern[str]:
    """Titles at the start of a span, repeated ('Shadow Home Secretary'), each with an optional dot."""
    words = "|".join(re.escape(title).replace(r"\ ", r"\s+") for title in sorted(titles, key=len, reverse=True))
    return re.compile(rf"^{lead}(?:(?:{words})\.?\s+)+")


def _office_before(offices: list[str]) -> re.Pattern[str]:
    words = [re.escape(office) for office in sorted(offices, key=len, reverse=True)]
    abbreviations = [re.escape(office) for office in offices if len(office) <= _ABBREVIATION_LETTERS and office.isalpha()]
    return re.compile(rf"(?<!\w)(?:({'|'.join(words)})|({'|'.join(abbreviations)})\.)\s+$")


_ABBREVIATION_LETTERS = 4


def _keys(surfaces: list[str]) -> frozenset[str]:
    return frozenset(alias_key(surface) for surface in surfaces)


# The words that open a list after the noun of its kind ("broadcasters such as ...").
LIST_OPENINGS = (" such as ", " like ", "including ")

# The words of a holding in a firm, in either case of their first letter ("Shares in").
STAKE_WORDS = tuple(
    form for word in ("shares", "stake", "stakes", "shareholders", "investors", "shareholding") for form in (word, word.capitalize())
)


def compile_rules(rules: RuleFile) -> ActorRules:
    offices = [title for title in rules.office_titles if title not in rules.office_modifiers]
    return ActorRules(
        courtesy_prefix=_prefix(rules.courtesy_titles),
        # A country or party may lead an office: "US President", "Tory MP".
        office_prefix=_prefix(
            rules.office_titles + rules.courtesy_titles + rules.sport_roles + rules.plural_offices, lead=r"(?:[A-Z][\w.]*\s+){0,2}?"
        ),
        office_word=_words_pattern(offices, r"(?<!\w)({})\.?(?=\s)"),
        office_of=_words_pattern(offices + rules.posts_of, r"(?:[Tt]he\s+)?({}) of "),
        # A dot after a whole word ends a sentence ("... Elvis Bishop. Ray Charles"): only
        # an abbreviated office ("Gen.", "Sen.") takes one before a name.
        office_before=_office_before(offices),
        name_titles=_keys(rules.name_titles),
        titles=_keys(rules.courtesy_titles + rules.office_titles + rules.sport_roles),
        demonyms=_keys(rules.demonyms) | _keys([f"{word}s" for word in rules.demonyms if not word.endswith(("s", "sh", "ch", "ese"))]),
        person_cue_words=_keys(rules.person_cues) | _keys([f"{word}s" for word in rules.person_cues if " " not in word]),
        organisation_words=_keys(rules.organisation_words),
        legal_endings=_keys(rules.legal_endings),
        event_words=_keys(rules.event_words),
        treaty_words=_keys(rules.treaty_words),
        desk_words=_keys(rules.desk_words),
        not_actors=_keys(rules.not_actors + rules.religious_words),
        unqualified_institutions=_keys(rules.unqualified_institutions),
        national_institutions=_keys(rules.national_institutions),
        creed_parties=_keys(rules.creed_parties),
        placed_institutions=_keys(rules.unqualified_institutions) | _keys(rules.national_institutions),
        name_particles=frozenset(rules.name_particles),
        list_words=frozenset(rules.list_words),
        spelling_variants={alias_key(word): alias_key(other) for word, other in rules.spelling_variants.items()},
        sentence_words=frozenset(rules.sentence_words),
        organisation_heads=_keys(rules.organisation_heads),
        institution_heads=_keys(rules.institution_heads),
        remit_fields=_keys(rules.remit_fields),
        firm_trade_words=_keys(rules.firm_trade_words),
        firm_tail_words=_keys(rules.firm_trade_words) | _keys(rules.firm_name_tails),
        # The title's own article may stand between: "the film The Aviator", "band The Streets".
        organisation_cue=_words_pattern(rules.organisation_cues, r"\b(?:{})\s+(?:[Tt]he\s+)?$"),
        organisation_cue_after=_words_pattern(rules.organisation_cues, r" (?:{}) [A-Z]"),
        stake_before=_words_pattern(list(STAKE_WORDS), r"\b(?:{}) in\s+$"),
        cue_words=SpacedWords({"organisation_cue": rules.organisation_cues, "stake": [f"{word} in" for word in STAKE_WORDS]}),
        leading_trade_nouns=_keys(rules.leading_trade_nouns),
        leading_trades_of_people=_keys(rules.leading_trades_of_people),
        member_after=_words_pattern(rules.member_cues, r"\s+(?:{})\b"),
        university_towns=_keys(rules.university_towns),
        university_before=_words_pattern(rules.university_cues_before, r"\b(?:{})\s+$"),
        university_after=_words_pattern(rules.university_cues_after, r"(?:\s+|-)(?:{})\b"),
        university_listed_after=_words_pattern(rules.universities, r"(?:,\s+|\s+and\s+|\s+or\s+)(?:{})\b"),
        university_listed_before=_words_pattern(rules.universities, r"\b(?:{})(?:,\s+|\s+and\s+|\s+or\s+)$"),
        match_before=_words_pattern(rules.match_cues_before, r"\b(?:{})\s+$"),
        fixture_after=re.compile(r"\s+vs?\.?\s+[A-Z]"),
        townsfolk_after=_words_pattern(rules.townsfolk_nouns, r"(?:\s+|-)(?:{})\b"),
        measure_units=_keys(rules.measure_units),
        player_after=_words_pattern(rules.player_positions, r"\s+(?:{})\s+[A-Z]"),
        person_cue=_words_pattern(rules.person_cues, r"\b(?:{})\s+$"),
        office_apposition=_words_pattern(offices + [office.lower() for office in offices], r"\b(?:{}),\s+$"),
        office_bodies=_keys(rules.office_bodies),
        list_noun_before=re.compile(
            r"\b(?:({})|({})),?\s+(?:such\s+as|like|including)\s+$".format(
                "|".join(re.escape(word) for word in sorted(rules.organisation_list_nouns, key=len, reverse=True)),
                "|".join(re.escape(word) for word in sorted(rules.person_list_nouns, key=len, reverse=True)),
            ),
            re.IGNORECASE,  # "Broadcasters such as" opening a sentence
        ),
        organisation_member_after=_words_pattern(rules.organisation_member_nouns, r"\s+(?:{})\b"),
        plural_office_before=_words_pattern(rules.plural_offices, r"(?<![\w.])({})\.?\s+$"),
        singular_offices={plural: plural[:-1] for plural in rules.plural_offices if plural[:-1] in offices},
        work_cue=_words_pattern(rules.work_cues + rules.craft_cues, r"\b(?:{})\s+(?:[Tt]he\s+)?$"),
        work_after_cue=_words_pattern(rules.work_after_cues, r"\s+(?:{})\s+[A-Z]"),
        work_role_cue=_words_pattern(rules.work_role_cues, r"\b(?:{})\s+in\s+(?:[Tt]he\s+)?$"),
        made_together_after=_words_pattern(
            # The noun ends the apposition ("a French co-production partner" is a firm's).
            rules.made_together_nouns,
            r",\s+(?:a|an|the)\s+(?:[A-Z][\w'.-]*\s+(?:and\s+)?){{1,8}}(?:{})(?=\s*(?:[,.;:)!?]|$)|\s+(?:with|of|for|from|between|by)\b)",
        ),
        work_list_opening=_words_pattern(rules.work_list_nouns, r"\b(?:{})\s+(?:such as|like|including)\s+"),
        work_series_after=_words_pattern(rules.work_series_words, r"\s+(?:{})\b"),
        after_name=re.compile(
            # Not the verb: "how highly Sony prize him".
            r"(?P<event>(?i:\s+(?:(?:{qualifiers})\s+){{0,2}}(?:{events})\b(?!\s+(?:him|her|it|them|us|me|you|his|its|their|the|a|an)\b)))"
            # Verbs between, lowercase ("has been named", "won", "took", "for"), then 'best' and up
            # to two words before the category, which no person's noun may follow.
            r"|(?P<work>(?:,?\s+(?:which|that))?(?:\s+(?:has|have|had|was|is|been|also|jointly|duly))*"
            r"\s+(?:named|voted|crowned|won|wins|took|takes|scooped|picked\s+up|claimed|collected|for)"
            r"\s+(?:the\s+)?(?:award\s+for\s+|prize\s+for\s+)?best\s+(?:[A-Za-z-]+\s+){{0,2}}?(?:{categories})\b(?![ -](?:{people})\b)"
            r"|,\s+(?:a|an|the)\s+(?:[\w'-]+\s+){{0,2}}?(?:{nouns})(?=[,.;:)]|\s+(?:of|about|that|which|in|starring|by|from|set|based|"
            r"released|directed|written|co-written|made|adapted|featuring|with|for|whose|where|who|and|due|now|out)\b|\s*$)"
            # "Garden State, which he wrote, directed and starred in": what a person made.
            r"|,?\s+which\s+(?:he|she|they)\s+(?:also\s+|had\s+|has\s+)?(?:{making})\b)".format(
                qualifiers=literal_alternation(rules.event_qualifiers),
                events=literal_alternation(rules.event_nouns_after),
                categories=literal_alternation(rules.work_categories),
                people=literal_alternation(rules.category_people),
                nouns=literal_alternation(rules.apposition_work_nouns),
                making=literal_alternation(rules.making_verbs),
            )
        ),
        region_keys=_keys(rules.regions),
        country_stems=frozenset(key[:-1] for key in _keys(rules.countries)),
        product_after=re.compile(
            r"(?:\s+[0-9][\w.]*)?(?:\s+web)?\s+(?:{})\b(?!-)(?!\s+(?:{})\b)".format(
                "|".join(re.escape(word) for word in sorted(rules.product_nouns, key=len, reverse=True)),
                "|".join(re.escape(word) for word in rules.product_trade_words),
            )
        ),
        calendar_words=frozenset(rules.calendar_words),
        post_words=_keys(rules.post_words),
        place_cue=_words_pattern(rules.place_cues, r"\b(?:{})\s+$"),
        sport_clubs=_keys(rules.sport_clubs),
        club_second_words=_second_words(rules.sport_clubs),
        sport_cue_minimum=rules.sport_cue_minimum,
        countries=_keys(rules.countries),
        cities=_keys(rules.cities),
        place_institution=_words_pattern(
            rules.place_institution_words, r"^(?:[Tt]he\s+)?(?:{})\s+of\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)$"
        ),
        town_region=_town_region(rules.regions, rules.region_abbreviations),
        region_abbreviations=frozenset(rules.region_abbreviations),
        named_event=_words_pattern(rules.named_event_leads, r"^(?:{})\s+([A-Z][\w'’-]+)$"),
        named_event_starts=tuple(f"{lead} " for lead in rules.named_event_leads),
        craft_cue=_words_pattern(rules.craft_cues, r"\b(?:{})\s+(?:[Tt]he\s+)?$"),
        index_after=re.compile(
            r"\s+(?:(?:{})\s+)?(?:{})\b".format(
                "|".join(re.escape(word) for word in rules.index_qualifiers), "|".join(re.escape(word) for word in rules.index_words)
            ),
            re.IGNORECASE,
        ),
        index_words=_keys(rules.index_words),
        venue_cue=_words_pattern(rules.venue_cues, r"\b(?:{})\s+at\s+$"),
        venue_noun_after=_words_pattern(rules.venue_nouns, r" (?:{})\b"),
        place_bound=_keys(rules.place_bound_institutions),
        place_after_in=_place_after_in(rules.name_particles),
        city_states=_keys(rules.city_state_names),
        state_office_of=_words_pattern(
            rules.state_office_holders + rules.state_party_words, r"\b(?:{})s?\.?\s+(?:(?:[A-Z][\w.'’-]*|and)\s+){{0,8}}of\s+$"
        ),
        state_office_after=_words_pattern(
            [word for title in rules.state_office_holders + rules.state_bodies for word in (title, title.lower())],
            r"(?:(?:'s|’s)\s+(?:[a-z][\w-]*\s+){{0,2}}|\s+)(?:{})\b",
        ),
        state_comparison=_words_pattern(rules.state_comparisons, r"\b(?:{})\b"),
        state_document_sign=_words_pattern(rules.state_document_signs, r"\b(?:{})(?!\w)"),
        state_sentence_sign=re.compile(
            r"\b(?:{})(?!\w)".format("|".join([re.escape(sign) for sign in rules.state_document_signs] + rules.state_sentence_signs))
        ),
        city_document_sign=_words_pattern(rules.city_document_signs, r"\b(?:{})(?!\w)"),
        # Not a person's first name: "Senator Olympia Vance".
        state_seats={alias_key(state): re.compile(rf"\b{re.escape(seat)}\b(?!\s+[A-Z])") for state, seat in rules.state_seats.items()},
        office_forms={
            alias_key(left): alias_key(right)
            for short, full in rules.office_abbreviations.items()
            for left, right in ((short, full), (full, short))
        },
        state_part_before=_words_pattern(rules.state_part_words, r"\b(?:{})\s+$"),
        whole_text=LiteralScanner(
            {
                "sport": rules.sport_cues,
                "index": [word[1:] for word in rules.index_words],
                "place_bound": [word[1:] for word in rules.place_bound_institutions],
                "plural_office": rules.plural_offices,
                "list_opening": LIST_OPENINGS,
                # "co-production": a work may stand in apposition before it (`made_together_after`).
                "made_together": rules.made_together_nouns,
                # Whether a text may speak of a state's own government (`state_document_signs`,
                # its seat, "state law", "... rules"): most do not, and the state's sentence and
                # document checks are skipped there.
                "state_sign": [*rules.state_document_signs, *rules.state_seats.values(), "state law", " rules"],
                # "programmes such as": a list of works may follow (kinds._listed_works).
                "work_list": [f"{noun}{opening}" for noun in rules.work_list_nouns for opening in LIST_OPENINGS if opening.startswith(" ")]
                + [f"{noun} including" for noun in rules.work_list_nouns],
                # As `work_cue` and `work_role_cue` match them: written as listed.
                "work_cue": rules.work_cues + rules.craft_cues,
                "work_role_cue": rules.work_role_cues,
                # Whether a document may name an event or a work by the words after a name (the
                # pattern `after_name` is tried per mention only where these occur).
                "event_noun": [form for word in rules.event_nouns_after for form in (word, word.capitalize(), word.upper())],
                "work_win": ["best ", *(f"which {pronoun} " for pronoun in ("he", "she", "they")), *rules.apposition_work_nouns],
                # A reporter's credit line ("contributed to this article", "Reporting by"): the
                # literal words of kinds._CREDIT_WORDS, without which its search finds nothing.
                "credit": [
                    *(f"contribut{ending} {reporting}to this " for ending in ("ed", "es") for reporting in ("", "reporting ")),
                    "eporting by", "diting by", "riting by",
                ],
                # A department's list of fields going on past its span (", Media", " and Skills"),
                # and a club in brackets after a player's name ("(Newcastle"): most texts have
                # neither, and their rules' passes over the mentions are skipped.
                "remit_list": [f"{glue}{field.split()[0]}" for field in rules.remit_fields for glue in (", ", " and ")],
                "club_bracket": [f"({club}" for club in rules.sport_clubs],
                # The words of `cue_words`, answered by `FoundLiterals.spaced` from this pass: a
                # second automaton's pass over the text cost more than their places here.
                "organisation_cue": rules.organisation_cues,
                "stake": [f"{word} in" for word in STAKE_WORDS],
            }
        ),
        languages={
            code: NameWriting(
                language.sentence_case_organisations,
                frozenset(language.offices),
                tuple(sorted(language.articles, key=len, reverse=True)),
                language.common_words_from_model,
                _prefix(language.courtesy_titles) if language.courtesy_titles else None,
                language.head_word_first,
            )
            for code, language in rules.languages.items()
        },
    )


def _second_words(names: list[str]) -> dict[str, frozenset[str]]:
    seconds: dict[str, set[str]] = {}
    for name in names:
        words = name.split()
        if len(words) == 2:
            seconds.setdefault(alias_key(words[0]), set()).add(words[1])
    return {first: frozenset(words) for first, words in seconds.items()}


def _place_after_in(particles: list[str]) -> re.Pattern[str]:
    """' in Nairobi', ' in Dar es Salaam': capitalised words, with a place's own lowercase
    particles between them (not 'of', 'the' or 'in', which start other phrases)."""
    inner = "|".join(re.escape(word) for word in particles if word.isalpha() and word.islower() and word not in ("of", "the", "in", "on", "for"))
    word = r"[A-Z][\w.-]*\w(?:['’][A-Z]\w*)?"  # "O'Hare", never the possessive "Tanzania's"
    return re.compile(rf" in {word}(?:(?: (?:{inner}))? {word})*")


def _town_region(regions: list[str], abbreviations: list[str]) -> re.Pattern[str]:
    """', Ontario.' (a full name where the phrase ends) or ', N.Y.' (an abbreviation, anywhere)."""
    full = "|".join(re.escape(region) for region in sorted(regions, key=len, reverse=True))
    short = "|".join(re.escape(region) for region in sorted(abbreviations, key=len, reverse=True))
    return re.compile(rf",\s(?:(?:{full})(?=[,.;:!?)\n]|\s\(|\s*$)|(?:{short})(?![\w.]))")


@lru_cache(maxsize=1)
def actor_rules() -> ActorRules:
    text = resources.files("pipeline.data").joinpath(RULES_FILE).read_text("utf-8")
    try:
        return compile_rules(RuleFile.model_validate(load_yaml(text)))
    except (yaml.YAMLError, ValidationError) as error:
        raise ConfigurationError(f"pipeline/data/{RULES_FILE} is not valid: {explain_data_error(error)}") from None
