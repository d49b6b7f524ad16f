"""Batches of a slow iterator computed in a thread, ahead of the code that uses them.

spaCy's model spends much of its time in BLIS matrix products, which release the GIL.
Running `nlp.pipe` in its own thread lets the Python work on the previous batch (actors,
dates, tone, themes, then building and storing documents) use the other core meanwhile,
in one process; the model's own loop is not slowed by waiting for that work.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")

# How long the producer waits on a full queue before checking whether it was abandoned.
_POLL_SECONDS = 0.1


class _Failed:
    """The producer's exception, carried to the consumer's thread."""

    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        self.error = error


_END = object()


def batches_ahead(items: Iterable[Item], size: int, depth: int = 2) -> Iterator[list[Item]]:
    """`items` in lists of `size`, in order, read by a background thread at most `depth`
    lists ahead of the consumer.

    An exception raised while reading is raised here, at the point the consumer reaches it.
    Closing this generator early (or it being collected) stops the thread after the list
    it is reading.
    """
    ready: queue.Queue[object] = queue.Queue(maxsize=depth)
    abandoned = threading.Event()

    def put(entry: object) -> bool:
        while not abandoned.is_set():
            try:
                ready.put(entry, timeout=_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            iterator = iter(items)
            while batch := list(itertools.islice(iterator, size)):
                if not put(batch):
                    return
        except BaseException as error:  # noqa: BLE001 - re-raised in the consumer's thread
            put(_Failed(error))
            return
        put(_END)

    thread = threading.Thread(target=produce, name="dropwire-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            entry = ready.get()
            if entry is _END:
                return
            if isinstance(entry, _Failed):
                raise entry.error
            yield entry  # type: ignore[misc]
    finally:
        abandoned.set()
        thread.join()
