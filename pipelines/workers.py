"""One worker pool per crawl process for the CPU-heavy steps (hazm display text, the second opinion,
the dedup steps: about 4 ms of CPU a crawl-bench page on this 2-core machine).

Each worker loads hazm and trafilatura when it starts (2-3 s of CPU), and `ready` waits for every
worker before the crawl starts: when the warm-up missed hazm (it normalized an empty text), the
first article paid it inside the crawl. With that and the cheaper display text (normalize.py), the
crawl bench's worker spends 6.4 instead of 9.3 s of CPU on its 1,500 pages, start-up apart (medians
of 6 alternating runs, loaded machine).

Every spider of a multi-outlet crawl shares it: measured before, one worker per spider meant 11
workers of about 270 MB for the demo's 11 outlets, each loading hazm for 2-3 s, and after `kill -9`
of the crawl they lived on as orphans. A worker here exits when the crawl process's end of its tasks
pipe closes, which is also what `kill -9` of the crawl does.

The pipeline decides, in the crawl process, which articles get a second opinion (`agreement.Shedding`):
all of them while the worker keeps up; when more articles wait for it than the pool keeps in flight,
only a floor per outlet, and the others leave their HTML behind (no pickling, no pipe).

Workers ignore SIGINT (a terminal's Ctrl-C reaches the whole process group: the crawl process decides,
crawler/run.py); a worker killed anyway leaves the rest of the crawl to the crawl process when the pool
sees it (BrokenProcessPool; 400 of 400 pages stored after `kill -9` of the worker mid-crawl), also when
it dies in the middle of sending a batch's results: the pool is each worker's own pair of pipes (`_Worker`),
not ProcessPoolExecutor, which waited for the rest of such a message forever (about half of such kills
stalled the crawl).
"""
from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import itertools
import logging
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import replace
from multiprocessing.connection import Connection
from typing import Any

from newsagg import stats
from newsagg.article import Article
from newsagg.pipelines.agreement import Shedding, scored
from newsagg.pipelines.process import ProcessConfig, Processor

log = logging.getLogger(__name__)
# every article from the moment it enters the pipelines until the writer wrote (or spooled) it, by id: what a
# crawl stopped at once spools. Measured before: 21-24 articles a forced stop lost, returned by the worker and
# not yet handed to the writer (a batch of 32 resolved at once)
UNWRITTEN: dict[int, Article] = {}
_processor: Processor | None = None  # in a worker: built once by _start_worker
GC_GEN0 = 20_000  # allocations between young collections (Python's default: 700)
_gc_settled = False


def settle_gc() -> None:
    """Once start-up is over (imports, hazm's lexicon in a worker): freeze what exists so no collection
    scans it again, and collect the young generation every GC_GEN0 allocations instead of 700. In the
    crawl process, the download runs ahead of the pipeline and Scrapy holds thousands of tasks and
    coroutines that every collection walked: GC was 1.6-2.2 s of its CPU against bare Scrapy's
    0.7-1.0 (1,500 crawl-bench pages, py-spy). With this: crawl process 4.0 -> 3.6 s of CPU, worker
    4.6 -> 4.2 (3 alternating rounds, medians)."""
    global _gc_settled
    if _gc_settled:
        return
    _gc_settled = True
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_GEN0, *gc.get_threshold()[1:])


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Spawn workers with SIGINT ignored: a spawned interpreter keeps an inherited SIG_IGN (it installs
    KeyboardInterrupt only over SIG_DFL), so a terminal's Ctrl-C, sent to the whole process group, never
    reaches a worker, not even while it imports. Measured before: the worker died of KeyboardInterrupt
    in its hazm import or mid-batch, and 53 of 395 fetched pages were neither stored, spooled nor counted.
    The crawl process decides what a Ctrl-C means (crawler/run.py)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; the worker's initializer ignores SIGINT too
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def _serve(config: ProcessConfig, tasks: Connection, results: Connection) -> None:
    """A worker's life: load the steps, say so, then answer each task on the results pipe until the
    crawl process sends None or is gone (its end of the tasks pipe closed: EOF, so no orphan lingers
    after `kill -9` of the crawl)."""
    global _processor
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the crawl process decides (see _sigint_ignored)
    _processor = Processor(config)
    from newsagg.pipelines.normalize import display_text

    display_text(".")  # load hazm now (2-3 s), not on the first article ("" would not: no paragraph to normalize)
    if config.second_opinion:
        from newsagg.pipelines.agreement import second_opinion

        second_opinion("<html><body><p>.</p></body></html>")  # and trafilatura (0.3 s)
    settle_gc()
    try:
        results.send(os.getpid())  # ready
        while (task := tasks.recv()) is not None:
            number, fn, args = task
            try:
                outcome: tuple[bool, Any] = (True, fn(*args))
            except Exception as error:  # noqa: BLE001 - the caller's to handle
                outcome = (False, _transferable(error))
            results.send((number, *outcome))
    except (EOFError, OSError):  # the crawl process is gone
        pass


