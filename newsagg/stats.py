"""Scrapy stat keys of ours: `newsagg/<kind>/<outlet>[/<reason>]`, written and read only here.

Kinds: `skipped` and `errors` (with a reason), `new`, `updated`, `unchanged` (saved articles).

Scrapy counts every answer and every download exception, also those its RetryMiddleware retried into a page
that was then stored: a 503 followed by a 200 read as the error `http_503`, and every followed redirect as
`http_301`. An error here is a page lost: the answers of a status (or exceptions of a type) less those retried,
redirects not at all; the retried ones are listed beside them as `retried_<reason>`, a notice like
`retry_after_honoured`, which `lost` leaves out of a total. Nor is a site without robots.txt (its 404)
an error: Scrapy counts that answer among the pages' statuses, and also apart (`robotstxt/...`).
"""
from __future__ import annotations

from collections import Counter
from typing import Any

COUNTED = ("new", "updated", "unchanged")
# error keys that lost no page: a page read right despite the charset it declared is a notice too
NOTICES = ("retried_", "retry_after_honoured", "charset_mislabelled_")


def key(kind: str, outlet: str, reason: str | None = None) -> str:
    return f"newsagg/{kind}/{outlet}" + (f"/{reason.replace(' ', '_')}" if reason else "")


def count(stats: Any, kind: str, outlet: str, reason: str | None = None, n: int = 1) -> None:
    """Add n to a counter; `stats` is a Scrapy StatsCollector."""
    stats.inc_value(key(kind, outlet, reason), n)


def outlet_stats(stats: dict[str, Any], outlet: str) -> dict[str, Any]:
    """One outlet's counters from a crawl's stats, with Scrapy's own error and skip counters."""
    out: dict[str, Any] = {"skipped": {}, "errors": {}}
    retried = _retried(stats)
    for name, value in stats.items():
        parts = name.split("/")
        if len(parts) >= 3 and parts[0] == "newsagg" and parts[2] == outlet:
            if parts[1] in ("skipped", "errors"):
                out[parts[1]][parts[3]] = value
            elif parts[1] in COUNTED:
                out[parts[1]] = value
        elif name == "robotstxt/forbidden":
            out["skipped"]["robots_txt"] = value
        elif name == "urllength/request_ignored_count":  # Scrapy's URLLENGTH_LIMIT (2083): only an INFO line
            out["skipped"]["url_too_long"] = value
        elif name.startswith("downloader/response_status_count/"):
            status = name.rsplit("/", 1)[1]
            value -= _robots_missing(stats, status)
            if value and not status.startswith(("1", "2", "3")):  # a followed redirect loses nothing
                _lost_or_retried(out, f"http_{status}", value, retried[status])
        elif name.startswith("downloader/exception_type_count/"):
            kind = name.removeprefix("downloader/exception_type_count/")
            _lost_or_retried(out, kind.rsplit(".", 1)[-1], value, retried[kind])
        elif name.startswith("spider_exceptions/"):
            out["errors"]["parser_" + name.rsplit("/", 1)[1]] = value
    return out


def _robots_missing(stats: dict[str, Any], status: str) -> int:
    """robots.txt answered 404 or 410: a site without one, which allows everything (no page lost)."""
    return stats.get(f"robotstxt/response_status_count/{status}", 0) if status in ("404", "410") else 0


def _retried(stats: dict[str, Any]) -> Counter[str]:
    """What RetryMiddleware retried, by its reason: an answer's status («503 Service Unavailable» -> "503"),
    an exception's dotted class name."""
    out: Counter[str] = Counter()
    for k, v in stats.items():
        if k.startswith("retry/reason_count/"):
            reason = k.removeprefix("retry/reason_count/")
            out[reason.split(" ", 1)[0] if reason[:3].isdigit() else reason] += v
    return out


def _lost_or_retried(out: dict[str, Any], name: str, seen: int, retried: int) -> None:
    if seen > retried:
        out["errors"][name] = seen - retried
    if retried:
        out["errors"][f"retried_{name}"] = retried


def lost(errors: dict[str, int]) -> int:
    """The pages an outlet's errors lost: every error but the notices of retries."""
    return sum(v for k, v in errors.items() if not k.startswith(NOTICES))
