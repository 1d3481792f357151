"""Which PostgreSQL: DATABASE_URL when set, else a private server from the pgserver package.

The embedded server keeps PGDATA in the project's data folder (NEWSAGG_DATA, default ./data), so it
never writes under the home directory; as root, pgserver runs it as its own user.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

import psycopg

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class DatabaseUnavailable(RuntimeError):
    """The database could not be reached; the message says which and how to fix it."""


def data_dir() -> Path:
    return Path(os.environ.get("NEWSAGG_DATA") or PROJECT_ROOT / "data").resolve()


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


def connect(url: str | None = None, **kwargs) -> psycopg.Connection:
    target = database_url(url)
    try:
        return psycopg.connect(target, connect_timeout=10, **kwargs)
    except psycopg.OperationalError as exc:
        raise DatabaseUnavailable(f"cannot connect to {_redact(target)}: {str(exc).strip().splitlines()[0]}") from exc


def _redact(url: str) -> str:
    try:
        params = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the database"
    params.pop("password", None)
    return psycopg.conninfo.make_conninfo(**params)
