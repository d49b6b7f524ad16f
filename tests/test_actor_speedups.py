"""The actor step's shortcuts answer as the plain definitions they replace."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.actors.mentions import _is_number


def _is_number_by_chars(token: str) -> bool:
    return any(char.isdigit() for char in token) and not any(char.isalpha() for char in token)


@given(st.text(alphabet=st.sampled_from(list("aZé0789,.-()%/'²½١ _\u00a0")), min_size=1, max_size=8))
def test_a_number_token_is_told_as_the_char_by_char_definition_tells_it(token: str) -> None:
    assert _is_number(token) == _is_number_by_chars(token)


@given(st.text(min_size=1, max_size=8))
def test_any_text_token_is_told_as_the_char_by_char_definition_tells_it(token: str) -> None:
    assert _is_number(token) == _is_number_by_chars(token)
