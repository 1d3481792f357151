"""Real Scrapy crawls (child processes) of a replay served over HTTP on 127.0.0.1, into PostgreSQL."""
import csv
import gzip
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime

import pytest

from newsagg.config import load_registry
from newsagg.crawler.replay import SNAPSHOT, ReplayServer
from newsagg.pipelines.storage.migrate import migrations
from tests.conftest import ROOT, newsagg

DEMO_OUTLETS = json.loads((SNAPSHOT / "manifest.json").read_text(encoding="utf-8"))["outlets"]


@pytest.fixture
def data_env(tmp_path):
    return {"NEWSAGG_DATA": str(tmp_path / "data")}


def crawl(db_url, env, *outlets, replay=SNAPSHOT):
    return newsagg("--database-url", db_url, "crawl", *outlets, "--replay", str(replay), env=env)


def test_the_demo_replay_clusters_the_seed_story_and_a_second_run_stores_nothing(db_url, data_env, conn):
    crawl(db_url, data_env, *DEMO_OUTLETS)
    articles = conn.execute("select count(*) from articles").fetchone()[0]
    assert articles == 18
    seed = conn.execute("select cluster_id, chain from cluster_member_chains where outlet_id = 'arannews.com'").fetchone()
    assert seed[1] == ["arannews.com", "nabzebazar.com", "isna.ir"]
    members = dict(conn.execute("select outlet_id, uncredited from cluster_member_chains where cluster_id = %s", (seed[0],)).fetchall())
    assert members == {"isna.ir": False, "nabzebazar.com": False, "arannews.com": False, "tabnak.ir": True}
    assert conn.execute("select origin from cluster_overview where cluster_id = %s", (seed[0],)).fetchone()[0] == "isna.ir"
    two_days = conn.execute("select count(distinct cluster_id) from cluster_member_chains where title like 'قیمت دلار امروز%%'").fetchone()[0]
    assert two_days == 2  # templated daily reports stay apart

    crawl(db_url, data_env, *DEMO_OUTLETS)
    assert conn.execute("select count(*) from articles").fetchone()[0] == articles
    second = conn.execute("select sum(new), sum(updated), sum((skipped->>'already_stored')::int) from crawl_run_outlets"
                          " where run_id = (select max(id) from crawl_runs)").fetchone()
    assert second[0] == 0 and second[1] == 0 and second[2] >= articles


def _small_snapshot(tmp_path):
    """ISNA only: a real page, a real page without any date, one that robots.txt forbids, a malformed
    one, one the snapshot lacks and a gallery link; the feed gives no dates."""
    root = tmp_path / "snap"
    shutil.copytree(SNAPSHOT, root)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    real = next(p for p in manifest["pages"] if p["source"].startswith("real capture: shared/pages/www.isna.ir"))
    undated = next(p for p in manifest["pages"] if p["source"].startswith("real capture: shared/pages/www.varzesh3"))
    links = (real["url"], "https://www.isna.ir/news/5555/undated", "https://www.isna.ir/news/1111/forbidden",
             "https://www.isna.ir/news/2222/broken", "https://www.isna.ir/news/3333/missing", "https://www.isna.ir/photo/4444/gallery")
    extra = {
        "https://www.isna.ir/robots.txt": ("User-agent: *\nDisallow: /news/1111\n", "text/plain"),
        "https://www.isna.ir/news/1111/forbidden": ("<html><title>no</title><p>forbidden</p></html>", "text/html"),
        "https://www.isna.ir/news/2222/broken": ("<html><div><p>\xff\xfe broken", "text/html"),
        "https://www.isna.ir/sitemap.xml": ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>', "application/xml"),
        "https://www.isna.ir/rss": ("<?xml version='1.0'?><rss><channel>" + "".join(
            f"<item><title>t</title><link>{u}</link></item>" for u in links) + "</channel></rss>", "application/rss+xml"),
    }
    manifest["pages"].append({**undated, "url": links[1]})
    _serve(root, manifest, extra)
    return root


