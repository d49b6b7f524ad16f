"""Themes from an editable taxonomy: weighted evidence per topic, then one calibrated decision.

Evidence is of two kinds, found in one pass of two phrase matchers over the model's tokens:
- terms in running text ("striker", "ceasefire"), never inside an actor's name, so the
  Labour party is not labour relations and Apple is not fruit;
- actors whose names carry a theme's word ("Labour", "Chelsea FC", "Fifa").
Words that take their meaning from their neighbours ("talks", "launch": the taxonomy's
context words) count for a theme only when evidence of that reading stands beside them.
Every document with any evidence gets its best top-level theme; other topics and finer
themes stay only when their evidence is strong enough. Each theme keeps its evidence.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence, Set as AbstractSet
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from pipeline.actors.mentions import LABEL_KINDS
from pipeline.enrich.taxonomy import ContextWord, Decision, Taxonomy, TaxonomyTheme, load_taxonomy
from pipeline.models import Theme

__all__ = ["Evidence", "ThemeMatcher", "Taxonomy", "assign_themes", "load_taxonomy"]

# theme id -> what was seen (a term of the taxonomy, or an actor's name as written) -> weighted count
Evidence = Mapping[str, Mapping[str, float]]
_BEGIN = 3  # ENT_IOB of an entity's first token

# theme id -> its weak terms
WeakTerms = Mapping[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class _Reading:
    """One reading of a context word, ready to test against a doc."""

    key: int  # the match id its evidence is filed under: (reading theme, shown form) in `keys`
    # Themes whose terms and actors beside the word speak for this reading: a finer theme's
    # own ("ambassador" for diplomacy), or a top-level theme's and all its finer themes'.
    themes: frozenset[str]
    cues: frozenset[str]  # lower-case words
    labels: frozenset[int]  # entity labels, as the vocabulary's hashes


@dataclass(frozen=True, slots=True)
class ThemeMatcher:
    """Built once per process from a taxonomy and the model's vocabulary.

    Lower-case terms match any case; a term with capitals ("AI", "NHS") matches only as
    written, so the tokeniser's "ai" of "ain't" is not artificial intelligence.
    """

    taxonomy: Taxonomy
    matchers: tuple[PhraseMatcher, PhraseMatcher]  # any case, as written; terms and actors alike
    # match id -> (theme id, the term shown as evidence or "" for an actor, top-level theme id):
    # one match id per term, so a match is read without building a span.
    keys: Mapping[int, tuple[str, str, str]]
    weak: WeakTerms
    actor_labels: frozenset[int]  # entity labels that make actors, as the vocabulary's hashes
    # match id of a context word's form -> its readings (their keys are in `keys`)
    context: Mapping[int, tuple[_Reading, ...]]
    # theme id -> its definition, for the decision on every document
    by_id: Mapping[str, TaxonomyTheme]

    @classmethod
    def build(cls, taxonomy: Taxonomy, nlp: Language, entity_labels: Mapping[str, str] | None = None) -> ThemeMatcher:
        """`entity_labels` maps the model's entity labels to the actor rules' ("PER" ->
        "PERSON"): a reading's labels and the actors' are looked for under the model's own."""

        def model_labels(labels: Iterable[str]) -> frozenset[int]:
            if entity_labels is None:
                return frozenset(nlp.vocab.strings.add(label) for label in labels)
            wanted = set(labels)
            return frozenset(nlp.vocab.strings.add(model) for model, label in entity_labels.items() if label in wanted)

        any_case = PhraseMatcher(nlp.vocab, attr="LOWER")
        exact_case = PhraseMatcher(nlp.vocab, attr="ORTH")
        keys: dict[int, tuple[str, str, str]] = {}
        for theme in taxonomy.themes:
            top = theme.parent or theme.id
            shown_for: dict[str, str] = {}  # each form once: the first term that produces it
            for term, shown in _shown_as(theme).items():
                for form in _variants(term):
                    shown_for.setdefault(form, shown)
            for shown in dict.fromkeys(shown_for.values()):
                key = f"{theme.id} {shown}"
                keys[nlp.vocab.strings.add(key)] = (theme.id, shown, top)
                forms = [form for form, group in shown_for.items() if group == shown]
                _add(any_case, nlp, key, (form for form in forms if form == form.lower()))
                _add(exact_case, nlp, key, (form for form in forms if form != form.lower()))
            key = f"{theme.id} actor"
            keys[nlp.vocab.strings.add(key)] = (theme.id, "", top)
            names = [variant for name in theme.actors for variant in _variants(name)]
            # Acronyms match as written: "UN" is not the "un" of "Kim Jong-un", nor "WHO" "who".
            _add(any_case, nlp, key, (name for name in names if not _acronym(name)))
            _add(exact_case, nlp, key, (name for name in names if _acronym(name)))
        context: dict[int, tuple[_Reading, ...]] = {}
        for word in taxonomy.context_words:
            for shown, forms in _context_forms(word).items():
                key = f"context {shown}"
                readings = []
                for reading in word.readings:
                    evidence_key = nlp.vocab.strings.add(f"{reading.theme} {shown}")
                    keys[evidence_key] = (reading.theme, shown, taxonomy.top_level(reading.theme))
                    family = frozenset(theme.id for theme in taxonomy.themes if reading.theme in (theme.id, theme.parent))
                    cues = frozenset(form.lower() for cue in reading.cues for form in _variants(cue))
                    labels = model_labels(reading.labels)
                    readings.append(_Reading(evidence_key, family, cues, labels))
                context[nlp.vocab.strings.add(key)] = tuple(readings)
                _add(any_case, nlp, key, (form for form in forms if form == form.lower()))
                _add(exact_case, nlp, key, (form for form in forms if form != form.lower()))
        return cls(
            taxonomy, (any_case, exact_case), keys, weak_terms(taxonomy), model_labels(LABEL_KINDS), context, themes_by_id(taxonomy)
        )

    def themes(self, doc: Doc, body_start: int = 0, ents: Sequence[Span] | None = None) -> list[Theme]:
        """Themes of a doc whose first `body_start` characters are its title (`ents`: doc.ents
        when the caller holds it; spaCy builds its spans anew on every read)."""
        found, names = self.evidence(doc, body_start, ents)
        return assign_themes(self.taxonomy, found, self.weak, names, self.by_id)

    def evidence(self, doc: Doc, body_start: int = 0, ents: Sequence[Span] | None = None) -> tuple[dict[str, Counter[str]], set[str]]:
        """theme id -> {term or actor name: count}, and which of those are actors' names.

        A hit in the title counts `title_weight` times.
        """
        actor_at = self._actor_at(doc, ents)
        title_end = _token_at(doc, body_start)
        title_weight = self.taxonomy.decision.title_weight
        found: dict[str, Counter[str]] = defaultdict(Counter)
        terms: list[tuple[int, int, int]] = []
        actors: list[tuple[int, int, int]] = []
        named: list[tuple[int, int, int, int]] = []  # an acronym term the model read as a name of its own
        context: list[tuple[int, int, int]] = []
        seen: set[tuple[str, int]] = set()  # (theme id, actor number)
        names: set[str] = set()
        for key, start, end in (match for matcher in self.matchers for match in matcher(doc)):
            number = actor_at[start]
            entry = self.keys.get(key)
            if entry is None:  # a context word: read below, from what stands beside it
                if number < 0 and (end - start == 1 or max(actor_at[start:end]) < 0):
                    context.append((key, start, end))
                continue
            theme_id, term, _ = entry
            if term and number < 0 and (end - start == 1 or max(actor_at[start:end]) < 0):
                terms.append((key, start, end))
            # An actor counts once per mention and theme, however many of its words are listed.
            elif not term and number >= 0 and actor_at[end - 1] == number and (theme_id, number) not in seen:
                seen.add((theme_id, number))
                actors.append((key, start, end))
                name = _actor_span(doc, actor_at, start).text.removeprefix("the ").removeprefix("The ")
                counts = found[theme_id]
                counts[name] = counts.get(name, 0) + (title_weight if start < title_end else 1.0)
                names.add(name)
            # The small model reads acronyms as names ("AI" as a place, "GDP" as an organisation):
            # one that is the whole name is still the term, unless an actor of the theme it is.
            elif term and number >= 0 and _acronym(term) and _whole_entity(actor_at, start, end):
                named.append((key, start, end, number))
        terms += [(key, start, end) for key, start, end, number in named if (self.keys[key][0], number) not in seen]
        if context:
            terms += self._read_context(doc, context, terms + actors)
        # Counted with get: `counts[term] += ...` calls the Counter's __missing__ for every new term.
        for key, start, _ in _longest(terms, self.keys):
            theme_id, term, _ = self.keys[key]
            counts = found[theme_id]
            counts[term] = counts.get(term, 0) + (title_weight if start < title_end else 1.0)
        return found, names

    def _read_context(
        self, doc: Doc, context: list[tuple[int, int, int]], evidence: list[tuple[int, int, int]]
    ) -> list[tuple[int, int, int]]:
        """Each context word as the reading its neighbourhood speaks for, or left out."""
        window = self.taxonomy.decision.context_window
        sentenced = doc.has_annotation("SENT_START")
        # Weak terms are used loosely: they say nothing of a neighbour's meaning.
        strong = [
            (start, end, theme_id)
            for key, start, end in evidence
            for theme_id, term, _ in (self.keys[key],)
            if term not in self.weak.get(theme_id, frozenset())
        ]
        read = []
        for key, start, end in context:
            low, high = max(0, start - window), min(len(doc), end + window)
            if sentenced:
                sentence = doc[start].sent
                low, high = max(low, sentence.start), min(high, sentence.end)
            beside = [token for token in doc[low:high] if not start <= token.i < end]
            counts = []
            for reading in self.context[key]:
                count = sum(1 for s, e, theme_id in strong if theme_id in reading.themes and low <= s and e <= high)
                count += sum(1 for token in beside if token.lower_ in reading.cues)
                if reading.labels:
                    # Each name once: its first token in the window.
                    count += sum(
                        1
                        for token in beside
                        if token.ent_type in reading.labels and (token.ent_iob == _BEGIN or token.i == low)
                    )
                counts.append((count, reading.key))
            counts.sort(reverse=True)
            if counts[0][0] > 0 and (len(counts) == 1 or counts[0][0] > counts[1][0]):
                read.append((counts[0][1], start, end))
        return read

    def _actor_at(self, doc: Doc, ents: Sequence[Span] | None = None) -> list[int]:
        """For each token, the number of the actor entity it is part of, or -1."""
        # Filled from the entities, not from per-token arrays: a few spans a document (two in
        # a French article) cost less to walk than the arrays do to build, and no more on news.
        actor_at = [-1] * len(doc)
        labels = self.actor_labels
        for number, entity in enumerate(doc.ents if ents is None else ents):
            if entity.label in labels:
                actor_at[entity.start : entity.end] = [number] * (entity.end - entity.start)
        return actor_at


