"""Articles that could not be written because the database was unreachable: kept in a JSONL file
(fsynced) and written first thing the next time a crawl reaches the database. Nothing is lost."""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from newsagg.article import Article


def append(path: Path, record: object) -> None:
    """One JSON line, appended and fsynced before returning: a record written here survives a crash."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        f.flush()
        os.fsync(f.fileno())


def count_lines(path: Path) -> int:
    return sum(1 for _ in path.open(encoding="utf-8")) if path.exists() else 0


class Spool:
    def __init__(self, path: Path):
        self.path = path

    def put(self, article: Article) -> None:
        append(self.path, article.extracted())

    def __len__(self) -> int:
        return count_lines(self.path)

    def drain(self, save: Callable[[Article], object], unreadable: Callable[[str, Exception], object] | None = None) -> int:
        """Call save(article) for each spooled article, in order. `save` raises only when the database
        is lost again: the rest stays spooled. A line that is not an article goes to `unreadable`
        (the dead letters), so no line can block the ones after it. Returns how many were handed to save."""
        if not self.path.exists():
            return 0
        lines = [line for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
        done = 0
        for i, line in enumerate(lines):
            try:
                article = Article.from_record(json.loads(line))
            except (ValueError, TypeError) as exc:
                if unreadable is None:
                    raise
                unreadable(line, exc)
                continue
            try:
                save(article)
                done += 1
            except Exception:
                self.path.write_text("".join(rest + "\n" for rest in lines[i:]), encoding="utf-8")
                raise
        self.path.unlink()
        return done
