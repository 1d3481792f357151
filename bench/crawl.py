"""Crawl throughput: pages/s of one outlet's crawl over a local replay of N article pages, with the
whole pipeline writing to PostgreSQL, beside bare Scrapy (no item pipelines, no extensions) on the
same server and pages. The clock runs from the first response to the last response or the last item through
the pipelines, whichever is later (bench/timing.py), the same for both.
Where the time goes: the CPU seconds of the crawl process (Scrapy, parsing, the writer thread) and of its
worker process (second opinion, hazm, dedup form, chain, signature), start-up included, beside bare Scrapy's;
and the start-up alone (`start_up`: the same crawls of a feed with no article: imports, the worker's hazm and
trafilatura, the store's connection), so that the difference is the CPU the pages cost.
How many articles got a second opinion and how many were shed because the worker was behind
(`second_opinion`; NEWSAGG_SECOND_OPINION=always|adaptive|off in the environment sets the crawl's mode)."""
from __future__ import annotations

import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

from bench import temp_schema
from bench.corpus import articles

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "demo"))


def build_site(root: Path, n: int) -> None:
    from templates import generic, rss

    pages, items = [], []
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    for i, a in enumerate(articles(n, seed=5)):
        url = f"https://www.varzesh3.com/news/{100000 + i}/"
        page = {"url": url, "published": t0 + timedelta(minutes=i), "title": a["title"], "lead": a["body"][:120],
                "body": a["body"].split("\n"), "site": "ورزش سه", "tags": ["بنچمارک"], "section": "ورزشی"}
        (root / f"p{i}.html").write_text(generic(page), encoding="utf-8")
        pages.append({"url": url, "file": f"p{i}.html", "content_type": "text/html; charset=utf-8"})
        items.append(page)
    (root / "feed.xml").write_text(rss("ورزش سه", "https://www.varzesh3.com", items), encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    pages += [{"url": "https://www.varzesh3.com/rss/all", "file": "feed.xml", "content_type": "application/rss+xml"},
              {"url": "https://www.varzesh3.com/robots.txt", "file": "robots.txt", "content_type": "text/plain"}]
    (root / "manifest.json").write_text(json.dumps({"outlets": ["varzesh3.com"], "pages": pages}), encoding="utf-8")


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def one_crawl(mirror: str, bare: bool, db_url: str, data: str) -> tuple[float, float, float, int, int]:
    """(pages/s, CPU s of the crawl process, CPU s of its workers, articles scored, shed)."""
    args = [sys.executable, "-m", "scrapy", "crawl", "varzesh3", "-L", "INFO", "-s", f"REPLAY_MIRROR={mirror}",
            "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
            "-s", f"DATABASE_URL={db_url}"]
    clock = {"bench.timing.ResponseClock": 0}
    args += ["-s", f"EXTENSIONS={json.dumps(clock)}"] + (["-s", "ITEM_PIPELINES={}"] if bare else [])
    if workers := os.environ.get("NEWSAGG_PROCESS_WORKERS"):  # the crawl's worker count, for comparing them
        args += ["-s", f"NEWSAGG_PROCESS_WORKERS={workers}"]
    if mode := os.environ.get("NEWSAGG_SECOND_OPINION"):  # always / adaptive / off, for measuring the cost both ways
        args += ["-s", f"NEWSAGG_SECOND_OPINION={mode}"]
    before = children_cpu()
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NEWSAGG_DATA": data}, check=True)
    total = children_cpu() - before  # the crawl process and its workers (it waits for them)
    found, cpu = (re.search(rf"'bench/{k}': ([\d.]+)", done.stderr) for k in ("pages_per_s", "cpu_s"))
    if not found or not cpu:
        raise RuntimeError(f"the crawl printed no rate:\n{done.stderr[-2000:]}")
    scored, shed = (sum(int(n) for n in re.findall(rf"'newsagg/second_opinion_{k}/[^']+': (\d+)", done.stderr)) for k in ("scored", "shed"))
    return float(found[1]), float(cpu[1]), max(0.0, total - float(cpu[1])), scored, shed


def crawl_bench(n: int, runs: int) -> dict:
    from newsagg.crawler.replay import ReplayServer
    from newsagg.pipelines.storage.db import scalar

    with tempfile.TemporaryDirectory() as tmp:
        site, empty = Path(tmp) / "site", Path(tmp) / "empty"
        site.mkdir()
        empty.mkdir()
        build_site(site, n)
        build_site(empty, 0)
        full, bare = [], []
        with ReplayServer(empty) as server, temp_schema() as url:
            start_full, start_bare = one_crawl(server.url, False, url, tmp), one_crawl(server.url, True, url, tmp)
        with ReplayServer(site) as server:
            for _ in range(runs):
                with temp_schema() as url:
                    full.append(one_crawl(server.url, False, url, tmp))
                    with psycopg.connect(url) as c:
                        stored = scalar(c, "select count(*) from articles")
                    bare.append(one_crawl(server.url, True, url, tmp))
    f, b = statistics.median(r[0] for r in full), statistics.median(r[0] for r in bare)
    cpu = lambda runs, i: round(statistics.median(r[i] for r in runs), 1)  # noqa: E731
    return {"pages": n + 2, "articles_stored": stored, "full_pipeline_pages_per_s": round(f), "bare_scrapy_pages_per_s": round(b),
            "ratio_full_to_bare": round(f / b, 2), "runs_full": [round(r[0]) for r in full], "runs_bare": [round(r[0]) for r in bare],
            "cpu_s_full": {"crawl_process": cpu(full, 1), "workers": cpu(full, 2)}, "cpu_s_bare": cpu(bare, 1),
            "second_opinion": {"mode": os.environ.get("NEWSAGG_SECOND_OPINION", "adaptive"),
                               "scored": [r[3] for r in full], "shed": [r[4] for r in full]},
            "start_up": {"crawl_process": round(start_full[1], 1), "workers": round(start_full[2], 1), "bare": round(start_bare[1], 1)}}
