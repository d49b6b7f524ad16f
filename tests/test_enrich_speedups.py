"""The enrichment's and the index's shortcuts answer as the plain definitions they replace."""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import pipeline.data
from pipeline.enrich import date_words
from pipeline.enrich.locale_dates import locale_dates
from pipeline.enrich.taxonomy import Decision, Taxonomy, TaxonomyTheme
from pipeline.enrich.themes import Evidence, WeakTerms, assign_themes, load_taxonomy, themes_by_id, weak_terms
from pipeline.models import Theme
from pipeline.vocabulary import ActorKind
from pipeline.search import month_of

# -- the theme decision ---------------------------------------------------------------


def _plain_assign_themes(taxonomy: Taxonomy, evidence: Evidence, weak: WeakTerms, actors: frozenset[str]) -> list[Theme]:
    """The decision as it was written before its shortcuts: builtin max and min, every score
    summed anew, the themes by id rebuilt per call."""
    by_id = {theme.id: theme for theme in taxonomy.themes}
    decision = taxonomy.decision

    def weighted(seen: Mapping[str, float], weak_words: frozenset[str]) -> dict[str, tuple[float, float]]:
        return {
            what: (count, decision.actor_weight if what in actors else decision.weak_weight if what in weak_words else 1.0)
            for what, count in seen.items()
        }

    def strength(seen: Mapping[str, tuple[float, float]], theme: TaxonomyTheme) -> float:
        return theme.weight * sum(weight * (1 + decision.repeat_damping * math.log(max(count, 1.0))) for count, weight in seen.values())

    def shown(theme: TaxonomyTheme, score: float, seen: Mapping[str, tuple[float, float]]) -> Theme:
        return Theme(
            id=theme.id,
            label=theme.label,
            parent=theme.parent,
            score=round(1 - math.exp(-score / decision.score_scale), 3),
            terms=[what for what, _ in sorted(seen.items(), key=lambda item: (-item[1][0] * item[1][1], item[0]))],
        )

    own = {theme_id: weighted(seen, weak.get(theme_id, frozenset())) for theme_id, seen in evidence.items() if seen}
    pooled: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)
    side: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)
    for theme_id, seen in own.items():
        top = by_id[theme_id].parent or theme_id
        loose = weak.get(top, frozenset()) if top != theme_id else frozenset()
        for what, (count, weight) in seen.items():
            side_weight = min(weight, decision.weak_weight) if what in loose else weight
            for family, counted in ((pooled[top], weight), (side[top], side_weight)):
                before = family.get(what, (0.0, 0.0))
                family[what] = (max(before[0], count), max(before[1], counted))
    top_scores = {theme_id: strength(seen, by_id[theme_id]) for theme_id, seen in pooled.items()}
    if not top_scores:
        return []
    finer = {
        theme_id: score
        for theme_id, seen in own.items()
        if by_id[theme_id].parent is not None and (score := strength(seen, by_id[theme_id])) >= decision.min_finer_score
    }
    best = max(top_scores.values())
    side_scores = {theme_id: strength(seen, by_id[theme_id]) for theme_id, seen in side.items()}
    repeated = lambda seen: any(w >= 1.0 and c >= decision.min_repeats for c, w in seen.values())  # noqa: E731
    kept = {
        theme_id
        for theme_id, score in side_scores.items()
        if top_scores[theme_id] == best
        or (score >= decision.keep_ratio * best and (score >= decision.min_score or repeated(side[theme_id])))
    } | {by_id[theme_id].parent for theme_id in finer}
    themes = [shown(by_id[theme_id], top_scores[theme_id], pooled[theme_id]) for theme_id in kept]
    themes += [shown(by_id[theme_id], score, own[theme_id]) for theme_id, score in finer.items()]
    return sorted(themes, key=lambda theme: (-theme.score, theme.parent is not None, theme.id))


_TAXONOMIES = {
    "en": load_taxonomy(),
    "fr": load_taxonomy(Path(pipeline.data.__file__).parent / "taxonomy.fr.yaml"),
}
# Weak terms depend on a taxonomy's themes and context words, not on its decision's numbers:
# worked out once per taxonomy (a copy with other numbers shares its themes' list), not per
# example (0.01 s each, two thirds of this file's time).
_WEAK_TERMS = {id(taxonomy.themes): weak_terms(taxonomy) for taxonomy in _TAXONOMIES.values()}


