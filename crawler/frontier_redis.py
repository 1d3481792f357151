"""The Redis side of the frontier (imported only when NEWSAGG_FRONTIER is set): scrapy-redis's
scheduler and duplicate filter, with a queue that survives a killed process.

scrapy-redis pops a request from Redis and forgets it: a process killed with requests in flight
loses them (their fingerprints stay in the duplicate filter, so nobody fetches them again). Here a
pop moves the request, in the same Lua script, into a lease hash owned by the process; the lease is
released once Scrapy is done with the request (downloaded, parsed, its article stored in PostgreSQL),
and a process whose heartbeat key expired (NEWSAGG_FRONTIER_LEASE seconds, default 10) has its leases
put back in the queue by any other. Delivery is therefore at least once: a request whose article
was stored just before the kill is fetched again and stored as `unchanged`.

The other known traps, and what this module does about them:
- SCHEDULER_PERSIST off wipes the shared queue when the first process finishes: forced on here.
- Identical serialized requests collapse into one member of the sorted set (and equal priorities pop
  in byte order, not FIFO): every member starts with a 16-digit sequence number, so none collapse and
  equal priorities pop first in, first out.
- Several processes start at once: every process yields its spiders' start requests (feeds,
  sitemaps), and in frontier mode they pass through the shared duplicate filter even when Scrapy made
  them `dont_filter`, so each is fetched once, by whichever process got there first.
- Idle processes: a process whose queue is empty waits (polling every second) while any process still
  holds leases, since those can still add requests; it stops when the queue is empty and no lease is
  left. The last one out clears the crawl's duplicate filter, so the next crawl fetches the feeds
  again (articles already stored are skipped by the database's own incremental check).
- Redis away: the process takes nothing new, finishes and stores what it holds, keeps the links it finds
  until Redis takes them, and says so once (not a traceback a second: 4,528 lines in 100 s, measured
  before); back within NEWSAGG_FRONTIER_GIVE_UP seconds
  (default 60) the crawl goes on, otherwise it closes with `frontier_unreachable` and its leases are
  reclaimed by whichever process meets Redis again. Measured before: an 8-s outage lost 14 of 120
  articles, fetched and then dropped because the storage pipeline's end-of-crawl test asked Redis.
"""
from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from typing import ClassVar

import redis
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler as RedisScheduler
from twisted.internet.task import LoopingCall

log = logging.getLogger(__name__)

_PUSH = """
if ARGV[3] ~= '' and redis.call('SADD', KEYS[3], ARGV[3]) == 0 then return false end
local n = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], ARGV[1], string.format('%016d', n) .. ARGV[2])
return n
"""
_POP = """
local m = redis.call('ZPOPMIN', KEYS[1])
if #m == 0 then return false end
redis.call('HSET', KEYS[2], m[1], ARGV[1] .. '|' .. m[2])
return m[1]
"""
_RECLAIM = """
local all = redis.call('HGETALL', KEYS[2])
local n = 0
for i = 1, #all, 2 do
  local v = all[i + 1]
  local sep = string.find(v, '|', 1, true)
  if redis.call('EXISTS', ARGV[1] .. string.sub(v, 1, sep - 1)) == 0 then
    redis.call('ZADD', KEYS[1], string.sub(v, sep + 1), all[i])
    redis.call('HDEL', KEYS[2], all[i])
    n = n + 1
  end
end
return n
"""
_REQUEUE = """
for i = 1, #ARGV do
  local v = redis.call('HGET', KEYS[2], ARGV[i])
  if v then
    local sep = string.find(v, '|', 1, true)
    redis.call('ZADD', KEYS[1], string.sub(v, sep + 1), ARGV[i])
    redis.call('HDEL', KEYS[2], ARGV[i])
  end
end
return #ARGV
"""
_FINISH = """
if redis.call('ZCARD', KEYS[1]) == 0 and redis.call('HLEN', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[3], KEYS[4])
  return 1
end
return 0
"""
SEQ_DIGITS = 16


