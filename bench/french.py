"""French texts to measure the French pipeline with: bench/data/french_articles.yaml.

Ten short articles written for the purpose (85-120 words each). A benchmark document is
`--join` of them in a row (default 3: a regional news digest of about 280 words, near the
BBC corpus's English articles, so per-document costs weigh as they do in the English
figure), starting at a rotating article, so neighbouring documents differ; the corpus is
repeated to reach the size asked for, and each copy is numbered by the benchmark, so the
archive sees distinct texts, as the English corpus's copies do.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bench.corpus import Article

ARTICLES = Path(__file__).resolve().parent / "data" / "french_articles.yaml"


def load_french(size: int, *, join: int = 3) -> list[Article]:
    entries = yaml.safe_load(ARTICLES.read_text("utf-8"))
    written = [(entry["title"], entry["body"].strip()) for entry in entries]
    documents = []
    for number in range(len(written)):
        parts = [written[(number + offset) % len(written)] for offset in range(join)]
        title = parts[0][0]
        body = "\n\n".join([parts[0][1], *(f"{heading}\n\n{text}" for heading, text in parts[1:])])
        documents.append(Article(f"fr-{number:02d}", title, body))
    return [documents[index % len(documents)] for index in range(size)]
