"""A hostile web and a hostile database, crawled for real: the CLI in child processes, the replay
server on 127.0.0.1, the real PostgreSQL."""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from newsagg.crawler.replay import ReplayServer
from tests.conftest import ROOT, newsagg
from tests.faults.hostile import SITEMAP, BusyFirst, Snapshot, crawl, isna_page, last_run, other_page
from tests.helpers import STORY


@pytest.fixture
def data_env(tmp_path):
    return {"NEWSAGG_DATA": str(tmp_path / "data")}


def spool_files(tmp_path) -> tuple[int, int]:
    def count(name):
        path = tmp_path / "data" / "spool" / name
        return len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0
    return count("pending.jsonl"), count("dead.jsonl")


def test_an_8000_character_canonical_url_is_bounded_and_never_wedges_later_crawls(db_url, data_env, conn, tmp_path):
    """Measured before: 3 crawls, 1 article stored, 3 spool lines, every run `database_unavailable`."""
    snap = Snapshot(tmp_path / "snap")
    url, html = isna_page(1)
    snap.add(url, html.replace(f'<link rel="canonical" href="{url}" />',
                               f'<link rel="canonical" href="{url}{os.urandom(4000).hex()}" />'))
    snap.add(*other_page(2))
    replay = snap.write()
    crawl(db_url, data_env, replay)
    first = last_run(conn)
    assert first["new"] == 2 and first["errors"] == {"bounded_canonical_url": 1}
    snap.add(*isna_page(3, "خبر سوم", STORY[2:] + ["یک بند تازه که این گزارش را از دو گزارش دیگر جدا می‌کند و به آن افزوده شده است."]))
    crawl(db_url, data_env, snap.write())
    crawl(db_url, data_env, snap.write())
    assert conn.execute("select count(*) from articles").fetchone()[0] == 3
    assert spool_files(tmp_path) == (0, 0)
    assert not any("database_unavailable" in r[0] for r in conn.execute("select errors::text from crawl_run_outlets"))


def test_a_refused_record_is_a_dead_letter_logged_at_error_and_the_spool_replay_goes_on(db_url, data_env, conn, tmp_path):
    conn.execute("alter table articles add constraint test_refuses check (title not like '%%پوتین%%')")
    snap = Snapshot(tmp_path / "snap")
    snap.add(*isna_page(1, "پوتین و علی‌اف"))
    snap.add(*other_page(2))
    done = crawl(db_url, data_env, snap.write())
    assert "database refused https://www.isna.ir/news/1001/ (CheckViolation)" in done.stderr
    run = last_run(conn)
    assert run["new"] == 1 and run["errors"] == {"store_refused_CheckViolation": 1}
    assert spool_files(tmp_path) == (0, 1)

    # a spool left by an earlier crawl while the database was away: a refused record first, then a good one
    from tests.helpers import item
    pending = tmp_path / "data" / "spool" / "pending.jsonl"
    records = [item("https://www.isna.ir/news/7/", "isna.ir", STORY, title="پوتین").extracted(),
               item("https://www.isna.ir/news/8/", "isna.ir", STORY[:2], title="دیدار").extracted()]
    pending.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    crawl(db_url, data_env, snap.write())
    run = last_run(conn)
    # the spooled ones are counted here; the refused page is not fetched again
    assert run["new"] == 1 and run["errors"] == {"store_refused_CheckViolation": 1} and run["skipped"]["dead_letter"] == 1
    assert spool_files(tmp_path) == (0, 2)
    assert conn.execute("select count(*) from articles where url = 'https://www.isna.ir/news/8/'").fetchone()[0] == 1
    status = json.loads(newsagg("--database-url", db_url, "status", "--json", env=data_env).stdout)
    assert status["spooled_items"] == 0 and status["dead_letters"] == 2


