"""Benchmarks: `make bench` (or `python -m bench [--quick]`). Prints medians of several runs and
ratios against baselines measured in the same run.

1. `newsagg dedup` throughput (articles/s, and CPU ms an article in all processes) on 10k and 100k articles, beside the naive baseline
   (datasketch's textbook use: per-token MinHash.update with SHA-1, one core) on the same sample;
   and on a duplicate-heavy corpus (50 stories), time per article at 10k and 100k: flat, not growing.
2. Latency of assigning one new article with 10k, 100k and 1M articles indexed; memory per indexed
   article, beside datasketch's MinHashLSH holding the same signatures (measured in a child process
   each, from a clean start).
The machine may be shared: absolute figures are noisy, the same-run ratios less so.
3. Crawl throughput (pages/s): the whole pipeline writing to PostgreSQL, beside bare Scrapy; on the bench's 4.7-KB pages
   and on the same pages padded with site chrome to a real page's size (112 KB).
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
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
TITLE = "شوراینگهباناصلاحطلبانرابهمرخصیفرستاد"  # the folded letters of a real title (signatures keep its hashed 4-grams)
sys.path.insert(0, str(ROOT))

from bench.corpus import articles, duplicate_heavy  # noqa: E402


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

        cpu: list[float] = []

        def ours(lines=lines, cpu=cpu):
            t, c = time.perf_counter(), cpu_seconds()
            for _ in run(lines, DedupConfig(), workers=os.cpu_count()):
                pass
            cpu.append(cpu_seconds() - c)
            return time.perf_counter() - t

        med, all_ = median_of(runs, ours)
        cpu_ms = statistics.median(cpu) * 1000 / n
        out.append({"articles": n, "median_s": round(med, 2), "runs_s": [round(x, 2) for x in all_], "articles_per_s": round(n / med),
                    "cpu_ms_per_article": round(cpu_ms, 3), "cpu_bound_per_s": round((os.cpu_count() or 1) * 1000 / cpu_ms)})
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


def cpu_seconds() -> float:
    """CPU time of this process and its ended children (the dedup workers): on a shared machine the
    wall time says how busy it was, this says what the work cost; cores / CPU per article bounds throughput."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def duplicate_heavy_cost(sizes: list[int], runs: int) -> list[dict]:
    """Time per article when every article is a repost of one of 50 stories."""
    from newsagg.pipelines.dedup import DedupConfig
    from newsagg.pipelines.dedup.batch import run

    out = []
    for n in sizes:
        lines = [json.dumps(a, ensure_ascii=False) for a in duplicate_heavy(n)]

        def ours(lines=lines):
            t = time.perf_counter()
            clusters = {r["cluster"] for r in run(lines, DedupConfig(), workers=os.cpu_count())}
            ours.clusters = len(clusters)  # type: ignore[attr-defined]
            return time.perf_counter() - t

        med, all_ = median_of(runs, ours)
        out.append({"articles": n, "stories": 50, "clusters": ours.clusters, "median_s": round(med, 2),  # type: ignore[attr-defined]
                    "runs_s": [round(x, 2) for x in all_], "ms_per_article": round(med * 1000 / n, 3)})
    return out


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def datasketch_memory(n: int) -> dict:
    """RSS growth per article of datasketch's MinHashLSH holding n signatures (the old index)."""
    from datasketch import MinHashLSH

    from newsagg.pipelines.dedup.signature import new_minhash

    rng = np.random.default_rng(7)
    values = rng.integers(0, 2**32, size=(n, 128), dtype=np.uint64).astype(np.uint32)
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    base = rss_mb()
    for i in range(n):
        lsh.insert(i, new_minhash(128, values[i]), check_duplication=False)
    return {"indexed": n, "datasketch_lsh_kb_per_article": round((rss_mb() - base) * 1024 / n, 2)}


def _filled(values: np.ndarray, sentences: np.ndarray, t0: datetime):
    """An index of one article a row of `values` (MinHash values) and `sentences` (hashes), a second apart."""
    from newsagg.pipelines.dedup import ClusterIndex, DedupConfig, Entry
    from newsagg.pipelines.dedup.signature import Signature, title_grams

    index = ClusterIndex(DedupConfig(window_days=10**6))
    for i in range(len(values)):
        sig = Signature(values[i].astype("<u4").tobytes(), 900, sentences[i].astype("<i8").tobytes(), frozenset(),
                        title_grams(f"{TITLE}{i}"))  # a title of its own, as long as a real one
        index.add(Entry(i, sig, t0 + timedelta(seconds=i), i))  # int keys, as batch and store use
    return index


