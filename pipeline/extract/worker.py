"""The extraction worker process: `python -m pipeline.extract.worker`, started by `isolation`."""

from __future__ import annotations

import os
import sys
from typing import BinaryIO

from pipeline.errors import DropError, RejectionReason
from pipeline.extract.isolation import READY, read_frame, write_frame
from pipeline.extract.records import Budget, Context
from pipeline.extract.tree import extract_bytes, parser_failure


def serve(requests: BinaryIO, replies: BinaryIO) -> None:
    """The worker's loop: one request in, one list of results (or one DropError) out."""
    write_frame(replies, READY)
    while True:
        try:
            name, content, limits = read_frame(requests)
        except EOFError:
            return
        try:
            outcome: object = extract_bytes(content, Context(name, limits, Budget(limits, len(content))))
        except DropError as error:
            outcome = error
        except Exception as error:  # noqa: BLE001 - a parser's bug costs its drop, not the worker
            outcome = DropError(RejectionReason.MALFORMED_FILE, parser_failure(error))
        write_frame(replies, outcome)


if __name__ == "__main__":
    # Replies go on the real stdout; anything a library prints goes to stderr instead.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, replies)