def _serve(root, manifest: dict, pages: dict[str, tuple[str, str]]) -> None:
    """Serve each url's (body, content type) from the snapshot at `root`, in place of what it served."""
    served = {p["url"]: p for p in manifest["pages"]}
    for i, (url, (body, ctype)) in enumerate(pages.items()):
        (root / f"page{i}").write_text(body, encoding="utf-8")
        served[url] = {"url": url, "file": f"page{i}", "content_type": ctype}
    manifest["pages"] = list(served.values())
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_robots_bad_pages_missing_pages_and_coverage_are_counted(db_url, data_env, conn, tmp_path):
    done = crawl(db_url, data_env, "isna", replay=_small_snapshot(tmp_path))
    assert "LAYOUT CHANGE? \u2068ایسنا\u2069: published on 50% of 2 articles" in " ".join(done.stderr.split())
    stored = dict(conn.execute("select url, missing from articles").fetchall())
    assert len(stored) == 2 and stored["https://www.isna.ir/news/5555/undated"] == ["published", "authors"]
    pages, new, skipped, errors, coverage, alerts = conn.execute(
        "select pages, new, skipped, errors, coverage, alerts from crawl_run_outlets").fetchone()
    assert new == 2 and coverage == {"title": 1.0, "body": 1.0, "published": 0.5} and len(alerts) == 1
    assert skipped["robots_txt"] == 1            # robots.txt obeyed
    assert skipped["not_article_url"] == 1       # the gallery link
    assert skipped["no_title"] == 1              # the malformed page, skipped with its reason
    assert errors["http_404"] == 1               # the page the snapshot lacks


def test_notices_are_no_errors_and_random_bytes_are_refused_as_bad_encoding_once(db_url, data_env, conn, tmp_path):
    """ISNA without robots.txt (a 404: the site allows everything), a real page served in windows-1256
    labelled UTF-8 (read right: a notice), and 5,000 random bytes as text/html (refused as bad_encoding,
    not "read as cp1256" and then skipped as no_title). Errors: pages lost, none here."""
    import random

    from newsagg import stats
    from newsagg.crawler.replay import fixture_html

    root = tmp_path / "snap"
    shutil.copytree(SNAPSHOT, root)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    real = next(p for p in manifest["pages"] if p["source"].startswith("real capture: shared/pages/www.isna.ir"))
    html = fixture_html(real["fixture"]).decode("utf-8")
    pages = {"https://www.isna.ir/news/98030900001/cp1256": (html.replace("ی", "ي").replace("ک", "ك").encode("cp1256", "replace"), "text/html; charset=utf-8"),
             "https://www.isna.ir/news/98030900002/noise": (random.Random(7).randbytes(5000), "text/html")}
    rss = "<?xml version='1.0'?><rss><channel>" + "".join(f"<item><title>t</title><link>{u}</link></item>" for u in pages) + "</channel></rss>"
    pages["https://www.isna.ir/rss"] = (rss.encode("utf-8"), "application/rss+xml")
    served = {p["url"]: p for p in manifest["pages"] if p["url"] != "https://www.isna.ir/robots.txt"}
    for i, (url, (body, ctype)) in enumerate(pages.items()):
        (root / f"bytes{i}").write_bytes(body)
        served[url] = {"url": url, "file": f"bytes{i}", "content_type": ctype}
    (root / "manifest.json").write_text(json.dumps({**manifest, "pages": list(served.values())}), encoding="utf-8")

    crawl(db_url, data_env, "isna", replay=root)
    skipped, errors = conn.execute("select skipped, errors from crawl_run_outlets").fetchone()
    assert skipped["bad_encoding"] == 1 and "no_title" not in skipped
    assert errors == {"charset_mislabelled_cp1256": 1} and stats.lost(errors) == 0  # no http_404: robots.txt missing is normal
    titles = [t for (t,) in conn.execute("select title from articles where url like '%%/cp1256'")]
    assert titles == ["کارشناسی داوری دیدار سپاهان و پرسپولیس از زبان عسگری"]


def test_scrapy_list_names_every_outlet():
    out = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert sorted(out) == sorted(o.spider_name for o in load_registry().crawled)
    assert {"isna", "arannews", "nabzebazar"} <= set(out) and len(out) >= 15


