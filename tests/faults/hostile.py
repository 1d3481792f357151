"""Snapshots of a hostile web for the fault tests, served by the real replay server.

Assembled here, not captured: ISNA pages in the Nastooh layout (demo/templates.py) around the seed
story's text, each bent one way (a title with markup, an 8,000-character canonical URL, the wrong
charset, a 429, a 503 that clears, a sitemap index with `.xml.gz` and extension-less children).
"""
from __future__ import annotations

import hashlib
import json
import sys
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

from newsagg.crawler.replay import QueuingHTTPServer, ReplayServer
from tests.conftest import ROOT, newsagg
from tests.helpers import OTHER, STORY

sys.path.insert(0, str(ROOT / "demo"))
from templates import nastooh, rss  # noqa: E402

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
FEED = "https://www.isna.ir/rss"
SITEMAP = "https://www.isna.ir/sitemap.xml"


def isna_page(n: int, title: str = "گفت‌وگوی پوتین و علی‌اف", body: list[str] = STORY, minutes: int = 0) -> tuple[str, str]:
    """(url, html) of an ISNA article."""
    url = f"https://www.isna.ir/news/{1000 + n}/"
    html = nastooh({"title": title, "site": "ایسنا", "lead": body[0], "url": url, "body": body[1:],
                    "published": T0 + timedelta(minutes=minutes), "tags": ["سیاست"]})
    return url, html


def other_page(n: int, title: str = "پیروزی والیبال") -> tuple[str, str]:
    return isna_page(n, title, OTHER, minutes=n)


class Snapshot:
    """A replay snapshot for ISNA: add pages, list them in the feed (or not), write manifest.json."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.pages: list[dict] = []
        self.feed: list[str] = []

    def add(self, url: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", in_feed: bool = True,
            **extra) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        name = hashlib.sha1(url.encode()).hexdigest()[:16]
        (self.root / name).write_bytes(data)
        self.pages.append({"url": url, "file": name, "content_type": content_type, **extra})
        if in_feed:
            self.feed.append(url)
        return url

    def write(self, feed: bool = True, site: bool = True) -> Path:
        """feed: ISNA's feed lists the pages added with in_feed; site: robots.txt and an empty sitemap
        (unless one was added), so that a run's errors are only the ones a test provokes."""
        pages = list(self.pages)
        if site:
            (self.root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
            pages.append({"url": "https://www.isna.ir/robots.txt", "file": "robots.txt", "content_type": "text/plain"})
            if not any(p["url"] == SITEMAP for p in pages):
                (self.root / "sitemap.xml").write_text('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                                       "</urlset>", encoding="utf-8")
                pages.append({"url": SITEMAP, "file": "sitemap.xml", "content_type": "application/xml"})
        if feed:
            items = [{"url": u, "title": "t", "lead": "", "published": T0} for u in self.feed]
            (self.root / "feed.xml").write_text(rss("ایسنا", FEED, items), encoding="utf-8")
            pages.append({"url": FEED, "file": "feed.xml", "content_type": "application/rss+xml"})
        (self.root / "manifest.json").write_text(json.dumps({"outlets": ["isna.ir"], "pages": pages}), encoding="utf-8")
        return self.root


def crawl(db_url: str, env: dict, replay: Path, *outlets: str, check: bool = True):
    return newsagg("--database-url", db_url, "crawl", *(outlets or ("isna",)), "--replay", str(replay), env=env, check=check)


def last_run(conn) -> dict:
    row = conn.execute("select pages, new, updated, unchanged, skipped, errors, alerts from crawl_run_outlets"
                       " where run_id = (select max(run_id) from crawl_run_outlets)").fetchone()
    return dict(zip(("pages", "new", "updated", "unchanged", "skipped", "errors", "alerts"), row, strict=True))


class BusyFirst(ReplayServer):
    """In front of a replay server: the first request for each of `urls` is answered `503` with
    `Retry-After`; every request (that one's retry too) otherwise goes through to the replay server.
    `requests` holds (monotonic time, url, status) of every answer."""

    def __init__(self, upstream: str, urls: set[str], retry_after: str):
        self.requests: list[tuple[float, str, int]] = []
        requests, refused = self.requests, set()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(handler):  # noqa: N802 (http.server's name)
                scheme, _, rest = handler.path.lstrip("/").partition("/")
                url = f"{scheme}://{rest}"
                if url in urls and url not in refused:
                    refused.add(url)
                    status, headers, body = 503, {"Retry-After": retry_after}, b"busy"
                else:
                    try:
                        with urlopen(upstream + handler.path) as answer:
                            status, body = answer.status, answer.read()
                            headers = {"Content-Type": answer.headers["Content-Type"]}
                    except HTTPError as error:
                        status, headers, body = error.code, {}, error.read()
                requests.append((time.monotonic(), url, status))
                handler.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(body))}.items():
                    handler.send_header(name, value)
                handler.end_headers()
                handler.wfile.write(body)

            def log_message(handler, *args):
                pass

        self.httpd = QueuingHTTPServer(("127.0.0.1", 0), Handler)  # started and stopped as a ReplayServer is
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
