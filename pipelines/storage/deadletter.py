"""Records the database refuses: kept in `data/spool/dead.jsonl` with their reason, never retried.

Only a lost connection is worth spooling (the same record will go in once the database is back).
A record the database refuses (a constraint, a value it cannot hold, a bug in our SQL) fails the
same way every time: spooled, it blocked every later crawl (measured before this module: 3 crawls,
1 article stored, 3 spool lines). `is_lost` tells the two apart by SQLSTATE class.
Refetched, it is refused again: later crawls skip its URL (`urls`, counted `dead_letter`) until
its line is deleted from the file, which is how a user retries it.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from newsagg.article import Article
from newsagg.errors import DatabaseUnavailable
from newsagg.pipelines.storage.db import data_dir
from newsagg.pipelines.storage.spool import append, count_lines

# SQLSTATE classes that mean "the server or the connection", not "this record": connection
# exception, insufficient resources, operator intervention (shutdown), system error, and
# transaction rollback (deadlock, serialization: the same record goes in on a retry).
_LOST_CLASSES = ("08", "53", "57", "58", "40")


def is_lost(exc: BaseException, conn: psycopg.Connection | None = None) -> bool:
    """True when the database (not the record) is the problem: spool and retry later."""
    if isinstance(exc, DatabaseUnavailable | psycopg.InterfaceError):
        return True
    if conn is not None and conn.closed:
        return True
    if isinstance(exc, psycopg.OperationalError):
        state = exc.sqlstate
        return state is None or state.startswith(_LOST_CLASSES)
    return False


def reason(exc: BaseException) -> str:
    """The counted reason: the error's class name (`CheckViolation`, `ProgramLimitExceeded`, …)."""
    return type(exc).__name__


class DeadLetters:
    def __init__(self, path: Path):
        self.path = path

    @classmethod
    def here(cls) -> DeadLetters:
        """This machine's dead letters (`data/spool/dead.jsonl`): the writer's, `status`'s and backfill's."""
        return cls(data_dir() / "spool" / "dead.jsonl")

    def put(self, article: Article | str, exc: BaseException) -> None:
        """Keep the article (or a spool line that could not even be read) with why it was refused."""
        record = article.extracted() if isinstance(article, Article) else article
        append(self.path, {"at": datetime.now(UTC).isoformat(), "reason": reason(exc),
                           "error": str(exc).strip()[:2000], "record": record})

    def __len__(self) -> int:
        return count_lines(self.path)

    def urls(self, outlet: str) -> set[str]:
        """The URLs (and canonical URLs) of the outlet's refused articles: a crawl does not fetch them again."""
        if not self.path.exists():
            return set()
        out: set[str] = set()
        for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                record = json.loads(line)["record"]
            except (ValueError, KeyError, TypeError):
                continue  # a line cut by a crash: it names no page
            if isinstance(record, dict) and record.get("outlet") == outlet:  # not an unreadable spool line
                out.update(u for u in (record.get("url"), record.get("canonical_url")) if u)
        return out