def _weak(taxonomy: Taxonomy) -> dict[str, frozenset[str]]:
    return _WEAK_TERMS[id(taxonomy.themes)]


_SHARED_WORDS = ["trade", "net", "serve", "Chelsea", "talks"]
_COUNTS = st.sampled_from([1, 1.0, 2.0, 3.0, 4.0, 7.0, 0.5, 0])
_DECISIONS = st.builds(
    Decision,
    weak_weight=st.sampled_from([0.5, 0.25, 1.0]),
    actor_weight=st.sampled_from([1.0, 0.5, 2.0]),
    repeat_damping=st.sampled_from([0.5, 0.0, 1.0]),
    keep_ratio=st.sampled_from([0.45, 0.9, 0.1]),
)


def _seen_strategies(taxonomy: Taxonomy) -> tuple[st.SearchStrategy, dict[str, st.SearchStrategy]]:
    """A taxonomy's strategies, built once: the themes an example draws, and per theme the
    evidence it may have seen. (Hypothesis checks a strategy when it first draws from it: built
    anew in every example, the checks took three quarters of this test's time.)"""
    weak = _weak(taxonomy)
    seen = {}
    for theme in taxonomy.themes:
        # A finer theme's evidence may be its parent's weak words ("finance" for energy): there
        # the topic's side evidence is not its pooled evidence.
        loose = sorted(weak.get(theme.parent, frozenset()))[:4] if theme.parent else []
        words = theme.terms[:6] + theme.weak_terms[:4] + theme.actors[:2] + loose + _SHARED_WORDS
        seen[theme.id] = st.dictionaries(st.sampled_from(words), _COUNTS, max_size=6)
    themes = st.lists(st.sampled_from(taxonomy.themes), min_size=0, max_size=6, unique_by=lambda theme: theme.id)
    return themes, seen


_SEEN = {name: _seen_strategies(taxonomy) for name, taxonomy in _TAXONOMIES.items()}


@st.composite
def _evidence(draw: st.DrawFn) -> tuple[Taxonomy, Evidence, frozenset[str]]:
    """Evidence as the matcher files it: a theme's terms (weak ones too), actors' names, and
    the words several themes share (a finer theme's term its parent calls weak)."""
    name = draw(st.sampled_from(sorted(_TAXONOMIES)))
    taxonomy = _TAXONOMIES[name]
    themes_strategy, seen_strategy = _SEEN[name]
    if draw(st.booleans()):  # weights and the decision's numbers off their defaults
        taxonomy = taxonomy.model_copy(update={"decision": draw(_DECISIONS)})
    themes = draw(themes_strategy)
    by_id = themes_by_id(taxonomy)
    # A finer theme's parent with evidence of its own, often: a topic between the thresholds.
    themes += [by_id[theme.parent] for theme in themes if theme.parent and by_id[theme.parent] not in themes and draw(st.booleans())]
    evidence: dict[str, dict[str, float]] = {}
    actors: set[str] = set()
    for theme in themes:
        seen = draw(seen_strategy[theme.id])
        evidence[theme.id] = seen
        actors |= {what for what in seen if what in theme.actors or (what == "Chelsea" and draw(st.booleans()))}
    return taxonomy, evidence, frozenset(actors)