def test_scrapy_crawl_isna_runs_the_whole_pipeline(db_url, data_env, conn):
    with ReplayServer(SNAPSHOT) as server:
        subprocess.run([sys.executable, "-m", "scrapy", "crawl", "isna", "-s", f"REPLAY_MIRROR={server.url}",
                        "-s", f"DATABASE_URL={db_url}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-L", "WARNING"],
                       cwd=ROOT, env={**os.environ, **data_env}, check=True, capture_output=True, timeout=120)
    assert conn.execute("select count(*) from articles where outlet_id = 'isna.ir'").fetchone()[0] == 2
    assert conn.execute("select trigger, status from crawl_runs").fetchall() == [("scrapy", "finished")]


def test_the_last_articles_of_a_crawl_are_written_without_waiting_for_the_batch_window(db_url, data_env, conn):
    """A batch window of a minute: the crawl's last batch closes when nothing else is on its way
    (pipelines/storage/pipeline.py), so the crawl does not wait out the window."""
    import time

    started = time.monotonic()
    with ReplayServer(SNAPSHOT) as server:
        subprocess.run([sys.executable, "-m", "scrapy", "crawl", "isna", "-s", f"REPLAY_MIRROR={server.url}",
                        "-s", f"DATABASE_URL={db_url}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
                        "-s", "NEWSAGG_WRITE_BATCH_MS=60000", "-L", "WARNING"],
                       cwd=ROOT, env={**os.environ, **data_env}, check=True, capture_output=True, timeout=120)
    assert time.monotonic() - started < 45
    assert conn.execute("select count(*) from articles where outlet_id = 'isna.ir'").fetchone()[0] == 2


def test_the_slot_holds_every_article_the_pool_and_the_writer_may_hold_at_a_real_page_size():
    # Scrapy starts no download while the responses whose items are still in the pipelines pass this size
    from bench.crawl import REAL_SIZE_KB
    from newsagg.crawler import settings
    from newsagg.pipelines.storage.pipeline import BATCH_SIZE
    from newsagg.pipelines.workers import WorkerPool

    held = WorkerPool.BATCH * 2 + 2 * BATCH_SIZE + settings.CONCURRENT_REQUESTS  # the default worker's pool, two batches, downloads
    assert settings.SCRAPER_SLOT_MAX_ACTIVE_SIZE >= held * REAL_SIZE_KB * 1024  # 296 pages of the real captures' middle size


def test_a_write_batch_fills_with_real_size_pages_instead_of_stalling_the_download(db_url, data_env, conn, tmp_path):
    """120 articles of 112-KB pages in one batch (a window of a minute): 13 MB of responses held at once. With
    Scrapy's default slot (5 MB) the download stopped at about 45 and the batch closed only at its window's end."""
    from bench.crawl import REAL_SIZE_KB, build_site

    site = tmp_path / "site"
    site.mkdir()
    build_site(site, 150, REAL_SIZE_KB)
    with ReplayServer(site) as server:
        subprocess.run([sys.executable, "-m", "scrapy", "crawl", "varzesh3", "-s", f"REPLAY_MIRROR={server.url}",
                        "-s", f"DATABASE_URL={db_url}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
                        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "NEWSAGG_WRITE_BATCH=120",
                        "-s", "NEWSAGG_WRITE_BATCH_MS=60000", "-L", "WARNING"],
                       cwd=ROOT, env={**os.environ, **data_env}, check=True, capture_output=True, timeout=240)
    # one write batch is one transaction: its rows share the inserting transaction's id
    batches = [n for (n,) in conn.execute("select count(*) from articles group by xmin::text order by min(id)")]
    assert batches == [120, 30]


