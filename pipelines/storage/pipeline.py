"""Scrapy side of storage: the item pipeline, its writer thread, and the crawl-run recorder.

Every write goes through one `Writer` per process: one thread, one connection, one shared cluster
index for every spider of a multi-outlet crawl, so the crawler keeps downloading while PostgreSQL
answers. Items are written in batches (a batch closes after NEWSAGG_WRITE_BATCH items, default 100,
or NEWSAGG_WRITE_BATCH_MS after its first, default 500): one transaction each (`Store.save_many`),
while each item's `process_item` still learns its own status. A batch has a fixed cost (about 25
statements: the lock, the index refresh, COPYs, provenance, rollups), so its size sets the writer's
CPU an article: 1.0 ms in batches of 32 against 0.5 in batches of 100 (processed crawl-bench pages,
`time.process_time`); the worker returns about 100 articles a second on a busy machine, so a 200 ms
window closed batches of about 30, and 500 ms closes them near 100. The writer sleeps until its
batch is full or due: only the first article of a batch queues a flush, and a batch's results reach
each event loop in one call, not one wake-up an article. A batch that fails for another reason
than a lost connection is saved one by one; a lost connection spools it. When the database is
unreachable, articles go to the spool and nothing is lost; a record the database refuses goes to
the dead letters (`deadletter`) with its reason, logged at ERROR and counted, and never blocks the
spool. What the spool replays is counted in the run that replayed it. A crawl stopped at once (a second
Ctrl-C) spools every article parsed and not written and counts it (`StoragePipeline.close_stopped`):
400-page replay, stored + spooled = the article pages fetched less 2-23 Scrapy was still parsing.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any, TypeVar

import psycopg
from scrapy import signals

from newsagg import stats
from newsagg.article import Article
from newsagg.errors import DatabaseUnavailable
from newsagg.pipelines.process import ProcessConfig, Processor
from newsagg.pipelines.storage import deadletter, queries, runs, selfnames
from newsagg.pipelines.storage.db import connect, data_dir
from newsagg.pipelines.storage.spool import Spool
from newsagg.pipelines.storage.store import Saved, Store
from newsagg.pipelines.workers import UNWRITTEN, WorkerPool

log = logging.getLogger(__name__)
DB_ERRORS = (psycopg.OperationalError, psycopg.InterfaceError, DatabaseUnavailable)
T = TypeVar("T")
BATCH_SIZE, BATCH_MS = 100, 500  # the defaults of NEWSAGG_WRITE_BATCH and NEWSAGG_WRITE_BATCH_MS


class Writer:
    """One writer thread and store per process and database, shared by every spider (refcounted)."""

    retry_after = 5.0  # seconds between reconnection attempts while the database is away
    _shared: dict[str | None, tuple[Writer, int]] = {}
    _lock = threading.Lock()

    def __init__(self, database_url: str | None, config: ProcessConfig, batch_size: int = BATCH_SIZE, batch_ms: float = BATCH_MS):
        self.database_url, self.config = database_url, config
        # a batch closes after batch_size items or batch_ms after its first item: one transaction each
        self.batch_size, self.batch_wait = max(1, batch_size), batch_ms / 1000
        self._pending: list[tuple[Article, asyncio.Future, asyncio.AbstractEventLoop, float]] = []
        self._arrived = threading.Condition()
        self._close_now = False  # the crawl sent its last article: close the batch without waiting for batch_ms
        self.thread = ThreadPoolExecutor(1, thread_name_prefix="newsagg-store")
        self.spool = Spool(data_dir() / "spool" / "pending.jsonl")
        self.dead = deadletter.DeadLetters.here()
        self.store: Store | None = None
        self._next_try = 0.0
        self.replayed: list[tuple[str, list[str]]] = []  # outcomes of spool replays not yet counted
        # outcomes written and not yet returned by `save` (outlet, status, error kinds): a crawl stopped at once counts them
        self.unclaimed: dict[asyncio.Future, tuple[str, str, list[str]]] = {}

    @classmethod
    def acquire(cls, database_url: str | None, batch_size: int = BATCH_SIZE, batch_ms: float = BATCH_MS) -> Writer:
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

    def release_now(self, wait_s: float) -> None:
        """Close the connection and end the thread without waiting more than wait_s (a crawl stopped at once)."""
        with self._lock:
            self._shared.pop(self.database_url, None)
        with contextlib.suppress(TimeoutError):
            self.thread.submit(self._close).result(timeout=wait_s)
        self.thread.shutdown(wait=False, cancel_futures=True)

    def call(self, fn: Callable[[], T]) -> T:
        """Run fn in the writer thread and wait (for the rare reads and writes outside `save`)."""
        return self.thread.submit(fn).result()

    async def save(self, article: Article, last: bool = False) -> tuple[str, list[str]]:
        """Queue the article for the next batch; returns its own (status, error kinds to count).
        `last`: nothing else is on its way (`StoragePipeline.nothing_else_coming`), so the batch closes
        now: at the end of a crawl-bench crawl it otherwise waited up to batch_ms for articles that
        would never come, and the crawl ended that much later."""
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        with self._arrived:
            self._pending.append((article, done, loop, time.monotonic()))
            opens = len(self._pending) == 1  # the first of a batch: one flush is queued for the whole batch
            self._close_now = self._close_now or last
            if len(self._pending) == self.batch_size or last:
                self._arrived.notify()  # only a full or last batch wakes the writer before its deadline
        if opens:
            self.thread.submit(self._flush)
        outcome = await done
        with self._arrived:
            self.unclaimed.pop(done, None)
        return outcome

    def take_pending(self) -> list[Article]:
        """The articles queued for a batch the writer has not taken yet (a crawl stopped at once)."""
        with self._arrived:
            pending, self._pending = self._pending, []
        return [article for article, *_ in pending]

    def take_replayed(self) -> list[tuple[str, list[str]]]:
        """Outcomes (status, error kinds) of articles the spool replay wrote, each handed out once."""
        done, self.replayed = self.replayed, []
        return done

    # ---- in the writer thread
    def connected(self) -> Store | None:
        if self.store is not None or time.monotonic() < self._next_try:
            return self.store
        try:
            self.store = Store(connect(self.database_url), self.config.dedup)
            if len(self.spool):  # with the self-names learned so far, as the crawl's workers
                processor = Processor(replace(self.config, names=selfnames.known(self.store.conn)))
                store = self.store

                def replay(article: Article) -> None:
                    try:
                        processed = processor(article)
                    except Exception as exc:  # a record our own steps cannot process: a dead letter too
                        self.replayed.append(self._refused(article, exc))
                        return
                    self.replayed.append(self._write(store, processed))

                n = self.spool.drain(replay, lambda line, exc: self.replayed.append(self._refused(line, exc)))
                log.info("wrote %d spooled articles", n)
        except Exception as exc:  # `_write` raises only when the database is lost again
            if not (deadletter.is_lost(exc) or (self.store is not None and self.store.conn.closed)):
                raise  # a bug (a failing migration): not a reason to spool forever
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
            while len(self._pending) < self.batch_size and not self._close_now and (left := deadline - time.monotonic()) > 0:
                self._arrived.wait(left)
            batch, self._pending = self._pending[:self.batch_size], self._pending[self.batch_size:]
            if self._pending:  # what arrived beyond a full batch opens the next one
                self.thread.submit(self._flush)
            else:
                self._close_now = False
        try:
            results: list[tuple[str, list[str]]] | BaseException = self._save_batch([b[0] for b in batch])
        except BaseException as exc:  # a bug in the batch path: every waiting item learns it
            results = exc
        if not isinstance(results, BaseException):
            for article in batch:  # written, spooled or dead-lettered: no longer the business of a crawl stopped at once
                UNWRITTEN.pop(id(article[0]), None)
            with self._arrived:  # written: counted by the caller, or by a crawl stopped before the caller resumed
                self.unclaimed.update((done, (article.outlet, *results[i])) for i, (article, done, _, _) in enumerate(batch))
        outcomes: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future, Any]]] = {}
        for i, (_, done, loop, _) in enumerate(batch):
            outcomes.setdefault(loop, []).append((done, results if isinstance(results, BaseException) else results[i]))
        for loop, settled in outcomes.items():  # one wake-up of each event loop a batch, not one an item
            loop.call_soon_threadsafe(_resolve_all, settled)

    def _save_batch(self, batch: list[Article]) -> list[tuple[str, list[str]]]:
        """One transaction for the batch; a lost connection spools it, any other failure saves one by one
        (so a record the database refuses is found and dead-lettered alone)."""
        store = self.connected()
        if store is not None:
            try:
                return [(saved.status, [f"bounded_{f}" for f in saved.bounded]) for saved in store.save_many(batch)]
            except Exception as exc:
                if not deadletter.is_lost(exc, store.conn):
                    log.warning("a batch of %d failed (%s: %s): saving its articles one by one",
                                len(batch), type(exc).__name__, " ".join(str(exc).split())[:200])
                    return [self._save(article) for article in batch]
                self._lost(exc)
        for article in batch:
            self.spool.put(article)
        return [("spooled", ["database_unavailable"])] * len(batch)

    def _save(self, article: Article) -> tuple[str, list[str]]:
        """(status, error kinds to count): new/updated/unchanged, dead_letter, or spooled."""
        store = self.connected()
        if store is not None:
            try:
                return self._write(store, article)
            except Exception as exc:  # only a lost connection gets here
                self._lost(exc)
        self.spool.put(article)
        return "spooled", ["database_unavailable"]

    def _write(self, store: Store, article: Article) -> tuple[str, list[str]]:
        """Save, or dead-letter a record the database refuses; raises only when the database is lost."""
        try:
            saved: Saved = store.save(article)
        except Exception as exc:
            if deadletter.is_lost(exc, store.conn):
                raise
            return self._refused(article, exc)
        return saved.status, [f"bounded_{f}" for f in saved.bounded]

    def _refused(self, article: Article | str, exc: Exception) -> tuple[str, list[str]]:
        self.dead.put(article, exc)
        what = article.url[:300] if isinstance(article, Article) else "a spooled line"
        log.error("database refused %s (%s), kept in %s: %s", what, deadletter.reason(exc), self.dead.path,
                  " ".join(str(exc).split())[:300], exc_info=None if isinstance(exc, psycopg.Error) else exc)
        return "dead_letter", [f"store_refused_{deadletter.reason(exc)}"]


def _resolve_all(settled: list[tuple[asyncio.Future, Any]]) -> None:
    for done, result in settled:
        if not done.done():
            (done.set_exception if isinstance(result, BaseException) else done.set_result)(result)


def _spool_all(spool: Spool, articles: list[Article]) -> None:
    for article in articles:
        spool.put(article)


class StoragePipeline:
    STOP_WAIT_S = 15.0  # a crawl stopped at once waits this long at most for the writer's batch in progress
    opened: set[StoragePipeline] = set()  # open and not closed: what a crawl stopped at once must close itself

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
        self.writer = writer = Writer.acquire(settings.get("DATABASE_URL"), settings.getint("NEWSAGG_WRITE_BATCH", BATCH_SIZE),
                                              settings.getfloat("NEWSAGG_WRITE_BATCH_MS", BATCH_MS))
        StoragePipeline.opened.add(self)
        store = writer.call(writer.connected)
        self._count_replayed(spider)
        if store and getattr(spider, "outlet", None) and not self.crawler.settings.getbool("NEWSAGG_REFETCH"):
            spider.known = writer.call(lambda: queries.known_urls(store.conn, spider.outlet.id))
            spider.dead_letters = writer.dead.urls(spider.outlet.id) - spider.known.keys()  # refused: not fetched again

    def _count_replayed(self, spider) -> None:
        """Spooled articles written now count in this run, under the outlet whose crawl wrote them."""
        outlet = getattr(getattr(spider, "outlet", None), "id", None)
        if outlet is None or self.writer is None:
            return
        for status, kinds in self.writer.take_replayed():
            self._count(outlet, status, kinds)

    def _count(self, outlet: str, status: str, kinds: list[str]) -> None:
        if status in stats.COUNTED:
            stats.count(self.crawler.stats, status, outlet)
        for kind in kinds:
            stats.count(self.crawler.stats, "errors", outlet, kind)

    def spider_closed(self, spider, reason):
        StoragePipeline.opened.discard(self)
        if self.writer:
            self.writer.call(self.writer.connected)  # a database back by now: the spool is written and counted in this run
            self._count_replayed(spider)
            self.recorder.record(self.writer, reason)
            self._learn(spider)
            self.writer.release()

    @classmethod
    def close_stopped(cls) -> int:
        """After a crawl was stopped at once (a second Ctrl-C stops the reactor: no spider closes): spool
        every article parsed and not written (in or queued for the workers, between pipelines, queued for the writer), count
        it (`errors.spooled_interrupted`: the next crawl writes it), record each outlet's run, and release
        the writers once their batch in progress is written (at most STOP_WAIT_S). Returns how many were
        spooled. Measured before: the run said `pages 0, new 0` with 127 articles stored."""
        WorkerPool.abandon_all()  # the workers end now; the articles they held are in UNWRITTEN
        pipelines = list(cls.opened)
        cls.opened.clear()
        writers = {id(p.writer): p.writer for p in pipelines if p.writer is not None}
        for writer in writers.values():
            writer.take_pending()  # spooled below, not written meanwhile
        for writer in writers.values():  # the batch in progress ends: written or spooled by the writer
            with contextlib.suppress(TimeoutError):
                writer.thread.submit(lambda: None).result(timeout=cls.STOP_WAIT_S)
        articles = list(UNWRITTEN.values())
        UNWRITTEN.clear()
        by_outlet = {getattr(getattr(p.crawler.spider, "outlet", None), "id", None): p for p in pipelines}
        first = next(iter(writers.values()), None)  # an article of no open outlet (none expected) is spooled all the same
        for writer in writers.values():  # in the writer thread, after its batch in progress (no two writers of the file)
            mine = [a for a in articles if (p := by_outlet.get(a.outlet)) is None and writer is first or p is not None and p.writer is writer]
            try:
                writer.thread.submit(_spool_all, writer.spool, mine).result(timeout=cls.STOP_WAIT_S)
            except TimeoutError:  # the writer is stuck (a database that hangs): spool from here, its batch too
                log.error("the writer did not answer in %.0f s: spooling from the crawl thread", cls.STOP_WAIT_S)
                _spool_all(writer.spool, mine)
        for article in articles:
            if (pipeline := by_outlet.get(article.outlet)) is not None:
                stats.count(pipeline.crawler.stats, "errors", article.outlet, "spooled_interrupted")
        for writer in writers.values():  # written by the batch in progress, its results never reached the pipeline
            with writer._arrived:
                written, writer.unclaimed = list(writer.unclaimed.values()), {}
            for outlet, status, kinds in written:
                if (pipeline := by_outlet.get(outlet)) is not None:
                    pipeline._count(outlet, status, kinds)
        for pipeline in pipelines:
            if pipeline.writer is not None:
                pipeline.recorder.record(pipeline.writer, "interrupted")
        for writer in writers.values():
            writer.release_now(cls.STOP_WAIT_S)
        return len(articles) if writers else 0

    def _learn(self, spider) -> None:
        """After an outlet's crawl: learn its self-names if the registry does not name it, and re-derive
        the stored chains a new name changes (pipelines/storage/selfnames.py)."""
        outlet = getattr(getattr(spider, "outlet", None), "id", None)
        writer = self.writer
        if outlet is None or writer is None:
            return

        def learn() -> None:
            if (store := writer.connected()) is not None:
                selfnames.learn(store.conn, [outlet])

        try:
            writer.call(learn)
        except Exception as exc:  # the run is recorded already: learning must not keep the writer open
            log.error("could not learn the self-names of %s: %s", outlet, exc, exc_info=not isinstance(exc, DB_ERRORS))

    def nothing_else_coming(self) -> bool:
        """No article is in the workers, and nothing is downloading, scheduled or waiting for the
        spider: what reaches the writer now is the crawl's last (a lull without requests counts too)."""
        engine = self.crawler.engine
        slot = getattr(getattr(engine, "scraper", None), "slot", None)
        scheduler = getattr(engine, "scheduler", None)
        if slot is None or scheduler is None:
            return False
        # the frontier's scheduler answers this while Redis is away too (crawler/frontier_redis.py)
        return WorkerPool.idle() and not slot.queue and not engine.downloader.active and not scheduler.has_pending_requests()

    async def process_item(self, item: Article, spider=None) -> Article:
        assert self.writer is not None
        try:
            item.saved, kinds = await self.writer.save(item, last=self.nothing_else_coming())
        finally:
            UNWRITTEN.pop(id(item), None)
        self._count(item.outlet, item.saved, kinds)
        self._count_replayed(spider or self.crawler.spider)
        return item


