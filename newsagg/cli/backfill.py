"""`newsagg backfill OUTLET --since YEAR --frontier redis://…`: put an outlet's archive into the
shared frontier (crawler/backfill.py); `newsagg crawl OUTLET --frontier …` on each machine fetches it."""
from __future__ import annotations

import argparse
import os
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from newsagg.cli.timefmt import JALALI_YEARS
from newsagg.errors import BadInput, UserError


class SitemapsUnreachable(UserError):
    """No sitemap of the outlet could be fetched: the site is down, or this machine is offline."""




def _year(text: str) -> int:
    """A Gregorian year, or a Jalali one (1394) as the Gregorian year it starts in (1394 -> 2015, from March 21):
    sitemaps are dated by Gregorian year, so a Jalali year reads the whole Gregorian year it begins in."""
    digits = text.strip().translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789"))
    year = int(digits) if digits.isdigit() else 0
    jalali = year in JALALI_YEARS  # as --since of every command
    year += 621 if jalali else 0
    said = f"{text.strip()} (Jalali) is {year}" if jalali else text.strip()
    if not year:
        raise argparse.ArgumentTypeError(f"not a year: {text!r} (a Gregorian year, 2015, or a Jalali one, 1394)")
    if year < 1990:  # no news site's sitemap is older
        raise argparse.ArgumentTypeError(f"{said}: no news site has sitemaps before 1990 (Jalali 1369)")
    if year > (now := datetime.now(UTC).year):
        raise argparse.ArgumentTypeError(f"{said}: later than this year, {now}; nothing is dated then yet")
    return year


def register(command) -> None:
    s = command("backfill", run, "queue an outlet's archive (its dated sitemaps since a year) in the frontier")
    s.add_argument("outlet", help="outlet id or spider name")
    s.add_argument("--since", type=_year, required=True, help="first year to queue (sitemaps dated earlier are not read): Gregorian (2015) or Jalali"
                        " (1369 or later: 1394 reads from 2015)")
    s.add_argument("--frontier", metavar="REDIS_URL", default=os.environ.get("NEWSAGG_FRONTIER") or None,
                   help="the Redis the crawl processes share (default: $NEWSAGG_FRONTIER)")
    s.add_argument("--prefix", default="newsagg", help=argparse.SUPPRESS)
    s.add_argument("--replay", metavar="DIR", help="walk a snapshot instead of the network")


def run(args) -> None:
    from newsagg.cli.commands import console, open_db
    from newsagg.config import load_registry
    from newsagg.crawler.backfill import backfill
    from newsagg.crawler.frontier import check
    from newsagg.pipelines.storage import queries
    from newsagg.pipelines.storage.deadletter import DeadLetters

    outlet = load_registry().outlet(args.outlet, crawled=True)
    assert outlet.crawl is not None
    name = outlet.spider_name
    if not outlet.crawl.sitemaps:
        raise BadInput(f"{outlet.name_en} lists no sitemaps in config/outlets.toml: nothing to backfill")
    if not args.frontier:
        raise BadInput("backfill needs --frontier redis://… (or $NEWSAGG_FRONTIER): the crawl processes take the pages from there")
    check(args.frontier)
    with closing(open_db(args)) as conn:
        known = queries.known_urls(conn, outlet.id)
    dead = DeadLetters.here().urls(outlet.id) - known.keys()  # refused: a crawl skips them too
    level = "INFO" if args.verbose else "WARNING"
    if args.replay:
        from newsagg.crawler.replay import ReplayServer

        with ReplayServer(Path(args.replay)) as server:
            stats = backfill(name, args.since, args.frontier, args.prefix, server.url, known, level, dead)
    else:
        stats = backfill(name, args.since, args.frontier, args.prefix, None, known, level, dead)
    get = stats.get
    unfetched = get("newsagg/backfill/unfetched") or []
    if unfetched and not get("newsagg/backfill/sitemaps"):
        url, why = unfetched[0]
        raise SitemapsUnreachable(f"{outlet.name_en}: none of its {len(unfetched)} sitemaps could be fetched "
                                  f"({url}: {why}); nothing queued")
    for url, why in unfetched:
        from newsagg.cli.render import err

        err.print(f"warning: sitemap not fetched: {url}: {why}", markup=False, highlight=False, soft_wrap=True)
    queued = get("newsagg/backfill/queued", 0)
    console.print(f"{outlet.name_en}: {queued} article pages queued from "
                  f"{get('newsagg/backfill/sitemaps', 0)} sitemaps since {args.since} "
                  f"({get('newsagg/backfill/already_queued', 0)} already queued, "
                  f"{get(f'newsagg/skipped/{outlet.id}/already_stored', 0)} already stored, "
                  f"{get(f'newsagg/skipped/{outlet.id}/dead_letter', 0)} refused by the database before, "
                  f"{get(f'newsagg/skipped/{outlet.id}/before_since', 0)} dated before {args.since} skipped)."
                  + (f" Fetch them with `newsagg crawl {name} --frontier {args.frontier}` on each machine." if queued else ""),
                  markup=False, highlight=False)
    if unfetched:  # what was read is queued; the pages of the sitemaps not read are not: a script must see it
        raise SitemapsUnreachable(f"{outlet.name_en}: {len(unfetched)} of its sitemaps could not be fetched (above), so their "
                                  "pages are not queued; run the backfill again to queue them (what is queued stays queued once)")
