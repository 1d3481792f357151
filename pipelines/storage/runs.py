"""Crawl runs: one row per run, one per outlet in it (pages, saved, skipped and errors by reason,
field coverage, median extraction agreement, alerts)."""
from __future__ import annotations

from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from newsagg.pipelines.storage.db import scalar


def start_run(conn: psycopg.Connection, outlets: list[str], trigger: str) -> int:
    with conn.transaction():
        return scalar(conn, "insert into crawl_runs (outlets, trigger) values (%s, %s) returning id",
                            (outlets, trigger))


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
