"""The scheduler's state per outlet (schedule_state): what ran when, what is due, failures."""
from __future__ import annotations

from datetime import datetime

import psycopg


def load(conn: psycopg.Connection) -> dict[str, tuple[datetime | None, int]]:
    """outlet -> (next due time, failures in a row): all a scheduler's tick needs, in one read."""
    return {outlet: (due, failures) for outlet, due, failures in
            conn.execute("select outlet_id, next_due_at, failures from schedule_state").fetchall()}


def started(conn: psycopg.Connection, outlet_id: str, at: datetime) -> None:
    conn.execute("insert into schedule_state (outlet_id, last_started_at) values (%s, %s)"
                 " on conflict (outlet_id) do update set last_started_at = excluded.last_started_at", (outlet_id, at))


def finished(conn: psycopg.Connection, outlet_id: str, at: datetime, due: datetime, error: str | None, failures: int) -> None:
    conn.execute("update schedule_state set last_finished_at = %s, next_due_at = %s, last_status = %s, last_error = %s,"
                 " failures = %s where outlet_id = %s",
                 (at, due, "ok" if error is None else "failed", error, failures, outlet_id))


def overview(conn: psycopg.Connection) -> list[dict]:
    """Every outlet the scheduler has seen: last run, status, next due time, failures, last error (`newsagg status`)."""
    from psycopg.rows import dict_row

    return conn.cursor(row_factory=dict_row).execute(
        "select outlet_id, last_started_at, last_finished_at, last_status, next_due_at, failures, last_error"
        " from schedule_state order by next_due_at nulls first, outlet_id").fetchall()
