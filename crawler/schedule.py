"""`newsagg schedule`: crawl each outlet on its own interval in one long-running process.

State (last start/finish, next due time, failures) lives in schedule_state, so a restarted
scheduler carries on where it stopped. Every tick is logged (logger `newsagg.crawler.schedule`,
which `newsagg schedule` sends to stderr): what was due, what ran and how long it took, what failed
with the last line of its error and when it is retried; an idle tick logs the next due time once.
Each crawl runs in a child process (Scrapy's reactor cannot restart in-process), so a crashed
crawl is recorded and retried with backoff; the scheduler lives on.
The child gets the database URL through its environment (a password on its command line would be
in every `ps` listing) and a time limit: a hung crawl is killed, recorded as failed and retried
with the same backoff (the next run marks its `crawl_runs` row aborted).
The clock and the runner are injectable: tests drive it with a fake clock.
"""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import psycopg

from newsagg.config import load_registry
from newsagg.pipelines.storage import schedule as state

log = logging.getLogger(__name__)
Runner = Callable[[list[str]], tuple[bool, str]]  # spider names -> (succeeded, error text)


DEFAULT_TIMEOUT = 3600.0  # seconds; a crawl of every outlet takes minutes, not an hour


def subprocess_runner(replay: str | None = None, database_url: str | None = None,
                      timeout: float = DEFAULT_TIMEOUT) -> Runner:
    env = {**os.environ, **({"DATABASE_URL": database_url} if database_url else {})}

    def run(names: list[str]) -> tuple[bool, str]:
        cmd = [sys.executable, "-m", "newsagg.cli", "crawl", *names, "--trigger", "schedule"]
        cmd += ["--replay", replay] if replay else []
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
        except subprocess.TimeoutExpired as exc:  # subprocess.run has killed the child
            tail = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else exc.stderr or ""
            return False, f"timed out after {timeout:g} s and killed" + (f": {tail.strip()[-1500:]}" if tail.strip() else "")
        return done.returncode == 0, done.stderr.strip()[-2000:]
    return run


class Scheduler:
    max_backoff = timedelta(hours=2)

    def __init__(self, conn: psycopg.Connection, outlets: list[str] | None, runner: Runner,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC), sleep: Callable[[float], None] = time.sleep,
                 show_time: Callable[[datetime], str] = lambda dt: dt.isoformat(timespec="minutes")):
        registry = load_registry()
        chosen = {registry.outlet(name, crawled=True).id for name in outlets or ()}
        self.outlets = [o for o in registry.crawled if not chosen or o.id in chosen]
        self.conn, self.runner, self.clock, self.sleep, self.show_time = conn, runner, clock, sleep, show_time
        self._idle_note = ""
        self._state: dict[str, tuple[datetime | None, int]] | None = None  # schedule_state, read once a tick

    def due(self) -> list:
        """The outlets due now; reads schedule_state (once a tick: what the tick writes is kept in memory)."""
        self._state = state.load(self.conn)
        now = self.clock()
        return [o for o in self.outlets if (d := self._known(o.id)[0]) is None or d <= now]

    def _known(self, outlet_id: str) -> tuple[datetime | None, int]:
        """(next due time, failures in a row) as last read or written."""
        return self._table.get(outlet_id, (None, 0))

    @property
    def _table(self) -> dict[str, tuple[datetime | None, int]]:
        if self._state is None:
            self._state = state.load(self.conn)
        return self._state

    def tick(self) -> list[str]:
        """Crawl every outlet that is due, in one child process; returns the spider names run."""
        due = self.due()
        if not due:
            self._log_idle()
            return []
        self._idle_note = ""
        ids = ", ".join(o.id for o in due)
        log.info("due: %s; crawling in a child process", ids)
        started = self.clock()
        for o in due:
            state.started(self.conn, o.id, started)
        try:
            ok, error = self.runner([o.spider_name for o in due])
        except Exception as exc:  # a runner that itself fails must not end the scheduler
            ok, error = False, f"{type(exc).__name__}: {exc}"
        finished = self.clock()
        retries = []
        for o in due:
            interval = timedelta(minutes=o.crawl.interval_minutes)
            failures = 0 if ok else self._known(o.id)[1] + 1
            next_due = finished + (interval if ok else min(self.max_backoff, timedelta(minutes=5) * 2 ** (failures - 1)))
            state.finished(self.conn, o.id, finished, next_due, None if ok else error, failures)
            self._table[o.id] = (next_due, failures)
            retries.append(f"{o.id} at {self.show_time(next_due)}" + ("" if ok else f" (failure {failures})"))
        took = (finished - started).total_seconds()
        if ok:
            log.info("ran %s in %.0f s; next: %s", ids, took, ", ".join(retries))
        else:
            last = next((line for line in reversed((error or "").splitlines()) if line.strip()), "no error text")
            log.error("failed %s after %.0f s: %s; retry %s", ids, took, last.strip(), ", ".join(retries))
        return [o.spider_name for o in due]

    def _log_idle(self) -> None:
        upcoming = sorted((d, o.id) for o in self.outlets if (d := self._known(o.id)[0]) is not None)
        note = (f"nothing due; next: {upcoming[0][1]} at {self.show_time(upcoming[0][0])}" if upcoming else "nothing due")
        if note != self._idle_note:
            log.info(note)
            self._idle_note = note

    def next_wake(self) -> float:
        due = min((d for o in self.outlets if (d := self._known(o.id)[0]) is not None), default=None)
        if due is None:
            return 0.0
        return max(0.0, min(60.0, (due - self.clock()).total_seconds()))

    def run(self, once: bool = False) -> None:
        log.info("scheduling %d outlets: %s", len(self.outlets),
                 ", ".join(f"{o.id} every {o.crawl.interval_minutes} min" for o in self.outlets))
        while True:
            self.tick()
            if once:
                return
            self.sleep(self.next_wake() or 1.0)