def assign_themes(
    taxonomy: Taxonomy,
    evidence: Evidence,
    weak: WeakTerms | None = None,
    actors: AbstractSet[str] = frozenset(),
    by_id: Mapping[str, TaxonomyTheme] | None = None,
) -> list[Theme]:
    """Pure decision: the best top-level theme always; others and finer ones when strong enough.

    A finer theme's evidence counts for its parent (a word listed under both counts once).
    `by_id` is `themes_by_id(taxonomy)` when the caller keeps it (the matcher builds it once).
    """
    by_id = by_id if by_id is not None else themes_by_id(taxonomy)
    weak = weak if weak is not None else weak_terms(taxonomy)
    decision = taxonomy.decision
    weak_weight = decision.weak_weight
    own = {
        theme_id: _weighted(seen, weak.get(theme_id, _NO_WORDS), actors, decision)
        for theme_id, seen in evidence.items()
        if seen
    }
    pooled: dict[str, dict[str, tuple[float, float]]] = {}
    # The same, with the top-level theme's weak words weak whichever finer theme lists them as terms.
    side: dict[str, dict[str, tuple[float, float]]] = {}
    # Topics whose side evidence is not their pooled evidence (a loose word weighed down): the
    # others' side score is their top score, the same sum over the same values.
    side_apart: set[str] = set()
    for theme_id, seen in own.items():
        top = by_id[theme_id].parent or theme_id
        if top not in pooled:
            pooled[top], side[top] = {}, {}
        pooled_top, side_top = pooled[top], side[top]
        loose = weak.get(top, _NO_WORDS) if top != theme_id else _NO_WORDS
        # Each pair kept as max(before, new) would keep it (`new if new > before else before`),
        # with (0.0, 0.0) before a word's first piece of evidence.
        for what, (count, weight) in seen.items():
            side_weight = weight
            if what in loose and weak_weight < weight:
                side_weight = weak_weight
                side_apart.add(top)
            before = pooled_top.get(what, _NOTHING_BEFORE)
            pooled_top[what] = (count if count > before[0] else before[0], weight if weight > before[1] else before[1])
            before = side_top.get(what, _NOTHING_BEFORE)
            side_top[what] = (count if count > before[0] else before[0], side_weight if side_weight > before[1] else before[1])
    top_scores = {theme_id: _strength(seen, by_id[theme_id], decision) for theme_id, seen in pooled.items()}
    if not top_scores:
        return []
    finer = {
        theme_id: score
        for theme_id, seen in own.items()
        if by_id[theme_id].parent is not None and (score := _strength(seen, by_id[theme_id], decision)) >= decision.min_finer_score
    }
    best = max(top_scores.values())
    # A second topic is judged on its `side` evidence: a word its own list calls weak ("net",
    # "serve", "trade") says net income, serving a sentence or trading shares as often as the
    # internet, tennis or commerce, however sure a finer theme is of it. The best topic is chosen
    # on all its evidence: there the word stands beside the topic's other words.
    side_scores = {
        theme_id: _strength(seen, by_id[theme_id], decision) if theme_id in side_apart else top_scores[theme_id]
        for theme_id, seen in side.items()
    }
    # A finer theme's words are specific ("warhead", "striker"): enough of them keep its
    # parent even beside a stronger topic.
    kept = {
        theme_id
        for theme_id, score in side_scores.items()
        if top_scores[theme_id] == best
        or (score >= decision.keep_ratio * best and (score >= decision.min_score or _repeated(side[theme_id], decision)))
    } | {by_id[theme_id].parent for theme_id in finer}
    themes = [_theme(by_id[theme_id], top_scores[theme_id], pooled[theme_id], decision) for theme_id in kept]
    themes += [_theme(by_id[theme_id], score, own[theme_id], decision) for theme_id, score in finer.items()]
    # Best first; a parent before a child of equal score.
    return sorted(themes, key=lambda theme: (-theme.score, theme.parent is not None, theme.id))


