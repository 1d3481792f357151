"""Scrapy item pipeline: store each item; spool it when the database is unreachable."""
from __future__ import annotations

import functools
import logging
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg

from config import step_config
from pipelines.dedup import DedupConfig
from pipelines.storage.db import DatabaseUnavailable, connect, data_dir
from pipelines.storage.spool import Spool
from pipelines.storage.store import Store

log = logging.getLogger(__name__)
DB_ERRORS = (psycopg.OperationalError, psycopg.InterfaceError, DatabaseUnavailable)


# Every write goes through this one thread: the crawler keeps downloading while PostgreSQL
# answers, and the shared Store (one connection) is never used by two threads at once.
_WRITER = ThreadPoolExecutor(1, thread_name_prefix="newsagg-store")


def in_writer(fn):
    """Run fn in the writer thread and wait: for the rare reads and writes outside process_item."""
    return _WRITER.submit(fn).result()


@functools.cache
def shared_store(url: str | None = None) -> Store:
    """One store per process: every spider of a multi-outlet crawl shares the cluster index."""
    return Store(connect(url, autocommit=True), step_config(DedupConfig, "dedup"))


def reprocess(record: dict) -> dict:
    """A spooled record back into a pipeline-ready item (the in-memory steps are cheap to redo)."""
    from pipelines.process import process

    config = step_config(DedupConfig, "dedup")
    done = process(record.get("title") or "", record.get("lead"), record.get("body"), record["outlet"], config)
    return {**record, "normalized": done.normalized, "chain": done.chain, "signature": done.signature}


class StoragePipeline:
    retry_after = 5.0  # seconds between reconnection attempts while the database is away

    def __init__(self, crawler):
        self.crawler = crawler
        self.database_url = crawler.settings.get("DATABASE_URL")
        self.spool = Spool(data_dir() / "spool" / "pending.jsonl")
        self.store: Store | None = None
        self._next_try = 0.0

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _connect(self) -> Store | None:
        if self.store is not None or time.monotonic() < self._next_try:
            return self.store
        try:
            self.store = shared_store(self.database_url)
            if len(self.spool):
                n = self.spool.drain(lambda r: self.store.save(reprocess(r)))
                log.info("wrote %d spooled articles", n)
        except DB_ERRORS as exc:
            shared_store.cache_clear()
            self.store, self._next_try = None, time.monotonic() + self.retry_after
            log.error("database unavailable, spooling items to %s: %s", self.spool.path, exc)
        return self.store

    def open_spider(self, spider=None):
        spider = spider or self.crawler.spider
        store = in_writer(self._connect)
        if store and getattr(spider, "outlet", None):
            rows = in_writer(lambda: store.conn.execute(
                "select url, fetched_at, published_at from articles where outlet_id = %s"
                " and fetched_at > now() - interval '90 days'", (spider.outlet.id,)).fetchall())
            spider.known = {url: (fetched, published) for url, fetched, published in rows}

    async def process_item(self, item, spider=None):
        import asyncio

        return await asyncio.get_running_loop().run_in_executor(_WRITER, self._store, item)

    def _store(self, item):
        stats = self.crawler.stats
        store = self._connect()
        if store is not None:
            try:
                saved = store.save(item)
                item["saved"] = saved.status
                stats.inc_value(f"newsagg/{saved.status}/{item['outlet']}")
                return item
            except DB_ERRORS as exc:
                log.error("database went away while storing %s: %s", item["url"], exc)
                shared_store.cache_clear()
                self.store, self._next_try = None, time.monotonic() + self.retry_after
                kind = "database_unavailable"
            except Exception as exc:  # a bug or a row the schema refuses: keep the item, count the kind
                log.exception("could not store %s", item["url"])
                kind = f"store_failed_{type(exc).__name__}"
        else:
            kind = "database_unavailable"
        self.spool.put(item)
        item["saved"] = "spooled"
        stats.inc_value(f"newsagg/errors/{item['outlet']}/{kind}")
        return item
