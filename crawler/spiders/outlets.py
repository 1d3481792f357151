"""One spider per configured outlet, generated from config/outlets.toml: `scrapy crawl isna`.

All share OutletSpider, built on Scrapy's SitemapSpider (sitemaps, sitemap indexes, robots.txt
sitemaps) plus RSS/Atom feeds read with Scrapy's feed iterator. The spider never imports the
pipelines: the storage pipeline hands it `known` (url -> last fetch) for the incremental check, and
`dead_letters` (URLs the database refused: fetched again only once their dead letter is deleted).
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import scrapy
from scrapy.spiders import SitemapSpider
from w3lib.url import safe_url_string

from newsagg import stats
from newsagg.config import Outlet, load_registry
from newsagg.crawler.parsers import NotAnArticle, parse_article
from newsagg.crawler.parsers.dates import to_utc
from newsagg.crawler.parsers.encoding import BadEncoding, decode_page


class OutletSpider(SitemapSpider):
    outlet: Outlet  # set on each generated subclass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.known: dict[str, tuple[datetime, datetime | None]] = {}  # url -> (fetched, published)
        self.dead_letters: set[str] = set()

    async def start(self):
        async for request in super().start():
            yield request
        for feed in self.outlet.crawl.feeds:
            yield scrapy.Request(feed, callback=self.parse_feed, errback=self.feed_failed)

    # ---- discovery
    def parse_feed(self, response):
        """RSS items and Atom entries; dates in any of the formats outlets use."""
        response.selector.remove_namespaces()
        entries = response.xpath("//item | //entry")
        if not entries:
            stats.count(self.crawler.stats, "errors", self.outlet.id, "empty_feed")
        for entry in entries:
            link = (entry.xpath("link/text()").get() or entry.xpath("link/@href").get() or "").strip()
            if not link:
                continue
            published = to_utc(entry.xpath("pubDate/text() | published/text() | updated/text() | date/text()").get())
            if self.outlet.is_article_url(link):
                if request := self.request_article(response.urljoin(link), published):
                    yield request
            else:
                stats.count(self.crawler.stats, "skipped", self.outlet.id, "not_article_url")

    def sitemap_filter(self, entries):
        if getattr(entries, "type", None) == "sitemapindex":
            yield from entries  # every entry of an index is a child sitemap: `.xml.gz`, no extension, a query
            return
        for entry in entries:
            loc = entry.get("loc", "")
            if loc.endswith((".xml", ".xml.gz")) or entry.get("alternate") == "sitemap":
                yield entry  # a child sitemap listed among pages
            elif not self.outlet.is_article_url(loc):
                stats.count(self.crawler.stats, "skipped", self.outlet.id, "not_article_url")
            elif reason := self.skip_reason(loc, to_utc(entry.get("lastmod"))):
                stats.count(self.crawler.stats, "skipped", self.outlet.id, reason)
            else:
                yield entry

    def feed_failed(self, failure):
        stats.count(self.crawler.stats, "errors", self.outlet.id, "feed_unreachable")
        self.logger.warning("feed %s failed: %s", failure.request.url, failure.value)

    def fresh(self, url: str, published: datetime | None) -> bool:
        """Stored and not due for a re-fetch: young pages are fetched again after a while to catch edits."""
        seen = self.known.get(safe_url_string(url))  # stored as Scrapy requests it: percent-encoded
        if not seen:
            return False
        fetched, stored_published = seen
        published = published or stored_published
        now = datetime.now(UTC)
        plan = self.outlet.crawl
        young = published and now - published < timedelta(hours=plan.refetch_young_hours)
        return not (young and now - fetched > timedelta(hours=plan.refetch_after_hours))

    def skip_reason(self, url: str, published: datetime | None) -> str | None:
        """Why a page is not fetched: the database refused it before, or it is stored and not due."""
        if safe_url_string(url) in self.dead_letters:
            return "dead_letter"
        return "already_stored" if self.fresh(url, published) else None

    def request_article(self, url: str, published: datetime | None):
        if reason := self.skip_reason(url, published):
            stats.count(self.crawler.stats, "skipped", self.outlet.id, reason)
            return None
        return scrapy.Request(url, callback=self.parse_article, cb_kwargs={"feed_published": published})

    # ---- extraction
    def parse_article(self, response, feed_published: datetime | None = None):
        """Extract one article page (tests/fixtures/outlets/ holds a dated page of every outlet)."""
        oid = self.outlet.id
        if not hasattr(response, "text"):
            stats.count(self.crawler.stats, "skipped", oid, "not_html")
            return
        try:
            text, charset = decode_page(response.body, response.text)
        except BadEncoding:
            stats.count(self.crawler.stats, "skipped", oid, "bad_encoding")
            return
        if charset:  # the page was not in the charset it declared: read as what its bytes are
            stats.count(self.crawler.stats, "errors", oid, f"charset_mislabelled_{charset}")
        try:
            article = parse_article(self.outlet.crawl.parser, text, response.url, oid)
        except NotAnArticle as reason:
            stats.count(self.crawler.stats, "skipped", oid, str(reason))
            return
        article.url = response.url
        article.page = text  # as decoded above; for the second opinion, scored in the worker (pipelines/agreement.py)
        article.missing = [f for f in ("published", "lead", "authors", "tags") if not getattr(article, f)]
        if article.published is None and feed_published:
            article.published = feed_published  # the feed's date is better than none
            article.missing.remove("published")
            article.missing.append("published:from-feed")
        yield article


def _spider_class(outlet: Outlet) -> type[OutletSpider]:
    # Class attributes, because SitemapSpider compiles sitemap_rules in its __init__.
    return type(f"{outlet.spider_name.title().replace('_', '')}Spider", (OutletSpider,), {
        "name": outlet.spider_name, "outlet": outlet, "__module__": __name__,
        # the outlet, and the hosts of its own feeds and sitemaps (BBC Persian's feed is on bbci.co.uk)
        "allowed_domains": sorted({outlet.id, *(urlsplit(u).hostname for u in (*outlet.crawl.feeds, *outlet.crawl.sitemaps))}),
        "sitemap_urls": list(outlet.crawl.sitemaps),
        "sitemap_rules": [(outlet.crawl.article_url or ".", "parse_article")],
    })


globals().update({cls.__name__: cls for cls in map(_spider_class, load_registry().crawled)})
