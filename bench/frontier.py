"""Crawl throughput with 1, 2 and 3 processes sharing one Redis frontier (crawler/frontier.py), each
with the whole pipeline writing to the same PostgreSQL, over a local replay of three outlets where
a fifth of Varzesh3's stories are reposted by Aran News and a tenth by Nabz-e Bazar (assembled from
the bench corpus's real paragraphs; the pages use demo/templates.py's generic layout). pages/s runs
from the first response of any process to the last response or stored article of any process."""
from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import temp_schema
from bench.corpus import articles

ROOT = Path(__file__).resolve().parents[1]
OUTLETS = {"varzesh3.com": ("ورزش سه", "https://www.varzesh3.com", "https://www.varzesh3.com/rss/all"),
           "arannews.com": ("آران نیوز", "https://arannews.com", "https://arannews.com/feed/"),
           "nabzebazar.com": ("نبض بازار", "https://nabzebazar.com", "https://nabzebazar.com/feed/")}
SPIDERS = ["varzesh3", "arannews", "nabzebazar"]


def build_site(root: Path, stories: int) -> dict[str, list[str]]:
    """A replay of `stories` Varzesh3 articles plus reposts; returns story -> the URLs that carry it."""
    from newsagg.demo.templates import generic, rss

    originals = [a for a in articles(stories * 2, seed=5) if "isna.ir" in a["url"]][:stories]
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    pages: list[dict] = []
    feeds: dict[str, list[dict]] = {o: [] for o in OUTLETS}
    groups: dict[str, list[str]] = {}
    for i, a in enumerate(originals):
        body = a["body"].split("\n")
        copies = [("varzesh3.com", f"https://www.varzesh3.com/news/{100000 + i}/", body, 0)]
        if i % 5 == 0:
            copies.append(("arannews.com", f"https://arannews.com/2026/11/{i}/", ["به گزارش ورزش سه، " + body[0], *body[1:]], 40))
        if i % 10 == 0:
            copies.append(("nabzebazar.com", f"https://nabzebazar.com/2026/11/{i}/",
                           ["به گزارش آران نیوز به نقل از ورزش سه، " + body[0], *body[1:]], 90))
        for outlet, url, text, minutes in copies:
            page = {"url": url, "published": t0 + timedelta(minutes=10 * i + minutes), "title": a["title"], "lead": text[0][:120],
                    "body": text, "site": OUTLETS[outlet][0], "tags": ["بنچمارک"], "section": "ورزشی"}
            name = f"p{len(pages)}.html"
            (root / name).write_text(generic(page), encoding="utf-8")
            pages.append({"url": url, "file": name, "content_type": "text/html; charset=utf-8"})
            feeds[outlet].append(page)
        groups[f"story-{i}"] = [url for _, url, _, _ in copies]
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    for outlet, (name, home, feed) in OUTLETS.items():
        (root / f"{outlet}.xml").write_text(rss(name, home, feeds[outlet]), encoding="utf-8")
        pages += [{"url": feed, "file": f"{outlet}.xml", "content_type": "application/rss+xml"},
                  {"url": f"{home}/robots.txt", "file": "robots.txt", "content_type": "text/plain"}]
    (root / "manifest.json").write_text(json.dumps({"outlets": list(OUTLETS), "pages": pages}), encoding="utf-8")
    return groups


def start_crawl(mirror: str, db_url: str, frontier: str, prefix: str, data: str, extra: tuple[str, ...] = (),
                spiders: list[str] = SPIDERS) -> subprocess.Popen:
    """One `scrapy crawl` process per outlet spider would not share a reactor; `newsagg.crawler.run`
    runs every spider in one process, as `newsagg crawl` does."""
    code = ("import sys, json; from newsagg.crawler.run import crawl; "
            "stats = crawl(sys.argv[1].split(','), mirror=sys.argv[2], database_url=sys.argv[3], frontier=sys.argv[4], "
            "log_level='INFO', overrides=json.loads(sys.argv[5])); print('STATS ' + json.dumps(stats, default=str))")
    settings = {"NEWSAGG_FRONTIER_PREFIX": prefix, "EXTENSIONS": {"bench.timing.ResponseClock": 0}, **dict(e.split("=", 1) for e in extra)}
    return subprocess.Popen([sys.executable, "-c", code, ",".join(spiders), mirror, db_url, frontier, json.dumps(settings)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "NEWSAGG_DATA": data})


def finished(proc: subprocess.Popen, timeout: float = 600) -> dict[str, dict]:
    out, err = proc.communicate(timeout=timeout)
    found = re.search(r"^STATS (.*)$", out, re.M)
    if proc.returncode != 0 or not found:
        raise RuntimeError(f"crawl process exited {proc.returncode}:\n{err[-3000:]}")
    return json.loads(found[1])


def clear_frontier(url: str, prefix: str) -> None:
    import redis

    server = redis.Redis.from_url(url)
    keys = list(server.scan_iter(f"{prefix}:*"))
    if keys:
        server.delete(*keys)


def one_run(mirror: str, db_url: str, frontier: str, data: str, processes: int) -> tuple[float, int]:
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    try:
        procs = [start_crawl(mirror, db_url, frontier, prefix, data) for _ in range(processes)]
        results = [finished(p) for p in procs]
    finally:
        clear_frontier(frontier, prefix)
    spans = [s for r in results for s in r.values() if s.get("bench/responses")]
    first = min(s["bench/first_response"] for s in spans)
    last = max(max(s["bench/last_response"], s.get("bench/last_item", 0)) for s in spans)  # the work behind the downloads counts
    n = sum(s["bench/responses"] for s in spans)
    return (n - 1) / (last - first), n


def frontier_bench(stories: int, runs: int, frontier: str = "redis://127.0.0.1:6379/0") -> dict:
    from newsagg.crawler.replay import ReplayServer

    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        build_site(site, stories)
        with ReplayServer(site) as server:
            pages = len(server.snapshot.pages)
            for processes in (1, 2, 3):
                rates = []
                for _ in range(runs):
                    with temp_schema() as url:
                        t = time.perf_counter()
                        rate, _ = one_run(server.url, url, frontier, tmp, processes)
                        rates.append((rate, time.perf_counter() - t))
                med = statistics.median(r for r, _ in rates)
                out[f"{processes}_processes"] = {"pages_per_s": round(med), "runs_pages_per_s": [round(r) for r, _ in rates],
                                                 "runs_wall_s": [round(w, 1) for _, w in rates]}
    one = out["1_processes"]["pages_per_s"]  # type: ignore[index]
    for processes in (2, 3):
        out[f"{processes}_processes"]["ratio_to_1"] = round(out[f"{processes}_processes"]["pages_per_s"] / one, 2)  # type: ignore[index]
    return {"pages": pages, "machine_cores": os.cpu_count(), **out}