def assign_latency(sizes: list[int], probes: int = 1000) -> list[dict]:
    """Index N articles (random signatures: the cost of a lookup depends on the index, not on how the
    filler was made), then time assigning real articles one at a time."""
    from newsagg.pipelines.dedup.signature import signature
    from newsagg.pipelines.normalize import normalize_story

    rng = np.random.default_rng(7)
    probe_articles = articles(probes, seed=99)
    probe_sigs = [(signature(normalize_story(a["title"], a["body"])), a) for a in probe_articles]
    out = []
    for n in sizes:
        t0 = datetime(2026, 1, 1, tzinfo=UTC)
        values = rng.integers(0, 2**32, size=(n, 128), dtype=np.uint64).astype(np.uint32)
        sentences = rng.integers(-2**62, 2**62, size=(n, 8))
        base = rss_mb()  # after the filler arrays: what the index holds (each signature has its own copy)
        start = time.perf_counter()
        index = _filled(values, sentences, t0)
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
        del index
        traced_kb = None
        if n <= 100_000:  # what the index holds, to the byte (RSS moves with the allocator's history: ±0.1 KB at 10k)
            tracemalloc.start()
            index = _filled(values, sentences, t0)
            traced_kb = round(tracemalloc.get_traced_memory()[0] / 1024 / n, 2)
            tracemalloc.stop()
            del index
        out.append({"indexed": n, "fill_s": round(fill_s, 1), "assign_p50_ms": round(float(np.percentile(lat_assign, 50)), 3),
                    "assign_p99_ms": round(float(np.percentile(lat_assign, 99)), 3),
                    "normalize_sign_assign_p50_ms": round(float(np.percentile(lat_full, 50)), 3),
                    "normalize_sign_assign_p99_ms": round(float(np.percentile(lat_full, 99)), 3),
                    "memory_kb_per_article": round(per_article_kb, 2), "traced_kb_per_article": traced_kb})
        del values, sentences
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="small sizes, one run: a smoke test of the benchmark itself")
    ap.add_argument("--only", choices=["dedup", "latency", "crawl", "startup", "store", "agreement", "frontier"])
    ap.add_argument("--json", action="store_true", help="print only the results, as one JSON document")
    ap.add_argument("--store-size", type=int, default=1_000_000, help=argparse.SUPPRESS)
    ap.add_argument("--latency-size", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--datasketch-size", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--probes", type=int, default=1000, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.datasketch_size:
        print(json.dumps(datasketch_memory(args.datasketch_size)))
        return
    if args.latency_size:
        print(json.dumps(assign_latency([args.latency_size], args.probes)[0]))
        return
    runs = 1 if args.quick else 3

    def say(part: object) -> None:
        if not args.json:
            print(json.dumps(part, indent=1), flush=True)

    results: dict[str, object] = {"machine": f"{os.cpu_count()} cores", "python": sys.version.split()[0]}
    if args.only in (None, "dedup"):
        results["dedup_throughput"] = dedup_throughput([1000] if args.quick else [10_000, 100_000], runs, 200 if args.quick else 2000)
        say(results["dedup_throughput"])
        results["duplicate_heavy"] = duplicate_heavy_cost([1000, 5000] if args.quick else [10_000, 100_000], runs)
        say(results["duplicate_heavy"])
    if args.only in (None, "latency"):
        # one child process per size: memory per article is the RSS growth from a clean start
        # (in one process, a size reuses what the previous one freed)
        def child(*argv: str) -> dict:
            done = subprocess.run([sys.executable, "-m", "bench", *argv], cwd=ROOT, capture_output=True, text=True, check=True)
            return json.loads(done.stdout.splitlines()[-1])

        results["assign_latency"] = [
            child("--latency-size", str(n), "--probes", str(200 if args.quick else 1000))
            | (child("--datasketch-size", str(n)) if n <= 100_000 else {})  # 1M in datasketch: 9 GB
            for n in ([2000] if args.quick else [10_000, 100_000, 1_000_000])]
        say(results["assign_latency"])
    if args.only in (None, "crawl"):
        from bench.crawl import REAL_SIZE_KB, crawl_bench
        # 5 pairs, not 3: one 1,500-page crawl lasts 2.5-6 s, short enough for a hiccup of the machine to show
        crawl_runs = 1 if args.quick else 5
        results["crawl"] = crawl_bench(200 if args.quick else 1500, crawl_runs)
        say(results["crawl"])
        results["crawl_real_size"] = crawl_bench(200 if args.quick else 1500, crawl_runs, REAL_SIZE_KB)  # Scrapy's slot bound bites here
        say(results["crawl_real_size"])
    if args.only in (None, "agreement"):
        from bench.agreement import agreement_cost
        results["agreement"] = {k: v for k, v in agreement_cost(1 if args.quick else 5).items() if k != "per_page"}
        say(results["agreement"])
    if args.only in (None, "startup"):
        from bench.startup import startup_bench
        results["startup"] = startup_bench(3 if args.quick else 7)
        say(results["startup"])
    if args.only in (None, "store"):
        from bench.store import store_bench
        results["store"] = store_bench(20_000 if args.quick else args.store_size, runs)
        say(results["store"])
    if args.only in (None, "frontier"):
        from bench.frontier import frontier_bench
        results["frontier"] = frontier_bench(60 if args.quick else 400, runs)
        say(results["frontier"])
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=1))
    print(json.dumps(results, indent=1) if args.json else f"written to {out / 'latest.json'}")


if __name__ == "__main__":
    main()
