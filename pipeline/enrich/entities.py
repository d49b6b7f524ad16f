"""Named entities -> actors: clean each span, then merge every spelling of one actor.

Finding (`mentions_from_doc`) is separate from merging (`resolve_actors`), which is a
pure function over mentions so each rule can be tested on sentences we write.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from pipeline.enrich.aliases import AliasTable, alias_key
from pipeline.models import ActorKind

LABEL_KINDS: dict[str, ActorKind] = {
    "PERSON": ActorKind.PERSON,
    "ORG": ActorKind.ORG,
    "GPE": ActorKind.PLACE,
    "LOC": ActorKind.PLACE,
    "FAC": ActorKind.PLACE,
    "NORP": ActorKind.GROUP,
}
# When labels tie, the more specific reading wins.
_KIND_PRIORITY = (ActorKind.PERSON, ActorKind.PLACE, ActorKind.ORG, ActorKind.GROUP)
_PRONOUNS = frozenset(
    "i me my he him his she her hers it its we us our they them their you your who whom this that".split()
)
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
# Titles and honorifics before a name: "President Xi", "Mr Powell" are Xi and Powell.
_TITLES = re.compile(
    r"^(?:(?:President|Vice[- ]President|Prime\s+Minister|Chancellor|Minister|Secretary|Senator|Sen\.|Rep\.|"
    r"Governor|Gov\.|Mayor|General|Gen\.|Colonel|Col\.|Captain|Capt\.|Judge|Justice|Chairman|Chairwoman|"
    r"King|Queen|Prince|Princess|Pope|Cardinal|Bishop|Rev\.|Reverend|Sheikh|Ayatollah|Sir|Dame|Lord|Lady|"
    r"Mr|Mrs|Ms|Miss|Dr|Prof|Mr\.|Mrs\.|Ms\.|Dr\.|Prof\.)\s+)+"
)
_EDGE_PUNCT = "\"'“”‘’()[]{}<>,;:!?*-–—"
_COMPOUND = re.compile(r"^(\w[\w.]+)[-–](\w[\w.]+)$")


KeptApart = Callable[[str, str], bool]


@dataclass(frozen=True, slots=True)
class Mention:
    """One cleaned entity span: the text as it stands at body[start:end]."""

    text: str
    label: str
    start: int
    end: int
    sentence: int = 0
    possessive: bool = False

    @property
    def key(self) -> str:
        return alias_key(self.text)


@dataclass(slots=True)
class ResolvedActor:
    name: str
    kind: ActorKind
    mentions: list[Mention] = field(default_factory=list)

    @property
    def aliases(self) -> list[str]:
        seen: dict[str, None] = {}
        for mention in self.mentions:
            seen.setdefault(mention.text, None)
        return list(seen)

    @property
    def sentences(self) -> list[int]:
        return sorted({mention.sentence for mention in self.mentions})


def mentions_from_doc(doc: Doc, sentence_starts: Sequence[int]) -> list[Mention]:
    """Clean every entity span of a processed doc; junk spans are left out."""
    from bisect import bisect_right

    mentions: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in LABEL_KINDS:
            continue
        sentence = max(0, bisect_right(sentence_starts, ent.start_char) - 1)
        # spaCy usually leaves "'s" outside the span; it still marks a possessive reading.
        followed_by_possessive = ent.end < len(doc) and doc[ent.end].lower_ in ("'s", "’s", "'", "’")
        mention = clean_mention(ent.text, ent.label_, ent.start_char, sentence, followed_by_possessive)
        if mention is not None:
            mentions.append(mention)
    return mentions


def clean_mention(
    text: str, label: str, start: int, sentence: int = 0, possessive_after: bool = False
) -> Mention | None:
    """Trim articles, possessives and stray punctuation, keeping offsets true; None if junk."""
    stripped = text.lstrip(_EDGE_PUNCT + " ")
    start += len(text) - len(stripped)
    text = stripped
    if article := _LEADING_ARTICLE.match(text):
        start += article.end()
        text = text[article.end() :]
    if label == "PERSON" and (title := _TITLES.match(text)) and title.end() < len(text):
        start += title.end()
        text = text[title.end() :]
    possessive = _POSSESSIVE.search(text)
    if possessive:
        text = text[: possessive.start()]
    text = text.rstrip(_EDGE_PUNCT + " ")
    end = start + len(text)
    if _is_junk(text):
        return None
    return Mention(
        text=text, label=label, start=start, end=end, sentence=sentence, possessive=possessive_after or possessive is not None
    )


def _is_junk(text: str) -> bool:
    if len(text) < 2 or not any(char.isalpha() for char in text):
        return True
    words = text.split()
    if text.casefold() in _PRONOUNS and not text.isupper():
        return True
    if not any(word[0].isupper() for word in words):
        return True
    # A run of capitalised words is a heading that NER mistook for a name.
    return len(words) > 3 and text.isupper()


def resolve_actors(mentions: Iterable[Mention], known: AliasTable | None = None) -> list[ResolvedActor]:
    """Merge mentions into actors: known aliases, equal keys, then name parts of people."""
    mentions = _split_compounds(list(mentions))
    groups: dict[str, list[Mention]] = defaultdict(list)
    canonical: dict[str, tuple[str, ActorKind]] = {}
    for mention in mentions:
        key = mention.key
        entry = known.lookup(key) if known is not None else None
        if entry is not None:
            key = alias_key(entry.name)
            canonical[key] = (entry.name, entry.kind)
        groups[key].append(mention)

    kinds = {key: _majority_kind(members) for key, members in groups.items()}
    apart = known.kept_apart if known is not None else None
    _merge_name_parts(groups, kinds, protected=set(canonical), apart=apart)
    _merge_short_forms(groups, kinds, protected=set(canonical), apart=apart)

    actors = []
    for key, members in groups.items():
        name, kind = canonical.get(key) or (_display_name(key, members), kinds[key])
        actors.append(ResolvedActor(name=name, kind=kind, mentions=sorted(members, key=lambda m: m.start)))
    _merge_same_names(actors)
    actors.sort(key=lambda actor: (-len(actor.mentions), actor.mentions[0].start))
    return actors


def _split_compounds(mentions: list[Mention]) -> list[Mention]:
    """'Trump-Zelensky meeting': two actors joined by a hyphen, when one of them is known."""
    known_parts = {part for mention in mentions if "-" not in mention.text for part in mention.key.split()}
    result: list[Mention] = []
    for mention in mentions:
        match = _COMPOUND.match(mention.text)
        if match and all(part[0].isupper() for part in match.groups()):
            left, right = match.groups()
            if alias_key(left) in known_parts or alias_key(right) in known_parts:
                right_start = mention.start + match.start(2)
                result.append(Mention(left, mention.label, mention.start, mention.start + len(left), mention.sentence))
                result.append(
                    Mention(right, mention.label, right_start, right_start + len(right), mention.sentence, mention.possessive)
                )
                continue
        result.append(mention)
    return result


def _majority_kind(members: Sequence[Mention]) -> ActorKind:
    labels = {mention.label for mention in members}
    # The small model tags "Trump's" as ORG; beside a PERSON reading that vote is noise.
    ignore_possessive_orgs = "PERSON" in labels and "ORG" in labels
    votes = Counter(
        LABEL_KINDS[mention.label]
        for mention in members
        if not (ignore_possessive_orgs and mention.possessive and mention.label == "ORG")
    )
    best = max(votes.values())
    return next(kind for kind in _KIND_PRIORITY if votes.get(kind) == best)


def _merge_name_parts(
    groups: dict[str, list[Mention]], kinds: dict[str, ActorKind], protected: set[str], apart: KeptApart | None = None
) -> None:
    """'Kim' or 'Sailer' (even mislabelled ORG) joins the one person whose name starts or ends with it."""
    people = [key for key, kind in kinds.items() if kind is ActorKind.PERSON and len(key.split()) > 1]
    for key in sorted(groups, key=lambda k: len(k.split())):
        if key in protected or kinds[key] not in (ActorKind.PERSON, ActorKind.ORG):
            continue
        words = key.split()
        owners = [
            person
            for person in people
            if person != key and person in groups and len(person.split()) > len(words) and _is_name_part(words, person.split())
            and not (apart and apart(key, person))
        ]
        if len(owners) == 1 and (kinds[key] is ActorKind.PERSON or len(words) == 1):
            groups[owners[0]].extend(groups.pop(key))
            kinds.pop(key)


def _merge_short_forms(
    groups: dict[str, list[Mention]], kinds: dict[str, ActorKind], protected: set[str], apart: KeptApart | None = None
) -> None:
    """An organisation's short form joins it: initials ("M&S" for Marks & Spencer, "ECB" for
    the European Central Bank) or a clipped first word ("the Fed" for the Federal Reserve),
    when exactly one longer organisation in the document fits."""
    organisations = [key for key, kind in kinds.items() if kind is ActorKind.ORG and len(key.split()) > 1]
    for key in list(groups):
        if key in protected or key not in kinds or len(key.split()) != 1 or len(key) > 6:
            continue
        surfaces = {mention.text for mention in groups[key]}
        owners = [
            organisation
            for organisation in organisations
            if organisation != key and organisation in groups and any(_shortens(surface, organisation) for surface in surfaces)
            and not (apart and apart(key, organisation))
        ]
        if len(owners) == 1:
            groups[owners[0]].extend(groups.pop(key))
            kinds.pop(key)


_MINOR_WORDS = frozenset({"of", "and", "the", "for", "de", "du", "la", "le", "&"})


def _shortens(surface: str, organisation_key: str) -> bool:
    words = [word for word in organisation_key.split() if word not in _MINOR_WORDS]
    letters = "".join(char for char in surface if char.isalpha())
    if len(letters) >= 2 and surface.replace("&", "").replace(".", "").isupper():
        return letters.lower() == "".join(word[0] for word in words)
    clipped = surface.lower()
    return len(clipped) >= 3 and surface[:1].isupper() and words[0].startswith(clipped) and words[0] != clipped


def _is_name_part(words: list[str], full: list[str]) -> bool:
    size = len(words)
    return _same_words(full[:size], words) or _same_words(full[-size:], words)


def _same_words(left: list[str], right: list[str]) -> bool:
    return all(a == b or _one_letter_more(a, b) for a, b in zip(left, right, strict=True))


def _one_letter_more(a: str, b: str) -> bool:
    """Transliterations differ by a letter ("Zelensky" / "Zelenskyy"); swapped letters
    ("Biden" / "Bidet") are another name, so only an insertion counts, in names of 5+."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) != len(a) + 1 or len(a) < 5:
        return False
    return any(b[:index] + b[index + 1 :] == a for index in range(len(b)))


def _display_name(key: str, members: Sequence[Mention]) -> str:
    """One spelling among the fullest forms, chosen by form before frequency.

    The plain form wins ("Kim Jong Un" over "Kim Jong-un"), then the longer spelling
    ("Zelenskyy" over "Zelensky"), then the most used: articles that use the variants
    in different proportions still name the actor alike.
    """
    longest = max(len(mention.key.split()) for mention in members)
    full_forms = [mention.text for mention in members if len(mention.key.split()) == longest]
    counts = Counter(full_forms)
    return max(counts, key=lambda text: (_is_plain(text), len(text), counts[text], -full_forms.index(text)))


def _is_plain(name: str) -> bool:
    return all(word[:1].isupper() and "-" not in word for word in name.split())


def _merge_same_names(actors: list[ResolvedActor]) -> None:
    """Two groups that ended with one display name are one actor (names are unique per document)."""
    by_name: dict[str, ResolvedActor] = {}
    for actor in list(actors):
        if actor.name in by_name:
            by_name[actor.name].mentions.extend(actor.mentions)
            by_name[actor.name].mentions.sort(key=lambda m: m.start)
            actors.remove(actor)
        else:
            by_name[actor.name] = actor
