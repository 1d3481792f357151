"""Scrapy stat keys of ours: `newsagg/<kind>/<outlet>[/<reason>]`, written and read only here.

Kinds: `skipped` and `errors` (with a reason), `new`, `updated`, `unchanged` (saved articles).
"""
from __future__ import annotations

from typing import Any

COUNTED = ("new", "updated", "unchanged")


def key(kind: str, outlet: str, reason: str | None = None) -> str:
    return f"newsagg/{kind}/{outlet}" + (f"/{reason.replace(' ', '_')}" if reason else "")


def count(stats: Any, kind: str, outlet: str, reason: str | None = None, n: int = 1) -> None:
    """Add n to a counter; `stats` is a Scrapy StatsCollector."""
    stats.inc_value(key(kind, outlet, reason), n)


def outlet_stats(stats: dict[str, Any], outlet: str) -> dict[str, Any]:
    """One outlet's counters from a crawl's stats, with Scrapy's own error and skip counters."""
    out: dict[str, Any] = {"skipped": {}, "errors": {}}
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
        elif name.startswith("downloader/response_status_count/") and not name.endswith("/200"):
            out["errors"]["http_" + name.rsplit("/", 1)[1]] = value
        elif name.startswith("downloader/exception_type_count/"):
            out["errors"][name.rsplit(".", 1)[-1]] = value
        elif name.startswith("spider_exceptions/"):
            out["errors"]["parser_" + name.rsplit("/", 1)[1]] = value
    return out
