"""Bench-only Scrapy extension: pages/s from the first response to the last response or the last item
through the pipelines (stored, or dropped as skipped), whichever comes later, so the engine's 5-second
idle heartbeat at the end of a crawl does not count but the work still queued behind the downloads
does: at load 5 the whole pipeline finished 10-13 s after its last response. Added to both runs alike."""
import time
from pathlib import Path

from scrapy import signals


def main_thread_schedstat() -> tuple[float, float] | None:
    """(CPU s, s runnable but waiting for a core) of the calling thread so far, from Linux's schedstat; None elsewhere."""
    try:
        on_cpu, waiting = Path("/proc/thread-self/schedstat").read_text().split()[:2]
    except (OSError, ValueError):
        return None
    return int(on_cpu) / 1e9, int(waiting) / 1e9


class ResponseClock:
    def __init__(self, crawler):
        self.stats, self.n = crawler.stats, 0
        self.first: float | None = None
        self.last = 0.0
        self.sched_at_first: tuple[float, float] | None = None
        crawler.signals.connect(self.response, signals.response_received)
        crawler.signals.connect(self.closed, signals.spider_closed)
        for finished in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(self.item_done, finished)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def response(self, response, request, spider):
        if self.first is None:  # signals run in the main thread: its CPU and run-queue wait from here
            self.first, self.sched_at_first = time.perf_counter(), main_thread_schedstat()
        self.last, self.n = time.perf_counter(), self.n + 1
        # wall-clock times, comparable across the processes of one shared crawl (bench/frontier.py)
        self.stats.set_value("bench/last_response", time.time())
        if self.n == 1:
            self.stats.set_value("bench/first_response", time.time())
        self.stats.set_value("bench/responses", self.n)

    def item_done(self, *args, **kwargs):
        self.last = max(self.last, time.perf_counter())
        self.stats.set_value("bench/last_item", time.time())

    def closed(self, spider, reason):
        # this process's CPU so far (bench/crawl.py tells it apart from its worker's)
        self.stats.set_value("bench/cpu_s", round(time.process_time(), 2))
        window = self.last - (self.first or self.last)
        if self.sched_at_first and (now := main_thread_schedstat()):
            cpu, waiting = now[0] - self.sched_at_first[0], now[1] - self.sched_at_first[1]
            self.stats.set_value("bench/main_thread_cpu_s", round(cpu, 2))
            self.stats.set_value("bench/main_thread_waiting_for_a_core_s", round(waiting, 2))
            # neither running nor runnable inside the clock's window: waiting for the GIL (held by the crawl
            # process's other threads), or for the network with nothing else to do. CPU and wait run on to the
            # close (the idle heartbeat, closing the pipelines: tens of ms), so this is a slight underestimate
            self.stats.set_value("bench/main_thread_blocked_s", round(max(0.0, window - cpu - waiting), 2))
        if self.n > 1:
            self.stats.set_value("bench/pages_per_s", round((self.n - 1) / window, 1))