def test_a_refused_page_is_skipped_by_later_crawls_until_its_dead_letter_line_is_deleted(db_url, data_env, conn, tmp_path):
    conn.execute("alter table articles add constraint test_refuses check (title not like '%%پوتین%%')")
    snap = Snapshot(tmp_path / "snap")
    refused, _ = snap.add(*isna_page(1, "پوتین و علی‌اف")), snap.add(*other_page(2))
    crawl(db_url, data_env, snap.write())
    crawl(db_url, data_env, snap.write())
    run = last_run(conn)
    assert run["errors"] == {} and run["skipped"] == {"dead_letter": 1, "already_stored": 1} and run["new"] == 0

    conn.execute("alter table articles drop constraint test_refuses")  # the cause is fixed: the user retries
    dead = tmp_path / "data" / "spool" / "dead.jsonl"
    dead.write_text("".join(line + "\n" for line in dead.read_text(encoding="utf-8").splitlines() if refused not in line),
                    encoding="utf-8")
    crawl(db_url, data_env, snap.write())
    assert last_run(conn)["new"] == 1 and spool_files(tmp_path) == (0, 0)
    assert conn.execute("select count(*) from articles where url = %s", (refused,)).fetchone()[0] == 1


def test_a_crawl_killed_with_kill_9_is_marked_aborted_by_the_next_run(db_url, data_env, conn, tmp_path):
    snap = Snapshot(tmp_path / "snap")
    snap.add(*isna_page(1), delay=30)  # the crawl is still waiting for this page when it is killed
    replay = snap.write()
    child = subprocess.Popen([sys.executable, "-m", "newsagg.cli", "--database-url", db_url, "crawl", "isna", "--replay", str(replay)],
                             cwd=ROOT, env={**os.environ, **data_env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not conn.execute("select count(*) from crawl_runs where status = 'running'").fetchone()[0]:
        assert time.monotonic() < deadline and child.poll() is None, "the crawl never started"
        time.sleep(0.1)
    time.sleep(1)
    child.send_signal(signal.SIGKILL)
    child.wait()
    killed = conn.execute("select id from crawl_runs").fetchone()[0]
    assert conn.execute("select status from crawl_runs where id = %s", (killed,)).fetchone()[0] == "running"
    crawl(db_url, data_env, Snapshot(tmp_path / "empty").write())
    assert dict(conn.execute("select id, status from crawl_runs").fetchall()) == {killed: "aborted", killed + 1: "finished"}


def test_two_crawls_at_once_store_each_article_once_without_errors(db_url, conn, tmp_path):
    snap = Snapshot(tmp_path / "snap")
    for n in range(12):
        snap.add(*isna_page(n, f"خبر شماره {n}", STORY, minutes=n))
    replay = snap.write()
    children = [subprocess.Popen([sys.executable, "-m", "newsagg.cli", "--database-url", db_url, "crawl", "isna", "--replay", str(replay)],
                                 cwd=ROOT, env={**os.environ, "NEWSAGG_DATA": str(tmp_path / f"data{i}")},
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for i in range(2)]
    for child in children:
        assert child.wait(timeout=300) == 0, child.stderr.read() if child.stderr else ""
    assert conn.execute("select count(*) from articles").fetchone()[0] == 12
    assert conn.execute("select count(distinct cluster_id) from cluster_members").fetchone()[0] == 1  # one story
    errors = [e for (e,) in conn.execute("select errors from crawl_run_outlets")]
    assert errors == [{}, {}]
    totals = conn.execute("select sum(new), sum(updated) + sum(unchanged) from crawl_run_outlets").fetchone()
    assert totals[0] == 12 and totals[0] + totals[1] == 24
    assert not any((tmp_path / f"data{i}" / "spool").exists() for i in range(2))


def test_an_outlet_that_fetched_nothing_is_alerted_like_a_coverage_drop(db_url, data_env, conn, tmp_path):
    done = crawl(db_url, data_env, Snapshot(tmp_path / "empty").write(feed=False, site=False))
    said = " ".join(done.stderr.replace("\u2068", "").replace("\u2069", "").split())  # the name is isolated for bidi
    assert said.count("UNREACHABLE? ایسنا: fetched 0 pages") == 1  # once: not also as the pipeline's log line
    assert last_run(conn)["alerts"][0].startswith("fetched 0 pages")


def test_a_title_with_markup_and_bracketed_arguments_are_text_everywhere(db_url, data_env, conn, tmp_path):
    snap = Snapshot(tmp_path / "snap")
    snap.add(*isna_page(1, "خبر [/] فوری [bold]"))
    crawl(db_url, data_env, snap.write())
    article_id, cluster_id = conn.execute("select article_id, cluster_id from cluster_members").fetchone()
    shown = newsagg("--database-url", db_url, "clusters", env={**data_env, "COLUMNS": "250"}).stdout
    assert "[/]" in shown and "[bold]" in shown  # the title, wrapped by the table, printed as text
    assert "خبر [/] فوری [bold]" in newsagg("--database-url", db_url, "cluster", str(cluster_id), env=data_env).stdout
    for args in (["clusters", "--outlet", "[/]"], ["clusters", "--outlet", "isna.ir[/]"]):  # unknown outlets: said as text
        done = newsagg("--database-url", db_url, *args, env=data_env, check=False)
        assert done.returncode == 2 and args[-1] in done.stderr and "Traceback" not in done.stderr
    assert "Traceback" not in newsagg("--database-url", db_url, "status", env=data_env).stderr
    done = newsagg("--database-url", db_url, "review", "chain", str(article_id), "--set", "isna.ir", "--by", "[red]x[/]",
                   "--note", "a note [/] with [bold]brackets", env=data_env)
    assert "[red]x[/]" in done.stdout


def test_wrong_charsets_are_read_as_what_the_bytes_are_and_unreadable_pages_are_skipped(db_url, data_env, conn, tmp_path):
    snap = Snapshot(tmp_path / "snap")
    url, html = isna_page(1, "پوتین درباره قره‌باغ")
    snap.add(url, html.replace("ی", "ي").encode("cp1256"), "text/html; charset=utf-8")  # windows-1256 served as UTF-8
    url, html = other_page(2, "پیروزی والیبال ایران")
    snap.add(url, html.encode("utf-8"), "text/html; charset=windows-1256")                # UTF-8 labelled windows-1256
    url, html = other_page(3, "صفحه خراب")
    broken = html.encode("utf-8").replace("ی".encode(), b"\xff\xfe")                   # not any encoding
    snap.add(url, broken, "text/html; charset=utf-8")
    crawl(db_url, data_env, snap.write())
    stored = dict(conn.execute("select outlet_article_id, title || ' ' || body from articles").fetchall())
    assert sorted(stored) == ["1001", "1002"]
    assert all("\ufffd" not in text and "ط" not in text.split()[0] for text in stored.values())
    assert "پوتین" in stored["1001"] and "قره" in stored["1001"] and "والیبال" in stored["1002"]
    run = last_run(conn)
    assert run["skipped"]["bad_encoding"] == 1
    assert run["errors"] == {"charset_mislabelled_cp1256": 1, "charset_mislabelled_utf-8": 1}


def test_child_sitemaps_named_xml_gz_or_without_extension_are_followed(db_url, data_env, conn, tmp_path):
    snap = Snapshot(tmp_path / "snap")
    first, second = snap.add(*isna_page(1), in_feed=False), snap.add(*other_page(2), in_feed=False)

    def urlset(url):
        return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{url}</loc></url></urlset>'
    snap.add("https://www.isna.ir/sitemaps/news.xml.gz", gzip.compress(urlset(first).encode()), "application/gzip", in_feed=False)
    snap.add("https://www.isna.ir/sitemaps/latest", urlset(second), "application/xml", in_feed=False)
    snap.add(SITEMAP, '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             '<sitemap><loc>https://www.isna.ir/sitemaps/news.xml.gz</loc></sitemap>'
             '<sitemap><loc>https://www.isna.ir/sitemaps/latest</loc></sitemap></sitemapindex>', "application/xml", in_feed=False)
    crawl(db_url, data_env, snap.write(feed=False))
    assert {u for (u,) in conn.execute("select url from articles")} == {first, second}
    assert "not_article_url" not in last_run(conn)["skipped"]


def test_urls_over_scrapys_length_limit_are_counted(db_url, data_env, conn, tmp_path):
    snap = Snapshot(tmp_path / "snap")
    snap.add(*isna_page(1))
    snap.feed.append("https://www.isna.ir/news/2002/" + "x" * 2100)
    crawl(db_url, data_env, snap.write())
    assert last_run(conn)["skipped"]["url_too_long"] == 1


def test_429_with_retry_after_pauses_the_domain_capped_and_is_counted(db_url, data_env, conn, tmp_path):
    snap = Snapshot(tmp_path / "snap")
    snap.add(*isna_page(1))
    url, html = other_page(2)
    snap.add(url, html, status=429, headers={"Retry-After": "3600"})
    with ReplayServer(snap.write()) as server:
        subprocess.run([sys.executable, "-m", "scrapy", "crawl", "isna", "-s", f"REPLAY_MIRROR={server.url}",
                        "-s", f"DATABASE_URL={db_url}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
                        "-s", "NEWSAGG_RETRY_AFTER_MAX=1.5", "-L", "WARNING"],
                       cwd=ROOT, env={**os.environ, **data_env}, check=True, capture_output=True, timeout=120)
        asked = [t for t, u in server.requests if u == url]
    assert len(asked) == 4  # the first try and Scrapy's 3 retries
    assert all(b - a >= 1.4 for a, b in zip(asked, asked[1:], strict=False))  # each waited the capped Retry-After
    run = last_run(conn)
    assert run["errors"] == {"retry_after_honoured": 4, "http_429": 1, "retried_http_429": 3}  # one page lost, after 3 retries
    assert run["new"] == 1


def test_a_followed_redirect_stores_the_page_and_counts_no_error(db_url, data_env, conn, tmp_path):
    """Measured before: the moved page was stored and the run said `http_301: 1`, an error."""
    snap = Snapshot(tmp_path / "snap")
    snap.add(*isna_page(1))
    url, html = other_page(2)
    snap.add(url, html, in_feed=False)
    snap.add("https://www.isna.ir/news/9002/", b"", status=301, headers={"Location": url})
    crawl(db_url, data_env, snap.write())
    run = last_run(conn)
    assert run["new"] == 2 and run["errors"] == {}


def test_503_with_retry_after_waits_that_long_then_stores_the_page(db_url, data_env, conn, tmp_path):
    snap = Snapshot(tmp_path / "snap")
    snap.add(*isna_page(1))
    url, html = other_page(2)
    snap.add(url, html)
    with ReplayServer(snap.write()) as replay, BusyFirst(replay.url, {url}, retry_after="2") as busy:
        subprocess.run([sys.executable, "-m", "scrapy", "crawl", "isna", "-s", f"REPLAY_MIRROR={busy.url}",
                        "-s", f"DATABASE_URL={db_url}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-L", "WARNING"],
                       cwd=ROOT, env={**os.environ, **data_env}, check=True, capture_output=True, timeout=120)
    answers = [(t, status) for t, u, status in busy.requests if u == url]
    assert [status for _, status in answers] == [503, 200]
    assert answers[1][0] - answers[0][0] >= 1.9  # Scrapy's retry went out only after the Retry-After
    run = last_run(conn)
    assert run["new"] == 2 and run["errors"] == {"retry_after_honoured": 1, "retried_http_503": 1}  # no page lost: no http_503
    assert conn.execute("select title from articles where url = %s", (url,)).fetchone() == ("پیروزی والیبال",)
