"""One worker pool per crawl process, and workers that die with their parent.

Before: a crawl of the demo's 11 outlets started 11 hazm workers of ~270 MB each, and after
`kill -9` of the crawl they lived on as orphans."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from newsagg.crawler.replay import SNAPSHOT, Snapshot
from tests.conftest import ROOT


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def workers_of(pid: int) -> list[int]:
    """The crawl's pool workers (spawned interpreters running multiprocessing's spawn_main)."""
    out = []
    for child in children(pid):
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                out.append(child)
        except OSError:
            pass
    return out


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_crawl_of_many_outlets_has_one_worker_and_it_dies_with_the_crawl(db_url, tmp_path):
    outlets = Snapshot(SNAPSHOT).outlets
    crawl = subprocess.Popen([sys.executable, "-m", "newsagg.cli", "--database-url", db_url, "crawl", *outlets,
                              "--replay", str(SNAPSHOT)], cwd=ROOT, env={**os.environ, "NEWSAGG_DATA": str(tmp_path)},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        seen: list[int] = []
        while time.monotonic() < deadline and not seen:
            seen = workers_of(crawl.pid)
            time.sleep(0.1)
        assert seen, "the crawl started no worker"
        time.sleep(1.0)  # every spider has opened by now: still one pool
        assert len(workers_of(crawl.pid)) == 1, f"{len(outlets)} outlets, workers: {workers_of(crawl.pid)}"
        crawl.send_signal(signal.SIGKILL)
        crawl.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(alive(w) for w in seen):
            time.sleep(0.2)
        assert not [w for w in seen if alive(w)], "workers outlived their killed parent"
    finally:
        if crawl.poll() is None:
            crawl.kill()
