"""A firm named by its trade's word ("LIN Broadcasting", "Kestrel Research") is its first word
alone later in the same document, unless a place may own that word: the session-10 class from
the held-out sets (TempEval-3's "LIN", the BBC's "Jupiter"), on sentences written for it. Spans
are given as the model might give them (no model runs)."""

from __future__ import annotations

from pipeline.actors.aliases import load_alias_table
from pipeline.actors.mentions import mentions_from_doc
from pipeline.actors.resolution import resolve_actors
from pipeline.actors.scan import with_alias_hits
from pipeline.models import ActorKind
from tests.actor_support import Found, doc_with_spans


def actors(text: str, *found: Found) -> dict[str, tuple[ActorKind, int]]:
    """Actors of `text` from the model spans `found`, with their mention counts."""
    table = load_alias_table()
    doc = doc_with_spans(text, found)
    pieces: set[tuple[int, int]] = set()
    mentions = with_alias_hits(mentions_from_doc(doc, [0], text=text, pieces=pieces), text, table, [0], pieces)
    return {actor.name: (actor.kind, len(actor.mentions)) for actor in resolve_actors(mentions, table, text, [0])}


def test_a_firms_first_word_after_its_trade_name_is_the_firm() -> None:
    text = "Shares of Vorland Broadcasting rose. Vorland said its holders would be paid, and Vorland's board agreed."
    found = actors(text, ("Vorland Broadcasting", "ORG"), ("Vorland", "ORG", 1), ("Vorland's", "ORG"))
    assert found == {"Vorland Broadcasting": (ActorKind.ORG, 3)}
    # The model may read it as a region (a planet's name): it is the firm all the same.
    text = "A study by Saturnia Research found growth, said Saturnia."
    assert actors(text, ("Saturnia Research", "ORG"), ("Saturnia", "LOC", 1)) == {"Saturnia Research": (ActorKind.ORG, 2)}


def test_a_first_word_a_place_may_own_stays_apart() -> None:
    # A known country, a word read as a place, a word the text places ("in Vorland"), or a
    # person's reading keep their own actor.
    text = "Singapore Airlines flew more people, and Singapore welcomed them."
    found = actors(text, ("Singapore Airlines", "ORG"), ("Singapore", "GPE", 1))
    assert found == {"Singapore Airlines": (ActorKind.ORG, 1), "Singapore": (ActorKind.PLACE, 1)}
    text = "Vorland Records signed the band, which played in Vorland."
    found = actors(text, ("Vorland Records", "ORG"), ("Vorland", "ORG", 1))
    assert found == {"Vorland Records": (ActorKind.ORG, 1), "Vorland": (ActorKind.ORG, 1)}
    text = "Dunmore Motors grew. Dunmore, its founder, retired."
    found = actors(text, ("Dunmore Motors", "ORG"), ("Dunmore", "PERSON", 1))
    assert found == {"Dunmore Motors": (ActorKind.ORG, 1), "Dunmore": (ActorKind.PERSON, 1)}


def test_a_clubs_or_an_institutions_word_leaves_the_town_alone() -> None:
    text = "Tressly United lost at home, and Tressly council met."
    found = actors(text, ("Tressly United", "ORG"), ("Tressly", "ORG", 1))
    assert found == {"Tressly United": (ActorKind.ORG, 1), "Tressly": (ActorKind.ORG, 1)}
    text = "Tressly University opened a lab; Tressly said it would grow."
    found = actors(text, ("Tressly University", "ORG"), ("Tressly", "ORG", 1))
    assert found == {"Tressly University": (ActorKind.ORG, 1), "Tressly": (ActorKind.ORG, 1)}
