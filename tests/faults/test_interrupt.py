"""Ctrl-C during a real crawl of a 400-page local replay (the CLI in a child process, in its own
process group as a terminal's foreground job): sent to the group as a terminal does, or to the crawl
process alone. Measured before: workers killed by KeyboardInterrupt (53 pages neither stored, spooled
nor counted), runs recorded `finished` (196 pages never fetched) or `failed` with `pages 0` though 127
articles were stored, and a crawl that hung until kill -9."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers import slow_articles

sys.path.insert(0, str(ROOT / "demo"))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from bench.crawl import build_site

    root = tmp_path_factory.mktemp("site400")
    build_site(root, 400)
    # 150 ms a page, 16 at a time: a crawl of about 4 s, so the Ctrl-C lands mid-crawl (with the replay's connections
    # no longer dropped, crawler/replay.py, the crawl ended within the signals' half second)
    slow_articles(root, 0.15)
    return root


def group(pid: int) -> list[int]:
    """The live processes of the crawl's group (its workers, the resource tracker); zombies are not alive."""
    alive = []
    for pid_ in subprocess.run(["pgrep", "-g", str(pid)], capture_output=True, text=True).stdout.split():
        try:
            state = Path(f"/proc/{pid_}/stat").read_text().split(")")[-1].split()[0]
        except FileNotFoundError:
            continue
        if state != "Z":
            alive.append(int(pid_))
    return alive


@dataclass
class Ended:
    returncode: int
    out: str
    err: str
    left: list[int]  # processes of its group still alive a second after it exited


def interrupted_crawl(db_url: str, conn, site: Path, data: Path, signals: list[tuple[float, bool]]) -> Ended:
    """Crawl; once the first article is stored, send each (delay, to_group) SIGINT."""
    env = {**os.environ, "NEWSAGG_DATA": str(data)}
    crawl = subprocess.Popen([sys.executable, "-m", "newsagg.cli", "--database-url", db_url, "crawl", "--replay", str(site)],
                             env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and crawl.poll() is None:
        if conn.execute("select to_regclass('articles') is not null and exists (select from articles)").fetchone()[0]:
            break
        time.sleep(0.05)
    for delay, to_group in signals:
        time.sleep(delay)
        (os.killpg if to_group else os.kill)(crawl.pid, signal.SIGINT)
    try:
        out, err = crawl.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(crawl.pid, signal.SIGKILL)
        pytest.fail("the crawl hung after Ctrl-C")
    time.sleep(1)  # the workers and the resource tracker see their parent gone
    return Ended(crawl.returncode, out, err, group(crawl.pid))


def spooled(data: Path) -> int:
    path = data / "spool" / "pending.jsonl"
    return len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0


def record(conn) -> tuple[str, int, int, dict]:
    return conn.execute("select r.status, o.pages, o.new, o.errors from crawl_runs r join crawl_run_outlets o on o.run_id = r.id"
                        " order by r.id desc limit 1").fetchone()


@pytest.mark.parametrize("to_group", [True, False], ids=["process-group", "main-process"])
def test_one_ctrl_c_finishes_what_was_fetched_records_interrupted_and_exits_130(db_url, conn, site, tmp_path, to_group):
    crawl = interrupted_crawl(db_url, conn, site, tmp_path / "data", [(0.0, to_group)])
    status, pages, new, errors = record(conn)
    stored = conn.execute("select count(*) from articles").fetchone()[0]
    assert (crawl.returncode, status, crawl.left) == (130, "interrupted", []), crawl.err[-2000:]
    assert "Traceback" not in crawl.err and "KeyboardInterrupt" not in crawl.err
    assert "run 1 interrupted" in crawl.out
    # every article page fetched (pages less the feed) was stored, and the record says so
    assert not errors and stored == new == pages - 1 and spooled(tmp_path / "data") == 0
    assert stored > 0
    # the next run picks up the rest
    done = subprocess.run([sys.executable, "-m", "newsagg.cli", "--database-url", db_url, "crawl", "--replay", str(site)],
                          env={**os.environ, "NEWSAGG_DATA": str(tmp_path / "data")}, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and conn.execute("select count(*) from articles").fetchone()[0] == 400


def test_a_second_ctrl_c_stops_at_once_spools_what_was_not_written_and_never_hangs(db_url, conn, site, tmp_path):
    crawl = interrupted_crawl(db_url, conn, site, tmp_path / "data", [(0.5, True), (0.05, True)])
    status, pages, new, errors = record(conn)
    stored = conn.execute("select count(*) from articles").fetchone()[0]
    assert (crawl.returncode, status, crawl.left) == (130, "interrupted", []), crawl.err[-2000:]
    assert "Traceback" not in crawl.err
    # the record is true: stored and spooled are what it counts; at most the pages Scrapy had not parsed yet are
    # neither (the next run fetches them)
    assert stored == new and spooled(tmp_path / "data") == errors.get("spooled_interrupted", 0)
    assert stored + spooled(tmp_path / "data") <= pages - 1
    # the next run writes the spool and fetches the rest: every page stored once
    done = subprocess.run([sys.executable, "-m", "newsagg.cli", "--database-url", db_url, "crawl", "--replay", str(site)],
                          env={**os.environ, "NEWSAGG_DATA": str(tmp_path / "data")}, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and conn.execute("select count(*) from articles").fetchone()[0] == 400
    assert spooled(tmp_path / "data") == 0


@pytest.mark.embedded
def test_the_embedded_database_stopped_mid_crawl_ends_with_the_summary_one_line_and_exit_1(site, tmp_path):
    """Measured before: `psycopg.errors.AdminShutdown` in runs.finish_run, a traceback, exit 1, no summary."""
    env = {**os.environ, "NEWSAGG_DATA": str(tmp_path / "data"), "DATABASE_URL": ""}
    cli = [sys.executable, "-m", "newsagg.cli"]
    try:
        subprocess.run([*cli, "status"], env=env, cwd=ROOT, check=True, capture_output=True, timeout=120)  # the server is up
        crawl = subprocess.Popen([*cli, "crawl", "--replay", str(site)], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        while crawl.poll() is None and len(group_children(crawl.pid)) < 2:  # a worker and the resource tracker: it crawls
            time.sleep(0.1)
        time.sleep(1.5)
        subprocess.run([*cli, "stop-db"], env=env, cwd=ROOT, check=True, capture_output=True, timeout=60)
        out, err = crawl.communicate(timeout=120)
        held = spooled(tmp_path / "data")
        assert crawl.returncode == 1 and "Traceback" not in err, err[-2000:]
        assert "run 1 finished" in out and "could not be written" in err and f"the spool holds {held} articles" in err
        assert held > 0
        # the next crawl writes the spool: every page stored once
        subprocess.run([*cli, "crawl", "--replay", str(site)], env=env, cwd=ROOT, check=True, capture_output=True, timeout=300)
        status = json.loads(subprocess.run([*cli, "status", "--json"], env=env, cwd=ROOT, check=True, capture_output=True,
                                           text=True, timeout=120).stdout)
        assert status["articles"] == 400 and status["spooled_items"] == 0
        assert [r["status"] for r in status["recent_runs"][:2]] == ["finished", "aborted"]
    finally:
        subprocess.run([*cli, "stop-db"], env=env, cwd=ROOT, capture_output=True, timeout=60)


def group_children(pid: int) -> list[str]:
    return subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
