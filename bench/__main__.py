"""Benchmarks: `make bench` (or `python -m bench [--quick]`). Prints medians of several runs and
ratios against baselines measured in the same run.

1. `newsagg dedup` throughput (articles/s) on 10k and 100k articles, beside the naive baseline
   (per-token MinHash.update with SHA-1, no batching) on the same sample.
2. Latency of assigning one new article with 10k, 100k and 1M articles indexed; memory per article.
3. Crawl throughput (pages/s): the whole pipeline writing to PostgreSQL, beside bare Scrapy.
4. Start-up time of the read commands, beside importing psycopg and connecting.
5. The store at 1 M articles: the README's SQL queries and the CLI's reads (bench/store.py).
6. The second opinion's cost per page (trafilatura + F1) beside our own parse (bench/agreement.py).
7. The same crawl shared by 1, 2 and 3 processes over one Redis frontier (bench/frontier.py).

`--json` prints only the results, as one JSON document (always written to bench/results/latest.json too).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import articles  # noqa: E402


def median_of(runs: int, fn) -> tuple[float, list[float]]:
    times = [fn() for _ in range(runs)]
    return statistics.median(times), times


def dedup_throughput(sizes: list[int], runs: int, baseline_sample: int) -> list[dict]:
    from bench.naive import naive_run
    from newsagg.pipelines.dedup import DedupConfig
    from newsagg.pipelines.dedup.batch import run

    out = []
    for n in sizes:
        lines = [json.dumps(a, ensure_ascii=False) for a in articles(n)]

        def ours(lines=lines):
            t = time.perf_counter()
            for _ in run(lines, DedupConfig(), workers=os.cpu_count()):
                pass
            return time.perf_counter() - t

        med, all_ = median_of(runs, ours)
        out.append({"articles": n, "median_s": round(med, 2), "runs_s": [round(x, 2) for x in all_], "articles_per_s": round(n / med)})
    sample = [json.dumps(a, ensure_ascii=False) for a in articles(baseline_sample)]

    def ours_one_core():
        t = time.perf_counter()
        for _ in run(sample, DedupConfig(), workers=1):
            pass
        return time.perf_counter() - t

    def naive():
        t = time.perf_counter()
        naive_run(sample, DedupConfig())
        return time.perf_counter() - t

    o, _ = median_of(runs, ours_one_core)
    b, _ = median_of(runs, naive)
    out.append({"baseline_sample": baseline_sample, "ours_one_core_per_s": round(baseline_sample / o),
                "naive_per_token_per_s": round(baseline_sample / b), "speedup_one_core": round(b / o, 1)})
    return out


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def assign_latency(sizes: list[int], probes: int = 1000) -> list[dict]:
    """Index N articles (random signatures: the cost of a lookup depends on the index, not on how the
    filler was made), then time assigning real articles one at a time."""
    from newsagg.pipelines.dedup import ClusterIndex, DedupConfig, Entry
    from newsagg.pipelines.dedup.signature import Signature, new_minhash, signature
    from newsagg.pipelines.normalize import normalize_story

    rng = np.random.default_rng(7)
    probe_articles = articles(probes, seed=99)
    probe_sigs = [(signature(normalize_story(a["title"], a["body"])), a) for a in probe_articles]
    out = []
    for n in sizes:
        base = rss_mb()
        index = ClusterIndex(DedupConfig(window_days=10**6))
        t0 = datetime(2026, 1, 1, tzinfo=UTC)
        values = rng.integers(0, 2**32, size=(n, 128), dtype=np.uint64).astype(np.uint32)
        sentences = rng.integers(-2**62, 2**62, size=(n, 8))
        start = time.perf_counter()
        for i in range(n):
            sig = Signature(new_minhash(128, values[i]), 900, tuple(sentences[i].tolist()), frozenset())
            index.add(Entry(f"f{i}", sig, t0 + timedelta(seconds=i), i))
        fill_s = time.perf_counter() - start
        per_article_kb = (rss_mb() - base) * 1024 / n
        lat_assign, lat_full = [], []
        for j, (sig, a) in enumerate(probe_sigs):
            t = time.perf_counter()
            index.assign(f"p{j}", sig, t0, n + j)
            lat_assign.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            s2 = signature(normalize_story(a["title"], a["body"]))
            index.assign(f"q{j}", s2, t0, n + probes + j)
            lat_full.append((time.perf_counter() - t) * 1000)
        out.append({"indexed": n, "fill_s": round(fill_s, 1), "assign_p50_ms": round(float(np.percentile(lat_assign, 50)), 3),
                    "assign_p99_ms": round(float(np.percentile(lat_assign, 99)), 3),
                    "normalize_sign_assign_p50_ms": round(float(np.percentile(lat_full, 50)), 3),
                    "normalize_sign_assign_p99_ms": round(float(np.percentile(lat_full, 99)), 3),
                    "memory_kb_per_article": round(per_article_kb, 2)})
        del index, values, sentences
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="small sizes, one run: a smoke test of the benchmark itself")
    ap.add_argument("--only", choices=["dedup", "latency", "crawl", "startup", "store", "agreement", "frontier"])
    ap.add_argument("--json", action="store_true", help="print only the results, as one JSON document")
    ap.add_argument("--store-size", type=int, default=1_000_000, help=argparse.SUPPRESS)
    ap.add_argument("--latency-size", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--probes", type=int, default=1000, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.latency_size:
        print(json.dumps(assign_latency([args.latency_size], args.probes)[0]))
        return
    runs = 1 if args.quick else 3
    say = (lambda *a, **k: None) if args.json else print
    results: dict[str, object] = {"machine": f"{os.cpu_count()} cores", "python": sys.version.split()[0]}
    if args.only in (None, "dedup"):
        results["dedup_throughput"] = dedup_throughput([1000] if args.quick else [10_000, 100_000], runs, 200 if args.quick else 2000)
        say(json.dumps(results["dedup_throughput"], indent=1), flush=True)
    if args.only in (None, "latency"):
        # one child process per size: memory per article is the RSS growth from a clean start
        # (in one process, a size reuses what the previous one freed)
        results["assign_latency"] = [json.loads(subprocess.run(
            [sys.executable, "-m", "bench", "--latency-size", str(n), "--probes", str(200 if args.quick else 1000)],
            cwd=ROOT, capture_output=True, text=True, check=True).stdout.splitlines()[-1])
            for n in ([2000] if args.quick else [10_000, 100_000, 1_000_000])]
        say(json.dumps(results["assign_latency"], indent=1), flush=True)
    if args.only in (None, "crawl"):
        from bench.crawl import crawl_bench
        results["crawl"] = crawl_bench(200 if args.quick else 1500, runs)
        say(json.dumps(results["crawl"], indent=1), flush=True)
    if args.only in (None, "agreement"):
        from bench.agreement import agreement_cost
        results["agreement"] = {k: v for k, v in agreement_cost(1 if args.quick else 5).items() if k != "per_page"}
        say(json.dumps(results["agreement"], indent=1), flush=True)
    if args.only in (None, "startup"):
        from bench.startup import startup_bench
        results["startup"] = startup_bench(3 if args.quick else 7)
        say(json.dumps(results["startup"], indent=1), flush=True)
    if args.only in (None, "store"):
        from bench.store import store_bench
        results["store"] = store_bench(20_000 if args.quick else args.store_size, runs)
        say(json.dumps(results["store"], indent=1, ensure_ascii=False), flush=True)
    if args.only in (None, "frontier"):
        from bench.frontier import frontier_bench
        results["frontier"] = frontier_bench(60 if args.quick else 400, runs)
        say(json.dumps(results["frontier"], indent=1), flush=True)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=1))
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        print(f"written to {out / 'latest.json'}")


if __name__ == "__main__":
    main()
