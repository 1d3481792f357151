"""`newsagg dedup IN.jsonl -o OUT.jsonl`: clustering and attribution in memory, no database.

The contract (keep it stable, other tools read it): one output line per input line, in input order,
{"id", "cluster", "chain", "origin"}. Equal `cluster` values mean the same story (the value is the
id of the story's first article); `chain` is publisher first, then each credited source in order
(registry ids, or normalized names for unknown sources); `origin` is the story's inferred original
outlet. A line that cannot be read gets the same shape with "error" and nulls, so alignment holds.
"""
from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from newsagg.article import Article
from newsagg.config import Registry, load_registry
from newsagg.pipelines.attribution import Member, reconstruct
from newsagg.pipelines.dedup.index import ClusterIndex, DedupConfig
from newsagg.pipelines.process import ProcessConfig, Processor


@dataclass
class Record:
    line: int
    id: object = None
    outlet: str | None = None
    published: datetime | None = None
    chain: tuple[str, ...] = ()
    error: str | None = None


def parse_published(value) -> datetime | None:
    if value in (None, ""):
        return None
    dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)  # documented: naive times are UTC


def _read(n: int, line: str, registry: Registry) -> tuple[Record, Article | None]:
    rec = Record(n)
    try:
        obj = json.loads(line)
        if not isinstance(obj, dict):
            raise ValueError("not a JSON object")
        rec.id = obj.get("id")
        missing = [k for k in ("id", "url", "title", "body") if obj.get(k) in (None, "")]
        if missing:
            raise ValueError(f"missing {', '.join(missing)}")
        rec.outlet = obj.get("outlet") or registry.id_for_url(obj["url"])
        if rec.outlet in (None, ""):
            raise ValueError("no outlet and no host in url")
        rec.published = parse_published(obj.get("published"))
        return rec, Article(url=obj["url"], outlet=rec.outlet, title=obj["title"], lead=obj.get("lead"), body=obj["body"])
    except (ValueError, TypeError) as exc:
        rec.error = f"line {n}: {exc}"
        return rec, None


_processor: Processor | None = None  # in a worker: set by _start_worker


def _start_worker(processor: Processor) -> None:
    global _processor
    _processor = processor


def _work(article: Article) -> tuple:
    """What clustering needs, small enough to send back from a worker cheaply."""
    assert _processor is not None
    done = _processor(article)
    assert done.signature is not None and done.chain is not None
    return done.signature, tuple(done.chain.outlets)


def run(lines: Iterable[str], config: DedupConfig | None = None, workers: int | None = None,
        registry: Registry | None = None) -> Iterator[dict]:
    config = config or DedupConfig()
    processor = Processor(ProcessConfig(dedup=config, display=False))
    registry = registry or load_registry()
    records, jobs = [], []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        rec, job = _read(n, line, registry)
        records.append(rec)
        if job:
            jobs.append((rec, job))

    # Cluster in publication order (undated last, then input order): the first article of a story
    # names its cluster and the window compares neighbours in time. Workers normalize and sign;
    # this process clusters each result as it arrives.
    jobs.sort(key=lambda j: (j[0].published is None, j[0].published or datetime.min.replace(tzinfo=UTC), j[0].line))
    workers = workers or os.cpu_count() or 1
    pool = None
    if workers > 1 and len(jobs) > 200:
        pool = multiprocessing.get_context("fork").Pool(workers, _start_worker, (processor,))
        results: Iterator[tuple] = pool.imap(_work, [j for _, j in jobs], chunksize=64)
    else:
        _start_worker(processor)
        results = map(_work, [j for _, j in jobs])
    # In batch mode an outlet's history is the input: its templates are counted over all of it
    # before any article is clustered (signatures are 0.6 KB each: 100k articles hold 60 MB). This
    # makes clustering a serial second pass (about a third of the time at 100k on 2 cores); learning
    # templates only from what came before, overlapping the workers, merged 3 of 483 templated pairs
    # of the real set (the first items of a series) instead of 0.
    index = ClusterIndex(config, learn=False)
    first_of: dict[int, Record] = {}
    try:
        signed = []
        for (rec, _), (sig, chain) in zip(jobs, results, strict=True):
            rec.chain = chain
            index.templates.observe(rec.outlet, sig)
            signed.append((rec, sig))
    finally:
        if pool:
            pool.close()
            pool.join()
    for rec, sig in signed:
        if index.assign(rec.line, sig, rec.published, rec.line, rec.outlet).best is None:
            first_of[rec.line] = rec
    members: dict[int, list[Member]] = {}
    for rec, _ in jobs:
        members.setdefault(index.cluster_of(rec.line), []).append(
            Member(rec.line, rec.outlet, rec.published, rec.chain))
    origins = {c: reconstruct(ms).origin for c, ms in members.items()}

    for rec in records:
        if rec.error:
            yield {"id": rec.id, "cluster": None, "chain": [], "origin": None, "error": rec.error}
            continue
        root = index.cluster_of(rec.line)
        yield {"id": rec.id, "cluster": first_of[root].id, "chain": list(rec.chain), "origin": origins[root]}
