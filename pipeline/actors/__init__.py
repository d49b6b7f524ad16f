"""Actor identity: which real-world actors a document names, one value per actor.

- mentions.py: entity spans -> clean mentions (titles, line breaks, list glue, junk)
- kinds.py: what kind of actor the text says a mention is
- scan.py: names the model missed, cut or mislabelled, found in the text
- names.py, keys.py: how names relate and compare
- resolution.py: in-document merging (pure, over mentions)
- aliases.py: the packaged and user alias tables; rules.py: the span rules as data
The registry (pipeline/registry.py) carries the names across documents.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from pipeline.actors.aliases import AliasTable, load_alias_table
from pipeline.actors.keys import alias_key
from pipeline.actors.mentions import Mention, mentions_from_doc
from pipeline.actors.resolution import ResolvedActor, resolve_actors
from pipeline.actors.scan import with_alias_hits

if TYPE_CHECKING:  # spaCy is loaded by what enriches, not by what only compares names
    from spacy.tokens import Doc, Span

__all__ = ["AliasTable", "Mention", "ResolvedActor", "actors_in_doc", "alias_key", "load_alias_table", "resolve_actors"]


def actors_in_doc(
    doc: Doc,
    sentence_starts: Sequence[int],
    table: AliasTable | None = None,
    text: str | None = None,
    works: set[str] | None = None,
    common_word: Callable[[str], bool] | None = None,
    cued_organisations: set[str] | None = None,
    labels: Mapping[str, str] | None = None,
    ents: Sequence[Span] | None = None,
) -> list[ResolvedActor]:
    """The actors of a processed doc: the model's spans cleaned, the alias table's names
    found in the text, merged by the in-document rules. `text` is the text the model
    read (spaCy builds doc.text anew on every read). The keys of the names the document
    shows to be works are added to `works` when it is given: the archive votes with them; so it
    does with the keys of names a cue showed to be an organisation where the model read a person
    or a people, added to `cued_organisations` when it is given.
    The names are read as the table's language writes them (`AliasTable.for_language`);
    `common_word` tells a form of a common word of that language, where its rules ask;
    `labels` renames a model's entity labels to the rules' (`mentions_from_doc`); `ents` is
    doc.ents when the caller holds it."""
    text = doc.text if text is None else text
    language = table.language if table is not None else None
    pieces: set[tuple[int, int]] = set()
    mentions = mentions_from_doc(doc, sentence_starts, text=text, works=works, language=language, common_word=common_word, pieces=pieces, labels=labels, ents=ents)
    if table is not None:
        mentions = with_alias_hits(mentions, text, table, sentence_starts, pieces)
    return resolve_actors(mentions, table, text, sentence_starts, works=works, cued_organisations=cued_organisations)
