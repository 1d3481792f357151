"""`429 Too Many Requests` (and 503) with `Retry-After`: wait that long before the next request to
the same domain, capped, and count it.

Measured before: a `429` with `Retry-After: 3600` was retried three times in the same second
(Scrapy's RetryMiddleware retries at once). Here the domain is paused: every request to it waits
in `process_request` until the pause ends (other domains go on), then RetryMiddleware's retry goes
out. The wait is capped (`NEWSAGG_RETRY_AFTER_MAX`, 300 s): a server asking for an hour gets the
cap and, after Scrapy's retries, the page is counted as `http_429` like any other failure.
"""
from __future__ import annotations

import asyncio
import logging
import time
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from newsagg import stats

log = logging.getLogger(__name__)


def retry_after_seconds(value: str | bytes | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


class RetryAfterMiddleware:
    codes = (429, 503)

    def __init__(self, crawler, cap: float):
        self.crawler, self.cap = crawler, cap
        self.paused_until: dict[str, float] = {}  # domain -> monotonic time

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getfloat("NEWSAGG_RETRY_AFTER_MAX", 300.0))

    async def process_request(self, request, spider=None):
        wait = self.paused_until.get(urlsplit(request.url).hostname or "", 0.0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        return None

    def process_response(self, request, response, spider=None):
        if response.status in self.codes:
            seconds = retry_after_seconds(response.headers.get(b"Retry-After"))
            if seconds is not None:
                seconds = min(seconds, self.cap)
                domain = urlsplit(request.url).hostname or ""
                self.paused_until[domain] = max(self.paused_until.get(domain, 0.0), time.monotonic() + seconds)
                outlet = getattr(getattr(self.crawler.spider, "outlet", None), "id", None)
                if outlet:
                    stats.count(self.crawler.stats, "errors", outlet, "retry_after_honoured")
                log.warning("%s answered %d with Retry-After: pausing %s for %.0f s", request.url, response.status,
                            domain, seconds)
        return response
