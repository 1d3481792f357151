"""One worker pool per crawl process, and workers that die with their parent.

Before: a crawl of the demo's 11 outlets started 11 hazm workers of ~270 MB each, and after
`kill -9` of the crawl they lived on as orphans."""
import asyncio
import copy
import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from newsagg.article import Article
from newsagg.crawler.replay import SNAPSHOT, Snapshot
from newsagg.pipelines.process import ProcessConfig, Processor
from newsagg.pipelines.storage.articles import columns, content_hash
from newsagg.pipelines.workers import WorkerPool, _sent_back
from tests.conftest import ROOT
from tests.helpers import slow_articles


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
    snapshot = tmp_path / "snapshot"
    shutil.copytree(SNAPSHOT, snapshot)
    slow_articles(snapshot, 1.0)  # the crawl is still running when its last spider has opened
    outlets, log = Snapshot(snapshot).outlets, tmp_path / "crawl.log"
    with log.open("w") as err:
        crawl = subprocess.Popen([sys.executable, "-m", "newsagg.cli", "--database-url", db_url, "crawl", *outlets,
                                  "--replay", str(snapshot), "--verbose"], cwd=ROOT,
                                 env={**os.environ, "NEWSAGG_DATA": str(tmp_path)}, stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + 60
        # each spider's first LogStats line comes once its pipelines have opened, the pool's included (Scrapy's
        # "Spider opened" comes before them: counting those, 1 run in 6 looked before the worker had started)
        while (opened := log.read_text(encoding="utf-8").count("[scrapy.extensions.logstats]")) < len(outlets) and time.monotonic() < deadline:
            assert crawl.poll() is None, log.read_text(encoding="utf-8")[-3000:]
            time.sleep(0.1)
        assert opened >= len(outlets), f"{opened} of {len(outlets)} spiders opened in 60 s:\n{log.read_text(encoding='utf-8')[-3000:]}"
        seen = workers_of(crawl.pid)
        assert len(seen) == 1, f"{len(outlets)} outlets, workers: {seen}"
        crawl.send_signal(signal.SIGKILL)
        crawl.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(alive(w) for w in seen):
            time.sleep(0.2)
        assert not [w for w in seen if alive(w)], "workers outlived their killed parent"
    finally:
        if crawl.poll() is None:
            crawl.kill()


def fixture_articles() -> list[Article]:
    """The real outlet pages of tests/fixtures, as the spider hands them over: fields and page HTML."""
    out = []
    for path in sorted((ROOT / "tests" / "fixtures" / "outlets").glob("*/*.json")):
        fixture = json.loads(path.read_text(encoding="utf-8"))
        expected = fixture["expected"]
        if not isinstance(expected, dict):  # a listing or a video page: no article
            continue
        page = gzip.decompress(path.with_name(path.stem + ".html.gz").read_bytes()).decode("utf-8", "replace")
        out.append(Article(url=fixture["url"], outlet=path.parent.name, title=expected["title"], body=expected["body"],
                           kicker=expected.get("kicker"), lead=expected.get("lead"), page=page))
    return out


def through_pool(articles: list[Article], during=None) -> list:
    """Every article sent to a one-worker pool at once (so they go in batches); results or errors."""
    pool = WorkerPool(ProcessConfig(), 1)

    async def run() -> list:
        (worker,) = await pool.ready()
        sent = asyncio.gather(*(pool.process(a) for a in articles), return_exceptions=True)
        if during:
            await during(worker)
        return await asyncio.wait_for(sent, 60)

    try:
        return asyncio.run(run())
    finally:
        pool.shutdown()


def test_articles_processed_in_batches_equal_articles_processed_one_at_a_time():
    articles = fixture_articles() * 3  # 69 at once: a batch of one, then full batches while the worker is busy
    assert len(articles) > 2 * WorkerPool.BATCH
    one_at_a_time = [Processor(ProcessConfig())(copy.deepcopy(a)) for a in articles]
    assert through_pool(articles) == [_sent_back(copy.deepcopy(a)) for a in one_at_a_time]
    assert all(a.page is None and a.signature and a.extraction_agreement is not None for a in one_at_a_time)


def test_what_comes_back_from_the_worker_keeps_what_the_store_reads():
    """The dedup form's sentences and paragraphs stay in the worker; its key (normalized_text), the
    signature and the chain come back, so the stored row is the same."""
    article = fixture_articles()[0]
    processed = Processor(ProcessConfig())(copy.deepcopy(article))
    back = through_pool([article])[0]
    assert processed.normalized.sentences and processed.normalized.paragraphs
    assert back.normalized.key == processed.normalized.key and back.normalized.title == processed.normalized.title
    assert back.normalized.sentences == () and back.normalized.paragraphs == ()
    assert (back.signature, back.chain, back.title, back.body, back.lead) == \
        (processed.signature, processed.chain, processed.title, processed.body, processed.lead)
    digest = content_hash(processed)
    assert columns(back, digest) == columns(processed, digest)


def _loaded() -> tuple[bool, bool]:
    """In a worker: are hazm's normalizer and trafilatura loaded?"""
    from newsagg.pipelines.normalize import _display_normalizer

    return _display_normalizer.cache_info().currsize == 1, "trafilatura" in sys.modules


def test_a_ready_worker_has_loaded_hazm_and_trafilatura_before_its_first_article():
    # the warm-up once passed "" to display_text, which has no paragraph to normalize: hazm then
    # loaded on the first article (2-3 s of CPU inside the crawl, and the crawl bench's clock)
    pool = WorkerPool(ProcessConfig(), 1)

    async def run() -> tuple[bool, bool]:
        await pool.ready()
        return await pool.call(_loaded)

    try:
        assert asyncio.run(run()) == (True, True)
    finally:
        pool.shutdown()


def test_a_pool_of_two_is_ready_when_both_workers_have_started():
    pool = WorkerPool(ProcessConfig(), 2)
    try:
        started = asyncio.run(pool.ready())
        assert len(started) == 2 and started == {w.process.pid for w in pool.workers}
    finally:
        pool.shutdown()


def test_an_article_that_fails_in_the_worker_fails_alone():
    articles = fixture_articles()[:5]
    articles[2].body = None  # type: ignore[assignment]  # no body at all: the dedup form cannot be made
    results = through_pool(articles)
    assert isinstance(results[2], Exception)
    assert [r.url for i, r in enumerate(results) if i != 2] == [a.url for i, a in enumerate(articles) if i != 2]


def test_a_worker_killed_mid_batch_fails_its_articles_instead_of_hanging():
    async def kill(worker: int) -> None:
        await asyncio.sleep(0.2)  # batches of 32 articles (~0.2 s of CPU each) in the worker
        os.kill(worker, signal.SIGKILL)

    results = through_pool(fixture_articles() * 2, during=kill)
    assert any(isinstance(r, BrokenProcessPool) for r in results)
    assert all(isinstance(r, Article | BrokenProcessPool) for r in results)


def _bytes(n: int) -> bytes:
    return b"x" * n


def bytes_read() -> int:
    """Bytes this process has read so far (/proc/self/io): the pool's reader thread reads a message as it arrives."""
    found = re.search(rb"rchar: (\d+)", Path("/proc/self/io").read_bytes())
    assert found is not None
    return int(found[1])


def test_a_worker_killed_while_sending_its_results_fails_them_instead_of_stalling():
    # ProcessPoolExecutor waited for the rest of such a message forever: about half of the kill -9s
    # of a worker in a test crawl stalled the crawl
    pool = WorkerPool(ProcessConfig(), 1)
    size = 256 * 2**20  # long enough to send that the kill lands mid-message

    async def run() -> int:
        (pid,) = await pool.ready()
        before = bytes_read()
        answer = pool.call(_bytes, size)
        while (sent := bytes_read() - before) < 2**20:
            await asyncio.sleep(0.001)
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(BrokenProcessPool):
            await asyncio.wait_for(answer, 30)
        with pytest.raises(BrokenProcessPool):  # and the pool says so from then on
            await pool.call(_bytes, 1)
        return sent

    try:
        assert asyncio.run(run()) < size  # killed in the middle of the message
    finally:
        pool.shutdown()


def crawl_pages(db_url: str, tmp_path: Path, n: int, *settings: str) -> dict[str, int]:
    """`scrapy crawl varzesh3` of the crawl bench's n generated pages (bench/crawl.py) into the database;
    returns the crawl's second-opinion counters."""
    import re

    from bench.crawl import build_site
    from newsagg.crawler.replay import ReplayServer

    site = tmp_path / f"site{n}"
    site.mkdir()
    build_site(site, n)
    with ReplayServer(site) as server:
        done = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "varzesh3", "-L", "INFO", "-s", f"REPLAY_MIRROR={server.url}",
                               "-s", f"DATABASE_URL={db_url}", "-s", "AUTOTHROTTLE_ENABLED=0", *(a for s in settings for a in ("-s", s))],
                              cwd=ROOT, env={**os.environ, "NEWSAGG_DATA": str(tmp_path / "data")}, capture_output=True, text=True,
                              check=True, timeout=300)
    return {k: int(v) for k, v in re.findall(r"'newsagg/second_opinion_(\w+)/varzesh3.com': (\d+)", done.stderr)}


