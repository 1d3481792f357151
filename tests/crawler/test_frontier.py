"""Several crawl processes sharing one Redis frontier (crawler/frontier.py), each a real Scrapy crawl
in a child process against the local replay, all writing to one PostgreSQL schema. Redis runs at
127.0.0.1:6379 here and in CI; each test uses its own key prefix and removes it afterwards."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid

import pytest

from bench.frontier import build_site, clear_frontier, finished, start_crawl
from newsagg.crawler.replay import ReplayServer
from tests.conftest import ROOT, newsagg
from tests.helpers import slow_articles

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
def frontier():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {REDIS}")
    prefix = f"test{uuid.uuid4().hex[:10]}"
    yield prefix
    clear_frontier(REDIS, prefix)


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    groups = build_site(root, 120)  # 120 Varzesh3 stories, 24 reposted by Aran News, 12 of those by Nabz-e Bazar too
    return root, groups


def _assert_stored_once_and_unsplit(conn, server, groups):
    articles = {u for g in groups.values() for u in g}
    stored = conn.execute("select url, count(*) over (partition by url) from articles").fetchall()
    assert {u for u, _ in stored} == articles and all(n == 1 for _, n in stored)
    cluster = dict(conn.execute("select a.url, m.cluster_id from articles a join cluster_members m on m.article_id = a.id").fetchall())
    split = {story: urls for story, urls in groups.items() if len({cluster[u] for u in urls}) != 1}
    assert not split


def test_three_processes_on_one_frontier_fetch_every_page_once_and_store_every_article_once(frontier, site, db_url, conn, tmp_path):
    root, groups = site
    slow_articles(root, 1.5)  # in flight long enough for every process to take some: none can finish alone
    with ReplayServer(root) as server:
        procs = [start_crawl(server.url, db_url, REDIS, frontier, str(tmp_path)) for _ in range(3)]
        results = [finished(p) for p in procs]
        hits = dict(server.hits)
    pages = {u for u in hits if not u.endswith("/robots.txt")}
    assert pages == {p["url"] for p in server.snapshot.pages.values() if not p["url"].endswith("/robots.txt")}
    assert {u: n for u, n in hits.items() if u in pages and n != 1} == {}
    fetched = [sum(s.get("downloader/response_count", 0) for s in r.values()) for r in results]
    assert sum(1 for n in fetched if n > 0) >= 2, f"the work was not shared: {fetched}"
    _assert_stored_once_and_unsplit(conn, server, groups)
    import redis

    assert not list(redis.Redis.from_url(REDIS).scan_iter(f"{frontier}:*"))  # the last one out left nothing (the `seq` counters stayed)


def test_a_process_killed_mid_crawl_loses_nothing_the_others_do_not_finish(frontier, site, db_url, conn, tmp_path):
    import redis

    root, groups = site
    slow_articles(root, 1.5)  # the victim is killed while it certainly holds a lease
    server_redis = redis.Redis.from_url(REDIS)
    lease = ("NEWSAGG_FRONTIER_LEASE=3",)
    with ReplayServer(root) as server:
        victim = start_crawl(server.url, db_url, REDIS, frontier, str(tmp_path), lease)
        others = [start_crawl(server.url, db_url, REDIS, frontier, str(tmp_path), lease) for _ in range(2)]
        deadline = time.monotonic() + 120
        owner = f":{victim.pid}:".encode()
        # an article page's lease (answered after 1.5 s), not a feed's the victim may release before the kill
        while not any(owner in v and (b"/news/" in m or b"/2026/11/" in m) for key in server_redis.scan_iter(f"{frontier}:*:leases")
                      for m, v in server_redis.hgetall(key).items()):
            assert time.monotonic() < deadline and victim.poll() is None, "the victim never held a request"
            time.sleep(0.02)
        victim.kill()  # SIGKILL: no shutdown, its leases stay in Redis until its heartbeat expires
        victim.wait()
        results = [finished(p) for p in others]
        hits = dict(server.hits)
    assert sum(s.get("newsagg/frontier/reclaimed", 0) for r in results for s in r.values()) >= 1
    assert all(hits.get(p["url"]) for p in server.snapshot.pages.values())
    _assert_stored_once_and_unsplit(conn, server, groups)


def _archive(root):
    """Donya-e-Eqtesad (generic layout, sitemaps only) with a sitemap per year, 2019 to 2023, three
    articles each (assembled from the bench corpus's real paragraphs)."""
    from datetime import UTC, datetime

    from bench.corpus import articles
    from newsagg.demo.templates import generic, sitemap

    home = "https://donya-e-eqtesad.com"
    stories = iter(a for a in articles(40, seed=11) if "isna.ir" in a["url"])
    pages, index, by_year = [], [], {}
    for year in range(2019, 2024):
        items = []
        for k in range(3):
            a = next(stories)
            page = {"url": f"{home}/news/{year}{k:03d}", "published": datetime(year, 6, 1 + k, tzinfo=UTC), "title": a["title"],
                    "lead": a["body"][:120], "body": a["body"].split("\n"), "site": "دنیای اقتصاد"}
            (root / f"a{year}{k}.html").write_text(generic(page), encoding="utf-8")
            pages.append({"url": page["url"], "file": f"a{year}{k}.html", "content_type": "text/html; charset=utf-8"})
            items.append(page)
        (root / f"s{year}.xml").write_text(sitemap(items), encoding="utf-8")
        pages.append({"url": f"{home}/sitemap/{year}/sitemap.xml", "file": f"s{year}.xml", "content_type": "application/xml"})
        index.append(f"<sitemap><loc>{home}/sitemap/{year}/sitemap.xml</loc></sitemap>")
        by_year[year] = [i["url"] for i in items]
    (root / "index.xml").write_text('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                    + "".join(index) + "</sitemapindex>", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    pages += [{"url": f"{home}/sitemap.xml", "file": "index.xml", "content_type": "application/xml"},
              {"url": f"{home}/robots.txt", "file": "robots.txt", "content_type": "text/plain"}]
    (root / "manifest.json").write_text(json.dumps({"outlets": ["donya-e-eqtesad.com"], "pages": pages}), encoding="utf-8")
    return by_year


def test_backfill_queues_the_archive_since_a_year_and_the_crawl_processes_fetch_it(frontier, db_url, conn, tmp_path):
    root = tmp_path / "archive"
    root.mkdir()
    by_year = _archive(root)
    env = {"NEWSAGG_DATA": str(tmp_path / "data")}
    done = newsagg("--database-url", db_url, "backfill", "donya-e-eqtesad.com", "--since", "2022", "--frontier", REDIS,
                   "--prefix", frontier, "--replay", str(root), env=env)
    assert "6 article pages queued from 3 sitemaps since 2022" in " ".join(done.stdout.split())
    assert conn.execute("select count(*) from articles").fetchone()[0] == 0  # queued, not fetched
    again = newsagg("--database-url", db_url, "backfill", "donya-e-eqtesad.com", "--since", "2022", "--frontier", REDIS,
                    "--prefix", frontier, "--replay", str(root), env=env)
    assert "0 article pages queued from 3 sitemaps since 2022 (6 already queued" in " ".join(again.stdout.split())

    with ReplayServer(root) as server:
        results = finished(start_crawl(server.url, db_url, REDIS, frontier, str(tmp_path), spiders=["donya_e_eqtesad"]))
        hits = dict(server.hits)
    stored = {u for (u,) in conn.execute("select url from articles")}
    assert stored == {*by_year[2022], *by_year[2023]}
    # the crawl process did not walk the archive again: the index and the sitemaps were the backfill's
    assert not {u for u in hits if "sitemap" in u}, hits
    assert results["donya_e_eqtesad"]["downloader/response_count"] == 6 + 1  # the articles and robots.txt


def test_backfill_does_not_queue_a_page_the_database_refused_before(frontier, db_url, tmp_path):
    """Measured before: the walk queued the refused page again (a crawl skips it as `dead_letter`)."""
    from newsagg.article import Article
    from newsagg.pipelines.storage.deadletter import DeadLetters
    root = tmp_path / "archive"
    root.mkdir()
    refused = _archive(root)[2023][1]
    DeadLetters(tmp_path / "data" / "spool" / "dead.jsonl").put(Article(url=refused, outlet="donya-e-eqtesad.com"),
                                                                 ValueError("refused"))
    done = newsagg("--database-url", db_url, "backfill", "donya-e-eqtesad.com", "--since", "2023", "--frontier", REDIS,
                   "--prefix", frontier, "--replay", str(root), env={"NEWSAGG_DATA": str(tmp_path / "data")})
    assert "2 article pages queued from 2 sitemaps since 2023" in " ".join(done.stdout.split())
    assert "1 refused by the database before" in " ".join(done.stdout.split())


def test_a_request_is_marked_seen_and_queued_in_one_step(frontier):
    """scrapy-redis marks a request seen, then queues it, in two calls: a process killed between them
    left its fingerprint filtered and the request in no queue (the killed-process test failed so under
    a loaded suite). The queue's push does both in one Lua script."""
    import redis
    from scrapy import Request, Spider
    from scrapy_redis.dupefilter import RFPDupeFilter

    from newsagg.crawler.frontier_redis import LeasedQueue

    server = redis.Redis.from_url(REDIS)
    queue = LeasedQueue(server, Spider("t"), f"{frontier}:t:requests")
    seen = RFPDupeFilter(server, f"{frontier}:t:dupefilter")
    request = Request("https://www.isna.ir/news/1")
    fingerprint = seen.request_fingerprint(request)
    assert queue.push(request, seen.key, fingerprint) and len(queue) == 1 and seen.request_seen(request)
    assert not queue.push(request, seen.key, fingerprint) and len(queue) == 1  # seen: not queued again
    assert queue.push(request) and len(queue) == 2  # dont_filter: no fingerprint, always queued


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server of the test's own on a free port (the machine's stays up), and a way to stop and
    restart it: (url, stop, start)."""
    import shutil
    import socket

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("no redis-server binary to start and stop")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server: list[subprocess.Popen] = []

    def start() -> None:
        import redis

        server.append(subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
                                        "--dir", str(tmp_path)], stdout=subprocess.DEVNULL))
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=port).ping()
                return
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def stop() -> None:
        server[-1].terminate()
        server[-1].wait(10)

    start()
    yield f"redis://127.0.0.1:{port}/0", stop, start
    for proc in server:
        if proc.poll() is None:
            proc.kill()


def _crawl_through(outage, url, db_url, conn, tmp_path, spiders, env=None):
    """`newsagg crawl SPIDERS --frontier URL` over 40 slowed stories; `outage()` once 5 articles are stored.
    Returns the finished process, its stderr and the stories' URLs."""
    root = tmp_path / "site"
    root.mkdir()
    groups = build_site(root, 40)
    slow_articles(root, 0.5)
    crawl = subprocess.Popen([sys.executable, "-m", "newsagg.cli", "--database-url", db_url, "crawl", *spiders, "--replay", str(root),
                              "--frontier", url], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "NEWSAGG_DATA": str(tmp_path / "data"), **(env or {})})
    try:
        deadline = time.monotonic() + 60
        while conn.execute("select count(*) from articles").fetchone()[0] < 5:
            assert time.monotonic() < deadline and crawl.poll() is None, crawl.communicate()[1][-3000:]
            time.sleep(0.1)
        outage()
        _, err = crawl.communicate(timeout=120)
    finally:
        if crawl.poll() is None:
            crawl.kill()
    return crawl, err, groups


