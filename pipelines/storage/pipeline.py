"""Scrapy side of storage: the item pipeline, its writer thread, and the crawl-run recorder.

Every write goes through one `Writer` per process: one thread, one connection, one shared cluster
index for every spider of a multi-outlet crawl, so the crawler keeps downloading while PostgreSQL
answers. Items are written in batches (a batch closes after NEWSAGG_WRITE_BATCH items, default 100,
or NEWSAGG_WRITE_BATCH_MS after its first, default 200): one transaction each (`Store.save_many`),
while each item's `process_item` still learns its own status. A batch that fails for another reason
than a lost connection is saved one by one; a lost connection spools it. When the database is
unreachable, articles go to the spool and nothing is lost.
"""
from __future__ import annotations

import asyncio
import logging
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import psycopg
from scrapy import signals

from newsagg import stats
from newsagg.article import Article
from newsagg.errors import DatabaseUnavailable
from newsagg.pipelines.process import ProcessConfig, Processor
from newsagg.pipelines.storage import queries, runs
from newsagg.pipelines.storage.db import connect, data_dir
from newsagg.pipelines.storage.spool import Spool
from newsagg.pipelines.storage.store import Saved, Store

log = logging.getLogger(__name__)
DB_ERRORS = (psycopg.OperationalError, psycopg.InterfaceError, DatabaseUnavailable)
T = TypeVar("T")


class Writer:
    """One writer thread and store per process and database, shared by every spider (refcounted)."""

    retry_after = 5.0  # seconds between reconnection attempts while the database is away
    _shared: dict[str | None, tuple[Writer, int]] = {}
    _lock = threading.Lock()

    def __init__(self, database_url: str | None, config: ProcessConfig, batch_size: int = 100, batch_ms: float = 200):
        self.database_url, self.config = database_url, config
        # a batch closes after batch_size items or batch_ms after its first item: one transaction each
        self.batch_size, self.batch_wait = max(1, batch_size), batch_ms / 1000
        self._pending: list[tuple[Article, asyncio.Future, asyncio.AbstractEventLoop, float]] = []
        self._arrived = threading.Condition()
        self.thread = ThreadPoolExecutor(1, thread_name_prefix="newsagg-store")
        self.spool = Spool(data_dir() / "spool" / "pending.jsonl")
        self.store: Store | None = None
        self._next_try = 0.0

    @classmethod
    def acquire(cls, database_url: str | None, batch_size: int = 100, batch_ms: float = 200) -> Writer:
        with cls._lock:
            writer, users = cls._shared.get(database_url) or (
                cls(database_url, ProcessConfig.from_settings(), batch_size, batch_ms), 0)
            cls._shared[database_url] = (writer, users + 1)
            return writer

    def release(self) -> None:
        with self._lock:
            writer, users = self._shared[self.database_url]
            if users > 1:
                self._shared[self.database_url] = (writer, users - 1)
                return
            del self._shared[self.database_url]
        self.thread.submit(self._close).result()
        self.thread.shutdown()

    def call(self, fn: Callable[[], T]) -> T:
        """Run fn in the writer thread and wait (for the rare reads and writes outside `save`)."""
        return self.thread.submit(fn).result()

    async def save(self, article: Article) -> tuple[str, str | None]:
        """Queue the article for the next batch; returns its own (status, error kind)."""
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        with self._arrived:
            self._pending.append((article, done, loop, time.monotonic()))
            self._arrived.notify()
        self.thread.submit(self._flush)
        return await done

    # ---- in the writer thread
    def connected(self) -> Store | None:
        if self.store is not None or time.monotonic() < self._next_try:
            return self.store
        try:
            self.store = Store(connect(self.database_url), self.config.dedup)
            if len(self.spool):
                processor = Processor(self.config)
                n = self.spool.drain(lambda a: self.store.save(processor(a)))
                log.info("wrote %d spooled articles", n)
        except DB_ERRORS as exc:
            self._lost(exc)
        return self.store

    def _lost(self, exc: Exception) -> None:
        if self.store is not None:
            self._close()
        self.store, self._next_try = None, time.monotonic() + self.retry_after
        log.error("database unavailable, spooling articles to %s: %s", self.spool.path, exc)

    def _close(self) -> None:
        if self.store is not None:
            self.store.conn.close()
            self.store = None

    def _flush(self) -> None:
        """Close the next batch (batch_size items, or batch_wait after its first) and write it."""
        with self._arrived:
            if not self._pending:
                return  # an earlier flush took this item
            deadline = self._pending[0][3] + self.batch_wait
            while len(self._pending) < self.batch_size and (left := deadline - time.monotonic()) > 0:
                self._arrived.wait(left)
            batch, self._pending = self._pending[:self.batch_size], self._pending[self.batch_size:]
        try:
            results: list[tuple[str, str | None]] | BaseException = self._save_batch([b[0] for b in batch])
        except BaseException as exc:  # a bug in the batch path: every waiting item learns it
            results = exc
        for i, (_, done, loop, _) in enumerate(batch):
            loop.call_soon_threadsafe(_resolve, done, results if isinstance(results, BaseException) else results[i])

    def _save_batch(self, batch: list[Article]) -> list[tuple[str, str | None]]:
        """One transaction for the batch; a lost connection spools it, any other failure saves one by one."""
        store = self.connected()
        if store is not None:
            try:
                return [(saved.status, None) for saved in store.save_many(batch)]
            except DB_ERRORS as exc:
                self._lost(exc)
            except Exception as exc:
                log.warning("a batch of %d failed (%s: %s): saving its articles one by one", len(batch), type(exc).__name__, exc)
                return [self._save(article) for article in batch]
        for article in batch:
            self.spool.put(article)
        return [("spooled", "database_unavailable")] * len(batch)

    def _save(self, article: Article) -> tuple[str, str | None]:
        """(status, error kind): new/updated/unchanged, or spooled with why."""
        store = self.connected()
        if store is None:
            kind = "database_unavailable"
        else:
            try:
                saved: Saved = store.save(article)
                return saved.status, None
            except DB_ERRORS as exc:
                self._lost(exc)
                kind = "database_unavailable"
            except Exception as exc:  # a bug or a row the schema refuses: keep the article, count the kind
                log.exception("could not store %s", article.url)
                kind = f"store_failed_{type(exc).__name__}"
        self.spool.put(article)
        return "spooled", kind