def scored_in_order(conn) -> list[bool]:
    """Whether each stored article got an agreement score, in the order the crawl handed them over."""
    return [a is not None for (a,) in conn.execute("select extraction_agreement from articles order by id")]


def test_a_saturated_crawl_scores_the_first_articles_of_the_outlet_then_one_in_ten_and_sheds_the_rest(db_url, conn, tmp_path):
    # no delay, 16 requests at once: the download runs ahead of the worker (the crawl bench's case)
    counts = crawl_pages(db_url, tmp_path, 200, "DOWNLOAD_DELAY=0", "CONCURRENT_REQUESTS_PER_DOMAIN=16")
    scored = scored_in_order(conn)
    assert len(scored) == 200 and counts["scored"] == sum(scored) and counts["shed"] == 200 - sum(scored) > 0
    assert all(scored[:20])  # the floor: the outlet's first 20, then never 10 in a row unscored
    assert all(any(scored[i:i + 10]) for i in range(20, 191))
    coverage = conn.execute("select coverage from crawl_run_outlets").fetchone()[0]
    assert coverage["second_opinion"] == round(sum(scored) / 200, 3)


def test_a_crawl_always_behind_scores_exactly_the_floor(db_url, conn, tmp_path):
    counts = crawl_pages(db_url, tmp_path, 60, "DOWNLOAD_DELAY=0", "NEWSAGG_SECOND_OPINION_BEHIND=-1")
    assert counts == {"scored": 24, "shed": 36}  # 20, then every tenth of the 40 others
    assert scored_in_order(conn) == [True] * 20 + ([False] * 9 + [True]) * 4


