"""Every user mistake is one line and exit 2; the scheduler keeps secrets off command lines and
kills a hung crawl."""
from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from newsagg.crawler.schedule import Scheduler, subprocess_runner
from tests.conftest import newsagg
from tests.faults.hostile import Snapshot, isna_page


@pytest.mark.parametrize("args, needle", [
    (["clusters", "--limit", "-1"], "out of range"),
    (["clusters", "--limit", "99999999999999999999"], "out of range"),
    (["clusters", "--since", "yesterday"], "not a date"),
    (["cluster", "0"], "out of range"),
    (["cluster", "x[/]"], "not a whole number"),
    (["crawl", "x[/]"], "unknown outlet 'x[/]'"),
    (["dedup", "SOME_DIRECTORY"], "is a directory"),
    (["dedup", "/no/such/file.jsonl"], "no such file"),
    (["dedup", "tests/faults/__init__.py", "-o", "/no/such/dir/out.jsonl"], "cannot write /no/such/dir/out.jsonl"),
    (["schedule", "--timeout", "0"], "out of range"),
    (["nosuchcommand"], "invalid choice"),
])
def test_a_user_mistake_is_one_line_on_stderr_and_exit_2(args, needle, db_url, tmp_path):
    if args[1:2] == ["SOME_DIRECTORY"]:
        args = ["dedup", str(tmp_path)]
    done = newsagg("--database-url", db_url, *args, env={"NEWSAGG_DATA": str(tmp_path / "data")}, check=False)
    assert done.returncode == 2, done.stderr
    assert needle in done.stderr and len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr, done.stderr


class Clock:
    def __init__(self):
        self.now = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)

    def __call__(self):
        return self.now


def _children_cmdlines() -> list[str]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == os.getpid():
                out.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, ValueError, IndexError):
            continue
    return out


def test_a_hung_scheduled_crawl_is_killed_recorded_as_failed_and_its_password_never_on_a_command_line(db_url, conn, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSAGG_DATA", str(tmp_path / "data"))
    snap = Snapshot(tmp_path / "snap")
    snap.add(*isna_page(1), delay=120)  # the server never answers in time
    secret_url = psycopg.conninfo.make_conninfo(db_url, password="s3cret-pass")
    clock = Clock()
    scheduler = Scheduler(conn, ["isna"], subprocess_runner(str(snap.write()), secret_url, timeout=15), clock=clock)
    seen: list[str] = []
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            seen.extend(_children_cmdlines())
            time.sleep(0.2)

    watcher = threading.Thread(target=watch)
    watcher.start()
    started = time.monotonic()
    try:
        assert scheduler.tick() == ["isna"]
    finally:
        stop.set()
        watcher.join()
    assert time.monotonic() - started < 60
    assert any("newsagg.cli crawl isna" in c for c in seen)  # the child was seen ...
    assert not any("s3cret" in c for c in seen)             # ... without the password in its argv
    status, error, failures, due = conn.execute("select last_status, last_error, failures, next_due_at from schedule_state").fetchone()
    assert (status, failures) == ("failed", 1) and error.startswith("timed out after 15 s") and due == clock.now + timedelta(minutes=5)
    # the killed child's run row is marked aborted by the next run
    from newsagg.pipelines.storage import runs
    killed = conn.execute("select id from crawl_runs where status = 'running'").fetchone()[0]
    runs.start_run(conn, ["isna.ir"], "manual")
    assert conn.execute("select status from crawl_runs where id = %s", (killed,)).fetchone()[0] == "aborted"