@settings(max_examples=600, deadline=None)
@given(_evidence())
@example((_TAXONOMIES["en"], {"nuclear": {"warhead": 2, "uranium enrichment": 1}}, frozenset()))
@example((_TAXONOMIES["en"], {"sport": {"player": 1}, "football": {"striker": 3.0, "player": 2.0}}, frozenset()))
# A finer theme's word its parent calls weak ("fans" for music): the parent's side score is
# below its top score, and below the second topic's threshold.
@example((_TAXONOMIES["en"], {"music": {"fans": 2.0}, "arts-culture-entertainment-media": {"arts": 1.0}, "education": {"school": 4.0, "schools": 2.0}}, frozenset()))
@example((_TAXONOMIES["fr"], {"football": {"saison": 3.0}, "sport": {"sport": 1.0}, "economy-business-finance": {"économie": 2.0, "économique": 6.0}}, frozenset()))
def test_the_theme_decision_is_the_plain_decision(case: tuple[Taxonomy, Evidence, frozenset[str]]) -> None:
    taxonomy, evidence, actors = case
    weak = _weak(taxonomy)
    expected = _plain_assign_themes(taxonomy, evidence, weak, actors)
    assert assign_themes(taxonomy, evidence, weak, actors, themes_by_id(taxonomy)) == expected
    assert assign_themes(taxonomy, evidence, weak, actors) == expected


# -- date expressions ------------------------------------------------------------------


def _expressions_by_finditer(body: str, language: str) -> list[tuple[int, int, str]]:
    """What `_expressions` gave before it tried the pattern only where an expression can start."""
    lowered = body.lower()
    if len(lowered) == len(body):
        return [(match.start(), match.end(), match.group(0)) for match in date_words._pattern(language).finditer(lowered)]
    return [(match.start(), match.end(), match.group(0).lower()) for match in date_words._pattern_any_case(language).finditer(body)]


_LANGUAGES = ["fr", "en", "de", "es", "it", "pt", "nl", "ar", "ru", "xx"]


def _pieces(language: str) -> list[str]:
    words = locale_dates(language)
    known = [*words.months, *words.weekdays, *words.relative] if words is not None else []
    # Digits of other scripts (Arabic-Indic, fullwidth), a letter whose lower case is longer
    # ("İ"), a word character that is no letter ("_"), and words glued to a name or a figure.
    return [*known, *[word.title() for word in known[:4]], "1er", "1º", *(str(number) for number in (0, 3, 9, 12, 29, 31, 1995, 2024, 2029)), "09", "2024-03-12", "12/03/2024",
            "٣", "٢٠٢٤", "１２", "de", "le", "l'", "x", "é", "_", "İ", "’", "€", "😀", "\U00020000"]


_GAPS = st.sampled_from(["", " ", " ", "\n", "-", ",", ".", "a", "_", "9", " de "])
# Per language, built once (hypothesis checks a strategy anew wherever it is built anew).
_PARTS = {language: st.lists(st.tuples(st.sampled_from(_pieces(language)), _GAPS), max_size=14) for language in _LANGUAGES}


@st.composite
def _date_texts(draw: st.DrawFn) -> tuple[str, str]:
    language = draw(st.sampled_from(_LANGUAGES))
    parts = draw(_PARTS[language])
    return language, "".join(piece + gap for piece, gap in parts)


@settings(max_examples=800, deadline=None)
@given(_date_texts())
@example(("fr", "le 12 mars 2024, mardi 3 avril et lundi"))
@example(("fr", "a12 mars 2024 _mardi 2mai x1er juin"))
@example(("fr", "le ٣ mars et le 12 avril"))
@example(("fr", "12 mars ２０２４"))
@example(("fr", "le 9 mars, 29 avril 2029"))
@example(("fr", "\U00020000 le 3 mai 2024, \U0001f600 mardi 4 juin"))
@example(("en", "on 3 March 2024 and yesterday"))
@example(("xx", "12/03/2024 a2024-03-12"))
def test_date_expressions_are_the_ones_finditer_finds(case: tuple[str, str]) -> None:
    language, body = case
    assert list(date_words._expressions(body, language)) == _expressions_by_finditer(body, language)


@pytest.mark.parametrize("language", _LANGUAGES)
def test_date_expressions_in_written_french_and_english_are_the_ones_finditer_finds(language: str) -> None:
    texts = [
        "Le conseil se réunira le mardi 12 mars 2024 à Lyon ; la décision, prise hier, entre en vigueur en 2025.",
        "Depuis janvier 2023, les ventes ont doublé. Le mois dernier, 1 200 unités ; l'année prochaine, 3 000.",
        "Aujourd'hui, après-demain et le 1er juillet : trois dates, 14/07/2023 et 2023-07-14 aussi.",
        "The board met on Tuesday 12 March 2024; yesterday's vote (14-2) takes effect next month.",
        "Sales rose 12% in 2023 to 4,500 units, against 3 200 a year earlier.",
    ]
    for body in texts:
        assert list(date_words._expressions(body, language)) == _expressions_by_finditer(body, language)


