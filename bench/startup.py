"""Start-up time of the read commands (`status`, `clusters`, `cluster`, `export`), whole processes,
beside the floor every one of them pays: a Python that imports psycopg and opens a connection.

The read commands import only what they print with (psycopg, rich): not Scrapy, datasketch, scipy or
hazm, which made them take 0.65-2.2 s before the CLI was split into modules.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from bench import temp_schema

FLOOR = "import psycopg, os; psycopg.connect(os.environ['DATABASE_URL']).close()"


def _time(args: list[str], env: dict, runs: int) -> dict:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(args, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return {"median_s": round(statistics.median(times), 3), "runs_s": [round(x, 3) for x in times]}


def startup_bench(runs: int) -> dict:
    from newsagg.pipelines.storage.db import connect
    from newsagg.pipelines.storage.store import Store
    from tests.helpers import STORY, item

    with temp_schema() as url:
        with connect(url) as conn:  # migrated, with one small story so every read has rows
            store = Store(conn)
            cluster = store.save(item("https://www.isna.ir/news/1", "isna.ir", STORY)).cluster_id
            store.save(item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY, minutes=60))
        env = {**os.environ, "DATABASE_URL": url}
        cli = [sys.executable, "-m", "newsagg.cli"]
        out = {"floor_import_psycopg_and_connect": _time([sys.executable, "-c", FLOOR], env, runs)}
        for name, args in {"status": ["status", "--json"], "clusters": ["clusters", "--json"],
                           "cluster": ["cluster", str(cluster), "--json"], "export": ["export"]}.items():
            out[name] = _time(cli + args, env, runs)
        return out