def themes_by_id(taxonomy: Taxonomy) -> dict[str, TaxonomyTheme]:
    return {theme.id: theme for theme in taxonomy.themes}


_NO_WORDS: frozenset[str] = frozenset()
_NOTHING_BEFORE = (0.0, 0.0)


def weak_terms(taxonomy: Taxonomy) -> WeakTerms:
    """Each theme's weak terms, as shown in evidence, that share no stem with one of its terms."""
    weak = {}
    for theme in taxonomy.themes:
        shown = _shown_as(theme)
        weak[theme.id] = frozenset(shown[term] for term in theme.weak_terms) - {shown[term] for term in theme.terms}
    for word in taxonomy.context_words:
        if word.weak:
            for reading in word.readings:
                weak[reading.theme] |= frozenset(_context_forms(word))
    return weak


def _context_forms(word: ContextWord) -> dict[str, list[str]]:
    """A context word's shown forms (one per stem, as for terms) -> every form matched for it."""
    first: dict[str, str] = {}
    forms: dict[str, list[str]] = {}
    for form in word.forms:
        shown = first.setdefault(_stem(form), form)
        for variant in _variants(form):
            if variant not in (found := forms.setdefault(shown, [])):
                found.append(variant)
    return forms


def _shown_as(theme: TaxonomyTheme) -> dict[str, str]:
    """Each listed term -> the first listed term with its stem, which stands for all of them.

    "arrest", "arrests" and "arrested" are one piece of evidence, not three.
    """
    first: dict[str, str] = {}
    return {term: first.setdefault(_stem(term), term) for term in theme.terms + theme.weak_terms}