COVERED_FIELDS = ("title", "body", "published")
_UNREACHABLE = "fetched 0 pages"


def unreachable_alert(responses: int) -> str:
    return f"{_UNREACHABLE} ({responses} answers, none 2xx): feeds and sitemaps unreachable?"


def alert_prefix(alert: str) -> str:
    """How an alert is shouted: `UNREACHABLE?` for an outlet that answered nothing, else `LAYOUT CHANGE?`."""
    return "UNREACHABLE?" if alert.startswith(_UNREACHABLE) else "LAYOUT CHANGE?"


class RunRecorder:
    """Records each spider's run in crawl_runs / crawl_run_outlets, and says loudly when an outlet's
    share of articles with a title, a body or a date falls below the threshold, or when the median
    agreement of its bodies with trafilatura does (its layout probably changed; a selector that now
    grabs the wrong block keeps every field present): the spidermon idea, kept in our own store.
    When the worker was behind and some articles went without a second opinion (pipelines/workers.py),
    the median is over the scored ones (a floor per outlet) and the share scored is recorded beside
    the field coverage as `second_opinion`."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.threshold = crawler.settings.getfloat("NEWSAGG_COVERAGE_THRESHOLD", 0.8)
        self.agreement_threshold = crawler.settings.getfloat("NEWSAGG_AGREEMENT_THRESHOLD", 0.5)
        self.items = 0
        self.pages = 0
        self.fetched = 0  # pages answered 2xx: none at all means the outlet was unreachable
        self.present: Counter[str] = Counter()
        self.agreements: list[float] = []
        crawler.signals.connect(self.item_scraped, signals.item_scraped)
        crawler.signals.connect(self.response_received, signals.response_received)

    def response_received(self, response, request, spider):
        if not response.url.endswith("/robots.txt"):
            self.pages += 1
            self.fetched += 200 <= response.status < 300

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
        if shed := self.crawler.stats.get_value(stats.key("second_opinion_shed", outlet), 0):
            scored = self.crawler.stats.get_value(stats.key("second_opinion_scored", outlet), 0)
            per["coverage"]["second_opinion"] = round(scored / (scored + shed), 3)  # beside the fields: shown with them
            log.info("%s: second opinion on %d of %d articles, %d shed (the worker was behind)", outlet, scored, scored + shed, shed)
        # unreachable (a Ctrl-C is not): as loud as a coverage drop. On a shared frontier, a process that neither got
        # an answer of an outlet nor tried and failed (an exception, a retried answer) only found the others quicker
        # (measured before: two processes on three outlets, and the one with none of Aran News' pages said `UNREACHABLE?`)
        tried = self.pages or any(self.crawler.stats.get_value(k) for k in ("downloader/exception_count", "retry/count"))
        others_fetched = self.crawler.settings.get("NEWSAGG_FRONTIER") and not tried
        if not self.fetched and reason not in ("shutdown", "interrupted") and not others_fetched:
            per["alerts"].append(unreachable_alert(self.pages))
        for alert in per["alerts"]:
            log.error("%s %s: %s", alert_prefix(alert), outlet, alert)
            self.crawler.stats.set_value(stats.key("alerts", outlet), per["alerts"])
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
