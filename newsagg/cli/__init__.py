"""`newsagg`: crawl, look at stories and chains, review them, export, schedule, evaluate.

A user's mistake (unknown outlet, missing file, bad id, unreachable database) is one line on stderr
and exit status 2; anything else is a bug and shows its traceback.
"""
from __future__ import annotations

import argparse
import os

from newsagg.cli import backfill, commands, replay, review, serve, sources
from newsagg.errors import UserError


def _count(low: int, high: int = 1_000_000):
    def parse(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not low <= n <= high:
            raise argparse.ArgumentTypeError(f"{n} is out of range ({low} to {high})")
        return n
    return parse


class _Version(argparse.Action):
    def __call__(self, parser, namespace, values, option_string=None):
        import newsagg

        print(f"newsagg {newsagg.__version__}")
        parser.exit()


def _window(p: argparse.ArgumentParser) -> None:
    from newsagg.cli.timefmt import argument

    when = "ISO or Jalali (1402-07-21: recognised by the year); a time without a zone is Tehran time"
    p.add_argument("--since", type=argument(), help=f"stories published from this date or time on; {when}")
    p.add_argument("--until", type=argument(end_of_day=True), help=f"stories published before this time, a date included; {when}")


class _Parser(argparse.ArgumentParser):
    """A usage mistake is one line too (argparse prints the whole usage first), exit status 2."""

    def error(self, message: str):
        self.exit(2, f"error: {message} (see `{self.prog} --help`)\n")


def _global_options(p: argparse.ArgumentParser, default) -> None:
    """Accepted before the subcommand and after it (`newsagg status -v`)."""
    p.add_argument("--database-url", default=default,
                   help="PostgreSQL URL (default: $DATABASE_URL, else the embedded server in $NEWSAGG_DATA or ./data)")
    p.add_argument("-v", "--verbose", action="store_true", default=default, help="show Scrapy's log")
    p.add_argument("--utc", action="store_true", default=default, help="show times in UTC (default: Tehran local time)")
    p.add_argument("--calendar", choices=["gregorian", "jalali"], default=default, help="jalali: show the Jalali date beside each time")
    p.add_argument("--ascii-names", action="store_true", default=default,
                   help="outlets by their Latin name where they have one (terminals without right-to-left support)")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="newsagg", description=__doc__.splitlines()[0])
    p.add_argument("--version", action=_Version, nargs=0, help="print the version and exit")
    _global_options(p, None)
    p.set_defaults(verbose=False, utc=False, calendar="gregorian", ascii_names=False)
    common = _Parser(add_help=False)
    _global_options(common, argparse.SUPPRESS)  # after the subcommand: set only when given
    sub = p.add_subparsers(dest="command", required=True)

    def command(name: str, func, help: str) -> argparse.ArgumentParser:
        s = sub.add_parser(name, help=help, parents=[common])
        s.set_defaults(func=func)
        return s

    s = command("demo", commands.demo, "crawl the bundled replay of real outlet pages and print the stories")
    s.add_argument("--json", action="store_true")
    s = command("crawl", commands.crawl, "crawl all outlets or some (live unless --replay)")
    s.add_argument("outlets", nargs="*", help="outlet ids or spider names (default: all; with --replay, those the snapshot holds)")
    s.add_argument("--replay", metavar="DIR", help="serve this snapshot instead of the network")
    s.add_argument("--jobdir", help="Scrapy JOBDIR: a killed crawl resumes from here")
    s.add_argument("--frontier", metavar="REDIS_URL", default=os.environ.get("NEWSAGG_FRONTIER") or None,
                   help="share the crawl with every process on this Redis (redis://host:6379/0; default: $NEWSAGG_FRONTIER)")
    s.add_argument("--trigger", default="manual", help=argparse.SUPPRESS)
    s.add_argument("--json", action="store_true", help="print the run summary as JSON")
    s = command("clusters", commands.clusters, "list stories")
    s.add_argument("--sort", choices=["newest", "largest", "oldest"], default="newest")
    s.add_argument("--limit", type=_count(1), default=20)
    s.add_argument("--outlet", help="only stories this outlet published")
    _window(s)
    s.add_argument("--min-size", type=_count(1), default=1)
    s.add_argument("--json", action="store_true")
    s = command("cluster", commands.cluster, "one story: members, chains, provenance")
    s.add_argument("id", type=_count(1, 2**62))
    s.add_argument("--json", action="store_true")
    s = command("export", commands.export, "articles with text, chain, credit sentences and origin; or the credit graph")
    s.add_argument("--format", choices=["jsonl", "csv", "parquet", "sqlite", "gexf", "graphml"],
                   help="default: from the -o suffix (.csv, .parquet, .db/.sqlite, .gexf, .graphml), else jsonl")
    s.add_argument("-o", "--output", help="file to write (default: stdout)")
    _window(s)
    s.add_argument("--outlet", help="only stories this outlet published in")
    s.add_argument("--story", type=_count(1, 2**62), action="append", help="only this story (repeatable)")
    s.add_argument("--min-size", type=_count(1), default=1, help="only stories with at least this many articles")
    s = command("status", commands.status, "database, counts, recent runs")
    s.add_argument("--json", action="store_true")
    review.register(command)
    s = command("dedup", commands.dedup, "cluster and attribute a JSONL file in memory (no database)")
    s.add_argument("input", help="JSON Lines file, or - for standard input")
    s.add_argument("-o", "--output", help="output file (default, or -: standard output)")
    s.add_argument("--workers", type=_count(1, 256), help="processes for the per-article work (default: all cores)")
    s.add_argument("--window-days", type=float, help="override settings.toml [dedup] window_days")
    s = command("schedule", commands.schedule, "crawl each outlet on its interval, forever (state in PostgreSQL)")
    s.add_argument("outlets", nargs="*")
    s.add_argument("--replay", metavar="DIR", help="crawl a snapshot instead of the network")
    s.add_argument("--once", action="store_true", help="run what is due now, then exit")
    s.add_argument("--timeout", type=_count(1, 24 * 60), default=60, metavar="MINUTES",
                   help="kill a crawl that runs longer than this (recorded as failed, retried with backoff)")
    replay.register(command)
    backfill.register(command)
    command("stop-db", commands.stop_db, "stop the embedded PostgreSQL (it keeps running between commands)")
    sources.register(command)
    s = command("evaluate", commands.evaluate, "precision/recall/F1 of clustering and attribution on labeled sets")
    s.add_argument("--json", action="store_true")
    s.add_argument("--shingle-sweep", action="store_true", help="also compare shingle choices")
    s.add_argument("--dedup-set", help="labeled clustering set (JSONL; default: tests/data/dedup_dev.jsonl)")
    s.add_argument("--attribution-set", help="labeled chains (JSONL; default: tests/data/attribution_dev.jsonl)")
    s.add_argument("--real-texts", help="texts of the labelled real set (default: ../shared/texts/ir-news-2019/articles.jsonl)")
    serve.register(command)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from newsagg.cli import render
    from newsagg.cli.timefmt import Clock

    render.configure(render.View(Clock(utc=args.utc, jalali=args.calendar == "jalali"), ascii_names=args.ascii_names))
    try:
        args.func(args)
    except UserError as exc:
        commands.err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        return 2
    except KeyboardInterrupt:
        commands.err.print("interrupted")
        return 130
    return 0