def test_always_scores_every_article_however_far_behind(db_url, conn, tmp_path):
    counts = crawl_pages(db_url, tmp_path, 40, "DOWNLOAD_DELAY=0", "NEWSAGG_SECOND_OPINION_BEHIND=-1", "NEWSAGG_SECOND_OPINION=always")
    assert counts == {"scored": 40} and scored_in_order(conn) == [True] * 40


def test_a_throttled_crawl_keeps_the_worker_idle_and_scores_every_article(db_url, conn, tmp_path):
    counts = crawl_pages(db_url, tmp_path, 40, "DOWNLOAD_DELAY=0.05", "CONCURRENT_REQUESTS_PER_DOMAIN=1")
    assert counts == {"scored": 40} and scored_in_order(conn) == [True] * 40
    assert "second_opinion" not in conn.execute("select coverage from crawl_run_outlets").fetchone()[0]


def test_a_pipeline_that_fell_behind_sheds_until_its_worker_has_been_idle_then_scores_again():
    from dataclasses import replace

    from newsagg.pipelines.agreement import Shedding
    from newsagg.pipelines.workers import ProcessPipeline

    pipeline = ProcessPipeline(ProcessConfig(), 1, Shedding(first=1, every=100, behind=1, release_s=0.5))
    articles = [replace(a, outlet="isna.ir") for a in fixture_articles()[:8]]  # one outlet: its floor is its first article

    async def run() -> list:
        await pipeline.open_spider()
        burst = await asyncio.gather(*(pipeline.process_item(a) for a in articles[:6]))  # 6 at once: behind from the third
        still = await pipeline.process_item(articles[6])  # the worker is idle now, but not yet for 0.5 s
        await asyncio.sleep(0.6)
        return [*burst, still, await pipeline.process_item(articles[7])]

    try:
        done = asyncio.run(run())
    finally:
        pipeline.close_spider()
    assert [a.extraction_agreement is not None for a in done] == [True, True, False, False, False, False, False, True]
