"""One function per subcommand. Heavy modules (Scrapy, datasketch, hazm) are imported only by the
commands that need them: the read commands open the database and print, nothing more."""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from contextlib import closing
from pathlib import Path

import psycopg

from newsagg.cli.render import chain_text, clusters_table, console, dump, err, label, provenance_tree, run_table, status_view
from newsagg.errors import BadInput


def open_db(args: argparse.Namespace) -> psycopg.Connection:
    from newsagg.pipelines.storage.db import connect

    return connect(args.database_url)


# ---------------------------------------------------------------- crawl / demo
def _crawl(args, conn: psycopg.Connection, names: list[str], trigger: str, mirror: str | None = None) -> int:
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from newsagg.crawler.run import crawl
    from newsagg.pipelines.storage import runs

    run_id = runs.start_run(conn, names, trigger)
    try:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=err, transient=True) as progress:
            task = progress.add_task(f"crawling {len(names)} outlets", total=None)
            seen = [0]

            def on_item(item, response, spider):
                seen[0] += 1
                progress.update(task, description=f"crawling {len(names)} outlets: {seen[0]} articles ({item.saved}: {spider.name})")

            crawl(names, run_id=run_id, mirror=mirror, jobdir=getattr(args, "jobdir", None),
                  database_url=args.database_url, on_item=on_item, log_level="INFO" if args.verbose else "WARNING")
        runs.finish_run(conn, run_id, "finished", {"spiders": len(names)})
    except BaseException:
        runs.finish_run(conn, run_id, "failed", {"spiders": len(names)})
        raise
    return run_id


def _print_run(conn: psycopg.Connection, run_id: int) -> None:
    from newsagg.pipelines.storage import queries

    rows = queries.run_outlets(conn, run_id)
    for r in rows:
        for alert in r["alerts"]:
            err.print(f"[bold red]LAYOUT CHANGE? {label(r['outlet_id'])}: {alert}[/]", markup=True, highlight=False)
    console.print(run_table(run_id, rows))


def crawl(args) -> None:
    from newsagg.crawler.run import spider_names

    names = spider_names(args.outlets)
    with closing(open_db(args)) as conn:
        if args.replay:
            from newsagg.crawler.replay import ReplayServer

            with ReplayServer(Path(args.replay)) as server:
                run_id = _crawl(args, conn, names, args.trigger, server.url)
        else:
            run_id = _crawl(args, conn, names, args.trigger)
        _print_run(conn, run_id)


def demo(args) -> None:
    from newsagg.crawler.replay import SNAPSHOT, ReplayServer
    from newsagg.crawler.run import spider_names
    from newsagg.pipelines.storage import queries

    with closing(open_db(args)) as conn:
        with ReplayServer(SNAPSHOT) as server:
            names = spider_names(server.snapshot.outlets)
            err.print(f"replaying {len(server.snapshot.pages)} saved pages of {len(names)} outlets from {SNAPSHOT} at {server.url}",
                      markup=False)
            run_id = _crawl(args, conn, names, "demo", server.url)
        _print_run(conn, run_id)
        shown = queries.clusters(conn, limit=50, sort="largest", min_size=2)
        for c in shown:
            console.print(provenance_tree(queries.cluster(conn, c["cluster_id"])))
        singles = queries.clusters(conn, limit=1000, min_size=1)
    console.print(f"{len(shown)} stories published by more than one outlet, {len(singles) - len(shown)} by one. "
                  "Run `make demo` again: nothing is stored twice (its 'new' column stays 0).")


# ---------------------------------------------------------------- reading
def clusters(args) -> None:
    from newsagg.pipelines.storage import queries

    with closing(open_db(args)) as conn:
        rows = queries.clusters(conn, args.limit, args.sort, args.outlet, args.since, args.until, args.min_size)
    dump(rows) if args.json else console.print(clusters_table(rows, args.sort))


def cluster(args) -> None:
    from newsagg.pipelines.storage import queries

    with closing(open_db(args)) as conn:
        detail = queries.cluster(conn, args.id)
    dump(detail) if args.json else console.print(provenance_tree(detail))


def export(args) -> None:
    from newsagg.pipelines.storage import queries

    with closing(open_db(args)) as conn:
        out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
        try:
            rows = queries.export_rows(conn)
            if args.format == "jsonl":
                for r in rows:
                    out.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
            else:
                writer = csv.DictWriter(out, fieldnames=queries.EXPORT_FIELDS)
                writer.writeheader()
                for r in rows:
                    writer.writerow({**r, "chain": " > ".join(r["chain"])})
        finally:
            if args.output:
                out.close()


def status(args) -> None:
    from newsagg.pipelines.storage import queries
    from newsagg.pipelines.storage.db import data_dir
    from newsagg.pipelines.storage.spool import Spool

    with closing(open_db(args)) as conn:
        info = queries.status(conn)
    url = args.database_url or os.environ.get("DATABASE_URL")
    info["database"] = url.rsplit("@", 1)[-1] if url else f"embedded ({data_dir() / 'pg'})"
    info["spooled_items"] = len(Spool(data_dir() / "spool" / "pending.jsonl"))
    dump(info) if args.json else console.print(status_view(info))


# ---------------------------------------------------------------- review, batch, schedule, evaluate
def review(args) -> None:
    from newsagg.pipelines.storage import reviews

    with closing(open_db(args)) as conn:
        if args.what == "chain":
            chain = [c.strip() for c in args.set.split(",") if c.strip()]
            story = reviews.correct_chain(conn, args.id, chain, args.by, args.note)
            console.print(f"article #{args.id}: chain set to {chain_text(chain)} by {label(args.by)}"
                          + (f" (story #{story} updated)" if story else ""))
        else:
            reviews.correct_origin(conn, args.id, args.set.strip(), args.by, args.note)
            console.print(f"story #{args.id}: origin set to {label(args.set.strip())} by {label(args.by)}")


def dedup(args) -> None:
    from newsagg.pipelines.dedup.batch import run
    from newsagg.pipelines.process import ProcessConfig

    source = Path(args.input)
    if not source.is_file():
        raise BadInput(f"no such file: {source}")
    config = ProcessConfig.from_settings(window_days=args.window_days).dedup
    errors = 0
    with source.open(encoding="utf-8") as f, (open(args.output, "w", encoding="utf-8") if args.output else sys.stdout) as out:
        for row in run(f, config, args.workers):
            if "error" in row:
                errors += 1
                err.print(f"skipped {row['error']}", style="yellow", markup=False)
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    if errors:
        raise BadInput(f"{errors} input lines could not be read (their output lines carry 'error')")


def schedule(args) -> None:
    from newsagg.crawler.schedule import Scheduler, subprocess_runner

    with closing(open_db(args)) as conn:
        Scheduler(conn, args.outlets or None, subprocess_runner(args.replay, args.database_url)).run(once=args.once)


def stop_db(args) -> None:
    from newsagg.pipelines.storage.db import stop_embedded

    console.print("stopped" if stop_embedded() else "not running")


def evaluate(args) -> None:
    from newsagg.pipelines.evaluate import DATA, main

    main(args.json, args.shingle_sweep, Path(args.dedup_set or DATA / "dedup_dev.jsonl"),
         Path(args.attribution_set or DATA / "attribution_dev.jsonl"), Path(args.real_texts) if args.real_texts else None)
