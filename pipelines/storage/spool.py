"""Articles that could not be written because the database was unreachable: kept in a JSONL file
(fsynced) and written first thing the next time a crawl reaches the database. Nothing is lost."""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from newsagg.article import Article


class Spool:
    def __init__(self, path: Path):
        self.path = path

    def put(self, article: Article) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(article.extracted(), ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())

    def __len__(self) -> int:
        return sum(1 for _ in self.path.open(encoding="utf-8")) if self.path.exists() else 0

    def drain(self, save: Callable[[Article], object]) -> int:
        """Call save(article) for each spooled article; keep what failed. Returns how many were saved."""
        if not self.path.exists():
            return 0
        records = [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]
        done = 0
        for i, record in enumerate(records):
            try:
                save(Article.from_record(record))
                done += 1
            except Exception:
                self.path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[i:]), encoding="utf-8")
                raise
        self.path.unlink()
        return done
