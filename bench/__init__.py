"""Benchmarks (`python -m bench`); `temp_schema` is the throwaway store every database bench uses."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def temp_schema(prefix: str = "bench") -> Iterator[str]:
    """A throwaway schema on the server in use (DATABASE_URL, else the embedded one): yields a URL
    whose search_path is that schema, which is dropped afterwards."""
    import psycopg

    from newsagg.pipelines.storage.db import database_url

    base, schema = database_url(), f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"create schema {schema}")
    try:
        yield psycopg.conninfo.make_conninfo(base, options=f"-c search_path={schema}")
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f"drop schema {schema} cascade")
