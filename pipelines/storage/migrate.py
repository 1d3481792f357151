"""Versioned migrations: migrations/NNN_name.sql applied in order, once, under an advisory lock."""
from __future__ import annotations

from pathlib import Path

import psycopg

from newsagg.config import Registry, load_registry
from newsagg.pipelines.storage.db import scalar

MIGRATIONS = Path(__file__).parent / "migrations"
_LOCK = 7_300_001  # advisory lock key: two processes starting at once migrate once


def migrations() -> list[tuple[int, str, str]]:
    out = []
    for path in sorted(MIGRATIONS.glob("*.sql")):
        out.append((int(path.name.split("_")[0]), path.stem, path.read_text(encoding="utf-8")))
    return out


def schema_version(conn: psycopg.Connection) -> int:
    exists = scalar(conn, "select to_regclass('schema_version') is not null")
    if not exists:
        return 0
    return scalar(conn, "select coalesce(max(version), 0) from schema_version")


def applied(conn: psycopg.Connection) -> set[int]:
    if not scalar(conn, "select to_regclass('schema_version') is not null"):
        return set()
    return {v for (v,) in conn.execute("select version from schema_version")}


def _outlet_rows(registry: Registry) -> set[tuple]:
    return {(o.id, o.name_fa, o.name_en, o.kind, o.crawl is not None) for o in registry.outlets}


def up_to_date(conn: psycopg.Connection, registry: Registry, until: int | None = None) -> bool:
    """Schema at the newest version (below `until`) and outlets as configured: two reads, no lock, no
    write (every command connects through here; read commands should not write)."""
    if applied(conn) != {v for v, _, _ in migrations() if until is None or v < until}:
        return False
    stored = set(conn.execute("select id, name_fa, name_en, kind, crawled from outlets").fetchall())
    return _outlet_rows(registry) <= stored


def migrate(conn: psycopg.Connection, registry: Registry | None = None, until: int | None = None) -> int:
    """Bring the schema up to date (only the migrations numbered below `until`, when given: the store
    benchmark loads its rows between two) and the outlets table in line with config; returns the version."""
    registry = registry or load_registry()
    if up_to_date(conn, registry, until):
        return schema_version(conn)
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", (_LOCK,))
        conn.execute("create table if not exists schema_version (version int primary key, name text not null,"
                     " applied_at timestamptz not null default now())")
        done = applied(conn)
        for version, name, sql in migrations():
            if version not in done and (until is None or version < until):  # every missing one, in order (not only those above the newest applied)
                conn.execute(sql)
                conn.execute("insert into schema_version (version, name) values (%s, %s)", (version, name))
        sync_outlets(conn, registry)
    return schema_version(conn)


def sync_outlets(conn: psycopg.Connection, registry: Registry) -> None:
    with conn.cursor() as cur:
        cur.executemany(
            "insert into outlets (id, name_fa, name_en, kind, crawled) values (%s, %s, %s, %s, %s)"
            " on conflict (id) do update set name_fa = excluded.name_fa, name_en = excluded.name_en,"
            " kind = excluded.kind, crawled = excluded.crawled",
            sorted(_outlet_rows(registry)),
        )