def _resolve(done: asyncio.Future, result) -> None:
    if not done.done():
        (done.set_exception if isinstance(result, BaseException) else done.set_result)(result)


class StoragePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.writer: Writer | None = None
        self.recorder = RunRecorder(crawler)
        # after every pipeline closed: the run's reason and final counts are known then
        crawler.signals.connect(self.spider_closed, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None):
        spider = spider or self.crawler.spider
        settings = self.crawler.settings
        self.writer = writer = Writer.acquire(settings.get("DATABASE_URL"), settings.getint("NEWSAGG_WRITE_BATCH", 100),
                                              settings.getfloat("NEWSAGG_WRITE_BATCH_MS", 200))
        store = writer.call(writer.connected)
        if store and getattr(spider, "outlet", None) and not self.crawler.settings.getbool("NEWSAGG_REFETCH"):
            spider.known = writer.call(lambda: queries.known_urls(store.conn, spider.outlet.id))

    def spider_closed(self, spider, reason):
        if self.writer:
            self.recorder.record(self.writer, reason)
            self.writer.release()

    async def process_item(self, item: Article, spider=None) -> Article:
        assert self.writer is not None
        item.saved, error = await self.writer.save(item)
        if error:
            stats.count(self.crawler.stats, "errors", item.outlet, error)
        else:
            stats.count(self.crawler.stats, item.saved, item.outlet)
        return item


COVERED_FIELDS = ("title", "body", "published")


class RunRecorder:
    """Records each spider's run in crawl_runs / crawl_run_outlets, and says loudly when an outlet's
    share of articles with a title, a body or a date falls below the threshold, or when the median
    agreement of its bodies with trafilatura does (its layout probably changed; a selector that now
    grabs the wrong block keeps every field present): the spidermon idea, kept in our own store."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.threshold = crawler.settings.getfloat("NEWSAGG_COVERAGE_THRESHOLD", 0.8)
        self.agreement_threshold = crawler.settings.getfloat("NEWSAGG_AGREEMENT_THRESHOLD", 0.5)
        self.items = 0
        self.pages = 0
        self.present: Counter[str] = Counter()
        self.agreements: list[float] = []
        crawler.signals.connect(self.item_scraped, signals.item_scraped)
        crawler.signals.connect(self.response_received, signals.response_received)

    def response_received(self, response, request, spider):
        if not response.url.endswith("/robots.txt"):
            self.pages += 1

    def item_scraped(self, item, response, spider):
        self.items += 1
        self.present.update(f for f in COVERED_FIELDS if getattr(item, f))
        if item.extraction_agreement is not None:
            self.agreements.append(item.extraction_agreement)

    def agreement(self) -> tuple[float | None, list[str]]:
        """The median agreement of the run's scored articles, and its alert when below the threshold."""
        if not self.agreements:
            return None, []
        median = round(statistics.median(self.agreements), 3)
        alert = (f"body agrees with trafilatura at a median of {median:.2f} over {len(self.agreements)} articles"
                 f" (threshold {self.agreement_threshold:.2f})")
        return median, [alert] if median < self.agreement_threshold else []

    def coverage(self) -> tuple[dict[str, float], list[str]]:
        if not self.items:
            return {}, []
        shares = {f: round(self.present[f] / self.items, 3) for f in COVERED_FIELDS}
        alerts = [f"{f} on {share:.0%} of {self.items} articles (threshold {self.threshold:.0%})"
                  for f, share in shares.items() if share < self.threshold]
        return shares, alerts

    def record(self, writer: Writer, reason: str) -> None:
        spider = self.crawler.spider
        outlet = spider.outlet.id
        per: dict[str, Any] = stats.outlet_stats(self.crawler.stats.get_stats(), outlet)
        per["pages"] = self.pages
        per["coverage"], per["alerts"] = self.coverage()
        per["agreement"], disagreement = self.agreement()
        per["alerts"] += disagreement
        for alert in per["alerts"]:
            log.error("LAYOUT CHANGE? %s: %s", outlet, alert)
            self.crawler.stats.set_value(f"newsagg/alerts/{outlet}", per["alerts"])
        run_id = self.crawler.settings.getint("NEWSAGG_RUN_ID")

        def write() -> None:
            store = writer.connected()
            if store is None:
                raise DatabaseUnavailable("database unavailable")
            own = run_id or runs.start_run(store.conn, [outlet], "scrapy")
            runs.record_outlet(store.conn, own, outlet, per)
            if not run_id:
                runs.finish_run(store.conn, own, reason, {"reason": reason})

        try:
            writer.call(write)
        except DB_ERRORS as exc:
            log.error("could not record the run of %s: %s", outlet, exc)
