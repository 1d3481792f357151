"""Items that could not be written because the database was unreachable: kept in a JSONL file and
written first thing the next time a crawl reaches the database. Nothing is lost."""
from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

FIELDS = ("url", "outlet", "title", "kicker", "lead", "body", "published", "modified", "authors", "section",
          "tags", "canonical_url", "outlet_article_id", "parser", "missing")


class Spool:
    def __init__(self, path: Path):
        self.path = path

    def put(self, item) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        record = {k: (v.isoformat() if isinstance(v, datetime) else v) for k in FIELDS if (v := item.get(k)) is not None}
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())

    def __len__(self) -> int:
        return sum(1 for _ in self.path.open(encoding="utf-8")) if self.path.exists() else 0

    def drain(self, save) -> int:
        """Call save(record) for each spooled record; keep what failed. Returns how many were saved."""
        if not self.path.exists():
            return 0
        records = [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]
        done = 0
        for i, record in enumerate(records):
            for key in ("published", "modified"):
                if record.get(key):
                    record[key] = datetime.fromisoformat(record[key])
            try:
                save(record)
                done += 1
            except Exception:
                self.path.write_text("".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records[i:]), encoding="utf-8")
                raise
        self.path.unlink()
        return done