def test_scrapy_crawl_o_writes_the_extracted_articles_of_a_replay(db_url, data_env, conn, tmp_path):
    """`scrapy crawl isna -O items.jsonl`, pointed at the replay as the README shows; NEWSAGG_REFETCH
    exports pages already stored too (a second run without it yields nothing: every page is skipped)."""
    out = tmp_path / "items.jsonl"
    for refetch in ("0", "1"):
        with ReplayServer(SNAPSHOT) as server:
            subprocess.run([sys.executable, "-m", "scrapy", "crawl", "isna", "-s", f"REPLAY_MIRROR={server.url}", "-s", f"DATABASE_URL={db_url}",
                            "-s", "AUTOTHROTTLE_ENABLED=0", "-s", f"NEWSAGG_REFETCH={refetch}", "-O", str(out), "-L", "WARNING"],
                           cwd=ROOT, env={**os.environ, **data_env}, check=True, capture_output=True, timeout=120)
        items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(items) == 2 and all(i["title"] and len(i["body"]) > 200 and i["published"].startswith("20") for i in items)
        assert {i["saved"] for i in items} == ({"new"} if refetch == "0" else {"unchanged"})
        putin = next(i for i in items if "پوتین" in i["title"])
        assert putin["chain"]["hops"][0]["source"] == "isna.ir" and putin["outlet"] == "isna.ir"
        assert "signature" not in putin and "normalized" not in putin


def test_a_crawl_without_its_database_spools_and_the_next_crawl_writes_it(db_url, data_env, conn, tmp_path):
    dead = "postgresql://postgres@127.0.0.1:1/none"
    with ReplayServer(SNAPSHOT) as server:
        subprocess.run([sys.executable, "-m", "scrapy", "crawl", "arannews", "-s", f"REPLAY_MIRROR={server.url}",
                        "-s", f"DATABASE_URL={dead}", "-s", "DOWNLOAD_DELAY=0", "-L", "ERROR"],
                       cwd=ROOT, env={**os.environ, **data_env}, check=True, capture_output=True, timeout=120)
    spool = tmp_path / "data" / "spool" / "pending.jsonl"
    assert spool.exists() and len(spool.read_text(encoding="utf-8").splitlines()) == 1
    crawl(db_url, data_env, "nabzebazar")  # any crawl that reaches the database writes the spool first
    assert not spool.exists()
    assert {o for (o,) in conn.execute("select outlet_id from articles")} == {"arannews.com", "nabzebazar.com"}


def test_cli_user_errors_are_one_line_and_exit_2(db_url, data_env):
    for args, needle in [(["crawl", "nosuchoutlet"], "unknown outlet"),
                         (["cluster", "424242"], "no cluster"),
                         (["dedup", "/no/such/file.jsonl"], "no such file")]:
        done = newsagg("--database-url", db_url, *args, env=data_env, check=False)
        assert done.returncode == 2 and needle in done.stderr and "Traceback" not in done.stderr, done.stderr
    done = newsagg("--database-url", "postgresql://postgres@127.0.0.1:1/none", "status", check=False)
    assert done.returncode == 2 and "cannot connect" in done.stderr and "Traceback" not in done.stderr


def test_cli_reads_exports_and_reviews(db_url, data_env, conn, tmp_path):
    crawl(db_url, data_env, "isna", "nabzebazar", "arannews", "tabnak")
    listed = json.loads(newsagg("--database-url", db_url, "clusters", "--json", "--min-size", "2", env=data_env).stdout)
    assert len(listed) == 1 and listed[0]["size"] == 4 and listed[0]["origin"] == "isna.ir"
    cid = listed[0]["cluster_id"]
    detail = json.loads(newsagg("--database-url", db_url, "cluster", str(cid), "--json", env=data_env).stdout)
    tabnak = next(m for m in detail["members"] if m["outlet_id"] == "tabnak.ir")
    assert tabnak["uncredited"] is True
    shown = newsagg("--database-url", db_url, "cluster", str(cid), "--ascii-names", env={**data_env, "COLUMNS": "200"}).stdout
    assert "Aran News  chain: Aran News → Nabz-e Bazar → ISNA" in shown and "copied without credit" in shown
    newsagg("--database-url", db_url, "review", "chain", str(tabnak["article_id"]), "--set", "tabnak.ir,isna.ir", "--by", "editor", env=data_env)
    newsagg("--database-url", db_url, "review", "origin", str(cid), "--set", "irna.ir", "--by", "editor", "--allow-unknown", env=data_env)
    after = json.loads(newsagg("--database-url", db_url, "cluster", str(cid), "--json", env=data_env).stdout)
    assert after["origin"] == "irna.ir" and after["origin_reason"] == "reviewer"
    assert next(m for m in after["members"] if m["outlet_id"] == "tabnak.ir")["chain"] == ["tabnak.ir", "isna.ir"]
    csv_out = tmp_path / "out.csv"
    newsagg("--database-url", db_url, "export", "--format", "csv", "-o", str(csv_out), env=data_env)
    with csv_out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["story_id", "story_size", "article_id"] and len(rows) == 1 + 5
    jsonl = newsagg("--database-url", db_url, "export", env=data_env).stdout.splitlines()
    assert len(jsonl) == 5 and json.loads(jsonl[0])["story_id"]
    status = json.loads(newsagg("--database-url", db_url, "status", "--json", env=data_env).stdout)
    assert status["schema_version"] == migrations()[-1][0] and status["articles"] == 5 and status["recent_runs"][0]["status"] == "finished"