def test_every_decimal_digit_past_ascii_is_one_the_scan_hands_to_finditer() -> None:
    others = [chr(code) for code in range(128, sys.maxunicode + 1) if chr(code).isdecimal()]
    assert others  # Arabic-Indic, Devanagari, fullwidth...
    assert all(date_words._OTHER_DIGITS.fullmatch(digit) for digit in others)
    assert all(date_words._other_digits_in(f"le {digit} mars") for digit in others)
    # Latin-1 holds no decimal digit but ASCII's: such a text is answered without the search.
    assert not any(chr(code).isdecimal() for code in range(128, 256))
    assert not date_words._other_digits_in("le 12 mars à Orléans, «déjà»") and not date_words._other_digits_in("12 March")


def test_the_possible_starts_of_a_text_include_every_match_start() -> None:
    body = "mardi 12 mars 2024, hier, 2mai, le mois dernier, avant-hier et 14/07/2023"
    starts = date_words._possible_starts(body, "fr")
    assert starts == sorted(set(starts))
    assert {start for start, _, _ in _expressions_by_finditer(body, "fr")} <= set(starts)


# -- the index rows ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2026, 11, 27, 23, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        dt.datetime(1700, 1, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        dt.datetime(999, 5, 1, tzinfo=dt.UTC),
        dt.datetime(1000, 1, 1, tzinfo=dt.UTC),
        dt.datetime(9999, 12, 1, tzinfo=dt.UTC),
    ],
)
def test_a_month_is_the_month_strftime_writes(moment: dt.datetime) -> None:
    assert month_of(moment) == moment.astimezone(dt.UTC).strftime("%Y-%m")


def test_the_stored_document_is_the_json_model_dump_json_writes() -> None:
    from pipeline.models import Document
    from pipeline.store.tantivy import _to_tantivy

    body = "Le maire d’Orléans a réuni « tout le monde » mardi.\nZürich 😀 \u2028 \"quoted\" \\ back"
    document = Document.model_validate(
        {
            "id": __import__("pipeline.models", fromlist=["document_id"]).document_id(body),
            "title": "Réunion à Orléans",
            "body": body,
            "language": "fr",
            "received_at": dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC),
            "source": {"kind": "local", "uri": "file:///inbox/a.txt", "size_bytes": 10, "media_type": "text/plain"},
            "enrichment": {"pipeline_version": "1", "model": "m", "enriched_at": dt.datetime(2026, 11, 27, tzinfo=dt.UTC)},
            "not_analysed": ["tone"],
            "actors": [{"name": "Orléans", "kind": "place", "aliases": ["Orléans"], "mentions": 1, "sentiment": None}],
        }
    )
    stored = _to_tantivy(document).get_first("document")
    assert stored == document.model_dump_json().encode("utf-8")
    assert re.search(rb"\\u2028|\xe2\x80\xa8", stored)  # the line separator kept as the serializer writes it


# -- one set of entity spans per doc ------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Vell Corp chief Ada Morrow met Mayor Tom Reeve in Ostrava.\n\nThe Ostrava Rovers won 2-1 at Kell Park on Tuesday."),
        ("fr", "Le ministre Paul Vanier a rencontré la société Terralis à Lyon.\n\nLe club de Lyon a gagné mardi."),
    ],
)
def test_the_actors_and_themes_read_from_held_spans_are_those_read_from_the_doc(enricher, language: str, text: str) -> None:
    from pipeline.actors import actors_in_doc
    from pipeline.actors.mentions import mentions_from_doc

    pipeline = enricher.pipeline(language)
    doc = pipeline.nlp(text)
    starts = [sentence.start_char for sentence in doc.sents]
    held = doc.ents
    assert held  # the written text names someone for the model
    table = enricher.aliases.for_language(language)
    assert mentions_from_doc(doc, starts, text=text, labels=pipeline.relabel, ents=held) == mentions_from_doc(
        doc, starts, text=text, labels=pipeline.relabel
    )
    assert actors_in_doc(doc, starts, table, text, labels=pipeline.relabel, ents=held) == actors_in_doc(
        doc, starts, table, text, labels=pipeline.relabel
    )
    if pipeline.themes is not None:
        assert pipeline.themes.themes(doc, 0, held) == pipeline.themes.themes(doc, 0)


