"""Shared fixtures. Database tests run against a real PostgreSQL: the server in DATABASE_URL when set
(CI: the local server at 127.0.0.1:5432), else the embedded pgserver default. Each test gets a fresh
schema, dropped afterwards."""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from hypothesis import settings

# hazm loads once (about 2 s) inside whichever example runs first: no per-example deadline.
settings.register_profile("newsagg", deadline=None)
settings.load_profile("newsagg")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _base_url() -> str:
    from newsagg.pipelines.storage.db import database_url

    return database_url()  # DATABASE_URL, or the embedded server in ./data


def url_with_schema(url: str, schema: str) -> str:
    return psycopg.conninfo.make_conninfo(url, options=f"-c search_path={schema}")


@pytest.fixture
def db_url():
    base = _base_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"create schema {schema}")
    try:
        yield url_with_schema(base, schema)
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f"drop schema {schema} cascade")


@pytest.fixture
def conn(db_url):
    from newsagg.pipelines.storage.migrate import migrate

    with psycopg.connect(db_url, autocommit=True) as c:
        migrate(c)
        yield c


@pytest.fixture
def store(conn):
    from newsagg.pipelines.dedup import DedupConfig
    from newsagg.pipelines.storage.store import Store

    return Store(conn, DedupConfig())


@pytest.fixture(scope="session")
def shared():
    if not SHARED.exists():
        pytest.skip(f"../shared is absent ({SHARED}): the labeled material lives there")
    return SHARED


def newsagg(*args: str, env: dict | None = None, check: bool = True, timeout: int = 300,
            cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real CLI in a child process (Scrapy's reactor runs once per process)."""
    done = subprocess.run([sys.executable, "-m", "newsagg.cli", *args], capture_output=True, text=True, cwd=cwd or ROOT,
                          env={**os.environ, **(env or {})}, timeout=timeout)
    if check and done.returncode != 0:
        raise AssertionError(f"newsagg {' '.join(args)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return done
