"""Offline crawls: the real spiders, real start URLs and the real Scrapy stack, served by a local replay.

ReplayServer serves a snapshot (manifest.json: url -> file, optional status, content_type, headers
and delay) over HTTP on 127.0.0.1. With the setting
REPLAY_MIRROR set to its address, ReplayDownloadHandler sends each request's bytes to the server
instead of the outlet; everything above the socket (robots.txt, offsite, retries, AutoThrottle,
redirects, the spiders) still sees the outlet's own URLs.
"""
from __future__ import annotations

import gzip
import json
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from w3lib.url import canonicalize_url

from newsagg.errors import BadInput

SNAPSHOT = Path(__file__).resolve().parents[1] / "demo" / "snapshot"  # package data of newsagg.demo


def fixture_html(name: str) -> bytes:
    """An outlet fixture's page (`isna.ir/2019-05`), from tests/fixtures, installed as newsagg.fixtures."""
    return gzip.decompress((resources.files("newsagg.fixtures") / "outlets" / f"{name}.html.gz").read_bytes())


def mirror_url(mirror: str, url: str) -> str:
    parts = urlsplit(url)
    return f"{mirror.rstrip('/')}/{parts.scheme}/{parts.netloc}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")


def _key(url: str) -> str:
    return canonicalize_url(url, keep_fragments=False)


class ReplayDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler):
        super().__init__(crawler)
        self.mirror = crawler.settings.get("REPLAY_MIRROR")

    async def download_request(self, request):
        if not self.mirror:
            return await super().download_request(request)
        response = await super().download_request(request.replace(url=mirror_url(self.mirror, request.url)))
        return response.replace(url=request.url, request=request)


class Snapshot:
    def __init__(self, root: Path = SNAPSHOT):
        self.root = root
        try:
            manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
            self.pages = {_key(p["url"]): p for p in manifest["pages"]}
            self.outlets: list[str] = manifest.get("outlets", [])
            if not (isinstance(self.outlets, list) and all(isinstance(o, str) for o in self.outlets)):
                raise TypeError("`outlets` is not a list of outlet ids")
        except FileNotFoundError:
            raise BadInput(f"no snapshot in {root} (it needs a manifest.json)") from None
        except OSError as exc:
            raise BadInput(f"cannot read {root / 'manifest.json'}: {exc.strerror or exc}") from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BadInput(f"{root / 'manifest.json'} is not a snapshot manifest ({type(exc).__name__}: {exc})") from None

    def lookup(self, url: str) -> tuple[int, str, bytes]:
        page = self.pages.get(_key(url))
        if page is None:
            return 404, "text/plain", b"not in snapshot"
        try:
            body = fixture_html(page["fixture"]) if "fixture" in page else (self.root / page["file"]).read_bytes()
        except OSError as exc:  # listed, its file gone: the crawl sees a server error, not a dropped connection
            return 500, "text/plain", f"snapshot file unreadable: {exc.strerror or exc}".encode()
        return page.get("status", 200), page.get("content_type", "text/html; charset=utf-8"), body

    def extra(self, url: str) -> tuple[float, dict[str, str]]:
        """A page's `delay` (seconds before answering) and extra `headers`: a hostile server in tests."""
        page = self.pages.get(_key(url)) or {}
        return float(page.get("delay", 0)), dict(page.get("headers", {}))


class QueuingHTTPServer(ThreadingHTTPServer):
    # socketserver listens with a backlog of 5: a crawl opening 16 connections at once overflowed it, the
    # kernel dropped the SYNs it could not queue, and the client retried a second later (2,288 drops in 20
    # crawl benches: a 0.75-1 s stall at the start of half of them; 30-40 s in the frontier bench's)
    request_queue_size = 128

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client gone (a crawl stopped at once) is no error
            super().handle_error(request, client_address)


class ReplayServer:
    """`with ReplayServer() as server:` serves the snapshot at server.url until the block ends."""

    def __init__(self, root: Path = SNAPSHOT, port: int = 0):
        snapshot = Snapshot(root)
        hits: Counter[str] = Counter()  # outlet URL -> requests served: proves a shared crawl fetched each page once
        lock = threading.Lock()
        self.requests: list[tuple[float, str]] = []  # (monotonic time, url) of every request served
        requests = self.requests

        class Handler(BaseHTTPRequestHandler):
            # headers and body go out in two writes: without this, Nagle holds the body until the
            # client's delayed ACK (40 ms a request, measured)
            disable_nagle_algorithm = True
            protocol_version = "HTTP/1.1"  # keep-alive: every response carries Content-Length

            def do_GET(handler):  # noqa: N802 (http.server's name)
                scheme, _, rest = handler.path.lstrip("/").partition("/")
                url = f"{scheme}://{rest}"
                with lock:
                    hits[url] += 1
                requests.append((time.monotonic(), url))
                status, ctype, body = snapshot.lookup(url)
                delay, headers = snapshot.extra(url)
                if delay:
                    time.sleep(delay)
                handler.send_response(status)
                handler.send_header("Content-Type", ctype)
                for name, value in headers.items():
                    handler.send_header(name, value)
                handler.send_header("Content-Length", str(len(body)))
                handler.end_headers()
                handler.wfile.write(body)

            def log_message(handler, *args):
                pass

        self.httpd = QueuingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.snapshot = snapshot
        self.hits = hits

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
