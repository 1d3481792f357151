"""The Python API for notebooks: the batch contract as a function, and reads of a store.

    import newsagg
    rows = newsagg.dedup([{"id": "a", "url": "https://www.isna.ir/news/1", "title": "…", "body": "…"}, …])
    with newsagg.connect() as db:            # DATABASE_URL, else the embedded server in ./data
        stories = db.stories(since=datetime(2026, 11, 1, tzinfo=timezone.utc), outlet="isna.ir")
        pandas.DataFrame(stories)            # rows are plain dicts

Rows are the SQL views' rows (`cluster_overview`, `cluster_member_chains`, `article_chain`), so the
API, the CLI and SQL users see the same answers.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import psycopg

from newsagg.pipelines.storage import queries


def dedup(records: Iterable[dict[str, Any]], window_days: float | None = None, workers: int = 1) -> list[dict[str, Any]]:
    """`newsagg dedup` as a function: one result per record, in order ({"id", "cluster", "chain",
    "origin"}, or "error" with nulls for a record that cannot be read)."""
    from newsagg.pipelines.dedup.batch import run
    from newsagg.pipelines.process import ProcessConfig

    config = ProcessConfig.from_settings(window_days=window_days).dedup
    return list(run((json.dumps(r, ensure_ascii=False, default=str) for r in records), config, workers))


class Database:
    """A connection to a newsagg store; use as a context manager or call `close()`."""

    def __init__(self, conn: psycopg.Connection):
        self.conn = conn

    def stories(self, since: datetime | None = None, until: datetime | None = None, outlet: str | None = None,
                min_size: int = 1, limit: int = 100, sort: str = "newest") -> list[dict[str, Any]]:
        """Stories (clusters) with size, first publisher, origin, outlets, uncredited copies and title."""
        return queries.clusters(self.conn, limit, sort, outlet, since, until, min_size)

    def story(self, story_id: int) -> dict[str, Any]:
        """One story: its overview, `members` with their chains and flags, and `merged_from`."""
        return queries.cluster(self.conn, story_id)

    def chain(self, article_id: int) -> dict[str, Any]:
        """One article's chain (reviewed if corrected) and the parsed `hops` with their evidence."""
        return queries.chain(self.conn, article_id)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(url: str | None = None) -> Database:
    """The store at `url`, else $DATABASE_URL, else the embedded PostgreSQL (started on first use)."""
    from newsagg.pipelines.storage.db import connect as open_connection

    return Database(open_connection(url))
