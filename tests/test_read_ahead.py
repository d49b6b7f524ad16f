"""The model's read-ahead thread: order kept, errors arrive where they happened, no thread left behind."""

from __future__ import annotations

import threading
import time

import pytest

from pipeline.enrich.read_ahead import batches_ahead


def _threads() -> int:
    return sum(thread.name == "dropwire-read-ahead" for thread in threading.enumerate())


def test_batches_come_in_order_and_whole() -> None:
    assert list(batches_ahead(range(10), 4)) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert list(batches_ahead([], 4)) == []


def test_the_reader_runs_ahead_of_the_consumer_but_no_further_than_its_depth() -> None:
    read: list[int] = []

    def slow_source():
        for number in range(20):
            read.append(number)
            yield number

    stream = batches_ahead(slow_source(), 2, depth=2)
    assert next(stream) == [0, 1]
    deadline = time.monotonic() + 5
    while len(read) < 6 and time.monotonic() < deadline:  # two lists queued, a third being read
        time.sleep(0.01)
    time.sleep(0.1)
    assert 6 <= len(read) <= 8, read
    stream.close()


def test_an_error_is_raised_to_the_consumer_after_the_batches_before_it() -> None:
    def failing():
        yield from range(5)
        raise ValueError("the model broke on text 5")

    stream = batches_ahead(failing(), 2)
    assert next(stream) == [0, 1]
    assert next(stream) == [2, 3]
    with pytest.raises(ValueError, match="text 5"):
        next(stream)
    assert _threads() == 0


def test_closing_early_stops_the_thread() -> None:
    stream = batches_ahead(iter(range(10_000_000)), 10, depth=1)
    assert next(stream) == list(range(10))
    stream.close()
    assert _threads() == 0
