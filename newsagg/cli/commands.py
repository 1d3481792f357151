"""One function per subcommand. Heavy modules (Scrapy, datasketch, hazm) are imported only by the
commands that need them: the read commands open the database and print, nothing more."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from contextlib import closing, nullcontext
from pathlib import Path

import psycopg
from rich.markup import escape

from newsagg import stats
from newsagg.cli import render
from newsagg.cli.render import clusters_table, console, dump, err, label, live_table, provenance_tree, run_summary, status_view
from newsagg.errors import BadInput


def open_db(args: argparse.Namespace) -> psycopg.Connection:
    from newsagg.pipelines.storage.db import connect

    check_database_url(args.database_url)
    return connect(args.database_url)


def check_database_url(given: str | None) -> None:
    """`DATABASE_URL=notaurl` or `--database-url mysql://…` is the user's mistake, not psycopg's traceback."""
    url = given or os.environ.get("DATABASE_URL")
    source = "--database-url" if given else "$DATABASE_URL"
    if not url:
        return  # the embedded server
    scheme = url.split("://", 1)[0] if "://" in url else None
    if scheme is not None and scheme not in ("postgresql", "postgres"):
        raise BadInput(f"{source} is a {scheme}:// URL: newsagg needs PostgreSQL (postgresql://user@host:5432/db)")
    try:
        psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise BadInput(f"{source} is not a PostgreSQL URL ({str(exc).strip().splitlines()[0]}); "
                       "try postgresql://user@host:5432/db") from None


# ---------------------------------------------------------------- crawl / demo
def _crawl(args, conn: psycopg.Connection, names: list[str], trigger: str, mirror: str | None = None) -> dict:
    """Crawl with a live table per outlet on a terminal; returns the run summary (see run_summary)."""
    import time

    from rich.live import Live

    from newsagg.cli.progress import CrawlWatch
    from newsagg.crawler.run import crawl, frontier_lost, interrupted
    from newsagg.pipelines.storage import runs

    run_id = runs.start_run(conn, names, trigger)
    if not args.verbose:  # each alert is printed once, by _print_run; the pipeline's ERROR line of it is for -v and logs
        logging.getLogger("newsagg.pipelines.storage.pipeline").addFilter(_not_an_alert)
    watch = CrawlWatch()
    title = f"crawl run {run_id}: {len(names)} outlets"
    status = "failed"
    try:
        with Live(console=err, transient=True, refresh_per_second=4, get_renderable=lambda: live_table(watch.rows(), title),
                  redirect_stdout=False, redirect_stderr=False) if err.is_terminal else nullcontext():
            done = crawl(names, run_id=run_id, mirror=mirror, jobdir=getattr(args, "jobdir", None), database_url=args.database_url,
                         frontier=getattr(args, "frontier", None),
                         on_crawler=watch.attach, log_level="INFO" if args.verbose else "WARNING")
        # Ctrl-C, or a frontier gone for good: not a complete crawl for `status` or cron
        status = "interrupted" if interrupted(done) else "failed" if frontier_lost(done) else "finished"
    except KeyboardInterrupt:  # before Scrapy's handlers were in place
        status = "interrupted"
        raise
    finally:
        recorded = finish_run_or_say(conn, run_id, status, {"spiders": len(names)})
    if not recorded:  # the database is gone: the summary from the crawl's own counters
        return _summary(run_id, status, time.monotonic() - watch.t0, [{**r, "alerts": []} for r in watch.rows()]) | {"recorded": False}
    return run_summary_data(conn, run_id, status, time.monotonic() - watch.t0, watch) | {"recorded": True}


def finish_run_or_say(conn: psycopg.Connection, run_id: int, status: str, stats_: dict) -> bool:
    """Record the run's end; a database lost by then (`stop-db` mid-crawl) is one line, not a traceback:
    the articles are in the spool and the next crawl writes them (and marks this run `aborted`)."""
    from newsagg.pipelines.storage import runs
    from newsagg.pipelines.storage.db import data_dir
    from newsagg.pipelines.storage.spool import count_lines

    try:
        runs.finish_run(conn, run_id, status, stats_)
        return True
    except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
        spooled = count_lines(data_dir() / "spool" / "pending.jsonl")
        err.print(f"error: the record of run {run_id} could not be written (database unavailable: "
                  f"{' '.join(str(exc).split())[:120]}); the spool holds {spooled} articles for the next run",
                  markup=False, highlight=False, soft_wrap=True)
        return False


def _not_an_alert(record: logging.LogRecord) -> bool:
    from newsagg.pipelines.storage.pipeline import alert_prefix

    return not (record.msg == "%s %s: %s" and isinstance(record.args, tuple) and record.args
                and record.args[0] in (alert_prefix("fetched 0 pages"), alert_prefix("")))


def run_summary_data(conn: psycopg.Connection, run_id: int, status: str, elapsed: float, watch=None) -> dict:
    """`totals.alerts` counts every alert, `totals.unreachable` those of outlets that answered nothing."""
    from newsagg.pipelines.storage import queries

    rows = queries.run_outlets(conn, run_id)
    for r in rows:
        r["elapsed_s"] = round(watch.elapsed(r["outlet_id"]), 2) if watch else None
    return _summary(run_id, status, elapsed, rows)


def _summary(run_id: int, status: str, elapsed: float, rows: list[dict]) -> dict:
    from newsagg.pipelines.storage.pipeline import alert_prefix

    totals = {k: sum(r[k] for r in rows) for k in ("pages", "new", "updated", "unchanged")}
    alerts = [alert_prefix(a) for r in rows for a in r["alerts"]]
    totals |= {"skipped": sum(sum(r["skipped"].values()) for r in rows), "errors": sum(stats.lost(r["errors"]) for r in rows),
               "alerts": len(alerts), "unreachable": alerts.count("UNREACHABLE?")}
    return {"run_id": run_id, "status": status, "elapsed_s": round(elapsed, 2), "totals": totals, "outlets": rows}


def _print_run(summary: dict, as_json: bool = False) -> None:
    from newsagg.pipelines.storage.pipeline import alert_prefix

    for r in summary["outlets"]:
        for alert in r["alerts"]:
            err.print(f"[bold red]{alert_prefix(alert)} {label(r['outlet_id'])}: {escape(alert)}[/]", highlight=False)
    if as_json:
        dump(summary)
    else:
        console.print(run_summary(summary))


def crawl(args) -> None:
    from newsagg.crawler.frontier import check, exclusive
    from newsagg.crawler.run import spider_names

    names = spider_names(args.outlets) if args.outlets or not args.replay else []
    exclusive(args.jobdir, args.frontier)  # before the jobdir is made
    if args.jobdir:
        _check_jobdir(Path(args.jobdir))
    if args.frontier is not None:
        check(args.frontier)
    with closing(open_db(args)) as conn:
        if args.replay:
            from newsagg.crawler.replay import ReplayServer

            with ReplayServer(Path(args.replay)) as server:
                # no outlet named: the outlets the snapshot holds (its manifest), not the whole registry
                summary = _crawl(args, conn, names or spider_names(server.snapshot.outlets), args.trigger, server.url)
        else:
            summary = _crawl(args, conn, names, args.trigger)
    _print_run(summary, args.json)
    if summary["status"] == "interrupted":
        raise KeyboardInterrupt  # the summary is out: `interrupted`, exit 130
    if summary["status"] == "failed":  # a crawl that returns fails only when its frontier is gone for good
        from newsagg.crawler.frontier import FrontierUnavailable

        raise FrontierUnavailable(f"the frontier at {args.frontier} stopped answering and the crawl closed; what it fetched "
                                  "is stored, and the rest waits in Redis: run the crawl again once Redis is back")
    if not summary.get("recorded", True):
        raise SystemExit(1)


def _check_jobdir(jobdir: Path) -> None:
    """Scrapy finds out only mid-crawl (Twisted tracebacks, then a 0-page run that exits 0)."""
    if jobdir.exists() and not jobdir.is_dir():
        raise BadInput(f"--jobdir {jobdir} is a file, not a directory")
    try:
        jobdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"--jobdir {jobdir}: cannot make the directory ({exc.strerror or exc})") from None
    if not os.access(jobdir, os.W_OK | os.X_OK):
        raise BadInput(f"--jobdir {jobdir}: not writable")


def demo(args) -> None:
    from newsagg.crawler.replay import SNAPSHOT, ReplayServer
    from newsagg.crawler.run import spider_names
    from newsagg.pipelines.storage import queries

    with closing(open_db(args)) as conn:
        with ReplayServer(SNAPSHOT) as server:
            names = spider_names(server.snapshot.outlets)
            err.print(f"replaying {len(server.snapshot.pages)} saved pages of {len(names)} outlets from {SNAPSHOT} at {server.url}",
                      markup=False)
            summary = _crawl(args, conn, names, "demo", server.url)
        shown = [queries.cluster(conn, c["cluster_id"]) for c in queries.clusters(conn, limit=50, sort="largest", min_size=2)]
        counts = queries.status(conn)  # from the rollup: no listing of every story to count them
    if args.json:
        dump({"run": summary, "stories": shown})
        return
    _print_run(summary)
    for detail in shown:
        console.print(provenance_tree(detail))
    console.print(f"{len(shown)} stories published by more than one outlet, {counts['clusters'] - counts['multi_outlet_clusters']} by one. "
                  "Run `make demo` again: nothing is stored twice (its 'new' column stays 0).")
    console.print("Review the stories in a browser: `.venv/bin/newsagg serve`, then open http://127.0.0.1:8000/", markup=False)


# ---------------------------------------------------------------- reading
def clusters(args) -> None:
    from newsagg.pipelines.storage import queries

    _check_window(args.since, args.until)
    with closing(open_db(args)) as conn:
        rows = queries.clusters(conn, args.limit, args.sort, _outlet_id(args.outlet), args.since, args.until, args.min_size)
    dump(rows) if args.json else console.print(clusters_table(rows, args.sort))


def _check_window(since, until) -> None:
    """`--since 1402-07-01 --until 1402-06-01` printed an empty table, silently."""
    if since and until and since >= until:
        from newsagg.cli.render import when

        raise BadInput(f"--since {when(since)} is not before --until {when(until)}: no story can be in that range (reversed?)")


def _outlet_id(name: str | None) -> str | None:
    """An outlet id or spider name (`isna`) -> its registry id; unknown names are a user error."""
    if not name:
        return None
    from newsagg.config import load_registry

    return load_registry().outlet(name).id


def cluster(args) -> None:
    from newsagg.pipelines.storage import queries

    with closing(open_db(args)) as conn:
        detail = queries.cluster(conn, args.id)
    dump(detail) if args.json else console.print(provenance_tree(detail))


def export(args) -> None:
    from newsagg.cli.exporters import export as write
    from newsagg.cli.exporters import guess_format
    from newsagg.pipelines.storage.export import Selection

    _check_window(args.since, args.until)
    selection = Selection(since=args.since, until=args.until, outlet=_outlet_id(args.outlet), stories=tuple(args.story or ()),
                          min_size=args.min_size)
    with closing(open_db(args)) as conn:
        told = write(conn, selection, args.format or guess_format(args.output), args.output)
    err.print(f"exported {told}", markup=False, highlight=False)


def status(args) -> None:
    from newsagg.pipelines.storage import queries
    from newsagg.pipelines.storage import schedule as schedule_state
    from newsagg.pipelines.storage.db import data_dir, database_url
    from newsagg.pipelines.storage.deadletter import DeadLetters
    from newsagg.pipelines.storage.spool import Spool

    with closing(open_db(args)) as conn:
        info = queries.status(conn)
        planned = schedule_state.overview(conn)
    url = args.database_url or os.environ.get("DATABASE_URL")
    info["database"] = url.rsplit("@", 1)[-1] if url else f"embedded ({data_dir() / 'pg'})"
    info["psql"] = _psql(url or database_url())
    info["spooled_items"] = len(Spool(data_dir() / "spool" / "pending.jsonl"))
    info["schedule"] = _with_intervals(planned)
    info["dead_letters"] = len(DeadLetters.here())
    if args.json:
        return dump(info)
    console.print(status_view(info))
    console.print(render.psql_line(info), soft_wrap=True, markup=False, highlight=False)


def _psql(url: str) -> str:
    """The command that opens psql on this database (the embedded server: pgserver's socket URI); a password is left out."""
    import shlex

    from newsagg.pipelines.storage.db import _redact

    has_password = bool(psycopg.conninfo.conninfo_to_dict(url).get("password"))
    return "psql " + shlex.quote(_redact(url) if has_password else url)


def _with_intervals(rows: list[dict]) -> list[dict]:
    from newsagg.config import load_registry

    registry = load_registry()
    for r in rows:
        outlet = registry.get(r["outlet_id"])
        r["interval_minutes"] = outlet.crawl.interval_minutes if outlet and outlet.crawl else None
    return rows


# ---------------------------------------------------------------- batch, schedule, evaluate (review: cli/review.py)
def dedup(args) -> None:
    from newsagg.pipelines.dedup.batch import read_lines, run
    from newsagg.pipelines.process import ProcessConfig

    config = ProcessConfig.from_settings(window_days=args.window_days).dedup
    errors = 0
    with _dedup_input(args.input) as source, _dedup_output(args.output) as out:
        try:
            for row in run(read_lines(source), config, args.workers):
                if "error" in row:
                    errors += 1
                    err.print(f"skipped {row['error']}", style="yellow", markup=False, highlight=False, soft_wrap=True)
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            out.flush()
        except OSError as exc:
            raise BadInput(f"cannot write {args.output or 'standard output'}: {exc.strerror or exc}") from None
    if errors:
        raise BadInput(f"{errors} input lines could not be read (their output lines carry 'error')")


def _dedup_input(name: str):
    """`-` is standard input; a directory, a missing or unreadable file is the user's mistake."""
    if name == "-":
        return nullcontext(sys.stdin.buffer)
    source = Path(name)
    if source.is_dir():
        raise BadInput(f"{source} is a directory, not a JSONL file")
    if not source.is_file():
        raise BadInput(f"no such file: {source}")
    try:
        return source.open("rb")
    except OSError as exc:
        raise BadInput(f"cannot read {source}: {exc.strerror}") from None


def _dedup_output(name: str | None):
    if name in (None, "-"):
        return nullcontext(sys.stdout)
    try:
        return open(name, "w", encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"cannot write {name}: {exc.strerror}") from None


def schedule(args) -> None:
    from newsagg.crawler.schedule import Scheduler, subprocess_runner

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_ClockFormatter())
    log = logging.getLogger("newsagg.crawler.schedule")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    with closing(open_db(args)) as conn:
        Scheduler(conn, args.outlets or None, subprocess_runner(args.replay, args.database_url, args.timeout * 60),
                  show_time=render.when).run(once=args.once)


