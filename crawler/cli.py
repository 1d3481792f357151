"""`newsagg`: crawl, look at clusters and chains, review them, export, run the scheduler, evaluate.

A user mistake (unknown outlet, missing file, unreachable database) is one line on stderr and exit
status 2, never a traceback.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from config import load_registry, step_config

console = Console()
err = Console(stderr=True)


class UserError(Exception):
    pass


def label(outlet_id: str) -> str:
    outlet = load_registry().get(outlet_id)
    return outlet.name_en if outlet else outlet_id


def chain_text(chain: list[str]) -> str:
    return " → ".join(label(c) for c in chain)


def when(dt) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M") if dt else "no date"


def dump(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, default=str, indent=1))


def open_store(args):
    from pipelines.dedup import DedupConfig
    from pipelines.storage.db import connect
    from pipelines.storage.store import Store

    return Store(connect(args.database_url, autocommit=True), step_config(DedupConfig, "dedup"))


# ---------------------------------------------------------------- crawl / demo
def _crawl(args, names: list[str], trigger: str, mirror: str | None = None) -> tuple[int, dict]:
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from crawler.run import crawl

    store = open_store(args)
    run_id = store.start_run(names, trigger)
    stats = {}
    try:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=err, transient=True) as progress:
            task = progress.add_task(f"crawling {len(names)} outlets", total=None)
            counter = {"n": 0}

            def on_item(item, response, spider):
                counter["n"] += 1
                progress.update(task, description=f"crawling {len(names)} outlets: {counter['n']} articles ({item.get('saved')}: {spider.name})")

            stats = crawl(names, run_id=run_id, mirror=mirror, jobdir=getattr(args, "jobdir", None),
                          database_url=args.database_url, on_item=on_item, log_level="INFO" if args.verbose else "WARNING")
        store.finish_run(run_id, "finished", {"spiders": len(names)})
    except BaseException:
        store.finish_run(run_id, "failed", {"spiders": len(names)})
        raise
    return run_id, stats


def _print_run(args, run_id: int) -> None:
    rows = open_store(args).conn.execute(
        "select outlet_id, pages, new, updated, unchanged, skipped, errors, alerts from crawl_run_outlets"
        " where run_id = %s order by outlet_id", (run_id,)).fetchall()
    table = Table(title=f"crawl run {run_id}")
    for col in ("outlet", "pages", "new", "updated", "unchanged", "skipped", "errors"):
        table.add_column(col, justify="right" if col in ("pages", "new", "updated", "unchanged") else "left")
    for outlet, pages, new, updated, unchanged, skipped, errors, alerts in rows:
        table.add_row(label(outlet), str(pages), str(new), str(updated), str(unchanged),
                      ", ".join(f"{k} {v}" for k, v in skipped.items()), ", ".join(f"{k} {v}" for k, v in errors.items()))
        for alert in alerts:
            err.print(f"[bold red]LAYOUT CHANGE? {label(outlet)}: {alert}[/]")
    console.print(table)


def cmd_crawl(args) -> None:
    from crawler.run import spider_names

    names = spider_names(args.outlets)
    mirror = None
    if args.replay:
        from crawler.replay import ReplayServer

        server = ReplayServer(Path(args.replay)).__enter__()
        mirror = server.url
    run_id, _ = _crawl(args, names, args.trigger, mirror)
    _print_run(args, run_id)


def cmd_demo(args) -> None:
    from crawler.replay import SNAPSHOT, ReplayServer
    from crawler.run import spider_names

    with ReplayServer(SNAPSHOT) as server:
        names = spider_names(json.loads((SNAPSHOT / "manifest.json").read_text(encoding="utf-8"))["outlets"])
        err.print(f"replaying {len(server.snapshot.pages)} saved pages of {len(names)} outlets from {SNAPSHOT} at {server.url}")
        run_id, _ = _crawl(args, names, "demo", server.url)
    _print_run(args, run_id)
    from pipelines.storage import queries

    conn = open_store(args).conn
    shown = queries.clusters(conn, limit=50, sort="largest", min_size=2)
    for c in shown:
        console.print(provenance_tree(queries.cluster(conn, c["cluster_id"])))
    singles = queries.clusters(conn, limit=1000, min_size=1)
    console.print(f"{len(shown)} stories published by more than one outlet, {len(singles) - len(shown)} by one. "
                  "Run `make demo` again: nothing is stored twice (its 'new' column stays 0).")


# ---------------------------------------------------------------- reading
def provenance_tree(d: dict) -> Tree:
    tree = Tree(f"[bold]story #{d['cluster_id']}[/] {d['title']}  [dim]{d['size']} articles, {d['outlet_count']} outlets, "
                f"{when(d['first_published'])} → {when(d['last_published'])}[/]")
    crediting = defaultdict(list)  # source -> members whose chain credits it first
    for m in d["members"]:
        if len(m["chain"]) > 1:
            crediting[m["chain"][1]].append(m)

    def line(m) -> str:
        flags = []
        if m["uncredited"]:
            flags.append("[red]copied without credit[/]")
        if m["conflict"]:
            flags.append(f"[yellow]review: {m['conflict']}[/]")
        if m["corrected"]:
            flags.append("[cyan]chain corrected by a reviewer[/]")
        return f"{when(m['published_at'])}  [bold]{label(m['outlet_id'])}[/]  chain: {chain_text(m['chain'])}  " \
               f"[dim]#{m['article_id']}[/] " + " ".join(flags)

    placed: set[int] = set()

    def grow(node: Tree, source: str, seen: frozenset) -> None:
        for m in crediting.get(source, []):
            if m["article_id"] not in placed and m["outlet_id"] not in seen:
                placed.add(m["article_id"])
                grow(node.add(line(m)), m["outlet_id"], seen | {m["outlet_id"]})

    origin = d["origin"]
    top = tree.add(f"[green]origin: {label(origin)}[/] [dim]({d['origin_reason']})[/]")
    for m in d["members"]:
        if m["outlet_id"] == origin and len(m["chain"]) == 1:
            placed.add(m["article_id"])
            top.add(line(m))
    grow(top, origin, frozenset({origin}))
    for source in list(crediting):
        if source != origin and any(m["article_id"] not in placed for m in crediting[source]):
            grow(tree.add(f"credited, not in this story: {label(source)}"), source, frozenset({source}))
    for m in d["members"]:
        if m["article_id"] not in placed:
            tree.add(line(m))
    return tree


def cmd_clusters(args) -> None:
    from pipelines.storage import queries

    rows = queries.clusters(open_store(args).conn, args.limit, args.sort, args.outlet, args.since, args.until, args.min_size)
    if args.json:
        return dump(rows)
    table = Table(title=f"stories ({args.sort})")
    for col in ("id", "size", "first published", "first publisher", "origin", "outlets", "uncredited", "title"):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r["cluster_id"]), str(r["size"]), when(r["first_published"]), label(r["first_publisher"]),
                      label(r["origin"] or ""), ", ".join(label(o) for o in r["outlets"]), str(r["uncredited_copies"]),
                      (r["title"] or "")[:60])
    console.print(table)


def cmd_cluster(args) -> None:
    from pipelines.storage import queries

    detail = queries.cluster(open_store(args).conn, args.id)
    if args.json:
        return dump(detail)
    console.print(provenance_tree(detail))


def cmd_export(args) -> None:
    from pipelines.storage import queries

    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    rows = queries.export_rows(open_store(args).conn)
    if args.format == "jsonl":
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
    else:
        writer = csv.DictWriter(out, fieldnames=queries.EXPORT_FIELDS)
        writer.writeheader()
        for r in rows:
            writer.writerow({**r, "chain": " > ".join(r["chain"])})
    if args.output:
        out.close()


def cmd_status(args) -> None:
    from pipelines.storage import queries
    from pipelines.storage.db import data_dir
    from pipelines.storage.spool import Spool

    info = queries.status(open_store(args).conn)
    url = args.database_url or os.environ.get("DATABASE_URL")
    info["database"] = url.rsplit("@", 1)[-1] if url else f"embedded ({data_dir() / 'pg'})"
    info["spooled_items"] = len(Spool(data_dir() / "spool" / "pending.jsonl"))
    if args.json:
        return dump(info)
    runs = info.pop("recent_runs")
    for k, v in info.items():
        console.print(f"{k:>22}: {v}")
    table = Table(title="recent crawl runs")
    for col in ("run", "started", "status", "trigger", "outlets", "pages", "new", "updated", "unchanged", "alerts"):
        table.add_column(col)
    for r in runs:
        table.add_row(str(r["id"]), when(r["started_at"]), r["status"], r["trigger"], str(r["outlets"]), str(r["pages"]),
                      str(r["new"]), str(r["updated"]), str(r["unchanged"]), "; ".join(r["alerts"]))
    console.print(table)


# ---------------------------------------------------------------- review, batch, schedule, evaluate
def cmd_review(args) -> None:
    store = open_store(args)
    if args.what == "chain":
        chain = [c.strip() for c in args.set.split(",") if c.strip()]
        cluster = store.correct_chain(args.id, chain, args.by, args.note)
        console.print(f"article #{args.id}: chain set to {chain_text(chain)} by {args.by}" + (f" (story #{cluster} updated)" if cluster else ""))
    else:
        store.correct_origin(args.id, args.set.strip(), args.by, args.note)
        console.print(f"story #{args.id}: origin set to {label(args.set.strip())} by {args.by}")


def cmd_dedup(args) -> None:
    from pipelines.dedup import DedupConfig
    from pipelines.dedup.batch import run

    source = Path(args.input)
    if not source.exists():
        raise UserError(f"no such file: {source}")
    config = step_config(DedupConfig, "dedup", window_days=args.window_days)
    errors = 0
    with source.open(encoding="utf-8") as f, (open(args.output, "w", encoding="utf-8") if args.output else sys.stdout) as out:
        for row in run(f, config, args.workers):
            if "error" in row:
                errors += 1
                err.print(f"[yellow]skipped {row['error']}[/]")
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    if errors:
        raise UserError(f"{errors} input lines could not be read (their output lines carry 'error')")


def cmd_schedule(args) -> None:
    from crawler.schedule import Scheduler, subprocess_runner
    from pipelines.storage.db import connect

    scheduler = Scheduler(connect(args.database_url, autocommit=True), args.outlets or None,
                          subprocess_runner(args.replay, args.database_url))
    scheduler.run(once=args.once)


def cmd_stop_db(args) -> None:
    from pipelines.storage.db import stop_embedded

    console.print("stopped" if stop_embedded() else "not running")


def cmd_evaluate(args) -> None:
    from pipelines.evaluate import main as evaluate

    evaluate(args.json, args.shingle_sweep)


def _date(text: str) -> datetime:
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date: {text!r}")
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsagg", description=__doc__.splitlines()[0])
    p.add_argument("--database-url", help="PostgreSQL URL (default: $DATABASE_URL, else the embedded server in ./data)")
    p.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's log")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("demo", help="crawl the bundled replay of real outlet pages and print the stories")
    s.set_defaults(func=cmd_demo)
    s = sub.add_parser("crawl", help="crawl all outlets or some (live unless --replay)")
    s.add_argument("outlets", nargs="*", help="outlet ids or spider names (default: all)")
    s.add_argument("--replay", metavar="DIR", help="serve this snapshot instead of the network")
    s.add_argument("--jobdir", help="Scrapy JOBDIR: a killed crawl resumes from here")
    s.add_argument("--trigger", default="manual", help=argparse.SUPPRESS)
    s.set_defaults(func=cmd_crawl)
    s = sub.add_parser("clusters", help="list stories")
    s.add_argument("--sort", choices=["newest", "largest", "oldest"], default="newest")
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--outlet", help="only stories this outlet published")
    s.add_argument("--since", type=_date)
    s.add_argument("--until", type=_date)
    s.add_argument("--min-size", type=int, default=1)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_clusters)
    s = sub.add_parser("cluster", help="one story: members, chains, provenance")
    s.add_argument("id", type=int)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_cluster)
    s = sub.add_parser("export", help="every article with its story, chain and origin")
    s.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    s.add_argument("-o", "--output")
    s.set_defaults(func=cmd_export)
    s = sub.add_parser("status", help="database, counts, recent runs")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_status)
    s = sub.add_parser("review", help="correct an article's chain or a story's origin (wins over the parser)")
    s.add_argument("what", choices=["chain", "origin"])
    s.add_argument("id", type=int, help="article id (chain) or story id (origin)")
    s.add_argument("--set", required=True, help="chain: comma-separated outlet ids, publisher first; origin: an outlet id")
    s.add_argument("--by", required=True, help="reviewer")
    s.add_argument("--note")
    s.set_defaults(func=cmd_review)
    s = sub.add_parser("dedup", help="cluster and attribute a JSONL file in memory (no database)")
    s.add_argument("input")
    s.add_argument("-o", "--output")
    s.add_argument("--workers", type=int, help="processes for the per-article work (default: all cores)")
    s.add_argument("--window-days", type=float, help="override settings.toml [dedup] window_days")
    s.set_defaults(func=cmd_dedup)
    s = sub.add_parser("schedule", help="crawl each outlet on its interval, forever (state in PostgreSQL)")
    s.add_argument("outlets", nargs="*")
    s.add_argument("--replay", metavar="DIR", help="crawl a snapshot instead of the network")
    s.add_argument("--once", action="store_true", help="run what is due now, then exit")
    s.set_defaults(func=cmd_schedule)
    s = sub.add_parser("stop-db", help="stop the embedded PostgreSQL (it keeps running between commands)")
    s.set_defaults(func=cmd_stop_db)
    s = sub.add_parser("evaluate", help="precision/recall/F1 of clustering and attribution on the labeled sets")
    s.add_argument("--json", action="store_true")
    s.add_argument("--shingle-sweep", action="store_true", help="also compare shingle choices")
    s.set_defaults(func=cmd_evaluate)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from pipelines.storage.db import DatabaseUnavailable

    try:
        args.func(args)
    except (UserError, DatabaseUnavailable, LookupError, ValueError, FileNotFoundError) as exc:
        err.print(f"[bold red]error:[/] {exc}")
        return 2
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
