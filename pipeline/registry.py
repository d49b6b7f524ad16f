"""The actor registry: one canonical name per actor across documents.

Within a document, spellings are merged by the enrichment; across documents the evidence
is weak, so the registry merges only on a key it has seen: the name or a full-form alias
("Kim Jong-un" in one article, "Kim Jong Un" in the next). A lone surname or first name
is never mapped to a registered full name: "Brown" in a match report is not Gordon
Brown. Initials two bodies share do not join them where a document spells its body out
otherwise than the archive did ("EPA": two agencies). A firm is known with and without its
legal ending ("Goldman, Sachs & Co." and "Goldman Sachs"), when two words or more are left.
Names pinned in the alias file are never renamed. A person or group reading is
outvoted by the kind most documents gave it, so one mislabelled article does not decide
it. Beside the kind votes the archive counts the documents that showed a name to be a work
("the film The Aviator", "The Aviator, starring"): a name more documents read as a work
than as any one kind of actor is no actor, even where an article names it without a cue.

The names belong to the archive, not to a process: they are kept by the store's registry
backend (pipeline/store/actor_registry.py), shared by every worker. This class keeps them
in memory for the ingest path, reads what other workers recorded at each batch
(`refresh`), and adopts another worker's name when it recorded the same key first.

A document's new names are claimed in the archive before the store sees the document
(`claim`): two workers that meet one actor in two spellings at the same moment then learn
which name won while their documents can still be named again, so the archive never holds
one actor under two names. A claim whose documents the store refused is taken back
(`release`), and kind votes wait for the store to keep the document: what the archive
learns comes from documents it holds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.actors.aliases import AliasTable
from pipeline.actors.keys import alias_key, firm_key, singular
from pipeline.actors.names import initial_and_surname
from pipeline.actors.rules import actor_rules
from pipeline.models import Actor, ActorKind
from pipeline.search import SLIP_KINDS
from pipeline.store.actor_registry import RegistryBackend, SqliteActorTable

# The vote a work gets beside the kinds, keyed by the work's alias key (a work has no
# registered name). Readers that predate it skip a kind they do not know.
WORK_VOTE = "work"
# One document's cue may be wrong ("a Ray Charles film" read as the film "Ray"): a name is a
# work only once this many documents said so.
_WORK_VOTES_NEEDED = 2
# The vote of a document whose text showed a name the model read as a person or a people to be
# an organisation ("Keane frontman Tom Chaplin", "rock band Franz Ferdinand"), keyed by the
# canonical name. The model reads a band's name as a person's in most articles that name it
# bare; the cue is the evidence, so once this many documents gave it, the person and group
# readings of the name are the organisation's, in the documents stored before too.
CUED_ORGANISATION_VOTE = "cued-organisation"
_CUED_VOTES_NEEDED = 2
# Actors whose keys are remembered, at most (the memo starts again past it).
_KEY_MEMO_SIZE = 50_000


@dataclass(frozen=True, slots=True)
class StagedNames:
    """What one document taught the registry, waiting for the store to keep the document."""

    names: list[tuple[str, str, str]] = field(default_factory=list)
    # (canonical name, kind), or (a work's alias key, WORK_VOTE).
    votes: list[tuple[str, str]] = field(default_factory=list)

    def without_names(self) -> StagedNames:
        """What is left to record once the names are claimed: the votes."""
        return StagedNames([], self.votes)


class ActorRegistry:
    """The archive's canonical actor names, as this process uses them. `backend` is the
    store's (`store.actor_registry()`); a path opens the embedded table there (and the
    registry then closes it)."""

    def __init__(self, backend: RegistryBackend | Path, pinned: AliasTable | None = None) -> None:
        self._owns_backend = isinstance(backend, Path)
        self.backend: RegistryBackend = SqliteActorTable(backend) if isinstance(backend, Path) else backend
        self.pinned = pinned
        self._names: dict[str, str] = {}
        # Canonical name -> the keys of several words registered to it: the names it was
        # spelt out as ("mobile data association" for "MDA"), read where initials would join it.
        self._spelt_out: dict[str, set[str]] = {}
        self._votes: dict[str, Counter[ActorKind]] = {}
        # Alias key -> documents that showed the name to be a work.
        self._work_votes: dict[str, int] = {}
        # Canonical name -> documents whose cue showed the name, read as a person or a people,
        # to be an organisation.
        self._cued_votes: dict[str, int] = {}
        # Lone surnames a key learnt since may name in full: "President Venn" written alone
        # before an article named "President Harold J Venn". Their stored documents are named
        # again (`take_late_names`).
        self._late: set[str] = set()
        # Kinds read in the document before renaming: the votes `learn` records.
        self._seen_kinds: dict[str, ActorKind] = {}
        self._mark: object = None
        # An actor's keys by (name, kind, aliases): each document's actors are keyed twice
        # (to rename them, then to stage their names), and news names the same actors often.
        self._key_memo: dict[tuple[str, ActorKind, tuple[str, ...]], tuple[str, ...]] = {}
        self.refresh()

    def refresh(self) -> None:
        """Take in what other workers recorded since the last refresh. What the archive holds
        wins over what this process learnt from a document the store refused."""
        first_read = self._mark is None  # the whole archive: nothing in it is new to anyone
        changes = self.backend.changes(self._mark)
        self._mark = changes.mark
        for key, name in changes.names:
            if not first_read and key not in self._names:  # another worker's new key: documents here may predate it
                self._note_late(key, name)
            self._set_name(key, name)
        for name, kind, votes in changes.votes:
            if kind == WORK_VOTE:
                self._work_votes[name] = votes
                continue
            if kind == CUED_ORGANISATION_VOTE:
                if not first_read and self._cued_votes.get(name, 0) < _CUED_VOTES_NEEDED <= votes:
                    self._late.add(name)  # another worker's document settled it: ours stored before follow
                self._cued_votes[name] = votes
                continue
            try:
                self._votes.setdefault(name, Counter())[ActorKind(kind)] = votes
            except ValueError:  # a kind this version does not know: no vote
                continue

    def names(self) -> dict[str, str]:
        """Alias key -> canonical name, as this process knows them now."""
        return dict(self._names)

    def close(self) -> None:
        if self._owns_backend:
            self.backend.close()

    def canonicalize(self, actors: Iterable[Actor]) -> list[Actor]:
        """The document's actors under their registered names, merged where two meet; names
        the archive knows as works are left out."""
        self._seen_kinds = {}
        renamed = []
        for actor in actors:
            if self._work_votes and self._is_work(actor):
                continue
            named = self._renamed(actor)
            self._seen_kinds.setdefault(named.name, actor.kind)
            renamed.append(named)
        return _merge_by_name(renamed)

    def learn(self, actors: Iterable[Actor], works: Iterable[str] = (), cued_organisations: Iterable[str] = ()) -> None:
        """Remember and record at once the names and kinds these actors go by."""
        self.record([self.stage(actors, works, cued_organisations)])

    def stage(self, actors: Iterable[Actor], works: Iterable[str] = (), cued_organisations: Iterable[str] = ()) -> StagedNames:
        """Remember a document's names, kind votes, works (alias keys of the names it showed
        to be works) and cued organisations (alias keys of the names its text showed to be an
        organisation where the model read a person or a people) in this process now, so the
        rest of its batch agrees with it. `claim` writes the names before the document is
        stored; `record` writes the votes once the store has kept it, so a refused document
        casts no vote."""
        new_names: list[tuple[str, str, str]] = []
        votes: list[tuple[str, str]] = []
        cued = frozenset(cued_organisations)
        for key in dict.fromkeys(works):
            self._work_votes[key] = self._work_votes.get(key, 0) + 1
            votes.append((key, WORK_VOTE))
        for actor in actors:
            for key in self._learned_keys(actor):
                if key not in self._names:
                    if actor.kind is ActorKind.PERSON:
                        self._note_late(key, actor.name)
                    self._set_name(key, actor.name)
                    new_names.append((key, actor.name, actor.kind.value))
            kind = self._seen_kinds.get(actor.name, actor.kind)
            counts = self._votes.get(actor.name)
            if counts is None:  # (setdefault would build a Counter per actor to throw away)
                counts = self._votes[actor.name] = Counter()
            counts[kind] += 1
            votes.append((actor.name, kind.value))
            if cued and actor.kind is ActorKind.ORG and self._cued_here(actor, cued):
                self._cued_votes[actor.name] = self._cued_votes.get(actor.name, 0) + 1
                votes.append((actor.name, CUED_ORGANISATION_VOTE))
                if self._cued_votes[actor.name] == _CUED_VOTES_NEEDED and any(counts[slip] for slip in SLIP_KINDS):
                    self._late.add(actor.name)  # documents stored before read it as a person: they follow
        self._seen_kinds = {}
        return StagedNames(new_names, votes)

    @staticmethod
    def _cued_here(actor: Actor, cued: frozenset[str]) -> bool:
        return any(alias_key(surface) in cued for surface in (actor.name, *actor.aliases))

    def claim(self, staged: Iterable[StagedNames]) -> set[str]:
        """Write staged names to the archive now, ahead of the documents that use them (the
        caller then keeps `without_names()` of each to record). Returns the names of ours that
        lost a key to another worker's name: documents that use them must be named again
        (`forget` their staged names first); this process uses the winner from now on."""
        names = [row for batch in staged for row in batch.names]
        if not names:
            return set()
        # No waiting for other workers' reads to show them (a second on Elasticsearch, per
        # chunk): the first claim wins at once all the same, and `record` waits, after the commit.
        held = self.backend.add_names(names, wait=False)
        lost: set[str] = set()
        for key, ours, _ in names:
            theirs = held.get(key, ours)
            if theirs != ours:
                self._set_name(key, theirs)
                lost.add(ours)
        return lost

    def forget(self, staged: StagedNames) -> None:
        """Take back the votes one document staged in this process (it is about to be named
        again). Its claimed names stay: the archive holds them."""
        for name, kind in staged.votes:
            if kind == WORK_VOTE:
                self._work_votes[name] = max(0, self._work_votes.get(name, 0) - 1)
                continue
            if kind == CUED_ORGANISATION_VOTE:
                self._cued_votes[name] = max(0, self._cued_votes.get(name, 0) - 1)
                continue
            counts = self._votes.get(name)
            if counts is not None and counts[ActorKind(kind)] > 0:
                counts[ActorKind(kind)] -= 1

    def release(self, names: Iterable[tuple[str, str, str]]) -> None:
        """Take back claimed names (rows of `StagedNames.names`) that no stored document carries:
        their documents were refused. A key another worker named is left alone."""
        pairs = list(dict.fromkeys((key, name) for key, name, _ in names))
        if not pairs:
            return
        self.backend.remove_names(pairs)
        for key, name in pairs:
            if self._names.get(key) == name:
                del self._names[key]
                self._spelt_out.get(name, set()).discard(key)

    def record(self, staged: Iterable[StagedNames]) -> None:
        """Write staged votes, and any names not claimed yet (of documents the store committed),
        in one write each: the ingest loop calls this once per stored chunk, not once per
        document. Where another worker gave a key its name first, that name is adopted from
        now on."""
        batches = list(staged)
        names = [row for batch in batches for row in batch.names]
        if names:
            for key, name in self.backend.add_names(names).items():
                self._set_name(key, name)
        votes = Counter(vote for batch in batches for vote in batch.votes)
        if votes:
            self.backend.add_votes(votes)

    def take_late_names(self) -> list[str]:
        """The lone surnames whose stored documents may now take a full name learnt since
        (see `renamed_stored`), handed out once; `give_back_late_names` if they were not used."""
        late, self._late = sorted(self._late), set()
        return late

    def give_back_late_names(self, names: Iterable[str]) -> None:
        """Late surnames whose documents were not written again (the commit failed)."""
        self._late.update(names)

    def renamed_stored(self, actors: Sequence[Actor], name: str) -> list[Actor] | None:
        """A stored document's actors with `name` under the name and kind the archive gives it
        now, by the keys of that document, as a document read today would name it; None where
        it keeps both."""
        renamed = [
            after if actor.name == name and ((after := self._renamed(actor)).name, after.kind) != (name, actor.kind) else actor
            for actor in actors
        ]
        return None if all(after is before for after, before in zip(renamed, actors)) else _merge_by_name(renamed)

    def _note_late(self, key: str, name: str) -> None:
        """Note a new key of a person's full name that a document naming them by title and
        surname alone carries ("president venn" of "Harold J Venn"), if the archive holds that
        surname alone as a person already: its documents came before the key. Keys with a word
        of the full name ("hal q venn") are no such key, nor a title the rules do not list."""
        title, _, surname = key.rpartition(" ")
        name_words = alias_key(name).split()
        if not title or len(name_words) < 2 or name_words[-1] != surname or not set(name_words[:-1]).isdisjoint(title.split()):
            return
        rules = actor_rules()
        if title not in rules.titles and title not in rules.office_forms:
            return
        lone = self._names.get(surname)
        votes = self._votes.get(lone) if lone is not None else None
        if lone is not None and lone != name and " " not in alias_key(lone) and votes and votes[ActorKind.PERSON] > 0:
            self._late.add(lone)

    def _is_work(self, actor: Actor) -> bool:
        """More documents showed the name to be a work than gave it any one kind of actor."""
        works = self._work_votes.get(alias_key(actor.name), 0)
        if works < _WORK_VOTES_NEEDED:
            return False
        name = self._names.get(alias_key(actor.name), actor.name)
        kinds = self._votes.get(name)
        return works >= (max(kinds.values()) if kinds else 0)

    def _keys(self, actor: Actor) -> tuple[str, ...]:
        """The keys an actor is known by across documents, longest first: its name and
        every alias that is not a lone word of that name ('Brown' of 'Gordon Brown', 'the
        Commission' of 'the European Commission'). No looser key: 'Congress Party' is not
        'Congress', a 'Court of Appeal' not a 'Court of Appeals', unless a document says so."""
        signature = (actor.name, actor.kind, tuple(actor.aliases))
        known = self._key_memo.get(signature)
        if known is not None:
            return known
        if len(self._key_memo) >= _KEY_MEMO_SIZE:
            self._key_memo.clear()
        name_words = set(alias_key(actor.name).split())
        keys = {alias_key(actor.name)}
        # A person named in full is known by no lone word across documents: beside a word of
        # the name, a lone word is another spelling of one ("Hoffmann" in Dustin Hoffman's
        # article is no key for the "Lord Hoffmann" of the next).
        lone_words_apart = actor.kind is ActorKind.PERSON and len(name_words) > 1
        for surface in actor.aliases:
            key = alias_key(surface)
            if key and not (len(name_words) > 1 and " " not in key and (lone_words_apart or key in name_words)):
                if lone_words_apart and initial_and_surname(key.split()):
                    continue  # "S Jones" joined Stephen Jones in his line-up; the next "S Jones" may be Sam
                keys.add(key)
        if actor.kind is ActorKind.PERSON and len(name_words) > 1:
            name_key = alias_key(actor.name)
            keys |= middle_name_keys(name_key, keys) | office_surname_keys(name_key, keys, actor_rules().office_forms)
        if actor.kind is ActorKind.ORG:
            # A firm is written with and without its legal ending ("Dow Jones & Co.", "Dow Jones").
            legal_words = actor_rules().legal_endings
            keys |= {key for surface in (actor.name, *actor.aliases) if (key := firm_key(surface, legal_words))}
        ordered = self._key_memo[signature] = tuple(sorted(keys, key=len, reverse=True))
        return ordered

    def _learned_keys(self, actor: Actor) -> Sequence[str]:
        """A person known by one word only teaches the archive nothing beyond that word:
        their 'President Bush' must stay free for the full name a later article gives."""
        if actor.kind is ActorKind.PERSON and " " not in alias_key(actor.name):
            return (alias_key(actor.name),)
        return self._keys(actor)

    def _renamed(self, actor: Actor) -> Actor:
        if self._is_pinned(actor.name):
            return actor
        spelt_apart = False
        for key in self._keys(actor):
            name = self._names.get(key)
            if name is None or self._apart(actor.name, name):
                continue
            if actor.kind is ActorKind.PERSON and not middles_agree(alias_key(actor.name), alias_key(name)):
                continue  # "George W. Bush" is not "George H. W. Bush"
            if actor.kind is not ActorKind.PERSON and self._spelt_out_otherwise(actor, name):
                spelt_apart = True
                continue  # "EPA": the Environmental Protection Agency here, the Economic Planning Agency there
            kind = self._voted_kind(name, actor.kind)
            if name == actor.name and kind is actor.kind:  # already under its archive name
                return actor
            return actor.model_copy(update={"name": name, "kind": kind})
        if spelt_apart and " " not in alias_key(actor.name):
            # Named by its initials here too, it would still meet the other body under one value.
            spelt = next((alias for alias in actor.aliases if " " in alias_key(alias)), None)
            if spelt is not None:
                return actor.model_copy(update={"name": spelt})
        return actor

    def _spelt_out_otherwise(self, actor: Actor, name: str) -> bool:
        """Whether the document spells the actor out as one name and the archive spelt `name`
        out as another, neither holding the other's words: two bodies that share initials or
        a short form ("Environmental Protection Agency" and "Economic Planning Agency", both
        "EPA"). "US Federal Reserve" and "Federal Reserve" are one; a name never spelt out
        on either side gains nothing here."""
        registered = self._spelt_out.get(name)
        if not registered:  # (a name of several words is registered under its own key)
            return False
        theirs = [words for key in registered if len(words := _content_words(key)) > 1]
        ours = [words for surface in (actor.name, *actor.aliases) if len(words := _content_words(alias_key(surface))) > 1]
        return bool(theirs and ours) and not any(a <= b or b <= a for a in ours for b in theirs)

    def _set_name(self, key: str, name: str) -> None:
        previous = self._names.get(key)
        if previous is not None and previous != name:
            self._spelt_out.get(previous, set()).discard(key)
        self._names[key] = name
        if " " in key:
            self._spelt_out.setdefault(name, set()).add(key)

    def _voted_kind(self, name: str, this_document: ActorKind) -> ActorKind:
        """The kind most documents gave the name, this one included.

        Only a person or group reading is outvoted: those are the model's usual slips
        ("Yukos", "Lib Dems", "Glasgow"), while an organisation or a place read from the
        text may be right for this document alone ("Newcastle" the club in a match
        report, the city elsewhere). For the same reason, for a one-word name, a tie between
        a person or group reading and an organisation or place reading goes to the latter
        ("Rotterdam" the place in one document, a person in the next); a name of several
        words keeps this document's reading on a tie ("Keanu Reeves" is no organisation
        because one article's model said so), and so does a tie among slips."""
        if this_document not in SLIP_KINDS:
            return this_document
        if self._cued_votes.get(name, 0) >= _CUED_VOTES_NEEDED:
            return ActorKind.ORG  # "rock band X", "X frontman" in enough documents: the bare readings follow
        votes = dict(self._votes.get(name) or ())
        votes[this_document] = votes.get(this_document, 0) + 1
        best = max(votes.values())
        # Among the kinds at the best count, the first in the order the votes were first cast:
        # the first Counter.most_common() lists (its sort is stable), without a Counter and a
        # sort per actor renamed.
        if " " not in name.strip():
            trusted = next((kind for kind, count in votes.items() if count == best and kind not in SLIP_KINDS), None)
            if trusted is not None:
                return trusted
        return this_document if votes[this_document] == best else next(kind for kind, count in votes.items() if count == best)

    def _apart(self, name: str, other: str) -> bool:
        return self.pinned is not None and self.pinned.kept_apart(name, other)

    def _is_pinned(self, name: str) -> bool:
        known = self.pinned.lookup(alias_key(name)) if self.pinned is not None else None
        return known is not None and known.name == name


@lru_cache(maxsize=65_536)
def _content_words(key: str) -> frozenset[str]:
    """A name's words for comparing two spellings of it: no particles or list words ("of",
    "&"), one spelling of each word, singular."""
    rules = actor_rules()
    joining, spellings = rules.name_particles | rules.list_words, rules.spelling_variants
    words = (word.strip(",") for word in key.split())  # a key keeps the commas of "Goldman, Sachs & Co."
    return frozenset(singular(spellings.get(word, word)) for word in words if word and word not in joining)


# Words that end a name after the surname: "Martin Luther King Jr." has no middle name "Luther King".
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def middle_name_keys(name: str, aliases: Iterable[str] = ()) -> set[str]:
    """Keys of a person's name (alias keys) written with a middle name or initials, across
    documents: "james c kopp" is also "james kopp", "james charles kopp" also "james c kopp".
    Only the full name and its spellings that keep its first and last word count, and only one
    or two middle words, all initials or all whole words: nothing here reaches a lone name part."""
    words = name.split()
    if len(words) < 3:
        return set()
    first, last = words[0], words[-1]
    keys = set()
    for key in {name, *aliases}:
        words = key.split()
        if not 3 <= len(words) <= 4 or words[0] != first or words[-1] != last or last in _NAME_SUFFIXES:
            continue
        middles = words[1:-1]
        if all(len(word) == 1 for word in middles):
            keys.add(f"{first} {last}")
        elif all(len(word) > 1 for word in middles):
            keys.add(" ".join([first, *(word[0] for word in middles), last]))
    return keys


def office_surname_keys(name: str, aliases: Iterable[str], office_forms: dict[str, str]) -> set[str]:
    """"President Bill Clinton" written in a document teaches "president clinton": the office
    with the surname, as another document writes it ("Gov. Mario Cuomo" also "governor cuomo").
    The same evidence as "Bill Clinton ... President Clinton" in one document, which the
    registry learns already; a surname alone still teaches nothing."""
    words = name.split()
    if len(words) < 2:
        return set()
    keys = set()
    for key in aliases:
        written = key.split()
        # The office is what stands before the name (with or without its middle initials).
        starts = [index for index in range(1, len(written) - 1) if written[index] == words[0]]
        if not starts or written[-1] != words[-1]:
            continue
        office = " ".join(written[: starts[0]])
        for form in {office, office_forms.get(office, office)}:
            keys.add(f"{form} {words[-1]}")
    return keys


def middles_agree(name: str, other: str) -> bool:
    """Two alias keys of people with one first and last word name one person only if their
    middles agree: one has none, or each middle word is the other's or its initial. "george w
    bush" and "george h w bush" are two people; "james c kopp" and "james charles kopp" one."""
    words, others = name.split(), other.split()
    if len(words) < 3 or len(others) < 3 or words[0] != others[0] or words[-1] != others[-1]:
        return True
    middles, other_middles = words[1:-1], others[1:-1]
    return len(middles) == len(other_middles) and all(
        a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)) for a, b in zip(middles, other_middles)
    )


def _merge_by_name(actors: list[Actor]) -> list[Actor]:
    merged: dict[str, Actor] = {}
    for actor in actors:
        previous = merged.get(actor.name)
        if previous is None:
            merged[actor.name] = actor
            continue
        mentions = previous.mentions + actor.mentions
        merged[actor.name] = previous.model_copy(
            update={
                "aliases": list(dict.fromkeys([*previous.aliases, *actor.aliases])),
                "mentions": mentions,
                "sentiment": None
                if previous.sentiment is None or actor.sentiment is None  # tone not analysed in this language
                else round((previous.sentiment * previous.mentions + actor.sentiment * actor.mentions) / mentions, 4),
            }
        )
    return list(merged.values())