def _stem(term: str) -> str:
    """A cheap suffix stripper for the last word; only ever compares terms of one theme.

    "prosecutor", "prosecution" and "prosecuted" share a stem, as do "convicted" and "conviction".
    """
    *words, last = term.lower().split()
    for suffixes in (_INFLECTIONS, _DERIVATIONS):
        if not last.endswith("ss"):
            for suffix, replacement in suffixes:
                if last.endswith(suffix) and len(last) - len(suffix) >= 3:
                    last = last[: -len(suffix)] + replacement
                    break
    return " ".join([*words, last.removesuffix("e")])


_INFLECTIONS = (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))
_DERIVATIONS = (("ion", ""), ("or", ""), ("er", ""), ("ist", ""), ("ism", ""))


def _weighted(
    seen: Mapping[str, float], weak: AbstractSet[str], actors: AbstractSet[str], decision: Decision
) -> dict[str, tuple[float, float]]:
    """what -> (count, weight of one piece of such evidence)."""
    actor_weight, weak_weight = decision.actor_weight, decision.weak_weight
    return {
        what: (count, actor_weight if what in actors else weak_weight if what in weak else 1.0) for what, count in seen.items()
    }


def _repeated(seen: Mapping[str, tuple[float, float]], decision: Decision) -> bool:
    """Whether one full-weight term or actor is seen often enough to stand for a topic alone.

    Repeats are damped in the score, so a story that keeps coming back to its whale or its
    pope stays under min_score with that one word; a weak word, used loosely, never counts.
    """
    return any(weight >= 1.0 and count >= decision.min_repeats for count, weight in seen.values())


