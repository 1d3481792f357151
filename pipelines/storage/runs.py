"""Crawl runs: one row per run, one per outlet in it (pages, saved, skipped and errors by reason,
field coverage, median extraction agreement, alerts).

A running run holds a session advisory lock on its connection; PostgreSQL releases it when that
connection dies, `kill -9` included. Each new run first marks `aborted` every `running` run whose
lock it can take (its process is gone), so a killed crawl does not stay `running` forever, and a
crawl still running elsewhere is left alone. The lock key includes the schema (tests share a server).
"""
from __future__ import annotations

from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from newsagg.pipelines.storage.db import scalar

_RUN_LOCK = "hashtext(current_schema() || ':crawl_runs'), %s::int"


def abort_orphans(conn: psycopg.Connection) -> list[int]:
    """Mark `aborted` the running runs whose process is gone; returns their ids."""
    aborted = []
    for (run_id,) in conn.execute("select id from crawl_runs where status = 'running' order by id").fetchall():
        if scalar(conn, f"select pg_try_advisory_lock({_RUN_LOCK})", (run_id,)):
            conn.execute("update crawl_runs set status = 'aborted', ended_at = now(),"
                         " stats = stats || '{\"reason\": \"its process died (found by the next run)\"}'"
                         " where id = %s and status = 'running'", (run_id,))
            conn.execute(f"select pg_advisory_unlock({_RUN_LOCK})", (run_id,))
            aborted.append(run_id)
    return aborted


def start_run(conn: psycopg.Connection, outlets: list[str], trigger: str) -> int:
    """A new `running` run, locked for as long as `conn` lives (use an autocommit connection)."""
    abort_orphans(conn)
    with conn.transaction():
        run_id = scalar(conn, "insert into crawl_runs (outlets, trigger) values (%s, %s) returning id",
                        (outlets, trigger))
    conn.execute(f"select pg_advisory_lock({_RUN_LOCK})", (run_id,))
    return run_id


def record_outlet(conn: psycopg.Connection, run_id: int, outlet: str, s: dict[str, Any]) -> None:
    with conn.transaction():
        conn.execute(
            "insert into crawl_run_outlets (run_id, outlet_id, pages, new, updated, unchanged, skipped, errors,"
            " coverage, agreement, alerts) values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " on conflict (run_id, outlet_id) do update set pages = excluded.pages, new = excluded.new,"
            " updated = excluded.updated, unchanged = excluded.unchanged, skipped = excluded.skipped,"
            " errors = excluded.errors, coverage = excluded.coverage, agreement = excluded.agreement,"
            " alerts = excluded.alerts",
            (run_id, outlet, s.get("pages", 0), s.get("new", 0), s.get("updated", 0), s.get("unchanged", 0),
             Jsonb(s.get("skipped", {})), Jsonb(s.get("errors", {})), Jsonb(s.get("coverage", {})), s.get("agreement"), s.get("alerts", [])))


def finish_run(conn: psycopg.Connection, run_id: int, status: str, stats: dict[str, Any]) -> None:
    with conn.transaction():
        conn.execute("update crawl_runs set ended_at = now(), status = %s, stats = %s where id = %s",
                     (status, Jsonb(stats), run_id))
    conn.execute(f"select pg_advisory_unlock({_RUN_LOCK})", (run_id,))
