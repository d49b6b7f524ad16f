"""The checkout's bytecode, made once per run by the xdist controller before its workers start.

Every worker imports every test module to collect it, and many tests start Python processes
that import the library (benchmark scripts, the CLI, Airflow's components and task processes).
Without bytecode beside the sources each of those processes compiles what it imports, and each
worker rewrites the asserts of every test module (pytest's rewrite): about 4 s of CPU per worker
where PYTHONDONTWRITEBYTECODE is set (then no process ever writes a cache), and on a fresh
checkout every worker pays it at once even where it is not. The controller runs no test and
waits while the workers start, so it pays it once for all of them.

Only this checkout's own files are written, into the `__pycache__` folders that .gitignore
lists: the library, the DAGs, the benchmark scripts and the test helpers as plain bytecode,
the test modules as pytest's rewritten bytecode (which pytest reads back even where it may not
write, and checks against each source's hash).
"""

from __future__ import annotations

import compileall
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What processes of the suite import from the checkout (the tests' helpers included).
IMPORTED_FOLDERS = ("pipeline", "dags", "bench", "tests")
# Test modules and conftest files are rewritten by pytest, not imported as plain bytecode.
_REWRITTEN = re.compile(r"(^|[\\/])(test_[^\\/]*|[^\\/]*_test|conftest)\.py$")


def compile_imported_folders(root: Path = ROOT) -> bool:
    """Plain bytecode for every module of IMPORTED_FOLDERS but the rewritten ones; modules whose
    bytecode is current are left alone. False if a file does not compile (its importer then
    reports the error, as without this)."""
    ok = True
    for folder in IMPORTED_FOLDERS:
        if (root / folder).is_dir():
            ok &= bool(compileall.compile_dir(root / folder, quiet=2, rx=_REWRITTEN))
    return ok


def modules_to_rewrite(paths: Iterable[Path]) -> list[Path]:
    """The test modules and conftest files a run of `paths` (files or folders) imports."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(file for file in path.rglob("*.py") if _REWRITTEN.search(str(file)))
        elif path.suffix == ".py":
            found.add(path)
            found.update(parent / "conftest.py" for parent in path.parents if (parent / "conftest.py").is_file())
    return sorted(file for file in found if file.is_file() and "__pycache__" not in file.parts)


def rewrite_test_modules(config: pytest.Config, modules: Iterable[Path]) -> int:
    """Write pytest's rewritten bytecode for `modules` where it is missing or stale, as pytest's
    import hook would; how many were written. Uses pytest's own rewrite functions: if this
    pytest has none by these names, nothing is written and each worker rewrites as before."""
    try:
        from _pytest.assertion.rewrite import (
            PYC_TAIL,
            _read_pyc,
            _rewrite_test,
            _write_pyc,
            assertstate_key,
            get_cache_dir,
            try_makedirs,
        )

        state = config.stash[assertstate_key]
    except (ImportError, KeyError):  # another pytest, or assertion rewriting turned off
        return 0
    written = 0
    for module in modules:
        cache_dir = get_cache_dir(module)
        pyc = cache_dir / (module.name[:-3] + PYC_TAIL)
        if _read_pyc(module, pyc) is not None or not try_makedirs(cache_dir):
            continue
        try:
            source_hash, code = _rewrite_test(module, config)
        except SyntaxError:  # the worker's import reports it
            continue
        written += bool(_write_pyc(state, code, source_hash, pyc))
    return written


def run_paths(config: pytest.Config) -> list[Path]:
    """The files and folders this run collects from (its arguments, or the testpaths)."""
    return [Path(config.invocation_params.dir, arg.split("::", 1)[0]).resolve() for arg in config.args]
