"""Mentions -> actors: merge every spelling of one actor inside one document.

A pure function over mentions (and, when given, the text they came from), so each rule
can be tested on sentences we write. Evidence inside a document is strong: the full name
is written there, so a name part, a short form or a plural joins its actor; a part two
actors share joins neither.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pipeline.actors.aliases import GROUP_KINDS, AliasTable, KnownActor
from pipeline.actors.keys import alias_key, group_key
from pipeline.actors.kinds import known_place_club_or_alias, relabelled
from pipeline.actors.lineups import inside, lineup_runs, team_sheets
from pipeline.actors.mentions import Mention, with_places_joined
from pipeline.actors.names import display_name, initial_and_surname, is_name_part, shortens, split_compounds, without_initials
from pipeline.actors.owners import with_and_names_rejoined, with_cut_owners_rejoined, with_remits_rejoined
from pipeline.actors.rules import ActorRules, actor_rules
from pipeline.actors.scan import name_part_hits
from pipeline.models import ActorKind

# When labels tie, the more specific reading wins.
_KIND_PRIORITY = (ActorKind.PERSON, ActorKind.PLACE, ActorKind.ORG, ActorKind.GROUP)


@dataclass(slots=True)
class ResolvedActor:
    name: str
    kind: ActorKind
    mentions: list[Mention] = field(default_factory=list)

    @property
    def aliases(self) -> list[str]:
        """Every form written, an office before a name included ("President Bush")."""
        forms = (form for mention in self.mentions for form in (mention.text, mention.titled) if form)
        return list(dict.fromkeys(forms))

    @property
    def sentences(self) -> list[int]:
        return sorted({mention.sentence for mention in self.mentions})


@dataclass(slots=True)
class _Groups:
    """Mentions grouped by key while the rules merge them."""

    members: dict[str, list[Mention]]
    kinds: dict[str, ActorKind]
    known: dict[str, KnownActor]
    table: AliasTable | None

    def merge(self, key: str, into: str) -> None:
        self.members[into].extend(self.members.pop(key))
        self.kinds.pop(key)

    def drop(self, key: str) -> None:
        del self.members[key]
        del self.kinds[key]

    def apart(self, key: str, other: str) -> bool:
        return self.table is not None and self.table.kept_apart(key, other)

    def movable(self, key: str) -> bool:
        """A group named by the alias table stays where the table put it."""
        return key in self.members and key not in self.known

    def first(self, key: str) -> int:
        return min(mention.start for mention in self.members[key])


def resolve_actors(
    mentions: Iterable[Mention],
    known: AliasTable | None = None,
    text: str | None = None,
    sentence_starts: Sequence[int] = (),
    rules: ActorRules | None = None,
    works: set[str] | None = None,
    cued_organisations: set[str] | None = None,
) -> list[ResolvedActor]:
    """Merge mentions into actors: known aliases, equal keys, plurals and generic words of
    groups, middle initials, name parts of people, short forms of organisations; with the
    text, name parts the model missed join their actor too. Names the text shows to be
    works are left out, and their keys added to `works` when it is given; the keys of names a
    cue showed to be an organisation where the model read a person or a people are added to
    `cued_organisations` when it is given."""
    rules = rules or actor_rules()
    mentions = split_compounds(list(mentions), rules.demonyms)
    if text is not None:
        # One whole-text scan for the kind rules and for the name rules after them.
        found = rules.whole_text.scan(text)
        mentions = relabelled(with_places_joined(mentions, text, rules), text, rules, known, works, cued_organisations, found)
        mentions = with_and_names_rejoined(with_cut_owners_rejoined(mentions, text), text, rules.organisation_heads)
        if found.has("remit_list"):
            mentions = with_remits_rejoined(mentions, text, rules.remit_fields)
    groups = _group(mentions, known)
    if text is not None:
        _add_full_names_after_offices(groups, text, sentence_starts, rules)
    _merge_group_forms(groups, rules)
    _merge_initials(groups)
    _merge_initial_forms(groups)
    _merge_name_parts(groups, text)
    _merge_short_forms(groups, text, rules)
    # "the Treasury" beside "US Treasury" has joined it; one named by no place is no actor, and
    # neither are the initials that joined it ("the Transit Authority" ... "the T.A.").
    for key in rules.unqualified_institutions.intersection(groups.members):
        if groups.movable(key):
            groups.drop(key)
    if text is not None:
        _join_missed_parts(groups, text, sentence_starts, rules)
        if found.whole_words("sport", rules.sport_cue_minimum) == rules.sport_cue_minimum:
            _drop_lined_up_surnames(groups, text, rules)

    actors = []
    for key, members in groups.members.items():
        entry = groups.known.get(key)
        name, kind = (entry.name, entry.kind) if entry else (display_name(members), groups.kinds[key])
        actors.append(ResolvedActor(name=name, kind=kind, mentions=sorted(members, key=lambda m: m.start)))
    actors = _merge_same_names(actors)
    actors.sort(key=lambda actor: (-len(actor.mentions), actor.mentions[0].start))
    return actors


def _drop_lined_up_surnames(groups: _Groups, text: str, rules: ActorRules) -> None:
    """"Manchester United: Carroll, Brown, Keane, ... Subs: Miller": a surname written only in
    a match report's line-up, alone or after an initial ("G Easterby"), with no full name of
    the document for it to join, is left out. Nothing in the document tells which Keane or
    Brown it is, and filed across documents under the bare name it joins every other one (the
    band Keane, Gordon Brown, the brothers Easterby under one value). A name the report also
    writes in its prose keeps all its mentions; a known place, club or alias keeps its reading."""
    candidates = [
        key
        for key in groups.members
        if (" " not in key or initial_and_surname(key.split())) and groups.movable(key)
    ]
    if not candidates:
        return
    runs = lineup_runs(text)
    if not runs:
        return
    sheets = team_sheets(text, runs)
    for key in candidates:
        members = groups.members[key]
        if groups.kinds[key] is not ActorKind.PERSON and (
            not sheets or known_place_club_or_alias(members[0], rules, groups.table)
        ):
            continue  # a place or a club in a list; a name read otherwise counts on a team sheet only
        within = sheets if groups.kinds[key] is not ActorKind.PERSON else runs
        if all(inside(within, mention.start, mention.end) for mention in members):
            groups.drop(key)


def _group(mentions: list[Mention], table: AliasTable | None) -> _Groups:
    members: dict[str, list[Mention]] = defaultdict(list)
    known: dict[str, KnownActor] = {}
    for mention in mentions:
        key = mention.key
        entry = table.find(mention.text) if table is not None else None
        if entry is not None:
            key = alias_key(entry.name)
            known[key] = entry
        members[key].append(mention)
    kinds = {key: known[key].kind if key in known else majority_kind(group) for key, group in members.items()}
    return _Groups(dict(members), kinds, known, table)


# A given name, with a middle initial maybe, right before a surname: "Harrison Goldin", "David N. Dinkins".
_GIVEN_NAME = r"([A-Z][a-z]+(?: [A-Z]\.)?) "
# Its two readings, tried in the order the pattern's optional initial tries them.
_GIVEN_WITH_INITIAL = re.compile(r"([A-Z][a-z]+ [A-Z]\.) ")
_GIVEN_ALONE = re.compile(r"([A-Z][a-z]+) ")
# A given name read backwards from the space before a surname: where it would start.
_GIVEN_NAME_REVERSED = re.compile(r"(?:\.[A-Z] )?[a-z]+[A-Z]")


def given_names_before(surface: str, text: str, reversed_text: str) -> list[tuple[str, int, int]]:
    """(given name, start, end) of each given name and `surface` after it: what
    `re.finditer(_GIVEN_NAME + re.escape(surface) + r"\b", text)` finds, without compiling a
    pattern for each surname (compiling cost more than the search) nor searching the whole text:
    a match ends at a " surface", and the given name before it can start at one place only,
    found by reading `reversed_text` (text[::-1]) backwards from there."""
    size = len(text)
    starts: set[int] = set()
    spaced = " " + surface
    at = text.find(spaced)
    while at != -1:
        back = _GIVEN_NAME_REVERSED.match(reversed_text, size - at)
        if back is not None:
            starts.add(size - back.end())
        at = text.find(spaced, at + 1)
    found: list[tuple[str, int, int]] = []
    reached = 0
    for start in sorted(starts):
        if start < reached:
            continue  # inside the last name found, as the pattern's scan goes on after it
        for given in (_GIVEN_WITH_INITIAL, _GIVEN_ALONE):
            match = given.match(text, start)
            if match is not None and text.startswith(surface, match.end()) and _word_boundary(text, match.end() + len(surface)):
                found.append((match.group(1), start, match.end() + len(surface)))
                reached = match.end() + len(surface)
                break
    return found


def _word_boundary(text: str, at: int) -> bool:
    """What `\\b` tells at `at` (a str pattern's word characters)."""
    before = at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_")
    after = at < len(text) and (text[at].isalnum() or text[at] == "_")
    return before != after


def _add_full_names_after_offices(groups: _Groups, text: str, sentence_starts: Sequence[int], rules: ActorRules) -> None:
    """"New York City Comptroller Harrison Goldin ... Mr. Goldin": where the model read only the
    surname, a full name the text writes after an office ("Comptroller", "Mayor") is the
    person's, and the surname joins it. Only one given name may stand so before the surname;
    with two ("Mayor Ada Pell", "Judge Bo Pell") the surname names no one the text can tell."""
    surnames = {key.split()[-1] for key, kind in groups.kinds.items() if kind is ActorKind.PERSON and " " in key}
    reversed_text: str | None = None  # read backwards by the given-name search, made once
    for key in [key for key, kind in groups.kinds.items() if kind is ActorKind.PERSON and " " not in key]:
        # A surname a person named in full bears, as spelt or a letter apart ("Zelensky" beside a
        # "Volodymyr Zelenskyy" the alias file names), is that person's: the name-part rule joins it.
        if any(is_name_part([key], [surname]) for surname in surnames) or not groups.movable(key):
            continue
        surface = groups.members[key][0].text
        if not surface[:1].isupper():
            continue
        if reversed_text is None:
            reversed_text = text[::-1]
        found: dict[str, tuple[int, int]] = {}
        for given, start, end in given_names_before(surface, text, reversed_text):
            if rules.office_prefix.match(given + " ") or rules.office_before.search(text, max(0, start - 40), start) is None:
                continue
            found.setdefault(given, (start, end))
        if len(found) != 1:
            continue
        [(start, end)] = found.values()
        if any(
            mention.start < end and start < mention.end
            for other, group in groups.members.items()
            if other != key
            for mention in group
        ):
            continue  # another name already read there stands for it
        full = Mention(text[start:end], "PERSON", start, end, max(0, bisect_right(sentence_starts, start) - 1))
        groups.members.setdefault(full.key, []).append(full)
        groups.kinds.setdefault(full.key, ActorKind.PERSON)


def majority_kind(members: Sequence[Mention]) -> ActorKind:
    labels = {mention.label for mention in members}
    if len(labels) == 1:  # most groups: one label, no vote to count
        return members[0].kind
    # The small model tags "Trump's" as ORG; beside a PERSON reading that vote is noise.
    ignore_possessive_orgs = "PERSON" in labels and "ORG" in labels
    votes = Counter(
        mention.kind for mention in members if not (ignore_possessive_orgs and mention.possessive and mention.label == "ORG")
    )
    best = max(votes.values())
    return next(kind for kind in _KIND_PRIORITY if votes.get(kind) == best)


def _merge_group_forms(groups: _Groups, rules: ActorRules) -> None:
    """'Conservatives' and 'Conservative', 'Acme Group' and 'Acme': one organisation or
    group. A single word the model read as a person joins too ("Acme" beside "Acme Group")."""
    # "Stone" beside "Joss Stone" and "the Stones": a surname of a person named in full in the
    # document is that person's (the name-part rule joins it, however the model read it), not
    # the plural's.
    surnames = {key.rsplit(" ", 1)[1] for key, kind in groups.kinds.items() if kind is ActorKind.PERSON and " " in key}
    by_group_key: dict[str, str] = {}
    for key in sorted(groups.members, key=lambda k: (k not in groups.known, -len(k))):
        if groups.kinds[key] in GROUP_KINDS and key not in surnames:
            shared = group_key(key, rules.organisation_words)
            owner = by_group_key.setdefault(shared, key)
            if owner != key and groups.movable(key) and not groups.apart(key, owner):
                groups.merge(key, owner)
    for key in [key for key, kind in groups.kinds.items() if kind is ActorKind.PERSON and " " not in key]:
        owner = by_group_key.get(key)
        if owner is None or (key in surnames and owner != key):
            continue
        if owner in groups.members and groups.movable(key) and not groups.apart(key, owner):
            groups.merge(key, owner)


def _merge_initials(groups: _Groups) -> None:
    """'George Bush' joins 'George W Bush' written in the same document."""
    people = [key for key, kind in groups.kinds.items() if kind is ActorKind.PERSON and len(key.split()) > 2]
    for key in [key for key, kind in groups.kinds.items() if kind is ActorKind.PERSON and len(key.split()) > 1]:
        owners = [person for person in people if person != key and without_initials(person) == key]
        if len(owners) == 1 and groups.movable(key) and not groups.apart(key, owners[0]):
            groups.merge(key, owners[0])


def _merge_initial_forms(groups: _Groups) -> None:
    """'G Thomas' in a line-up joins 'Gareth Thomas' named in the same document, whatever the
    model read the short form as (line-ups are read as organisations and places too), when
    exactly one person there has that surname and a first name of that initial ('J Thomas'
    beside Jonathan and Jason Thomas names neither)."""
    people: dict[str, list[str]] = defaultdict(list)
    for key, kind in groups.kinds.items():
        words = key.split()
        if kind is ActorKind.PERSON and len(words) > 1 and len(words[0]) > 1:
            people[words[-1]].append(key)
    if not people:
        return
    for key in list(groups.members):
        words = key.split()
        if not initial_and_surname(words) or words[1] not in people or not groups.movable(key):
            continue
        owners = [person for person in people[words[1]] if person.startswith(words[0]) and person in groups.members]
        if len(owners) == 1 and not groups.apart(key, owners[0]):
            groups.merge(key, owners[0])


def _merge_name_parts(groups: _Groups, text: str | None = None) -> None:
    """'Kim' or 'Sailer' (even mislabelled) joins the one person whose name starts or ends
    with it. A surname the model filed as a place or group joins only after the full name
    ("Kent" before "Kent Conrad" may be the county). A lone name the document gives two
    people in full ("Gonzalez" beside Elian and Juan Miguel Gonzalez) names no one it can
    tell: it is left out, as a value of its own it would gather every Gonzalez of the archive."""
    people = [key for key, kind in groups.kinds.items() if kind is ActorKind.PERSON and len(key.split()) > 1]
    # Only people whose first or last word matches the key's can own it: look them up by
    # those words instead of comparing every key with every person.
    by_edge_word = _edge_word_index(people)
    for key in sorted(groups.members, key=lambda k: len(k.split())):
        if not groups.movable(key):
            continue
        words = key.split()
        candidates = by_edge_word.candidates(words[0]) | by_edge_word.candidates(words[-1])
        owners = [
            person
            for person in candidates
            if person != key
            and person in groups.members
            and len(person.split()) > len(words)
            and is_name_part(words, person.split())
            and not groups.apart(key, person)
        ]
        if len(owners) > 1 and len(words) == 1 and groups.kinds[key] is ActorKind.PERSON:
            groups.drop(key)
            continue
        if len(owners) != 1:
            continue
        [owner] = owners
        kind = groups.kinds[key]
        surname_after_full_name = len(words) == 1 and owner.split()[-1] == key and groups.first(key) > groups.first(owner)
        if kind is ActorKind.PERSON or (kind is ActorKind.ORG and len(words) == 1) or surname_after_full_name or _cut_from(groups, key, owner, text):
            groups.merge(key, owner)


def _cut_from(groups: _Groups, key: str, owner: str, text: str | None) -> bool:
    """Whether every mention of `key` is the start of the person's name as the text writes it:
    the model read "[Milan] Kundera" in a list as a place and a name, and "Milan" is no city there."""
    if text is None:
        return False
    spellings = {mention.text for mention in groups.members[owner] if " " in mention.text}
    return bool(spellings) and all(any(text.startswith(spelling, mention.start) for spelling in spellings) for mention in groups.members[key])


@dataclass(slots=True)
class _WordIndex:
    """Names by the first and last three letters of their first and last words. Two words
    `is_name_part` takes as one (equal, or one letter inserted into a word of 5+) share
    their first three letters or their last three, so a word finds every name it may be
    part of, and a few more that the caller's check drops."""

    names: dict[tuple[bool, str], set[str]]

    def candidates(self, word: str) -> set[str]:
        return self.names.get((True, word[:3]), _NONE) | self.names.get((False, word[-3:]), _NONE)


_NONE: frozenset[str] = frozenset()


def _edge_word_index(names: Iterable[str]) -> _WordIndex:
    index: dict[tuple[bool, str], set[str]] = defaultdict(set)
    for name in names:
        words = name.split()
        for word in (words[0], words[-1]):
            index[True, word[:3]].add(name)
            index[False, word[-3:]].add(name)
    return _WordIndex(dict(index))


def _merge_short_forms(groups: _Groups, text: str | None, rules: ActorRules) -> None:
    """An organisation's short form joins it: initials ("M&S" for Marks & Spencer, "ECB"),
    a clipped first word ("the Fed"), its last word written with 'the' ("the
    Commission") or naming a kind of organisation ("United"), or the head of an 'X of Y' name
    written with 'the' ("the Ministry" after "Ministry of Defence"), or its plural last word
    after it ("Barons" after "the Birmingham Barons"), when exactly one longer
    organisation in the document fits. Any other last word may be another organisation
    ("Ericsson" beside "Sony Ericsson")."""
    organisations = [key for key, kind in groups.kinds.items() if kind is ActorKind.ORG and len(key.split()) > 1]
    writing = rules.languages.get(groups.table.language) if groups.table is not None and groups.table.language else None
    head_articles = tuple(article.lower() for article in writing.articles) if writing is not None and writing.head_word_first else ()
    legal_firsts = {organisation.split()[0] for organisation in organisations if organisation.split()[-1] in rules.organisation_words}
    # "LIN Broadcasting" then "LIN", "Kestrel Research" then "Kestrel": a firm named by its
    # trade's word is its first word alone too.
    trade_firsts = {
        words[0] for organisation in organisations if len(words := organisation.split()) == 2 and words[1] in rules.firm_trade_words
    }
    for key in list(groups.members):
        if not groups.movable(key) or len(key.split()) != 1:
            continue
        surfaces = {mention.text for mention in groups.members[key]}
        # "Asia" is no clipped "Asian Development Bank": only an organisation's form shortens one.
        # Initials are an organisation's form whatever the model read ("CUNY's trustees" as a person).
        organisation_form = groups.kinds[key] is ActorKind.ORG or all(_INITIALS.fullmatch(surface) for surface in surfaces)
        with_article = text is not None and all(_after_the(text, mention.start) for mention in groups.members[key])
        # Only a word read as an organisation, and no country, city or region ("France
        # Télévisions" ... "la France", "l'Europe" stay places).
        with_own_article = (
            bool(head_articles)
            and text is not None
            and groups.kinds[key] is ActorKind.ORG
            and key not in rules.countries
            and key not in rules.cities
            and key not in rules.region_keys
            and all(_after_article(text, mention.start, head_articles) for mention in groups.members[key])
        )
        # "Phoenix Technologies Ltd." then "Phoenix": a firm's first word, after its full legal
        # name, is the firm, even read as a place, unless the text places it ("in Phoenix").
        short_name = (
            (key in legal_firsts or (key in trade_firsts and _maybe_firm_word(key, groups.members[key], rules)))
            and groups.kinds[key] is not ActorKind.PERSON
            and text is not None
            and not _placed(groups.members[key], text, rules)
        )
        # "the Birmingham Barons", then "Barons baseball": a team's or firm's plural last word,
        # after its full name, is that organisation however the model read it (not a person).
        plural_last = len(key) > 3 and key.endswith("s") and not key.endswith("ss") and groups.kinds[key] in GROUP_KINDS
        owners = [
            organisation
            for organisation in organisations
            if organisation != key
            and organisation in groups.members
            and (
                (plural_last and organisation.split()[-1] == key and groups.first(key) > groups.first(organisation))
                or (organisation_form and len(key) <= 6 and any(shortens(surface, organisation, rules.organisation_words) for surface in surfaces))
                or ((with_article or key in rules.organisation_heads) and organisation.split()[-1] == key)
                # "the Department's adviser" ... "The Department of Traffic": written before the
                # full name, the head word refers to a body named earlier or not at all.
                or (with_article and _head_of(organisation) == key and groups.first(key) > groups.first(organisation))
                # "l'Assemblée nationale" ... "la dissolution de l'Assemblée".
                or (with_own_article and organisation.split()[0] == key and groups.first(key) > groups.first(organisation))
                or (
                    short_name
                    and organisation.split()[0] == key
                    and (organisation.split()[-1] in rules.organisation_words or organisation.split()[-1] in rules.firm_trade_words)
                    and groups.first(key) > groups.first(organisation)
                )
            )
            and not groups.apart(key, organisation)
        ]
        if len(owners) == 1:
            groups.merge(key, owners[0])
        elif not owners and with_article and any(_head_of(organisation) == key for organisation in organisations):
            # The head word alone before the body's full name names no body the document
            # names: as a value of its own it would gather every department of the archive.
            groups.drop(key)
    if organisations:
        _merge_firm_leading_words(groups, organisations, rules)
    if text is not None and organisations:
        _merge_institution_firsts(groups, organisations, text, rules)
        _merge_organisation_tails(groups, organisations, rules)


def _merge_firm_leading_words(groups: _Groups, organisations: list[str], rules: ActorRules) -> None:
    """"Kestrel Data Processing Inc." then "Kestrel Data": a firm's leading words (two or more),
    read as an organisation after its full legal name, are that firm when the words they leave
    off are its trade's or its name's tail ("Processing", "International", "Technologies"), and
    no other organisation of the document starts with them ("General Motors Corp." beside
    "General Motors Acceptance Corp." keeps "General Motors" apart). A person's reading stays:
    "Ben Franklin" is no short "Ben Franklin Stores Inc."."""
    legal = [words for organisation in organisations if organisation in groups.members and (words := organisation.split())[-1] in rules.legal_endings]
    if not legal:
        return
    for key in [key for key in organisations if groups.movable(key)]:
        words = key.split()
        size = len(words)
        starting = [other for other in organisations if other != key and other in groups.members and other.split()[:size] == words]
        if len(starting) != 1:
            continue
        owner = starting[0].split()
        tail = owner[size:-1]
        if (
            owner in legal
            and 1 <= len(tail) <= 2
            and all(word in rules.firm_tail_words for word in tail)
            and groups.first(key) > groups.first(starting[0])
            and not groups.apart(key, starting[0])
        ):
            groups.merge(key, starting[0])


# Three to six capitals, dots or '&' between: "CUNY", "F.B.I.". Two may be a person's initials.
_INITIALS = re.compile(r"(?:[A-Z][.&]?){3,6}")


def _merge_institution_firsts(groups: _Groups, organisations: list[str], text: str, rules: ActorRules) -> None:
    """"the old Biltmore Hotel" ... "the Biltmore": an institution's first word, written after its
    full name, is the institution, however the model read it, when one institution of the
    document starts with it and every mention has the article, which neither a town nor a person
    takes ("Like the Biltmore, ..."; "the Tressly council" is the article of "council"; "Truman"
    after "the Truman Library" is the president). A known country, city or region keeps its reading ("Leeds
    University" ... "in Leeds"), as does a word the text writes as a place's or a person's
    surname (the name-part rule has given it to the person named in full)."""
    firsts: dict[str, list[str]] = defaultdict(list)
    for organisation in organisations:
        words = organisation.split()
        if words[-1] in rules.institution_heads and organisation in groups.members:
            firsts[words[0]].append(organisation)
    if not firsts:
        return
    for key in [key for key in firsts if key in groups.members]:
        owners = firsts[key]
        if (
            len(owners) != 1
            or not groups.movable(key)
            or key in rules.countries
            or key in rules.cities
            or key in rules.region_keys
            or groups.first(key) < groups.first(owners[0])
            or groups.apart(key, owners[0])
            or _placed(groups.members[key], text, rules)
        ):
            continue
        if all(_after_the(text, mention.start) and _NAME_ENDS.match(text, mention.end) for mention in groups.members[key]):
            groups.merge(key, owners[0])


# What may follow a name for the article before it to be the name's: punctuation, a possessive,
# the text's end or a word that starts no noun phrase ("the Biltmore, once", "the Smithsonian's").
_NAME_ENDS = re.compile(r"(?:['’]s\b|[,.;:!?)]|\s*$|\s+(?:and|or|on|in|at|with|from|for|to|of|had|has|have|is|was|were|who|whose|which|that|will|would)\b|\s+[a-z]+ed\b)")


def _merge_organisation_tails(groups: _Groups, organisations: list[str], rules: ActorRules) -> None:
    """"the Congressional Budget Office" ... "their own Budget Office": an organisation's last
    words (two or more, ending with an organisation's head), written after its full name, are
    that organisation when one organisation of the document ends with them. Not when the words
    before them name a place or a people ("the Scottish Football Association" ... "the Football
    Association" is another body), nor for a body every state has ("Supreme Court")."""
    for key in [key for key in groups.members if key.count(" ") >= 1]:
        words = key.split()
        if groups.kinds.get(key) is not ActorKind.ORG or words[-1] not in rules.organisation_heads or key in rules.unqualified_institutions:
            continue
        tail = " " + key
        owners = [organisation for organisation in organisations if organisation.endswith(tail) and organisation in groups.members]
        if len(owners) != 1 or not groups.movable(key) or groups.apart(key, owners[0]) or groups.first(key) < groups.first(owners[0]):
            continue
        before = owners[0][: -len(tail)]
        if before in rules.demonyms or before in rules.countries or before in rules.cities or before in rules.region_keys:
            continue
        if any(word in rules.demonyms or word in rules.countries or word in rules.region_keys for word in before.split()):
            continue
        groups.merge(key, owners[0])


def _maybe_firm_word(key: str, members: Sequence[Mention], rules: ActorRules) -> bool:
    """A first word a place may own stays apart from a firm named by its trade's word: one the
    model read as a country or a city anywhere in the document, or a known country or city
    ("Singapore" beside "Singapore Airlines")."""
    return key not in rules.countries and key not in rules.cities and all(mention.label != "GPE" for mention in members)


def _head_of(organisation: str) -> str | None:
    """The word an 'X of Y' name is named by alone: 'ministry' of 'ministry of defence'."""
    words = organisation.split()
    return words[0] if len(words) > 2 and words[1] == "of" else None


def _placed(members: Sequence[Mention], text: str, rules: ActorRules) -> bool:
    """Some mention is written as a place's: after 'in', 'at', 'near'..., or before ', Ariz.'."""
    return any(
        rules.place_cue.search(text, max(0, mention.start - 12), mention.start) is not None
        or rules.town_region.match(text, mention.end) is not None
        for mention in members
    )


def _after_the(text: str, start: int) -> bool:
    return text[max(0, start - 4) : start].lower() == "the "


def _after_article(text: str, start: int, articles: tuple[str, ...]) -> bool:
    """Written right after one of `articles` (lower case; an elided one, "l'", touches the name)."""
    before = text[max(0, start - 6) : start].lower()
    for article in articles:
        written = article if article.endswith(("'", "’")) else f"{article} "
        if before.endswith(written):
            rest = before[: -len(written)]
            return not rest or not rest[-1].isalpha()
    return False


def _join_missed_parts(groups: _Groups, text: str, sentence_starts: Sequence[int], rules: ActorRules) -> None:
    """Surnames of people and last words of organisations named in full, found in the text
    where the model saw no name at all: each joins its one owner."""
    owners: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for key, members in groups.members.items():
        kind = groups.kinds.get(key) or groups.known[key].kind
        if kind not in (ActorKind.PERSON, ActorKind.ORG):
            continue
        for mention in members:
            words = mention.text.split()
            if len(words) < 2 or not words[-1][:1].isupper() or len(words[-1]) < 3:
                continue
            if alias_key(words[-1]) in rules.organisation_words:
                continue
            owners[words[-1]].add(key)
            labels[words[-1]] = "PERSON" if kind is ActorKind.PERSON else "ORG"
    parts = {part: labels[part] for part, keys in owners.items() if len(keys) == 1}
    taken = [mention for members in groups.members.values() for mention in members]
    for hit in name_part_hits(text, parts, taken, sentence_starts, rules):
        [owner] = owners[hit.text]
        groups.members[owner].append(hit)


def _merge_same_names(actors: list[ResolvedActor]) -> list[ResolvedActor]:
    """Two groups that ended with one display name are one actor (names are unique per document)."""
    by_name: dict[str, ResolvedActor] = {}
    for actor in actors:
        if actor.name in by_name:
            by_name[actor.name].mentions = sorted([*by_name[actor.name].mentions, *actor.mentions], key=lambda m: m.start)
        else:
            by_name[actor.name] = actor
    return list(by_name.values())