class _ClockFormatter(logging.Formatter):
    """Each log line stamped in the command's clock (Tehran by default, --utc)."""

    def format(self, record: logging.LogRecord) -> str:
        from datetime import UTC, datetime

        return f"{render.when(datetime.fromtimestamp(record.created, UTC))} {record.levelname.lower():7} {record.getMessage()}"


def stop_db(args) -> None:
    from newsagg.pipelines.storage.db import stop_embedded

    console.print("stopped" if stop_embedded() else "not running")


# The fields each labelled set's lines need (pipelines/evaluate.py indexes them)
_DEDUP_SET_FIELDS = ("id", "story", "body")
_ATTRIBUTION_SET_FIELDS = ("id", "case", "publisher", "paragraphs", "chain")


def evaluate(args) -> None:
    from newsagg.cli.jsonl import objects
    from newsagg.pipelines.evaluate import DATA, main

    dedup_set = Path(args.dedup_set or DATA / "dedup_dev.jsonl")
    attribution_set = Path(args.attribution_set or DATA / "attribution_dev.jsonl")
    objects(dedup_set, _DEDUP_SET_FIELDS, "labelled clustering set")  # a bad file: one line, before an hour of work
    objects(attribution_set, _ATTRIBUTION_SET_FIELDS, "labelled attribution set")
    main(args.json, args.shingle_sweep, dedup_set, attribution_set, Path(args.real_texts) if args.real_texts else None)