def _process_batch(articles: list[Article]) -> list[Article | Exception]:
    """Each article through the processor; one that fails is an error for it alone."""
    assert _processor is not None
    return [_sent_back(done) if isinstance(done, Article) else _transferable(done) for done in _processor.many(articles)]


def _sent_back(article: Article) -> Article:
    """What crosses back to the crawl process: of the dedup form the store reads only its key
    (`normalized_text`); its sentences and paragraphs (the body twice more, used in the worker by the
    signature and the chain) stayed behind. Crawl-bench articles: 10.4 -> 6.1 KB pickled, unpickling
    (the result reader thread, in the crawl process) 0.021 -> 0.013 ms an article."""
    if article.normalized is not None:
        article.normalized = replace(article.normalized, sentences=(), paragraphs=())
    return article


def _transferable(error: Exception) -> Exception:
    """The error, or its text in a RuntimeError if it cannot be pickled: one such error would fail the
    transfer of its whole batch."""
    try:
        pickle.dumps(error)
    except Exception:  # noqa: BLE001 - any failure to pickle
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


class _Worker:
    """One worker process and its two pipes, each served by a thread of the crawl process: a sender
    (pickling a task can take a moment and a pipe holds 64 KB, so the event loop never writes) and a
    reader. Only the worker holds the write end of the results pipe, so its death is an EOF there,
    even in the middle of a message: ProcessPoolExecutor waited for the rest of such a message forever
    (about half of the `kill -9`s of a worker in a test crawl stalled it)."""

    def __init__(self, context: Any, config: ProcessConfig, loop: asyncio.AbstractEventLoop, pool: WorkerPool):
        tasks_end, self.tasks = context.Pipe(duplex=False)
        self.results, results_end = context.Pipe(duplex=False)
        self.process = context.Process(target=_serve, args=(config, tasks_end, results_end), daemon=True, name="newsagg-worker")
        with _sigint_ignored():
            self.process.start()
        tasks_end.close()  # the worker's ends: only it holds them now
        results_end.close()
        self.loop, self.pool = loop, pool
        self.started: asyncio.Future[int] = loop.create_future()
        self.outbox: queue.SimpleQueue[tuple[int, Any, tuple] | None] = queue.SimpleQueue()
        self.in_flight: set[int] = set()  # task numbers sent and not answered
        self.closing = False
        for target in (self._send_all, self._read_all):
            threading.Thread(target=target, daemon=True, name=f"newsagg-worker-{target.__name__[1:]}").start()

    def _send_all(self) -> None:
        while (task := self.outbox.get()) is not None:
            try:
                self.tasks.send(task)
            except OSError:  # the worker is gone: the reader says so
                return
        with contextlib.suppress(OSError):
            self.tasks.send(None)

    def _read_all(self) -> None:
        try:
            pid = self.results.recv()
            self._on_loop(self.pool._started, self, pid)
            while True:
                self._on_loop(self.pool._answered, self, *self.results.recv())
        except (EOFError, OSError):  # the worker ended, or died (even mid-message)
            self._on_loop(self.pool._ended, self)
        finally:
            self.results.close()

    def _on_loop(self, fn: Any, *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits any more
            self.loop.call_soon_threadsafe(fn, *args)

    def close(self, kill: bool = False) -> None:
        self.closing = True
        self.outbox.put(None)
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signal.SIGTERM)