@pytest.mark.embedded
def test_the_embedded_default_needs_no_server(tmp_path):
    """No DATABASE_URL: the CLI starts a private PostgreSQL from the pgserver package under NEWSAGG_DATA."""
    env = {"NEWSAGG_DATA": str(tmp_path / "data"), "DATABASE_URL": ""}
    try:
        status = json.loads(newsagg("status", "--json", env=env).stdout)
        assert status["schema_version"] == migrations()[-1][0] and status["database"].startswith("embedded")
        assert (tmp_path / "data" / "pg" / "PG_VERSION").exists()
        newsagg("crawl", "isna", "--replay", str(SNAPSHOT), env=env)
        assert json.loads(newsagg("status", "--json", env=env).stdout)["articles"] == 2
    finally:
        newsagg("stop-db", env=env, check=False)


def test_every_outlet_crawls_a_replay_of_its_fixture(db_url, data_env, conn, tmp_path):
    """`scrapy crawl <outlet>` for all of them: each outlet's configured feed or sitemap, served
    locally, lists its fixture page; one crawl of every outlet stores every fixture's article."""
    sys.path.insert(0, str(ROOT / "demo"))
    from templates import rss, sitemap

    fixtures = ROOT / "tests" / "fixtures" / "outlets"
    root = tmp_path / "replay"
    root.mkdir()
    pages, expected = [], {}
    for outlet in load_registry().crawled:
        cases = [(c, json.loads(c.read_text(encoding="utf-8"))) for c in sorted((fixtures / outlet.id).glob("*.json"))]
        case, data = next((c, d) for c, d in cases if isinstance(d["expected"], dict))  # not a refused page
        name = f"{outlet.spider_name}.html"
        pages.append({"url": data["url"], "fixture": f"{outlet.id}/{case.stem}", "content_type": "text/html; charset=utf-8"})
        item = [{"url": data["url"], "title": data["expected"]["title"], "lead": "", "published": datetime(2026, 11, 1)}]
        for i, feed in enumerate(outlet.crawl.feeds):
            (root / f"{name}.feed{i}").write_text(rss(outlet.name_fa, feed, item), encoding="utf-8")
            pages.append({"url": feed, "file": f"{name}.feed{i}", "content_type": "application/rss+xml"})
        for i, sm in enumerate(outlet.crawl.sitemaps):
            (root / f"{name}.sitemap{i}").write_text(sitemap(item), encoding="utf-8")
            pages.append({"url": sm, "file": f"{name}.sitemap{i}", "content_type": "application/xml"})
        expected[outlet.id] = data["expected"]["title"]
    (root / "manifest.json").write_text(json.dumps({"outlets": list(expected), "pages": pages}), encoding="utf-8")
    crawl(db_url, data_env, replay=root)  # no names: every outlet
    stored = dict(conn.execute("select outlet_id, title from articles").fetchall())
    runs = {o: (p, n, sk, er) for o, p, n, sk, er in conn.execute("select outlet_id, pages, new, skipped, errors from crawl_run_outlets")}
    assert sorted(stored) == sorted(expected), {o: runs.get(o) for o in set(expected) - set(stored)}
    assert all(stored[o].strip() for o in expected)


