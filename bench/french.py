"""French texts to measure the French pipeline with: bench/data/french_articles.yaml.

Ten articles written for the purpose, repeated to reach the size asked for; each copy gets
its own line (a number), so the archive sees distinct texts, as the English corpus's copies do.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bench.corpus import Article

ARTICLES = Path(__file__).resolve().parent / "data" / "french_articles.yaml"


def load_french(size: int) -> list[Article]:
    entries = yaml.safe_load(ARTICLES.read_text("utf-8"))
    written = [Article(f"fr-{number:02d}", entry["title"], entry["body"].strip()) for number, entry in enumerate(entries)]
    return [written[index % len(written)] for index in range(size)]
