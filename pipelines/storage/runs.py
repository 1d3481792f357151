"""Scrapy extension: record each crawl in crawl_runs / crawl_run_outlets, and say loudly when an
outlet's share of articles with a title, a body or a date falls below the threshold (its layout
probably changed) -- the spidermon idea, kept in our own store."""
from __future__ import annotations

import logging
from collections import Counter

from scrapy import signals

from pipelines.storage.pipeline import DB_ERRORS, in_writer, shared_store

log = logging.getLogger(__name__)
COVERED_FIELDS = ("title", "body", "published")


def outlet_stats(stats: dict, outlet: str) -> dict:
    """Gather the newsagg/<kind>/<outlet>[/<reason>] counters of one outlet."""
    out = {"skipped": {}, "errors": {}}
    for key, value in stats.items():
        parts = key.split("/")
        if len(parts) >= 3 and parts[0] == "newsagg" and parts[2] == outlet:
            if parts[1] in ("skipped", "errors"):
                out[parts[1]][parts[3]] = value
            else:
                out[parts[1]] = value
        elif key == "robotstxt/forbidden":
            out["skipped"]["robots_txt"] = value
        elif key.startswith("downloader/response_status_count/") and not key.endswith("/200"):
            out["errors"]["http_" + key.rsplit("/", 1)[1]] = value
        elif key.startswith("downloader/exception_type_count/"):
            out["errors"][key.rsplit(".", 1)[-1]] = value
        elif key.startswith("spider_exceptions/"):
            out["errors"]["parser_" + key.rsplit("/", 1)[1]] = value
    return out


class CrawlRunRecorder:
    def __init__(self, crawler):
        self.crawler = crawler
        self.threshold = crawler.settings.getfloat("NEWSAGG_COVERAGE_THRESHOLD", 0.8)
        self.items = 0
        self.present = Counter()
        self.pages = 0
        crawler.signals.connect(self.item_scraped, signals.item_scraped)
        crawler.signals.connect(self.response_received, signals.response_received)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def response_received(self, response, request, spider):
        if not response.url.endswith("/robots.txt"):
            self.pages += 1

    def item_scraped(self, item, response, spider):
        self.items += 1
        self.present.update(f for f in COVERED_FIELDS if item.get(f))

    def coverage(self) -> tuple[dict, list[str]]:
        if not self.items:
            return {}, []
        shares = {f: round(self.present[f] / self.items, 3) for f in COVERED_FIELDS}
        alerts = [f"{f} on {share:.0%} of {self.items} articles (threshold {self.threshold:.0%})"
                  for f, share in shares.items() if share < self.threshold]
        return shares, alerts

    def spider_closed(self, spider, reason):
        outlet = spider.outlet.id
        per = outlet_stats(self.crawler.stats.get_stats(), outlet)
        per["pages"] = self.pages
        per["coverage"], per["alerts"] = self.coverage()
        for alert in per["alerts"]:
            log.error("LAYOUT CHANGE? %s: %s", outlet, alert)
            self.crawler.stats.set_value(f"newsagg/alerts/{outlet}", per["alerts"])
        def record():
            store = shared_store(self.crawler.settings.get("DATABASE_URL"))
            run_id = self.crawler.settings.getint("NEWSAGG_RUN_ID") or store.start_run([outlet], "scrapy")
            store.record_outlet(run_id, outlet, per)
            if not self.crawler.settings.getint("NEWSAGG_RUN_ID"):
                store.finish_run(run_id, "finished" if reason == "finished" else reason, {"reason": reason})

        try:
            in_writer(record)
        except DB_ERRORS as exc:
            log.error("could not record the run of %s: %s", outlet, exc)
