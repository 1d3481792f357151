"""One crawl over many processes and machines: scrapy-redis as the shared frontier (request queue and
duplicate filter in Redis), every process writing to the same PostgreSQL.

Off unless the Scrapy setting NEWSAGG_FRONTIER (or `newsagg crawl --frontier`) names a Redis server:
then this add-on swaps in the Redis scheduler of `frontier_redis.py`; without it nothing changes and
neither redis nor scrapy-redis is imported. Keys live under NEWSAGG_FRONTIER_PREFIX (`newsagg`):
`<prefix>:<spider>:requests` (the queue), `…:requests:leases` (requests handed out and not finished),
`<prefix>:<spider>:dupefilter` (fingerprints of this crawl), `<prefix>:alive:<process>` (heartbeats).
"""
from __future__ import annotations

import os
from urllib.parse import urlsplit

from newsagg.errors import UserError


class FrontierConflict(UserError):
    pass


class FrontierUnavailable(UserError):
    pass


def exclusive(jobdir: str | None, frontier: str | None) -> None:
    if jobdir and frontier:
        raise FrontierConflict("--jobdir and a frontier (--frontier or NEWSAGG_FRONTIER) exclude each other: the frontier "
                               "keeps the crawl's state in Redis")


def give_up_s() -> float | None:
    """NEWSAGG_FRONTIER_GIVE_UP from the environment (seconds Redis may stay away), None when it is not set."""
    text = os.environ.get("NEWSAGG_FRONTIER_GIVE_UP", "").strip()
    try:
        seconds = float(text) if text else None
    except ValueError:
        seconds = -1.0
    if seconds is not None and not 0 < seconds < float("inf"):
        raise FrontierUnavailable(f"NEWSAGG_FRONTIER_GIVE_UP={text!r} is not a number of seconds (60 if unset)")
    return seconds


def check(url: str) -> None:
    """A user error, early and on one line, when the frontier's URL is not a Redis server's or it does not
    answer. Measured before: `redis://host:6379/abc` and `redis:///` ran on database 0 of localhost
    (redis-py ignores a database that is not a number), and an empty URL ran with no frontier."""
    import redis  # only here: without a frontier, redis is not needed

    give_up_s()
    parts = urlsplit(url.strip())
    database = parts.path.strip("/")
    if not url.strip() or parts.scheme in ("redis", "rediss") and not (parts.hostname and (not database or database.isdigit())):
        raise FrontierUnavailable(f"the frontier {url!r} is not a Redis server's URL: redis://host:6379/0 (a host, and a number "
                                  "for the database)")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except (redis.RedisError, ValueError) as exc:
        raise FrontierUnavailable(f"cannot reach the frontier at {url}: {exc}") from None


def keys(prefix: str, spider: str) -> dict[str, str]:
    queue = f"{prefix}:{spider}:requests"
    return {"queue": queue, "leases": f"{queue}:leases", "seq": f"{queue}:seq", "dupefilter": f"{prefix}:{spider}:dupefilter"}


class Frontier:
    """Scrapy add-on (ADDONS in settings.py): turns the Redis frontier on when NEWSAGG_FRONTIER is set."""

    def update_settings(self, settings) -> None:
        url = settings.get("NEWSAGG_FRONTIER")
        if not url:
            return
        exclusive(settings.get("JOBDIR"), url)
        if (seconds := give_up_s()) is not None:
            settings.set("NEWSAGG_FRONTIER_GIVE_UP", seconds, priority="addon")
        prefix = settings.get("NEWSAGG_FRONTIER_PREFIX") or "newsagg"
        for name, value in {
            "SCHEDULER": "newsagg.crawler.frontier_redis.Scheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_QUEUE_CLASS": "newsagg.crawler.frontier_redis.LeasedQueue",
            "SCHEDULER_QUEUE_KEY": f"{prefix}:%(spider)s:requests",
            "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:%(spider)s:dupefilter",
            "SCHEDULER_PERSIST": True,  # the scheduler forces it on too: a finished process must not wipe the queue
            "REDIS_URL": url,
        }.items():
            settings.set(name, value, priority="addon")
