"""Run spiders in this process: all outlets or some, live or against a replay server.

Ctrl-C is this process's to decide (the workers ignore SIGINT, pipelines/workers.py): the first stops
scheduling and lets what is in flight finish, so every article page fetched is stored (400-page replay,
6 runs at 5-6.5 s: stored == pages - 1, exit 130 within 1.7-2.7 s); the second stops the reactor at
once, and what was fetched and not written goes to the spool (`StoragePipeline.close_stopped`)."""
from __future__ import annotations

import logging
import signal
import sys
from typing import Any, cast

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from newsagg.config import load_registry
from newsagg.crawler.frontier import exclusive

_error_handler: dict[str, bool] = {}


def project_settings() -> Settings:
    """Our Scrapy settings, built explicitly: found from any working directory, not through scrapy.cfg."""
    settings = Settings()
    settings.setmodule("newsagg.crawler.settings", priority="project")
    return settings


def spider_names(names: list[str] | None) -> list[str]:
    """Outlet ids or spider names -> spider names; an unknown name is a user error."""
    registry = load_registry()
    return [registry.outlet(name, crawled=True).spider_name for name in names] if names else [o.spider_name for o in registry.crawled]


def crawl(names: list[str], run_id: int | None = None, mirror: str | None = None, jobdir: str | None = None,
          database_url: str | None = None, on_item=None, log_level: str = "WARNING", on_crawler=None,
          frontier: str | None = None, overrides: dict | None = None) -> dict[str, dict]:
    """Crawl the given spiders to completion; returns each spider's final Scrapy stats. on_crawler(crawler)
    is called for each crawler before it starts (the CLI's live table connects its signals there). With
    `frontier` (a Redis URL) the requests go through the queue shared with every other process on it."""
    settings = project_settings()
    settings.set("LOG_LEVEL", log_level)
    settings.set("NEWSAGG_RUN_ID", run_id)
    if database_url:
        settings.set("DATABASE_URL", database_url)
    if mirror:  # a local replay: no need to wait between requests to ourselves
        settings.set("REPLAY_MIRROR", mirror)
        settings.set("AUTOTHROTTLE_ENABLED", False)
        settings.set("DOWNLOAD_DELAY", 0)
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", 16)
    exclusive(jobdir, frontier)
    if jobdir:
        settings.set("JOBDIR", jobdir)
    if frontier:
        settings.set("NEWSAGG_FRONTIER", frontier)
    if overrides:  # any Scrapy setting, as `scrapy crawl -s` would give it (tests and benchmarks)
        settings.setdict(overrides, priority="cmdline")
    logging.getLogger("scrapy").setLevel(log_level)
    settings.set("LOG_INSTALL_ROOT_HANDLER", log_level != "WARNING")
    if log_level == "WARNING" and not _error_handler.get("installed"):
        # quiet crawls still show our ERROR lines (a refused record, an unreachable database), and the warning
        # that ends an outage one of them said (`quiet_too`)
        handler = logging.StreamHandler()
        handler.addFilter(lambda record: record.levelno >= logging.ERROR or getattr(record, "quiet_too", False))
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        logging.getLogger("newsagg").addHandler(handler)
        _error_handler["installed"] = True
    process = CrawlerProcess(settings)
    crawlers = []
    for name in names:
        crawler = process.create_crawler(name)
        if on_item:
            crawler.signals.connect(on_item, signal=signals.item_scraped)
        if on_crawler:
            on_crawler(crawler)
        crawlers.append(crawler)
        process.crawl(crawler)
    from twisted.internet import reactor

    cast(Any, reactor).callLater(0, _say_on_ctrl_c)  # once running: Scrapy installs its handlers at start-up
    process.start()  # Scrapy's handlers: the first SIGINT closes the spiders, the second stops the reactor
    if any(not closed(c) for c in crawlers):  # stopped at once: no spider_closed, no pipeline closed
        from newsagg.pipelines.storage.pipeline import StoragePipeline

        spooled = StoragePipeline.close_stopped()
        sys.stderr.write(f"stopped at once: {spooled} fetched articles not yet written are in the spool for the next crawl\n")
    return {c.spider.name if c.spider else "?": c.stats.get_stats() for c in crawlers}


def _say_on_ctrl_c() -> None:
    """Scrapy's first-SIGINT handler, saying what it does (its own line is INFO, not shown by a quiet crawl)."""
    from twisted.internet import reactor

    scrapy_handler = signal.getsignal(signal.SIGINT)
    if not callable(scrapy_handler):
        return

    def first(signum, frame) -> None:
        reactor.callFromThread(sys.stderr.write, "interrupted: finishing the pages in flight (Ctrl-C again to stop at once)\n")
        scrapy_handler(signum, frame)  # installs Scrapy's second handler

    signal.signal(signal.SIGINT, first)


def closed(crawler) -> bool:
    return crawler.stats.get_value("finish_reason") is not None


def frontier_lost(stats: dict[str, dict]) -> bool:
    """A crawl the frontier's Redis left for longer than NEWSAGG_FRONTIER_GIVE_UP (crawler/frontier_redis.py)."""
    return any(s.get("finish_reason") == "frontier_unreachable" for s in stats.values())


def interrupted(stats: dict[str, dict]) -> bool:
    """A crawl a signal ended: Scrapy's graceful stop closes the spiders with `shutdown`; a second
    signal stops the reactor and no spider closes (no finish_reason)."""
    return any(s.get("finish_reason") in (None, "shutdown") for s in stats.values())