class LeasedQueue(PriorityQueue):
    """scrapy-redis's priority queue (a sorted set), with unique members and leases."""

    def __init__(self, server, spider, key, serializer=None):
        super().__init__(server, spider, key, serializer)
        self.leases_key, self.seq_key = f"{self.key}:leases", f"{self.key}:seq"
        self._push, self._pop = server.register_script(_PUSH), server.register_script(_POP)
        self._reclaim, self._requeue = server.register_script(_RECLAIM), server.register_script(_REQUEUE)
        self._finish = server.register_script(_FINISH)

    def push(self, request, dupefilter_key: str = "", fingerprint: str = "") -> bool:
        """Queue `request`; with a fingerprint, only if the duplicate filter had not seen it, in the same
        Lua script: a process killed between the two steps would leave the fingerprint filtered and the
        request in no queue (scrapy-redis does them as two calls)."""
        return self._push(keys=[self.key, self.seq_key, dupefilter_key or self.seq_key],
                          args=[-request.priority, self._encode_request(request), fingerprint]) is not None

    def pop_leased(self, owner: str):
        """(member, request) moved from the queue into `owner`'s leases, or None when the queue is empty."""
        member = self._pop(keys=[self.key, self.leases_key], args=[owner])
        if member is None:
            return None
        return member, self._decode_request(member[SEQ_DIGITS:])

    def pop(self, timeout=0):
        raise NotImplementedError("use pop_leased(): a request popped without a lease is lost if the process dies")

    def release(self, members) -> None:
        if members:
            self.server.hdel(self.leases_key, *members)

    def requeue(self, members) -> None:
        if members:
            self._requeue(keys=[self.key, self.leases_key], args=list(members))

    def reclaim(self, alive_prefix: str) -> int:
        """Put back the leases of processes whose heartbeat expired."""
        return int(self._reclaim(keys=[self.key, self.leases_key], args=[alive_prefix]))

    def leased(self) -> int:
        return int(self.server.hlen(self.leases_key))

    def finish(self, dupefilter_key: str) -> bool:
        """True if the crawl is over (queue empty, no lease anywhere); then its duplicate filter and
        sequence counter are cleared (nothing is left to order)."""
        return bool(self._finish(keys=[self.key, self.leases_key, dupefilter_key, self.seq_key]))

    def clear(self) -> None:
        self.server.delete(self.key, self.leases_key, self.seq_key)


