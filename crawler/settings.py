"""Scrapy settings: polite by default. Values from config/settings.toml [crawl] where they are data."""
from newsagg.article import Article
from newsagg.config import load_settings

_crawl = load_settings().get("crawl", {})

BOT_NAME = "newsagg"
SPIDER_MODULES = ["newsagg.crawler.spiders"]
NEWSPIDER_MODULE = "newsagg.crawler.spiders"

# Politeness: robots.txt, an honest User-Agent, AutoThrottle, per-domain concurrency.
ROBOTSTXT_OBEY = True
USER_AGENT = _crawl.get("user_agent", "newsagg/0.1")
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# An article page yields one item; Scrapy starts CONCURRENT_ITEMS asyncio tasks for every response's
# output (100 by default): over a quarter of the crawl's main thread (bench/crawl.py, py-spy), for nothing.
CONCURRENT_ITEMS = 8
# Scrapy holds a response active until its item is through the pipelines, and starts no download
# while the active responses pass this many bytes (Scrapy's issue 6206). Ours wait for the worker
# and a batched write: up to about 264 articles (pool 64, writer two batches of 100). Real pages are
# 18-290 KB (../shared/pages); with Scrapy's 5 MB, 142-KB crawl-bench pages went 34 pages/s
# against bare Scrapy's 133-170, the writer's batches waiting out their 500 ms for articles that
# could not come.
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 64 * 1024 * 1024
DOWNLOAD_DELAY = 0.5
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# 429/503 with Retry-After pause the domain (capped) before Scrapy's RetryMiddleware (550) retries
DOWNLOADER_MIDDLEWARES = {"newsagg.crawler.retry_after.RetryAfterMiddleware": 560}
NEWSAGG_RETRY_AFTER_MAX = 300.0

DOWNLOAD_HANDLERS = {
    "http": "newsagg.crawler.replay.ReplayDownloadHandler",   # a plain HTTP handler unless REPLAY_MIRROR is set
    "https": "newsagg.crawler.replay.ReplayDownloadHandler",
}
REPLAY_MIRROR = None

# Offsite redirects are dropped by Scrapy's OffsiteDownloaderMiddleware (allowed_domains = the outlet).
ITEM_PIPELINES = {
    "newsagg.pipelines.workers.ProcessPipeline": 100,
    "newsagg.pipelines.storage.pipeline.StoragePipeline": 400,
}

# One crawl over many processes and machines (crawler/frontier.py): a Redis URL turns it on.
ADDONS = {"newsagg.crawler.frontier.Frontier": 0}
NEWSAGG_FRONTIER = None          # redis://host:6379/0, or `newsagg crawl --frontier …`
NEWSAGG_FRONTIER_PREFIX = "newsagg"
NEWSAGG_FRONTIER_LEASE = 10.0    # seconds without a heartbeat before a process's requests go back to the queue
NEWSAGG_FRONTIER_GIVE_UP = 60.0  # seconds Redis may stay away before a frontier crawl closes (or the environment's)

NEWSAGG_COVERAGE_THRESHOLD = _crawl.get("coverage_threshold", 0.8)
NEWSAGG_AGREEMENT_THRESHOLD = _crawl.get("agreement_threshold", 0.5)
# The second opinion (trafilatura) on each article: "always", "adaptive" (shed when the worker is behind, but
# a floor per outlet still scored) or "off". The floor and the latch, NEWSAGG_SECOND_OPINION_FIRST (20), _EVERY (10),
# _BEHIND (None: what the pool keeps in flight) and _RELEASE_S (1.0), default to `agreement.Shedding`'s.
NEWSAGG_SECOND_OPINION = _crawl.get("second_opinion", "adaptive")
NEWSAGG_REFETCH = False  # -s NEWSAGG_REFETCH=1: fetch pages already stored too (they are stored as unchanged)
NEWSAGG_RUN_ID = None   # set by `newsagg crawl`; a bare `scrapy crawl` records a run of its own

LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
# `scrapy crawl isna -O items.jsonl`: what was extracted, the chain and how it was saved (not the MinHash)
FEED_EXPORT_FIELDS = [*Article.extracted_fields(), "chain", "saved"]
