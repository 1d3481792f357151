"""The crawl's live table: per outlet, pages fetched, new, updated, skipped, errors and elapsed time,
read from each spider's own Scrapy stats (the same counters the run is recorded from), redrawn four
times a second in a terminal. Off a terminal (cron, pipes) nothing is drawn; the summary follows.
"""
from __future__ import annotations

import time
from typing import Any

from scrapy import signals

from newsagg import stats


class CrawlWatch:
    def __init__(self) -> None:
        self.crawlers: list[Any] = []
        self.pages: dict[str, int] = {}
        self.started: dict[str, float] = {}
        self.ended: dict[str, float] = {}
        self.t0 = time.monotonic()

    def attach(self, crawler) -> None:
        oid = crawler.spidercls.outlet.id
        self.crawlers.append(crawler)
        self.pages[oid] = 0

        def opened(spider):
            self.started[oid] = time.monotonic()

        def closed(spider, reason):
            self.ended[oid] = time.monotonic()

        def response(response, request, spider):
            if not response.url.endswith("/robots.txt"):
                self.pages[oid] += 1

        # weak references by default: keep ours alive with the watch
        crawler.__dict__.setdefault("_newsagg_watch", []).extend([opened, closed, response])
        crawler.signals.connect(opened, signals.spider_opened)
        crawler.signals.connect(closed, signals.spider_closed)
        crawler.signals.connect(response, signals.response_received)

    def elapsed(self, oid: str) -> float:
        start = self.started.get(oid)
        if start is None:
            return 0.0
        return self.ended.get(oid, time.monotonic()) - start

    def rows(self) -> list[dict]:
        out = []
        for crawler in self.crawlers:
            oid = crawler.spidercls.outlet.id
            per = stats.outlet_stats(dict(crawler.stats.get_stats()), oid)
            out.append({"outlet_id": oid, "pages": self.pages[oid], "new": per.get("new", 0), "updated": per.get("updated", 0),
                        "unchanged": per.get("unchanged", 0), "skipped": per["skipped"], "errors": per["errors"],
                        "elapsed_s": round(self.elapsed(oid), 2), "done": oid in self.ended})
        return sorted(out, key=lambda r: r["outlet_id"])