def test_redis_away_for_seconds_mid_crawl_loses_no_article(own_redis, db_url, conn, tmp_path):
    """Measured before: an 8-s outage dropped 14 of 120 articles, fetched and then lost with an error
    only `-v` showed (the storage pipeline's end-of-crawl test asked Redis), and the run said 0 errors."""
    url, stop, start = own_redis

    def outage() -> None:
        stop()
        time.sleep(4)
        start()

    crawl, err, groups = _crawl_through(outage, url, db_url, conn, tmp_path, ["varzesh3", "arannews", "nabzebazar"])
    assert crawl.returncode == 0, err[-3000:]
    stored = conn.execute("select url, count(*) over (partition by url) from articles").fetchall()
    assert {u for u, _ in stored} == {u for g in groups.values() for u in g} and all(n == 1 for _, n in stored)
    assert "Traceback" not in err and err.count("frontier: Redis does not answer") == 1, err[-3000:]
    assert "frontier: Redis answers again" in err


def test_redis_gone_for_good_closes_the_crawl_with_one_line_and_keeps_what_it_fetched(own_redis, db_url, conn, tmp_path):
    """Measured before: the crawl never ended and printed a 25-line traceback a second (4,528 lines in 100 s)."""
    url, stop, _ = own_redis
    crawl, err, _ = _crawl_through(stop, url, db_url, conn, tmp_path, ["varzesh3"], {"NEWSAGG_FRONTIER_GIVE_UP": "3"})
    assert crawl.returncode == 2 and "Traceback" not in err, err[-3000:]
    assert len(err.splitlines()) < 10, err
    assert "error: the frontier at " + url + " stopped answering" in " ".join(err.split())
    stored = conn.execute("select count(*) from articles").fetchone()[0]
    assert stored >= 5 and conn.execute("select status from crawl_runs").fetchone()[0] == "failed"


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/abc", "redis:///", "", "redis://127.0.0.1:6390/0"])
def test_a_frontier_url_that_is_no_redis_server_or_does_not_answer_is_one_line_before_anything_runs(url, db_url, conn, tmp_path):
    """Measured before: `/abc` and `redis:///` crawled on database 0 of localhost (redis-py ignores a
    database that is not a number) and an empty URL crawled with no frontier, each exit 0."""
    done = newsagg("--database-url", db_url, "crawl", "varzesh3", "--replay", str(tmp_path / "none"), "--frontier", url,
                   env={"NEWSAGG_DATA": str(tmp_path / "data")}, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith("error: the frontier" if "6390" not in url else "error: cannot reach the frontier at")
    assert conn.execute("select count(*) from crawl_runs").fetchone()[0] == 0


def test_jobdir_with_a_frontier_is_refused_before_the_jobdir_is_made_or_a_run_recorded(db_url, conn, tmp_path):
    """Measured before: the folder was made and a `failed` run recorded before the refusal."""
    done = newsagg("--database-url", db_url, "crawl", "varzesh3", "--jobdir", str(tmp_path / "job"), "--frontier", REDIS,
                   env={"NEWSAGG_DATA": str(tmp_path / "data")}, check=False)
    assert done.returncode == 2 and done.stderr.startswith("error: --jobdir and a frontier (--frontier or NEWSAGG_FRONTIER) exclude each other"), done.stderr
    assert not (tmp_path / "job").exists() and conn.execute("select count(*) from crawl_runs").fetchone()[0] == 0


def test_a_crawl_that_finds_its_outlet_done_by_others_raises_no_unreachable_alert(frontier, db_url, conn, tmp_path):
    """On a shared frontier a process may get no page of an outlet: the others took them, or a backfill
    left its sitemaps seen. Measured before: `UNREACHABLE? … fetched 0 pages`, stored as the run's alert."""
    root = tmp_path / "archive"
    root.mkdir()
    _archive(root)
    walk = ("--database-url", db_url, "backfill", "donya-e-eqtesad.com", "--since", "2022", "--frontier", REDIS, "--prefix", frontier,
            "--replay", str(root))
    env = {"NEWSAGG_DATA": str(tmp_path / "data")}
    newsagg(*walk, env=env)
    with ReplayServer(root) as server:
        finished(start_crawl(server.url, db_url, REDIS, frontier, str(tmp_path), spiders=["donya_e_eqtesad"]))
        assert "6 already stored" in " ".join(newsagg(*walk, env=env).stdout.split())  # and its sitemaps are seen now
        again = finished(start_crawl(server.url, db_url, REDIS, frontier, str(tmp_path), spiders=["donya_e_eqtesad"]))
    stats = again["donya_e_eqtesad"]
    assert stats["finish_reason"] == "finished" and not stats.get("downloader/response_count")
    assert "newsagg/alerts/donya-e-eqtesad.com" not in stats
    assert conn.execute("select alerts from crawl_run_outlets order by run_id desc limit 1").fetchone()[0] == []


def test_crawl_takes_its_frontier_from_the_environment_as_backfill_does(db_url, conn, tmp_path):
    """Measured before: `NEWSAGG_FRONTIER=… newsagg crawl` crawled alone, while backfill used it."""
    done = newsagg("--database-url", db_url, "crawl", "varzesh3", env={"NEWSAGG_DATA": str(tmp_path / "data"),
                                                                      "NEWSAGG_FRONTIER": "redis://127.0.0.1:6390/0"}, check=False)
    assert done.returncode == 2 and done.stderr.startswith("error: cannot reach the frontier at redis://127.0.0.1:6390/0"), done.stderr


def test_links_found_while_redis_is_away_are_queued_once_it_answers(own_redis):
    """Measured before: the feeds a crawl found in an outage at its start were dropped (`not_queued`), and
    once Redis was back the crawl ended `finished` with 0 pages."""
    import redis
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings
    from scrapy.statscollectors import MemoryStatsCollector
    from scrapy_redis.scheduler import Scheduler as RedisScheduler

    from newsagg.crawler.frontier import Frontier
    from newsagg.crawler.frontier_redis import Scheduler

    url, stop, start = own_redis
    settings = Settings({"NEWSAGG_FRONTIER": url, "NEWSAGG_FRONTIER_PREFIX": "late", "NEWSAGG_FRONTIER_GIVE_UP": 60})
    Frontier().update_settings(settings)
    crawler = Crawler(Spider, settings)  # not run: no reactor in this process, so no heartbeat loop either
    crawler.stats = MemoryStatsCollector(crawler)
    crawler.spider = Spider.from_crawler(crawler, name="outlet")
    scheduler = Scheduler.from_crawler(crawler)
    RedisScheduler.open(scheduler, crawler.spider)  # its queue and filter, without our heartbeat
    try:
        stop()
        feed = Request("https://www.varzesh3.com/rss/all", meta={"is_start_request": True}, dont_filter=True)
        assert scheduler.enqueue_request(feed) and scheduler.has_pending_requests()  # kept, not dropped
        start()
        scheduler.queue_late()  # what the heartbeat and the idle check do first
        assert not scheduler.unqueued and scheduler.next_request().url == feed.url  # queued once Redis answered
        assert scheduler.stats.get_value("newsagg/frontier/queued_late") == 1
    finally:
        redis.Redis.from_url(url).flushdb()


def test_a_feed_that_answers_500_on_a_frontier_is_retried_and_said_unreachable(own_redis, db_url, conn, tmp_path):
    """Measured before: the shared duplicate filter took the retry of a start request for a second fetch
    of it and dropped it: the feed was tried once, and the outlet lost without an alert."""
    url, _, _ = own_redis
    root = tmp_path / "site"
    root.mkdir()
    build_site(root, 10)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    for page in manifest["pages"]:
        if page["url"] == "https://arannews.com/feed/":
            page["status"] = 500
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    done = newsagg("--database-url", db_url, "crawl", "varzesh3", "arannews", "--replay", str(root), "--frontier", url,
                   env={"NEWSAGG_DATA": str(tmp_path / "data")}, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "UNREACHABLE? \u2068آران نیوز\u2069: fetched 0 pages" in done.stderr, done.stderr  # the name bidi-isolated
    assert "1 outlet unreachable" in " ".join(done.stdout.split()), done.stdout
    retried = conn.execute("select errors from crawl_run_outlets where outlet_id = 'arannews.com'").fetchone()[0]
    assert retried.get("retried_http_500") == 3, retried


def test_a_give_up_time_that_is_no_number_is_one_line_before_a_run_is_recorded(db_url, conn, tmp_path):
    done = newsagg("--database-url", db_url, "crawl", "varzesh3", "--frontier", REDIS,
                   env={"NEWSAGG_DATA": str(tmp_path / "data"), "NEWSAGG_FRONTIER_GIVE_UP": "abc"}, check=False)
    assert done.returncode == 2 and done.stderr.strip() == "error: NEWSAGG_FRONTIER_GIVE_UP='abc' is not a number of seconds (60 if unset)"
    assert conn.execute("select count(*) from crawl_runs").fetchone()[0] == 0