def _isna_replay(tmp_path, pages: dict[str, str]):
    """The demo snapshot with ISNA's feed listing exactly `pages` (url -> html)."""
    root = tmp_path / f"snap{len(list(tmp_path.glob('snap*')))}"
    shutil.copytree(SNAPSHOT, root)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    rss = "<?xml version='1.0'?><rss><channel>" + "".join(f"<item><title>t</title><link>{u}</link></item>" for u in pages) + "</channel></rss>"
    _serve(root, manifest, {"https://www.isna.ir/rss": (rss, "application/rss+xml"),
                            **{u: (h, "text/html; charset=utf-8") for u, h in pages.items()}})
    return root


def test_refusals_are_counted_agreement_is_stored_and_a_selector_on_the_wrong_block_raises_a_layout_alert(db_url, data_env, conn, tmp_path):
    from tests.pipelines.test_agreement import isna_page, wrong_block

    html = isna_page()
    fixtures = ROOT / "tests" / "fixtures" / "outlets"
    refused = {f"https://www.isna.ir/news/{n}/z": gzip.decompress((fixtures / case).read_bytes()).decode("utf-8")
               for n, case in ((6018415, "mehrnews.com/2024-02-video.html.gz"), (6018416, "arannews.com/2026-11-listing.html.gz"))}
    crawl(db_url, data_env, "isna", replay=_isna_replay(tmp_path, {"https://www.isna.ir/news/98030903723/x": html, **refused}))
    skipped = conn.execute("select skipped from crawl_run_outlets").fetchone()[0]
    assert skipped["media-only_video"] == 1 and skipped["listing_page"] == 1  # counted by reason, not stored
    stored = [a for (a,) in conn.execute("select extraction_agreement from articles")]  # with the snapshot's sitemap pages
    median, alerts = conn.execute("select agreement, alerts from crawl_run_outlets").fetchone()
    assert len(stored) >= 2 and min(stored) >= 0.9  # every article scored (our page is the snapshot's, unchanged)
    assert min(stored) <= median <= max(stored) and alerts == []

    later = {f"https://www.isna.ir/news/9803090{i}/y": wrong_block(html).replace("98030903723", f"9803090{i}") for i in range(3)}
    done = crawl(db_url, data_env, "isna", replay=_isna_replay(tmp_path, later))
    median, alerts, coverage = conn.execute("select agreement, alerts, coverage from crawl_run_outlets"
                                            " where run_id = (select max(id) from crawl_runs)").fetchone()
    assert median < 0.3 and len(alerts) == 1 and "agrees with trafilatura" in alerts[0]
    assert coverage == {"title": 1.0, "body": 1.0, "published": 1.0}  # every field present: only the agreement noticed
    assert "LAYOUT CHANGE?" in done.stderr


def test_a_selector_on_the_wrong_block_still_raises_the_layout_alert_when_the_second_opinion_is_shed(db_url, data_env, conn, tmp_path):
    """A worker always behind (NEWSAGG_SECOND_OPINION_BEHIND=-1): only the floor is scored (the outlet's
    first 20 articles, then 1 in 10), and its median still tells the changed layout."""
    from tests.pipelines.test_agreement import isna_page, wrong_block

    html = isna_page()
    pages = {f"https://www.isna.ir/news/980309{i:03d}/y": wrong_block(html).replace("98030903723", f"980309{i:03d}") for i in range(50)}
    with ReplayServer(_isna_replay(tmp_path, pages)) as server:
        done = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "isna", "-s", f"REPLAY_MIRROR={server.url}",
                               "-s", f"DATABASE_URL={db_url}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
                               "-s", "NEWSAGG_SECOND_OPINION_BEHIND=-1", "-L", "INFO"],
                              cwd=ROOT, env={**os.environ, **data_env}, check=True, capture_output=True, text=True, timeout=180)
    articles, scored = conn.execute("select count(*), count(extraction_agreement) from articles").fetchone()
    assert articles >= 50 and scored == 20 + (articles - 20) // 10
    median, alerts, coverage = conn.execute("select agreement, alerts, coverage from crawl_run_outlets").fetchone()
    assert median < 0.3 and len(alerts) == 1 and "agrees with trafilatura" in alerts[0]
    assert coverage["second_opinion"] == round(scored / articles, 3) and coverage["body"] == 1.0
    assert "LAYOUT CHANGE?" in done.stderr