# -- the binary check's count of control characters ---------------------------------------


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=0x1FF), st.sampled_from(["\x00", "\x85", "\x9f", "\x7f", "\t", "’", "😀"]))))
@example("".join(chr(code) for code in range(256)))
@example("déjà vu\x85\x1b[0m\r\n\x0c")
def test_control_characters_are_counted_as_the_regex_counts_them(text: str) -> None:
    from pipeline.decode import _CONTROLS, _count_controls

    assert _count_controls(text) == len(_CONTROLS.findall(text))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=0x2FF), st.sampled_from(["ª", "µ", "º", "×", "÷", "’", "Ω", "😀"]))))
@example("".join(chr(code) for code in range(256)))
def test_letters_are_counted_as_str_isalpha_counts_them(text: str) -> None:
    from pipeline.languages import letters_in

    assert letters_in(text) == sum(map(str.isalpha, text))


# -- NFC of Latin-1 text ------------------------------------------------------------------------


def test_every_latin1_character_and_pair_is_in_nfc() -> None:
    import unicodedata

    characters = [chr(code) for code in range(256)]
    assert all(unicodedata.combining(character) == 0 for character in characters)
    assert all(unicodedata.is_normalized("NFC", first + second) for first in characters for second in characters)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=0x3FF), st.sampled_from(["\u0301", "\u0300", "Å", "\u212b", "ﬁ", "’"]))))
@example("Cafe\u0301 déjà")
@example("\u212b")  # the angstrom sign, whose NFC is Å
def test_nfc_is_told_and_made_as_unicodedata_does(text: str) -> None:
    import unicodedata

    from pipeline.nfc import is_nfc, to_nfc

    assert is_nfc(text) == unicodedata.is_normalized("NFC", text)
    assert to_nfc(text) == unicodedata.normalize("NFC", text)


# -- the registry's kind votes ------------------------------------------------------------------


def _plain_voted_kind(stored: dict[str, Counter[ActorKind]], cued: dict[str, int], name: str, this_document: ActorKind) -> ActorKind:
    """ActorRegistry._voted_kind as written with a Counter and most_common()."""
    from pipeline.registry import _CUED_VOTES_NEEDED, SLIP_KINDS

    if this_document not in SLIP_KINDS:
        return this_document
    if cued.get(name, 0) >= _CUED_VOTES_NEEDED:
        return ActorKind.ORG
    votes = Counter(stored.get(name) or ())
    votes[this_document] += 1
    best = max(votes.values())
    trusted = [kind for kind, count in votes.most_common() if count == best and kind not in SLIP_KINDS]
    if trusted and " " not in name.strip():
        return trusted[0]
    return this_document if votes[this_document] == best else next(kind for kind, count in votes.most_common() if count == best)


@settings(max_examples=800, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(list(ActorKind)), st.integers(min_value=-1, max_value=4)), max_size=4),
    st.sampled_from(list(ActorKind)),
    st.sampled_from(["Rotterdam", "Lib Dems", " Yukos ", "Keanu Reeves"]),
    st.integers(min_value=0, max_value=3),
)
def test_a_voted_kind_is_the_kind_most_common_gives(
    cast: list[tuple[ActorKind, int]], this_document: ActorKind, name: str, cued_votes: int
) -> None:
    from pipeline.registry import ActorRegistry

    registry = ActorRegistry.__new__(ActorRegistry)  # only the vote tables are read
    registry._votes = {name: Counter(dict(cast))} if cast else {}
    registry._cued_votes = {name: cued_votes}
    expected = _plain_voted_kind(registry._votes, registry._cued_votes, name, this_document)
    assert registry._voted_kind(name, this_document) is expected
