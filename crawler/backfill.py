"""Backfill: walk an outlet's dated sitemaps, from a year on, into the shared frontier.

Archives are what outgrow one machine (ISNA lists a sitemap per year since 1999). `newsagg backfill
isna --since 2015` runs the outlet's own spider in a walking mode: it reads only the sitemap index
and the child sitemaps dated `since` or later (the year in the sitemap's URL, else its lastmod), and
instead of fetching the articles it puts their requests into the outlet's frontier queue, through the
frontier's duplicate filter; `newsagg crawl isna --frontier …` on any number of machines then fetches
them. The walk is polite like any crawl (robots.txt, AutoThrottle, 4 requests per domain, 0.5 s apart)
and fetches nothing but sitemaps. Articles already stored are not queued (the database's `known` URLs), nor
those the database refused (this machine's dead letters, as a crawl skips them).
The sitemaps it walked are marked seen in the frontier, so the workers' own start requests do not
walk the whole archive again.
"""
from __future__ import annotations

import re
from datetime import datetime

from scrapy import Request

from newsagg import stats
from newsagg.crawler.frontier import keys
from newsagg.crawler.parsers.dates import to_utc
from newsagg.crawler.spiders.outlets import OutletSpider

YEAR = re.compile(r"(?<!\d)(199\d|20\d\d)(?!\d)")


def dated_year(loc: str, lastmod: str | None) -> int | None:
    """The year a sitemap or an entry belongs to: a year in its URL (`/sitemap/2019.xml`,
    `sitemap-2019-05.xml`, `?year=2019`), else its lastmod; None when neither says."""
    if found := YEAR.search(loc):
        return int(found[1])
    when: datetime | None = to_utc(lastmod) if lastmod else None
    return when.year if when else None


def walker_class(spider_cls: type[OutletSpider]) -> type[OutletSpider]:
    """The outlet's spider (same name, so the requests it queues are the workers' own) in walking mode."""

    class Walker(spider_cls):
        def __init__(self, *args, since: int, frontier: str, prefix: str, known=None, dead_letters=None, **kwargs):
            super().__init__(*args, **kwargs)
            import redis
            from scrapy_redis.dupefilter import RFPDupeFilter

            from newsagg.crawler.frontier_redis import LeasedQueue

            self.since, self.known, self.dead_letters = since, known or {}, dead_letters or set()
            server = redis.Redis.from_url(frontier)
            k = keys(prefix, self.name)
            self.frontier_queue = LeasedQueue(server, self, k["queue"])
            self.frontier_seen = RFPDupeFilter(server, key=k["dupefilter"])

        async def start(self):
            for url in self.sitemap_urls:  # sitemaps only: the feeds are the workers' business
                yield Request(url, self._parse_sitemap, errback=self._sitemap_failed)

        def _sitemap_failed(self, failure):
            """A sitemap not fetched (DNS, refused, timeout, HTTP error): kept in the stats, so the command says
            which and why instead of "0 article pages queued from 0 sitemaps" (once shown only with -v)."""
            request = getattr(failure, "request", None)
            response = getattr(failure.value, "response", None)
            why = f"HTTP {response.status}" if response is not None else (str(failure.value).strip() or type(failure.value).__name__)
            unfetched = self.crawler.stats.get_value("newsagg/backfill/unfetched") or []
            self.crawler.stats.set_value("newsagg/backfill/unfetched", [*unfetched, (request.url if request else "?", why)])

        def sitemap_filter(self, entries):
            index = getattr(entries, "type", None) == "sitemapindex"
            kept = []
            for entry in entries:
                loc = entry.get("loc", "")
                sitemap = index or loc.endswith((".xml", ".xml.gz")) or entry.get("alternate") == "sitemap"
                # a sitemap is dated by the year in its address, else its lastmod; an article by its lastmod
                # alone: a number in its address is no date (measured before: `/news/2010` and `…-2018-…` skipped)
                year = dated_year(loc if sitemap else "", entry.get("lastmod"))
                if year is not None and year < self.since:
                    stats.count(self.crawler.stats, "skipped", self.outlet.id, "before_since")
                else:
                    kept.append(entry)
            yield from kept if index else super().sitemap_filter(kept)

        def _parse_sitemap(self, response):
            self.frontier_seen.request_seen(Request(response.url))  # the workers need not walk it again
            self.crawler.stats.inc_value("newsagg/backfill/sitemaps")
            for request in super()._parse_sitemap(response) or ():
                if request.callback != self.parse_article:  # a child sitemap: walked here, and said if it fails
                    yield request.replace(errback=self._sitemap_failed)
                elif self.frontier_queue.push(request, self.frontier_seen.key, self.frontier_seen.request_fingerprint(request)):
                    self.crawler.stats.inc_value("newsagg/backfill/queued")  # seen and queued in one step
                else:
                    self.crawler.stats.inc_value("newsagg/backfill/already_queued")

    Walker.__name__ = f"{spider_cls.__name__}Backfill"
    return Walker


def backfill(spider_name: str, since: int, frontier: str, prefix: str = "newsagg", mirror: str | None = None,
             known: dict | None = None, log_level: str = "WARNING", dead_letters: set[str] | None = None) -> dict:
    """Walk one outlet's sitemaps into the frontier; returns the walk's Scrapy stats."""
    from scrapy.crawler import CrawlerProcess

    from newsagg.crawler.run import project_settings

    settings = project_settings()
    settings.set("LOG_LEVEL", log_level)
    settings.set("ITEM_PIPELINES", {})
    settings.set("LOG_INSTALL_ROOT_HANDLER", log_level != "WARNING")
    if mirror:
        settings.set("REPLAY_MIRROR", mirror)
        settings.set("AUTOTHROTTLE_ENABLED", False)
        settings.set("DOWNLOAD_DELAY", 0)
    process = CrawlerProcess(settings)
    spider_cls = process.spider_loader.load(spider_name)
    crawler = process.create_crawler(walker_class(spider_cls))
    process.crawl(crawler, since=since, frontier=frontier, prefix=prefix, known=known, dead_letters=dead_letters)
    process.start()
    return crawler.stats.get_stats()
