"""The bytecode the xdist controller writes once for its workers (tests/bytecode_cache.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import bytecode_cache

FAILING_TEST = "def test_sum():\n    total = 1 + 1\n    assert total == 3\n"


def test_a_folder_gives_its_test_modules_and_conftest_files_and_a_file_gives_its_conftests_too(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text("")
    nested = tmp_path / "workflows"
    nested.mkdir()
    for name in ("test_dags.py", "conftest.py", "harness.py", "helper_test.py"):
        (nested / name).write_text("")
    (tmp_path / "es_support.py").write_text("")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "test_stale.py").write_text("")

    assert bytecode_cache.modules_to_rewrite([tmp_path]) == sorted(
        [tmp_path / "conftest.py", nested / "conftest.py", nested / "helper_test.py", nested / "test_dags.py"]
    )
    assert bytecode_cache.modules_to_rewrite([nested / "test_dags.py"]) == sorted(
        [tmp_path / "conftest.py", nested / "conftest.py", nested / "test_dags.py"]
    )


def test_the_rewritten_bytecode_is_what_pytest_reads_back_with_its_asserts_explained(
    tmp_path: Path, pytestconfig: pytest.Config
) -> None:
    from _pytest.assertion.rewrite import PYC_TAIL, _read_pyc, get_cache_dir

    module = tmp_path / "test_sum.py"
    module.write_text(FAILING_TEST)
    assert bytecode_cache.rewrite_test_modules(pytestconfig, [module]) == 1
    code = _read_pyc(module, get_cache_dir(module) / ("test_sum" + PYC_TAIL))
    assert code is not None, "pytest's import hook would rewrite the module again"
    namespace: dict = {}
    exec(code, namespace)
    with pytest.raises(AssertionError) as failed:
        namespace["test_sum"]()
    assert "assert 2 == 3" in str(failed.value), "the asserts were not rewritten"
    # Current bytecode is left alone; a changed source is rewritten again.
    assert bytecode_cache.rewrite_test_modules(pytestconfig, [module]) == 0
    module.write_text(FAILING_TEST.replace("3", "4"))
    assert bytecode_cache.rewrite_test_modules(pytestconfig, [module]) == 1


def test_plain_bytecode_is_written_for_what_is_imported_and_not_for_rewritten_modules(tmp_path: Path) -> None:
    library, tests = tmp_path / "pipeline", tmp_path / "tests"
    library.mkdir()
    tests.mkdir()
    (library / "stages.py").write_text("STAGES = ('extract', 'enrich')\n")
    (tests / "es_support.py").write_text("URL = None\n")
    (tests / "test_stages.py").write_text("def test_nothing():\n    pass\n")
    (tests / "conftest.py").write_text("")

    assert bytecode_cache.compile_imported_folders(tmp_path)
    for source in (library / "stages.py", tests / "es_support.py"):
        assert Path(importlib.util.cache_from_source(str(source))).is_file(), source
    for source in (tests / "test_stages.py", tests / "conftest.py"):
        assert not Path(importlib.util.cache_from_source(str(source))).exists(), source


def test_a_file_that_does_not_compile_is_reported_and_the_others_are_still_compiled(tmp_path: Path) -> None:
    library = tmp_path / "pipeline"
    library.mkdir()
    (library / "broken.py").write_text("def (:\n")
    (library / "fine.py").write_text("VALUE = 1\n")
    assert not bytecode_cache.compile_imported_folders(tmp_path)
    assert Path(importlib.util.cache_from_source(str(library / "fine.py"))).is_file()