class Scheduler(RedisScheduler):
    heartbeat_s = 1.0
    crawler: Crawler
    owner: str
    alive_prefix: str
    lease_ms: int
    give_up_s: float
    # when Redis stopped answering (None: it answers), one for the process: every spider's scheduler meets the
    # same outage, and it is said once, not once a spider
    away_since: ClassVar[float | None] = None
    leases: dict[bytes, Request]
    unqueued: list[tuple[Request, str]]  # requests (and fingerprints) Redis did not take, queued once it answers
    loop: LoopingCall | None

    @classmethod
    def from_crawler(cls, crawler):
        self = super().from_crawler(crawler)
        self.crawler = crawler
        self.persist = True  # whatever SCHEDULER_PERSIST says: a finished process must not wipe the shared queue
        prefix = crawler.settings.get("NEWSAGG_FRONTIER_PREFIX") or "newsagg"
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.alive_prefix = f"{prefix}:alive:"
        self.lease_ms = int(crawler.settings.getfloat("NEWSAGG_FRONTIER_LEASE", 10.0) * 1000)
        self.give_up_s = crawler.settings.getfloat("NEWSAGG_FRONTIER_GIVE_UP")
        self.leases, self.unqueued = {}, []
        self.loop = None
        crawler.signals.connect(self.spider_idle, signals.spider_idle)
        return self

    def open(self, spider):
        result = super().open(spider)
        self.server.set(self.alive_prefix + self.owner, 1, px=self.lease_ms)
        self.loop = LoopingCall(self.beat)
        self.loop.start(self.heartbeat_s, now=False)
        return result

    def close(self, reason):
        if self.loop and self.loop.running:
            self.loop.stop()
        try:
            self.queue_late()
            self.reconcile()
            # whatever is still leased was not finished (a shutdown): back to the queue for the others now
            self.queue.requeue(list(self.leases))
            self.server.delete(self.alive_prefix + self.owner)
            log.info("frontier: closed (%s), %d requests left in the shared queue", reason, len(self.queue))
        except redis.RedisError as exc:  # they stay leased: reclaimed once this process's heartbeat has expired
            (log.error if self.leases or self.unqueued else log.info)(
                "frontier: closed (%s) with %d requests still leased to it in Redis (%s); once Redis answers, any process "
                "puts them back in the queue (those stored already are fetched again as unchanged); %d links found while it "
                "was away are not queued (the next crawl finds them again)", reason, len(self.leases), _one_line(exc), len(self.unqueued))
        self.leases.clear()

    def has_pending_requests(self) -> bool:
        try:
            return bool(self.unqueued) or super().has_pending_requests()
        except redis.RedisError as exc:  # unknown while Redis is away: something may still come, so nothing ends early
            self.unreachable(exc)
            return True

    def enqueue_request(self, request):
        if request.dont_filter and request.meta.get("is_start_request") and not request.meta.get("retry_times"):
            # start requests (feeds, sitemaps) from every process: the shared filter picks one fetch (a retry of
            # the one fetched is not another: measured before, a feed's 500 was tried once and the outlet lost)
            request = request.replace(dont_filter=False)
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        try:
            queued = self.queue.push(request, self.df.key, fingerprint)  # seen and queued in one step
        except redis.RedisError as exc:  # kept here and queued once Redis answers (measured before: feeds
            self.unreachable(exc)        # dropped at an outage early in a crawl, which then ended `finished` with 0 pages)
            self.unqueued.append((request, fingerprint))
            return True
        if not queued:
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis", spider=self.spider)
        return True

    def next_request(self):
        try:
            popped = self.queue.pop_leased(self.owner)
        except redis.RedisError as exc:  # nothing new until it answers; what is in flight goes on
            self.unreachable(exc)
            return None
        self.answered()
        if popped is None:
            return None
        member, request = popped
        self.leases[member] = request
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis", spider=self.spider)
        return request

    # ---- leases
    def _in_progress(self) -> set:
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is None or not hasattr(slot, "inprogress"):
            raise RuntimeError("this Scrapy version exposes no engine._slot.inprogress: frontier leases cannot be released safely")
        return slot.inprogress

    def reconcile(self) -> None:
        """Release the leases of requests Scrapy is done with. A request stays in the engine's
        in-progress set from download until its callback's output, items included, is processed."""
        if not self.leases:
            return
        busy = self._in_progress()
        done = [m for m, r in self.leases.items() if r not in busy]
        self.queue.release(done)
        for m in done:
            del self.leases[m]

    def beat(self) -> None:
        try:
            self.server.set(self.alive_prefix + self.owner, 1, px=self.lease_ms)
            self.queue_late()
            self.reconcile()
            self.reclaim()
            pending = len(self.queue) or self.queue.leased()
        except redis.RedisError as exc:  # a hiccup must not stop the heartbeat: the next beat retries
            self.unreachable(exc)
            if Scheduler.away_since is not None and time.monotonic() - Scheduler.away_since >= self.give_up_s:
                self.give_up()
            return
        self.answered()
        if pending:
            slot = getattr(self.crawler.engine, "_slot", None)
            if slot is not None:
                slot.nextcall.schedule()  # look again now, not at the engine's 5-second heartbeat

    def queue_late(self) -> None:
        """Queue what Redis did not take while it was away (each taken off the list once Redis has it)."""
        while self.unqueued:
            request, fingerprint = self.unqueued[0]
            if self.queue.push(request, self.df.key, fingerprint) and self.stats:
                self.stats.inc_value("newsagg/frontier/queued_late")
            self.unqueued.pop(0)

    def answered(self) -> None:
        if (since := Scheduler.away_since) is not None:
            Scheduler.away_since = None
            log.warning("frontier: Redis answers again after %.0f s; the crawl goes on", time.monotonic() - since,
                        extra={"quiet_too": True})  # the end of an outage a quiet crawl said

    def unreachable(self, exc: Exception) -> None:
        """Redis did not answer: said once (the heartbeat gives up after give_up_s)."""
        if Scheduler.away_since is None:
            Scheduler.away_since = time.monotonic()
            log.error("frontier: Redis does not answer (%s); taking no new requests, retrying every %.0f s, stopping "
                      "after %.0f s", _one_line(exc), self.heartbeat_s, self.give_up_s)

    def give_up(self) -> None:
        """Close the spider (`frontier_unreachable`): what it fetched is stored, what it holds stays leased."""
        assert self.loop is not None
        self.loop.stop()
        log.info("frontier: Redis did not answer for %.0f s: closing %s", self.give_up_s, self.spider.name)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="frontier_unreachable"))

    def reclaim(self) -> None:
        """Put back the leases of dead processes; counted whichever path (heartbeat or idle) finds them."""
        if n := self.queue.reclaim(self.alive_prefix):
            log.warning("frontier: %d requests of a dead process put back in the queue", n)
            if self.stats:
                self.stats.inc_value("newsagg/frontier/reclaimed", n, spider=self.spider)

    def spider_idle(self, spider):
        try:
            self.queue_late()
            self.reconcile()  # idle: nothing of ours is in progress any more
            self.reclaim()
            over = self.queue.finish(self.df.key)
        except redis.RedisError as exc:
            self.unreachable(exc)
            raise DontCloseSpider from None
        self.answered()
        if not over:  # the crawl is over everywhere when it is: then Scrapy closes the spider
            raise DontCloseSpider


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__
