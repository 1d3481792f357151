"""The store at 1 M articles: generate a realistic store in a throwaway schema, time the README's SQL
queries and the CLI's reads (medians of several runs).

Generation is server-side and fast (about a minute for 1 M at 2 cores): numpy draws the stories
(5,000 articles a day; 92 % of stories have one article, the rest 2-80 members, Zipf-like, spread over
a few hours) and the outlets (Zipf-like shares over the configured outlets), COPY sends that plan,
and INSERT ... SELECT builds articles, chains (60 % of reposts credit the origin, the others are
uncredited copies), clusters, members, a few merges and reviewers' corrections. Migrations up to
005 run before the load and the rest (006's indexes and rollup fill) after it, as on a live store.
Synthetic: titles and bodies are placeholders; only the shape of the data is realistic.
"""
from __future__ import annotations

import re
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import psycopg

from bench import temp_schema

ROOT = Path(__file__).resolve().parents[1]
PER_DAY = 5000
LOAD_BEFORE = 6  # migrations numbered below this run before the load (006 indexes and fills the rollup)


def plan(n: int, seed: int = 11) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(cluster index, first member's article index, outlet index) for each article in time order."""
    rng = np.random.default_rng(seed)
    k = n  # enough stories
    sizes = np.where(rng.random(k) < 0.92, 1, 1 + np.minimum(rng.zipf(2.0, k), 80))
    sizes = sizes[: int(np.searchsorted(np.cumsum(sizes), n)) + 1]
    sizes[-1] -= sizes.sum() - n
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    jitter = rng.integers(0, 600, size=n)  # members within ~3 hours of the first
    jitter[np.cumsum(sizes) - sizes] = 0
    label = np.repeat(np.arange(len(sizes)), sizes)
    order = np.argsort(starts + jitter, kind="stable")
    cluster = label[order]
    first_pos = np.full(len(sizes), -1)
    _, first_idx = np.unique(cluster, return_index=True)
    first_pos[cluster[first_idx]] = first_idx
    first = first_pos[cluster]
    return cluster, first, rng.zipf(1.6, n) % 60


def build(conn: psycopg.Connection, n: int) -> dict:
    from newsagg.config import load_registry
    from newsagg.pipelines.storage.migrate import migrate

    t = time.perf_counter()
    registry = load_registry()
    migrate(conn, registry, until=LOAD_BEFORE)
    outlets = sorted(o.id for o in registry.outlets)
    outlets.remove("isna.ir")
    outlets.insert(0, "isna.ir")  # the README asks about ISNA: make it a big one
    cluster, first, outlet = plan(n)
    conn.execute("create temp table plan (i int, cluster int, first int, outlet int)")
    with conn.cursor() as cur, cur.copy("copy plan (i, cluster, first, outlet) from stdin") as copy:
        for row in zip(range(n), cluster.tolist(), first.tolist(), outlet.tolist(), strict=True):
            copy.write_row(row)
    end = datetime.now(UTC).replace(microsecond=0)
    params = {"outlets": outlets, "n": n, "end": end, "step": timedelta(seconds=86400 / PER_DAY)}
    conn.execute("create temp table gen as select p.i + 1 as id, p.cluster + 1 as cluster, p.first + 1 as first,"
                 " (%(outlets)s::text[])[1 + p.outlet %% cardinality(%(outlets)s::text[])] as outlet,"
                 " %(end)s::timestamptz - (%(n)s - p.i) * %(step)s::interval as published from plan p", params)
    conn.execute("create unique index on gen (id)")
    conn.execute("analyze gen")
    conn.execute(
        "insert into articles (id, url, outlet_id, title, lead, body, normalized_text, published_at, first_fetched_at,"
        " fetched_at, content_hash, minhash, shingle_count, sentence_hashes)"
        " select id, 'https://' || outlet || '/news/' || id, outlet, 'عنوان خبر شماره ' || id, 'لید خبر ' || md5(id::text),"
        " repeat('متن خبر ' || md5(id::text) || ' ', 6), repeat(md5(id::text), 8), published, published, published,"
        " md5(id::text), decode(repeat(md5(id::text), 32), 'hex'), 900, array[hashtext(id::text)::bigint] from gen")
    conn.execute("select setval(pg_get_serial_sequence('articles', 'id'), %s)", (n,))
    # chains: the publisher, then (60 % of reposts) the story's first publisher; 15 % of firsts credit IRNA
    conn.execute(
        "insert into attribution_edges (article_id, position, source, known, kind, via)"
        " select id, 0, outlet, true, 'publisher', 'publisher' from gen"
        " union all select g.id, 1, f.outlet, true, 'agency', 'lead' from gen g join gen f on f.id = g.first"
        "  where g.id <> g.first and mod(abs(hashtext('c' || g.id)), 10) < 6 and f.outlet <> g.outlet"
        " union all select id, 1, 'irna.ir', true, 'agency', 'lead' from gen where id = first and mod(abs(hashtext('i' || id)), 100) < 15"
        "  and outlet <> 'irna.ir'")
    conn.execute(
        "insert into clusters (id, created_at, representative_id, origin, origin_article_id, origin_reason)"
        " select g.cluster, g.published, g.id, g.outlet, g.id, 'first-publisher' from gen g where g.id = g.first")
    conn.execute("select setval(pg_get_serial_sequence('clusters', 'id'), (select max(id) from clusters))")
    conn.execute(
        "insert into cluster_members (article_id, cluster_id, matched_article_id, jaccard, containment, reason, joined_at, uncredited)"
        " select g.id, g.cluster, nullif(g.first, g.id), case when g.id <> g.first then 0.8 end,"
        " case when g.id <> g.first then 0.9 end, case when g.id = g.first then 'new-story' else 'near-duplicate' end, g.published,"
        " g.id <> g.first and not exists (select 1 from attribution_edges e where e.article_id = g.id and e.position > 0)"
        " from gen g")
    # merges: 1 % of multi-article stories absorbed a second cluster started by one of its members
    conn.execute(
        "with m as (select g.cluster, min(g.id) filter (where g.id <> g.first) as member from gen g group by g.cluster"
        "           having count(*) > 1 and mod(abs(hashtext('m' || g.cluster)), 100) = 0),"
        " c as (insert into clusters (representative_id, origin, origin_article_id, origin_reason, merged_into)"
        "       select member, 'x', member, 'first-publisher', cluster from m returning id, merged_into, representative_id)"
        " insert into cluster_merges (from_cluster, into_cluster, article_id) select id, merged_into, representative_id from c")
    conn.execute("insert into chain_corrections (article_id, chain, reviewer) select id, array[outlet, 'isna.ir'], 'bench'"
                 " from gen where mod(abs(hashtext('r' || id)), 500) = 0")
    conn.execute("insert into origin_corrections (cluster_id, origin, reviewer) select cluster, 'irna.ir', 'bench'"
                 " from gen where id = first and mod(abs(hashtext('o' || id)), 800) = 0")
    conn.execute("insert into crawl_runs (started_at, ended_at, outlets, status) select %(end)s::timestamptz - g * interval '1 hour',"
                 " %(end)s::timestamptz - g * interval '1 hour' + interval '5 minutes', %(outlets)s, 'finished'"
                 " from generate_series(1, 2000) g", params)
    conn.execute("insert into crawl_run_outlets (run_id, outlet_id, pages, new) select r.id, o, 100, 50"
                 " from crawl_runs r, unnest(r.outlets) o")
    loaded = time.perf_counter() - t
    t = time.perf_counter()
    migrate(conn)  # the rest: 006 builds its indexes and fills the rollup from the loaded store
    migrated = time.perf_counter() - t
    conn.execute("analyze")
    counts = conn.execute("select (select count(*) from articles), (select count(*) from clusters where merged_into is null),"
                          " (select count(*) from cluster_merges)").fetchone() or (0, 0, 0)
    return {"articles": counts[0], "clusters": counts[1], "merges": counts[2], "load_s": round(loaded, 1),
            "migrate_after_load_s": round(migrated, 1)}


def readme_queries(story: int) -> dict[str, str]:
    """The SQL examples of the README's "Querying with SQL", as a user would paste them."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("### Querying with SQL", 1)[1].split("```sql", 1)[1].split("```", 1)[0]
    out = {}
    for chunk in block.strip().split("\n\n"):
        lines = chunk.strip().splitlines()
        label, sql = lines[0].lstrip("- ").strip(), "\n".join(x for x in lines[1:] if not x.lstrip().startswith("--"))
        if sql.lstrip().lower().startswith("select"):  # the block's `set jit = off;` is run by measure()
            out[label] = re.sub(r"cluster_id = \d+", f"cluster_id = {story}", sql)
    return out


def timed(runs: int, fn) -> dict:
    times: list[float] = []
    while len(times) < runs and sum(times) < 10_000:  # a query of seconds is timed fewer times
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return {"median_ms": round(statistics.median(times), 1), "runs_ms": [round(x, 1) for x in times]}


def measure(conn: psycopg.Connection, runs: int) -> dict:
    from newsagg.pipelines.storage import export, queries, review_queries

    conn.execute("set jit = off")  # as the README's SQL block and newsagg's own connections do
    story = conn.execute("select m.cluster_id from cluster_members m join articles a on a.id = m.article_id"
                         " where a.published_at > now() - interval '2 days' group by 1 order by count(*) desc limit 1").fetchone()
    story_id = story[0] if story else 1
    out = {}
    for label, sql in readme_queries(story_id).items():
        out[f"sql: {label}"] = timed(runs, lambda sql=sql: conn.execute(sql).fetchall())
    week = datetime.now(UTC) - timedelta(days=7)

    def export_first_page():  # what `newsagg export` streams
        rows = export.articles(conn, export.Selection())
        for _, _ in zip(range(100), rows, strict=False):
            pass
        rows.close()

    reads = {
        "clusters() newest": lambda: queries.clusters(conn),
        "clusters() largest, min size 2": lambda: queries.clusters(conn, limit=50, sort="largest", min_size=2),
        "clusters() since a week, one outlet": lambda: queries.clusters(conn, since=week, outlet="isna.ir"),
        "cluster(id)": lambda: queries.cluster(conn, story_id),
        "status()": lambda: queries.status(conn),
        "export, first 100 rows": export_first_page,
    }
    for label, fn in reads.items():
        out[f"cli: {label}"] = timed(runs, fn)
    page = {  # the review page's reads (newsagg serve), through the same storage functions its handlers call
        "story page": lambda: review_queries.story(conn, story_id),
        "queue, newest 50": lambda: review_queries.queue(conn),
        "queue counts per kind": lambda: review_queries.queue_counts(conn),
        "outlets page: activity": lambda: review_queries.outlet_activity(conn),
        "outlets page: credit graph of a week": lambda: review_queries.credit_graph(conn, since=week),
    }
    for label, fn in page.items():
        out[f"review: {label}"] = timed(runs, fn)
    return out


def store_bench(n: int, runs: int) -> dict:
    with temp_schema("bench_store") as url, psycopg.connect(url, autocommit=True) as conn:
        built = build(conn, n)
        timings = measure(conn, runs)
    slow = sorted(k for k, v in timings.items() if v["median_ms"] >= 200)
    return {**built, "queries": timings, "target_ms": 200, "over_target": slow}
