"""`newsagg schedule`: crawl each outlet on its own interval in one long-running process.

State (last start/finish, next due time, failures) lives in schedule_state, so a restarted
scheduler carries on where it stopped. Each crawl runs in a child process (Scrapy's reactor cannot
restart in-process), so a crashed crawl is recorded and retried with backoff; the scheduler lives on.
The clock and the runner are injectable: tests drive it with a fake clock.
"""
from __future__ import annotations

import logging
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from typing import Callable

import psycopg

from config import load_registry
from pipelines.storage.migrate import migrate

log = logging.getLogger(__name__)
Runner = Callable[[list[str]], tuple[bool, str]]  # spider names -> (succeeded, error text)


def subprocess_runner(replay: str | None = None, database_url: str | None = None) -> Runner:
    def run(names: list[str]) -> tuple[bool, str]:
        cmd = [sys.executable, "-m", "crawler.cli"] + (["--database-url", database_url] if database_url else [])
        cmd += ["crawl", *names, "--trigger", "schedule"] + (["--replay", replay] if replay else [])
        done = subprocess.run(cmd, capture_output=True, text=True)
        return done.returncode == 0, done.stderr.strip()[-2000:]
    return run


class Scheduler:
    max_backoff = timedelta(hours=2)

    def __init__(self, conn: psycopg.Connection, outlets: list[str] | None, runner: Runner,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc), sleep: Callable[[float], None] = time.sleep):
        migrate(conn)
        registry = load_registry()
        self.outlets = [o for o in registry.crawled if not outlets or o.id in outlets or o.spider_name in outlets]
        if outlets and len(self.outlets) != len(set(outlets)):
            raise ValueError(f"unknown outlets among {outlets}")
        self.conn, self.runner, self.clock, self.sleep = conn, runner, clock, sleep

    def due(self) -> list:
        now = self.clock()
        state = dict(self.conn.execute("select outlet_id, next_due_at from schedule_state").fetchall())
        return [o for o in self.outlets if state.get(o.id) is None or state[o.id] <= now]

    def tick(self) -> list[str]:
        """Crawl every outlet that is due, in one child process; returns the spider names run."""
        due = self.due()
        if not due:
            return []
        started = self.clock()
        for o in due:
            self.conn.execute("insert into schedule_state (outlet_id, last_started_at) values (%s, %s)"
                              " on conflict (outlet_id) do update set last_started_at = excluded.last_started_at", (o.id, started))
        try:
            ok, error = self.runner([o.spider_name for o in due])
        except Exception as exc:  # a runner that itself fails must not end the scheduler
            ok, error = False, f"{type(exc).__name__}: {exc}"
        finished = self.clock()
        for o in due:
            interval = timedelta(minutes=o.crawl.interval_minutes)
            failures = 0 if ok else self._failures(o.id) + 1
            next_due = finished + (interval if ok else min(self.max_backoff, timedelta(minutes=5) * 2 ** (failures - 1)))
            self.conn.execute(
                "update schedule_state set last_finished_at = %s, next_due_at = %s, last_status = %s, last_error = %s,"
                " failures = %s where outlet_id = %s",
                (finished, next_due, "ok" if ok else "failed", None if ok else error, failures, o.id))
        if not ok:
            log.error("scheduled crawl of %s failed: %s", ", ".join(o.id for o in due), error)
        return [o.spider_name for o in due]

    def _failures(self, outlet_id: str) -> int:
        row = self.conn.execute("select failures from schedule_state where outlet_id = %s", (outlet_id,)).fetchone()
        return row[0] if row else 0

    def next_wake(self) -> float:
        row = self.conn.execute("select min(next_due_at) from schedule_state where outlet_id = any(%s)",
                                ([o.id for o in self.outlets],)).fetchone()
        if row[0] is None:
            return 0.0
        return max(0.0, min(60.0, (row[0] - self.clock()).total_seconds()))

    def run(self, once: bool = False) -> None:
        while True:
            ran = self.tick()
            if ran:
                log.info("crawled %s", ", ".join(ran))
            if once:
                return
            self.sleep(self.next_wake() or 1.0)
