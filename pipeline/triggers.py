"""The Airflow event trigger for a local inbox folder.

This is the one module of `pipeline` that imports Airflow: the triggerer imports it by its
class path, and nothing else in the library does. The scanning itself is
`pipeline.sources.local.FolderScanner`, which needs no Airflow.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from airflow.triggers.base import BaseEventTrigger, TriggerEvent

from pipeline.sources.local import FolderScanner


class LocalFolderTrigger(BaseEventTrigger):
    """Fires once new files have settled in `directory`; the triggerer then starts it again.

    The event's payload is `{"directory": ..., "paths": [...]}`. A file is reported once:
    the scanner's state file (hidden, in the folder) survives triggerer restarts.
    """

    def __init__(self, directory: str, poll_interval: float = 1.0, settle_seconds: float = 1.0) -> None:
        super().__init__()
        self.directory = directory
        self.poll_interval = poll_interval
        self.settle_seconds = settle_seconds

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            f"{type(self).__module__}.{type(self).__qualname__}",
            {"directory": self.directory, "poll_interval": self.poll_interval, "settle_seconds": self.settle_seconds},
        )

    async def run(self) -> AsyncIterator[TriggerEvent]:
        scanner = FolderScanner(Path(self.directory), settle_seconds=self.settle_seconds)
        while True:
            ready = await asyncio.to_thread(scanner.scan)
            if ready:
                self.log.info("%d new file(s) in %s", len(ready), self.directory)
                yield TriggerEvent({"directory": self.directory, "paths": [str(path) for path in ready]})
                return
            await asyncio.sleep(self.poll_interval)
