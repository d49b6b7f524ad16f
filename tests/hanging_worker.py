"""An extraction worker whose parser never returns: `python -m hanging_worker` (tests only)."""

from __future__ import annotations

import signal
import sys
import time

from pipeline.extract.isolation import READY, read_frame, write_frame

if __name__ == "__main__":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # like a parser stuck in C code: only SIGKILL ends it
    write_frame(sys.stdout.buffer, READY)
    read_frame(sys.stdin.buffer)
    while True:
        time.sleep(3600)