class WorkerPool:
    """Worker processes shared by every user in this process; the last `release` ends them.

    Articles go to the workers in batches: one batch a worker in flight and one more queued for it
    (so no worker waits for this process's event loop), and what arrives meanwhile (up to `BATCH`) goes as
    the next one: an idle pool sends an article at once, a busy one pays one round trip (pickling,
    pipe, a thread wake-up) per batch. A worker that dies breaks the pool: what it held and everything
    sent after fails with BrokenProcessPool (the pipeline then processes the rest itself)."""

    BATCH = 32

    _shared: dict[tuple[ProcessConfig, int], tuple[WorkerPool, int]] = {}
    _lock = threading.Lock()

    def __init__(self, config: ProcessConfig, workers: int):
        self.key = (config, workers)
        self.workers: list[_Worker] = []  # started by `ready`
        self.waiting: list[tuple[Article, asyncio.Future[Article]]] = []
        self.sent = 0  # articles in the workers, not returned
        self.empty_since: float | None = time.monotonic()  # when the backlog last fell to nothing (None: it has articles)
        self.tasks: dict[int, tuple[asyncio.Future[Any], list[Article] | None]] = {}  # in the workers, by number
        self.numbers = itertools.count()
        self.broken: BrokenProcessPool | None = None

    @classmethod
    def acquire(cls, config: ProcessConfig, workers: int) -> WorkerPool:
        with cls._lock:
            pool, users = cls._shared.get((config, workers)) or (cls(config, workers), 0)
            cls._shared[(config, workers)] = (pool, users + 1)
            return pool

    def release(self) -> None:
        with self._lock:
            _, users = self._shared[self.key]
            if users > 1:
                self._shared[self.key] = (self, users - 1)
                return
            del self._shared[self.key]
        self.shutdown()

    def shutdown(self, kill: bool = False) -> None:
        """End the workers: after their task in progress, or now (`kill`)."""
        for worker in self.workers:
            worker.close(kill)
        for worker in self.workers:
            worker.process.join(timeout=None if not kill else 5)

    @classmethod
    def abandon_all(cls) -> list[Article]:
        """A crawl stopped at once (a second Ctrl-C): the articles queued for or in the workers, for the
        spool (it keeps them unprocessed, as it does when the database is away); the workers are ended
        now, not after their batch, and nothing waits for them."""
        with cls._lock:
            pools = [pool for pool, _ in cls._shared.values()]
            cls._shared.clear()
        articles = []
        for pool in pools:
            articles += [article for article, _ in pool.waiting]
            articles += [article for _, batch in pool.tasks.values() for article in batch or ()]
            pool.waiting, pool.tasks = [], {}
            for worker in pool.workers:
                worker.close(kill=True)
        return articles

    @classmethod
    def idle(cls) -> bool:
        """No article queued for or in any pool of this process (the storage pipeline's end-of-crawl test)."""
        with cls._lock:
            return all(not pool.backlog for pool, _ in cls._shared.values())

    @property
    def backlog(self) -> int:
        """Articles queued for or in the workers, not yet returned."""
        return len(self.waiting) + self.sent

    def idle_for(self) -> float:
        """Seconds since the workers last had nothing to do (0 while they have)."""
        return 0.0 if self.empty_since is None else time.monotonic() - self.empty_since

    @property
    def in_flight_bound(self) -> int:
        """The articles the pool keeps in flight when busy (a batch a worker and one more): a backlog
        beyond it waits for a worker, so the workers are behind the crawl."""
        return self.BATCH * (self.key[1] + 1)

    async def ready(self) -> set[int]:
        """Start the workers and wait until each has loaded hazm and trafilatura: a crawl that began before
        would share the CPU with those imports (2-3 s a worker) during its first seconds (bench/crawl.py).
        Returns the workers' pids."""
        if not self.workers:
            loop = asyncio.get_running_loop()
            context = multiprocessing.get_context("spawn")  # not fork: the crawl process has threads (Twisted's, the writer's)
            self.workers = [_Worker(context, self.key[0], loop, self) for _ in range(self.key[1])]
        return set(await asyncio.gather(*(asyncio.shield(w.started) for w in self.workers)))

    def call(self, fn: Any, *args: Any, articles: list[Article] | None = None) -> asyncio.Future[Any]:
        """fn(*args) in the least busy worker (`articles`: the ones it holds, for `abandon_all` and the backlog)."""
        answer: asyncio.Future[Any] = self.workers[0].loop.create_future()
        if self.broken is not None:
            answer.set_exception(self.broken)
            return answer
        worker = min(self.workers, key=lambda w: len(w.in_flight))
        number = next(self.numbers)
        self.tasks[number] = (answer, articles)
        worker.in_flight.add(number)
        self.sent += len(articles or ())
        worker.outbox.put((number, fn, args))
        return answer

    async def process(self, article: Article) -> Article:
        result: asyncio.Future[Article] = asyncio.get_running_loop().create_future()
        self.waiting.append((article, result))
        self.empty_since = None
        self._send()
        return await result

    def _send(self) -> None:
        while self.waiting and (self.broken or any(len(w.in_flight) < 2 for w in self.workers)):
            batch, self.waiting = self.waiting[:self.BATCH], self.waiting[self.BATCH:]
            articles = [article for article, _ in batch]
            self.call(_process_batch, articles, articles=articles).add_done_callback(functools.partial(self._returned, batch))

    # ---- on the event loop, from a worker's reader thread
    def _started(self, worker: _Worker, pid: int) -> None:
        if not worker.started.done():
            worker.started.set_result(pid)

    def _answered(self, worker: _Worker, number: int, ok: bool, value: Any) -> None:
        worker.in_flight.discard(number)
        if (task := self.tasks.pop(number, None)) is None:
            return  # abandoned
        answer, articles = task
        self.sent -= len(articles or ())
        if not answer.done():
            answer.set_result(value) if ok else answer.set_exception(value)

    def _ended(self, worker: _Worker) -> None:
        if worker.closing:
            return
        self.broken = BrokenProcessPool(f"a worker process (pid {worker.process.pid}) died")
        if not worker.started.done():
            worker.started.set_exception(self.broken)
        for number in list(worker.in_flight):
            self._answered(worker, number, False, self.broken)

    def _returned(self, batch: list[tuple[Article, asyncio.Future[Article]]], answered: asyncio.Future) -> None:
        if not self.backlog:
            self.empty_since = time.monotonic()
        try:
            results = answered.result()
        except Exception as error:  # noqa: BLE001 - a worker died (BrokenProcessPool): an error for each article
            results = [error] * len(batch)
        self._settle(batch, results)
        self._send()

    @staticmethod
    def _settle(batch: list[tuple[Article, asyncio.Future[Article]]], results: list[Article | Exception]) -> None:
        for (_, result), outcome in zip(batch, results, strict=True):
            if result.cancelled():
                continue
            if isinstance(outcome, Exception):
                result.set_exception(outcome)
            else:
                result.set_result(outcome)


