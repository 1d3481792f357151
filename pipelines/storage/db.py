"""Which PostgreSQL: DATABASE_URL when set, else a private server from the pgserver package.

The embedded server keeps PGDATA in the project's data folder (NEWSAGG_DATA, default ./data), so it
never writes under the home directory; as root, pgserver runs it as its own user.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import psycopg

from newsagg.errors import DatabaseUnavailable

_migrated: set[str] = set()  # URLs this process has migrated: once per process, not per connection


def data_dir() -> Path:
    """Where the embedded server, the spool and dead letters live: $NEWSAGG_DATA, else ./data."""
    return Path(os.environ.get("NEWSAGG_DATA") or "data").resolve()


@functools.cache
def _embedded_server(pgdata: str):
    import warnings

    # platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI); pgserver then uses /tmp: fine
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pgserver

    Path(pgdata).parent.mkdir(parents=True, exist_ok=True)
    return pgserver.get_server(pgdata, cleanup_mode=None)  # stays up for the next command


def database_url(url: str | None = None) -> str:
    url = url or os.environ.get("DATABASE_URL")
    if url:
        return url
    try:
        return _embedded_server(str(data_dir() / "pg")).get_uri()
    except Exception as exc:  # pgserver raises plain exceptions with the server log inside
        raise DatabaseUnavailable(f"embedded PostgreSQL did not start in {data_dir() / 'pg'}: {exc}") from exc


def stop_embedded() -> bool:
    """Stop the embedded server (`newsagg stop-db`, tests): a fast shutdown of its postmaster."""
    import signal

    pid_file = data_dir() / "pg" / "postmaster.pid"
    if not pid_file.exists():
        return False
    os.kill(int(pid_file.read_text().split()[0]), signal.SIGINT)
    _embedded_server.cache_clear()
    return True


def scalar(conn: psycopg.Connection, sql: str, params: Any = None) -> Any:
    """The first column of the row a statement returns (a count, an id from `returning`)."""
    row = conn.execute(sql, params).fetchone()
    if row is None:
        raise LookupError(f"no row from {sql[:80]!r}")
    return row[0]


def connect(url: str | None = None, autocommit: bool = True) -> psycopg.Connection:
    """A connection to an up-to-date schema: migrations run once per process, when it first connects."""
    from newsagg.pipelines.storage.migrate import migrate

    target = database_url(url)
    try:
        conn = psycopg.connect(target, connect_timeout=10, autocommit=autocommit)
    except psycopg.OperationalError as exc:
        raise DatabaseUnavailable(f"cannot connect to {_redact(target)}: {str(exc).strip().splitlines()[0]}") from exc
    # No JIT: our reads are index-driven, and views' per-row lookups push the planner's cost estimate past
    # jit_above_cost, so compiling cost more than the query (at 1 M articles: the weekly stories 750 -> 320 ms,
    # the review queue 1.5 s -> 0.15 s with its rewrite). The README's SQL block starts with the same line.
    conn.execute("set jit = off")
    if not autocommit:
        conn.commit()
    if target not in _migrated:
        migrate(conn)
        _migrated.add(target)
    return conn


def _redact(url: str) -> str:
    try:
        params = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the database"
    params.pop("password", None)
    return psycopg.conninfo.make_conninfo("", **params)
