"""Names the model missed, cut or mislabelled, found by scanning the text once.

Two scans, each one compiled pattern per document: the alias table's surfaces (the table
pattern is compiled once for all documents), and the name parts of the actors a document
names in full ("Okafor" after "Chidi Okafor", "the Commission" after "the European
Commission").
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace

from pipeline.actors.aliases import AliasTable
from pipeline.actors.keys import alias_key
from pipeline.actors.mentions import KIND_LABELS, Mention, clean_span, on_table_row
from pipeline.actors.rules import ActorRules, actor_rules
from pipeline.models import ActorKind


def with_alias_hits(
    mentions: list[Mention],
    text: str,
    table: AliasTable,
    sentence_starts: Sequence[int],
    pieces: Collection[tuple[int, int]] = (),
) -> list[Mention]:
    """The model's mentions with every alias written in the text, but none inside `pieces`:
    the spans the span rules left out as pieces of a longer name ("Radical [Democrats]" is no
    Democratic Party, "Queen of the [Sky]" no broadcaster).

    A hit replaces the model's mentions inside or across it ("Democrat" cut out of "Liberal
    Democrat"); a longer name the model found around a hit stays ("International Labour
    Organisation"), except that a known name leading a span is cut from the rest ("Lib
    Dem Charles Kennedy"), unless it is a place leading another name ("Kansas City")."""
    pattern = table.surface_pattern
    if pattern is None:
        return mentions
    rules = actor_rules()
    hits = []
    for match in pattern.finditer(text):
        written = match.group()
        if written in table.article_surfaces and text[max(0, match.start() - 4) : match.start()].lower() != "the ":
            continue  # an alias the table writes with 'the' ("the States") needs it
        if text[max(0, match.start() - 2) : match.start()] != ", " and written in rules.region_abbreviations:
            continue  # "Mass." ending a sentence is no state: the wires write one after a town ("Boston, Mass.")
        if pieces and any(start <= match.start() and match.end() <= end for start, end in pieces):
            continue
        known = table.find(written)
        if known is not None:
            if known.kind is ActorKind.PLACE and alias_key(known.name) not in rules.countries and on_table_row(text, match.start()):
                continue  # "LA LAKERS 92": a city in a results row stands for its team
            hits.append(Mention(match.group(), KIND_LABELS[known.kind], match.start(), match.end(), _sentence(sentence_starts, match.start())))
    if not hits:
        return mentions
    kept: list[Mention] = []
    for mention in mentions:
        overlapping = [hit for hit in hits if hit.start < mention.end and mention.start < hit.end]
        if not overlapping:
            kept.append(mention)
            continue
        inside = [hit for hit in overlapping if hit.start >= mention.start and hit.end <= mention.end]
        if len(inside) < len(overlapping):
            continue  # a hit crosses the span: the hit stands for it
        if (same := next((hit for hit in inside if (hit.start, hit.end) == (mention.start, mention.end)), None)) is not None:
            # The hit stands for the span, with the office the span rules read before it
            # ("President [Volodymyr Zelensky]", where the user's alias file names him).
            if mention.office is not None and same.office is None:
                hits[hits.index(same)] = replace(same, office=mention.office)
            continue
        leading = next((hit for hit in inside if hit.start == mention.start), None)
        if leading is not None and leading.label == "GPE" and _place_is_part_of(mention, text[leading.end : mention.end], leading, table):
            leading = None
        if leading is not None:
            rest = text[leading.end : mention.end]
            kept += clean_span(rest, mention.label, leading.end, mention.sentence, mention.possessive)
            continue
        kept.append(mention)
        hits = [hit for hit in hits if hit not in inside]
    return sorted([*kept, *hits], key=lambda mention: mention.start)