class ProcessPipeline:
    """Scrapy item pipeline: the article through `Processor`, in the shared worker pool
    (`NEWSAGG_PROCESS_WORKERS`, default 1: the other core; 0 = in the crawler's own thread), with a
    second opinion as `NEWSAGG_SECOND_OPINION` says (always, adaptive, off; `agreement.Shedding`).
    Counted per outlet: `newsagg/second_opinion_scored/<outlet>` and `newsagg/second_opinion_shed/<outlet>`."""

    def __init__(self, config: ProcessConfig, workers: int = 1, shedding: Shedding | None = None, crawl_stats: Any = None):
        self.shedding = shedding or Shedding()
        self.config = replace(config, second_opinion=config.second_opinion and self.shedding.mode != "off")
        self.workers, self.stats = workers, crawl_stats
        self.pool: WorkerPool | None = None
        self.inline: Processor | None = None
        self.seen: Counter[str] = Counter()          # articles of each outlet so far in this run
        self.since_scored: Counter[str] = Counter()  # ... since its last scored one
        self.shedding_now = False

    @classmethod
    def from_crawler(cls, crawler):
        from newsagg.pipelines.storage.selfnames import load_known

        # the self-names learned by earlier crawls and the sources reviewers added reach every worker's resolver
        config = replace(ProcessConfig.from_settings(), names=load_known(crawler.settings.get("DATABASE_URL")))
        settings = crawler.settings
        default, behind = Shedding(), settings.get("NEWSAGG_SECOND_OPINION_BEHIND")
        shedding = Shedding(settings.get("NEWSAGG_SECOND_OPINION", default.mode), settings.getint("NEWSAGG_SECOND_OPINION_FIRST", default.first),
                            settings.getint("NEWSAGG_SECOND_OPINION_EVERY", default.every), None if behind in (None, "") else int(behind),
                            settings.getfloat("NEWSAGG_SECOND_OPINION_RELEASE_S", default.release_s))
        return cls(config, settings.getint("NEWSAGG_PROCESS_WORKERS", 1), shedding, crawler.stats)

    async def open_spider(self, spider=None):
        if self.workers:
            self.pool = WorkerPool.acquire(self.config, self.workers)
            await self.pool.ready()
            settle_gc()  # the crawl process's start-up is over too
        else:
            self.inline = Processor(self.config)

    def close_spider(self, spider=None):
        if self.pool:
            self.pool.release()

    def behind(self) -> bool:
        """The workers fell behind (more articles than they keep in flight), and have not been idle for
        `release_s` since (inline processing never queues). Without that latch, a saturated crawl
        scored again as soon as the backlog dipped under the bound and its worker stayed saturated:
        37-50 % of the bench's articles scored instead of the floor's 11 %."""
        if self.pool is None:
            return False
        bound = self.shedding.behind if self.shedding.behind is not None else self.pool.in_flight_bound
        if self.pool.backlog > bound:
            self.shedding_now = True
        elif self.shedding_now and self.pool.idle_for() >= self.shedding.release_s:
            self.shedding_now = False
        return self.shedding_now

    def second_opinion(self, item: Article) -> None:
        """Keep the page for the worker to score, or drop it here (shed: it does not cross to the worker)."""
        if item.page is None:
            return
        outlet = item.outlet
        if self.shedding.mode == "off":
            item.page = None
        elif scored(self.shedding, self.seen[outlet], self.since_scored[outlet], self.behind()):
            self.since_scored[outlet] = 0
            self._count("second_opinion_scored", outlet)
        else:
            item.page = None
            self.since_scored[outlet] += 1
            self._count("second_opinion_shed", outlet)
        self.seen[outlet] += 1

    def _count(self, kind: str, outlet: str) -> None:
        if self.stats is not None:
            stats.count(self.stats, kind, outlet)

    async def process_item(self, item: Article, spider=None) -> Article:
        UNWRITTEN[id(item)] = item
        try:
            processed = await self._processed(item)
        finally:
            UNWRITTEN.pop(id(item), None)
        UNWRITTEN[id(processed)] = processed  # the worker's copy, until the writer has it (storage pipeline)
        return processed

    async def _processed(self, item: Article) -> Article:
        self.second_opinion(item)
        if self.pool and self.inline is None:
            try:
                return await self.pool.process(item)
            except BrokenProcessPool:  # a worker was killed (OOM, kill): measured before, its batches were lost uncounted
                if self.inline is None:
                    log.error("the worker process died: the rest of this crawl is processed in the crawl process")
                    self.inline = Processor(self.config)
        assert self.inline is not None
        return self.inline(item)