def _strength(seen: Mapping[str, tuple[float, float]], theme: TaxonomyTheme, decision: Decision) -> float:
    """Weighted evidence: each distinct term counts fully once, repeats add less and less."""
    # `1.0 if count < 1.0 else count` is max(count, 1.0); a list sums as the generator did,
    # term by term in the same order, for less (the decision runs for every document).
    damping, log = decision.repeat_damping, math.log
    return theme.weight * sum([weight * (1 + damping * log(1.0 if count < 1.0 else count)) for count, weight in seen.values()])


def _theme(
    definition: TaxonomyTheme, strength: float, seen: Mapping[str, tuple[float, float]], decision: Decision
) -> Theme:
    return Theme(
        id=definition.id,
        label=definition.label,
        parent=definition.parent,
        score=round(1 - math.exp(-strength / decision.score_scale), 3),
        terms=[what for what, _ in sorted(seen.items(), key=lambda item: (-item[1][0] * item[1][1], item[0]))],
    )


def _add(matcher: PhraseMatcher, nlp: Language, key: str, phrases: Iterable[str]) -> None:
    patterns = list(nlp.tokenizer.pipe(sorted(phrases)))
    if patterns:
        matcher.add(key, patterns)


def _longest(matches: list[tuple[int, int, int]], keys: Mapping[int, tuple[str, str, str]]) -> list[tuple[int, int, int]]:
    """Where matches of different topics overlap, the longest phrase wins: "trade war" is
    trade, not war. Within one topic the shorter words count too ("nuclear" in "nuclear
    weapons"): a phrase is stronger evidence than its words alone.
    """
    owner: dict[int, str] = {}  # token -> topic of the longest match over it
    kept: list[tuple[int, int, int]] = []
    phrases = sorted((match for match in matches if match[2] - match[1] > 1), key=lambda match: match[1] - match[2])
    for key, start, end in phrases:
        topic = keys[key][2]
        if all(owner.get(token, topic) == topic for token in range(start, end)):
            kept.append((key, start, end))
            owner.update(dict.fromkeys(range(start, end), topic))
    # Single words, most matches, cannot be longer than anything: one look-up each.
    kept += [match for match in matches if match[2] - match[1] == 1 and owner.get(match[1], keys[match[0]][2]) == keys[match[0]][2]]
    return kept


def _actor_span(doc: Doc, actor_at: list[int], token: int) -> Span:
    """The model's name around `token`, up to a line break: a span the model ran from a title
    into its body ("Kyiv\n\nKremlin") names the actor on the token's own line."""
    number = actor_at[token]
    start, end = token, token + 1
    while start > 0 and actor_at[start - 1] == number and not _breaks_line(doc[start - 1]):
        start -= 1
    while end < len(doc) and actor_at[end] == number and not _breaks_line(doc[end]):
        end += 1
    return doc[start:end]


def _breaks_line(token: Token) -> bool:
    return token.is_space and "\n" in token.text


def _token_at(doc: Doc, char: int) -> int:
    """Index of the first token at or after character `char`."""
    if char <= 0:
        return 0
    # The title is a few tokens: walk to it (doc.text would build the whole text anew).
    for token in doc:
        if token.idx >= char:
            return token.i
    return len(doc)


def _acronym(name: str) -> bool:
    return name.isupper()


def _whole_entity(actor_at: list[int], start: int, end: int) -> bool:
    """Whether tokens start..end are one entity, all of it."""
    number = actor_at[start]
    return (
        actor_at[end - 1] == number
        and (start == 0 or actor_at[start - 1] != number)
        and (end == len(actor_at) or actor_at[end] != number)
    )


def _variants(term: str) -> Iterable[str]:
    """The term and its regular plural: the model runs without a lemmatiser."""
    yield term
    last = term.split()[-1]
    if last.isalpha() and last.islower() and not last.endswith("s"):
        if last.endswith("y") and last[-2:-1] not in "aeiou":
            yield term[:-1] + "ies"
        else:
            yield term + ("es" if last.endswith(("ch", "sh", "x")) else "s")