def _place_is_part_of(mention: Mention, rest: str, place: Mention, table: AliasTable) -> bool:
    """Whether the place the alias table found leading the model's span is part of the name
    rather than whose or where it is. It is, before one more word of a name the model did not
    read as a person ("Florida Straits", "Kansas City", "US Airways"); a state or city is, before
    a longer one, whose bodies are its own ("Arkansas Hospital Association", "Glasgow City
    Council", "Texas Supreme Court"; the rest alone would be a generic body or another's), unless
    an office and its holder follow ("Texas Gov. Ann Reyes", read as one organisation); and any
    place is, before a school's or an institute's name ("Massachusetts Institute of Technology":
    left as "Institute of Technology", the rest would file every place's under one value).
    Before a name of its own a country only says whose it is ("U.S. State Department"), and a
    party before a person is no part of the person."""
    if mention.label == "PERSON":
        return False
    rules = actor_rules()
    rest = rest.strip()
    if " " not in rest:
        return True
    known = table.find(place.text)
    if (known is None or alias_key(known.name) not in rules.countries) and rules.office_prefix.match(rest) is None:
        return True
    words = rest.split()
    return mention.label == "ORG" and (alias_key(words[0]) in rules.institution_heads or alias_key(words[-1]) in rules.institution_heads)


def name_part_hits(
    text: str,
    parts: dict[str, str],
    taken: Iterable[Mention],
    sentence_starts: Sequence[int],
    rules: ActorRules,
) -> list[Mention]:
    """Standalone occurrences of name parts ({part as written: label}) outside every mention.

    A part next to another capitalised word belongs to another name ("Wes Brown" is not
    Gordon Brown's "Brown"), unless that word only starts the sentence or is a title;
    'the Commission' needs its article."""
    if not parts:
        return []
    spans = sorted((mention.start, mention.end) for mention in taken)
    starts = [start for start, _ in spans]
    found = []
    for start, end in _occurrences(text, parts):
        written = text[start:end]
        index = bisect_right(starts, start) - 1
        if index >= 0 and spans[index][1] > start:
            continue
        before = text[max(0, start - 40) : start].split()
        after = text[end : end + 40]
        previous = before[-1] if before else ""
        if after[:1] == " " and after[1:2].isupper() or after[:1] in "-–":
            continue
        label = parts[written]
        if label == "ORG" and previous.lower() != "the":
            continue
        if _joined_to_previous(previous, rules):
            continue
        found.append(Mention(written, label, start, end, _sentence(sentence_starts, start)))
    return found


def _occurrences(text: str, parts: Iterable[str]) -> list[tuple[int, int]]:
    """Where the parts stand as whole words, leftmost first and the longest at a place, never
    overlapping: what one alternation pattern would find, without compiling a pattern per
    document (that cost more than the scan)."""
    hits = []
    for part in parts:
        start = text.find(part)
        while start != -1:
            end = start + len(part)
            if _free_before(text, start) and _free_after(text, end):
                hits.append((start, end))
            start = text.find(part, start + 1)
    hits.sort(key=lambda hit: (hit[0], hit[0] - hit[1]))
    chosen: list[tuple[int, int]] = []
    for start, end in hits:
        if not chosen or start >= chosen[-1][1]:
            chosen.append((start, end))
    return chosen


def _free_before(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_'’.-")


def _free_after(text: str, end: int) -> bool:
    return end == len(text) or not (text[end].isalnum() or text[end] in "_-")


def _joined_to_previous(previous: str, rules: ActorRules) -> bool:
    """True when the word before is a name of its own: capitalised, not ending a sentence,
    not a word that only starts one, not a title."""
    if not previous[:1].isupper() or previous[-1:] in ".!?:;,\"'”’)":
        return False
    return previous not in rules.sentence_words and not _is_title(previous, rules)


def _is_title(word: str, rules: ActorRules) -> bool:
    key = alias_key(word)
    return key in rules.titles or key in rules.name_titles


def _sentence(sentence_starts: Sequence[int], offset: int) -> int:
    return max(0, bisect_right(sentence_starts, offset) - 1)
