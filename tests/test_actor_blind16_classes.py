"""One test per class of actor error that the session-16 blind reading of two unseen windows
(TempEval-3 ranks 351-450, NYT editorials ranks 201-300) showed, with the errors left in the
windows judged before: a person named after a trade, a calling or kin the role list did not
know ("the astronaut ...", "his second wife ..."). Each has a guard that a near case is left
alone. On sentences written for these tests; spans are given as the model might give them
(no model runs)."""

from __future__ import annotations

from pipeline.models import ActorKind
from tests.test_actor_role_classes import actors

# -- a trade, a calling or kin before a full name -----------------------------------------------------


def test_a_trade_calling_or_kin_before_a_full_name_makes_it_a_person() -> None:
    text = (
        "The Hungarian astronaut Bela Torvath will leave for Texas, Torvath said on Monday. "
        "The film maker Odile Renard's documentary reopened the case. "
        "He married as his second wife Yuki Tanabe, a translator."
    )
    found = actors(
        text,
        ("Bela Torvath", "ORG"),
        ("Texas", "GPE"),
        ("Torvath", "ORG", 1),
        ("Odile Renard", "ORG"),
        ("Yuki Tanabe", "ORG"),
    )
    assert found["Bela Torvath"] == (ActorKind.PERSON, ["Bela Torvath", "Torvath"])
    assert found["Odile Renard"][0] is ActorKind.PERSON
    assert found["Yuki Tanabe"][0] is ActorKind.PERSON
    assert found["Texas"][0] is ActorKind.PLACE


def test_a_trade_before_a_name_with_an_organisations_word_leaves_it_an_organisation() -> None:
    # The cue names a person only where the name has a person's shape.
    text = "The shipping tycoon Harwell Holdings bought the yard, and the painter Arden Studios moved out."
    found = actors(text, ("Harwell Holdings", "ORG"), ("Arden Studios", "ORG"))
    assert found["Harwell Holdings"][0] is ActorKind.ORG
    assert found["Arden Studios"][0] is ActorKind.ORG
