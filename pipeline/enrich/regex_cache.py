"""The very large regular expressions a spaCy language compiles at import, compiled once per
machine instead of once per process.

spaCy's French tokenizer exceptions (spacy/lang/fr/tokenizer_exceptions.py) build one pattern
of 1.45 million characters, case-insensitive over Unicode letter ranges, and compile it when
the module is imported: 2.9 s of CPU in every process that loads the French model (0.7 s
parsing, 2.2 s generating the matcher's code), more than the rest of that model's load. A
compiled pattern cannot be pickled (pickling keeps only its source), but the code Python's
`re` generates for it is a list of integers that `_sre.compile` takes back, and checks, as `re`
itself hands it over. So while a model loads (`pipeline.enrich.nlp.load_nlp`), a pattern of
more than LARGE characters is looked up under `<cache_dir>/regex-<python>-<sre magic>-...` by
the SHA-256 of its text and flags: read from there when found, else compiled as `re` compiles
it and written there for the next process. Smaller patterns are compiled as always. A cache
that cannot be read or written is passed over with a warning: the pattern is compiled as it
always could be.
"""

from __future__ import annotations

import array
import hashlib
import json
import logging
import os
import re
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# Patterns shorter than this compile in milliseconds: not worth a file.
LARGE = 100_000

try:  # CPython 3.11's internals; elsewhere every pattern compiles as always
    import _sre
    from re import _compiler, _parser

    _SUPPORTED = _sre.CODESIZE == array.array("I").itemsize and hasattr(_compiler, "_code")
except (ImportError, AttributeError):
    _SUPPORTED = False

_lock = threading.RLock()


def cache_folder(cache_dir: Path) -> Path:
    """One folder per interpreter, `re` code format and byte order: code from another is never read."""
    return cache_dir / f"regex-{sys.implementation.cache_tag}-{_sre.MAGIC}-{sys.maxunicode}-{sys.byteorder}"


@contextmanager
def large_patterns_cached(cache_dir: Path | None, *, large: int = LARGE) -> Iterator[None]:
    """While inside, `re` compiles patterns of `large` characters or more through the cache."""
    if cache_dir is None or not _SUPPORTED:
        yield
        return
    with _lock:
        compile_as_always = _compiler.compile
        _compiler.compile = _through_cache(compile_as_always, cache_folder(cache_dir), large)
        try:
            yield
        finally:
            _compiler.compile = compile_as_always


def _through_cache(compile_as_always: Callable[..., re.Pattern], folder: Path, large: int) -> Callable[..., re.Pattern]:
    def compile(pattern: Any, flags: int = 0) -> re.Pattern:
        if not isinstance(pattern, str) or len(pattern) < large:
            return compile_as_always(pattern, flags)
        path = folder / f"{_key(pattern, flags)}.bin"
        if path.is_file():
            try:
                return _read(path, pattern)
            except (OSError, ValueError, KeyError, RuntimeError, TypeError) as error:
                log.warning("compiled pattern cache %s not used (%s): compiling the pattern", path, error)
        compiled, parts = _compile_keeping_code(pattern, flags)
        try:
            _write(path, parts)
        except OSError as error:
            log.warning("compiled pattern cache in %s not written (%s)", folder, error)
        return compiled

    return compile


def _key(pattern: str, flags: int) -> str:
    digest = hashlib.sha256(pattern.encode("utf-8", "surrogatepass"))
    digest.update(f"\0{flags}".encode())
    return digest.hexdigest()


def _compile_keeping_code(pattern: str, flags: int) -> tuple[re.Pattern, dict[str, Any]]:
    """What re._compiler.compile does, keeping what `_sre.compile` was given."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    parts = {"flags": flags | parsed.state.flags, "code": code, "groups": parsed.state.groups, "groupindex": groupindex, "indexgroup": indexgroup}
    return _build(pattern, parts), parts


def _build(pattern: str, parts: dict[str, Any]) -> re.Pattern:
    return _sre.compile(
        pattern, parts["flags"], parts["code"], parts["groups"] - 1, parts["groupindex"], tuple(parts["indexgroup"])
    )


def _write(path: Path, parts: dict[str, Any]) -> None:
    """A header line (JSON) and the code as 32-bit words, written beside the final file and
    renamed into place: a process reading at the same time finds a whole file or none."""
    code = array.array("I", parts["code"]).tobytes()
    header = {key: parts[key] for key in ("flags", "groups", "groupindex", "indexgroup")}
    header["code_sha256"] = hashlib.sha256(code).hexdigest()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(json.dumps(header).encode() + b"\n" + code)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would keep it from other users of the cache
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise


def _read(path: Path, pattern: str) -> re.Pattern:
    data = path.read_bytes()
    end = data.index(b"\n")  # ValueError when there is none
    header = json.loads(data[:end])
    code = data[end + 1 :]
    if hashlib.sha256(code).hexdigest() != header["code_sha256"]:
        raise ValueError("its code does not match its checksum")
    words = array.array("I")
    words.frombytes(code)
    # _sre.compile checks the code's structure too (RuntimeError: invalid SRE code).
    return _build(pattern, {**header, "code": words.tolist()})
