"""`newsagg`: crawl, look at stories and chains, review them, export, schedule, evaluate.

A user's mistake (unknown outlet, missing file, bad id, unreachable database) is one line on stderr
and exit status 2; anything else is a bug and shows its traceback.
"""
from __future__ import annotations

import argparse
from datetime import UTC, datetime

from newsagg import __version__
from newsagg.cli import commands
from newsagg.errors import UserError


def _date(text: str) -> datetime:
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date: {text!r}") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


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


def _global_options(p: argparse.ArgumentParser, default) -> None:
    """Accepted before the subcommand and after it (`newsagg status -v`)."""
    p.add_argument("--database-url", default=default,
                   help="PostgreSQL URL (default: $DATABASE_URL, else the embedded server in $NEWSAGG_DATA or ./data)")
    p.add_argument("-v", "--verbose", action="store_true", default=default, help="show Scrapy's log")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsagg", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=f"newsagg {__version__}")
    _global_options(p, None)
    p.set_defaults(verbose=False)
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, argparse.SUPPRESS)  # after the subcommand: set only when given
    sub = p.add_subparsers(dest="command", required=True)

    def command(name: str, func, help: str) -> argparse.ArgumentParser:
        s = sub.add_parser(name, help=help, parents=[common])
        s.set_defaults(func=func)
        return s

    command("demo", commands.demo, "crawl the bundled replay of real outlet pages and print the stories")
    s = command("crawl", commands.crawl, "crawl all outlets or some (live unless --replay)")
    s.add_argument("outlets", nargs="*", help="outlet ids or spider names (default: all)")
    s.add_argument("--replay", metavar="DIR", help="serve this snapshot instead of the network")
    s.add_argument("--jobdir", help="Scrapy JOBDIR: a killed crawl resumes from here")
    s.add_argument("--trigger", default="manual", help=argparse.SUPPRESS)
    s = command("clusters", commands.clusters, "list stories")
    s.add_argument("--sort", choices=["newest", "largest", "oldest"], default="newest")
    s.add_argument("--limit", type=_count(1), default=20)
    s.add_argument("--outlet", help="only stories this outlet published")
    s.add_argument("--since", type=_date)
    s.add_argument("--until", type=_date)
    s.add_argument("--min-size", type=_count(1), default=1)
    s.add_argument("--json", action="store_true")
    s = command("cluster", commands.cluster, "one story: members, chains, provenance")
    s.add_argument("id", type=_count(1, 2**62))
    s.add_argument("--json", action="store_true")
    s = command("export", commands.export, "every article with its story, chain and origin")
    s.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    s.add_argument("-o", "--output")
    s = command("status", commands.status, "database, counts, recent runs")
    s.add_argument("--json", action="store_true")
    s = command("review", commands.review, "correct an article's chain or a story's origin (wins over the parser)")
    s.add_argument("what", choices=["chain", "origin"])
    s.add_argument("id", type=_count(1, 2**62), help="article id (chain) or story id (origin)")
    s.add_argument("--set", required=True, help="chain: comma-separated outlet ids, publisher first; origin: an outlet id")
    s.add_argument("--by", required=True, help="reviewer")
    s.add_argument("--note")
    s = command("dedup", commands.dedup, "cluster and attribute a JSONL file in memory (no database)")
    s.add_argument("input")
    s.add_argument("-o", "--output")
    s.add_argument("--workers", type=_count(1, 256), help="processes for the per-article work (default: all cores)")
    s.add_argument("--window-days", type=float, help="override settings.toml [dedup] window_days")
    s = command("schedule", commands.schedule, "crawl each outlet on its interval, forever (state in PostgreSQL)")
    s.add_argument("outlets", nargs="*")
    s.add_argument("--replay", metavar="DIR", help="crawl a snapshot instead of the network")
    s.add_argument("--once", action="store_true", help="run what is due now, then exit")
    command("stop-db", commands.stop_db, "stop the embedded PostgreSQL (it keeps running between commands)")
    s = command("evaluate", commands.evaluate, "precision/recall/F1 of clustering and attribution on labeled sets")
    s.add_argument("--json", action="store_true")
    s.add_argument("--shingle-sweep", action="store_true", help="also compare shingle choices")
    s.add_argument("--dedup-set", help="labeled clustering set (JSONL; default: tests/data/dedup_dev.jsonl)")
    s.add_argument("--attribution-set", help="labeled chains (JSONL; default: tests/data/attribution_dev.jsonl)")
    s.add_argument("--real-texts", help="texts of the labelled real set (default: ../shared/texts/ir-news-2019/articles.jsonl)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except UserError as exc:
        commands.err.print(f"error: {exc}", markup=False, highlight=False)
        return 2
    except KeyboardInterrupt:
        commands.err.print("interrupted")
        return 130
    return 0
