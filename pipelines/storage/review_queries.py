"""Reads for the review page (`newsagg serve`): the queue, a story with its evidence, one article's text,
outlets, runs and the who-credits-whom graph. Every statement the page runs is here.

The story page reads by key only: the cluster by id, its members through `cluster_members_cluster_idx`,
their chains through the articles' primary key and `attribution_edges`' primary key (article_id,
position), the latest live correction through `chain_corrections_article_idx` (007). So its cost
grows with the story's size, not the store's. The queue reads the partial indexes of 007, which
hold only flagged members.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row

from newsagg.errors import NotFound
from newsagg.pipelines.storage import queries

LOW_SIMILARITY = 0.6  # a member matched below this (Jaccard and containment both) is worth a look; the join threshold is 0.5

KINDS = {
    "conflict": "credits an outlet that published later",
    "uncredited": "copied without credit",
    "weak": "low similarity to its story",
    "unknown_source": "credits a source the registry does not know",
    "origin_unknown": "origin is a press office or unknown source",
}

# Each kind is one branch, read from the partial index that holds only its rows (007) or, for stories, from the
# few origins that are not registry outlets; the filters and the order go into every branch, so each stops
# after `limit` rows (the newest first through articles_published_desc_idx, 008) and the union merges at most
# 5 x limit rows. One union filtered and sorted afterwards read all 120 k uncredited copies and all 776 k
# stories: 1.5 s for the newest 100 at 1 M articles.
_ORDER = "order by a.published_at desc nulls last, a.id desc"

# Origins that are not an outlet of the registry (or only one of kind unknown), walked one distinct origin at a
# time through clusters_live_origin_idx (008): a few dozen index probes, however many stories there are.
_UNKNOWN_ORIGINS = """
with recursive d(o) as (
    (select origin from clusters where merged_into is null and origin is not null order by origin limit 1)
  union all
    select (select origin from clusters where merged_into is null and origin > d.o order by origin limit 1)
    from d where d.o is not null
)"""

# Stories that may have such an origin: no origin, an origin outside the registry, or a reviewer's correction.
_ORIGIN_CANDIDATES = """(
    select id from clusters where merged_into is null and origin is null
  union
    select c.id from d cross join lateral (
        select id from clusters c where c.origin = d.o and c.merged_into is null offset 0) c  -- one probe per origin
    where d.o is not null and not exists (select 1 from outlets o where o.id = d.o and o.kind <> 'unknown')
  union
    select cluster_id from origin_corrections where undone_at is null
)"""


def _branches(where: str, article: bool, detail: bool) -> dict[str, str]:
    """Each kind's rows, filtered by `where` (on `a`, the article). Without `article` the member kinds skip
    the articles' join (counts of the whole store); without `detail` nothing but kind and article_id."""
    cols = "a.id as article_id, a.outlet_id, a.published_at, a.title" if detail else "m.article_id"
    join = "join articles a on a.id = m.article_id" if article else ""
    edge_cols = "a.id as article_id, a.outlet_id, a.published_at, a.title" if detail else "e.article_id"
    edge_join = "join articles a on a.id = e.article_id" if article else ""
    origin = "(select co.origin from cluster_origin co where co.cluster_id = m.cluster_id)"  # after the limit: 100 lookups
    udetail = f"'origin: ' || coalesce({origin}, '?')" if detail else "null"
    return {
        "conflict": f"select 'conflict' as kind, m.cluster_id, {cols}, m.conflict as detail from cluster_members m {join}"
                    f" where (m.uncredited or m.conflict is not null) and m.conflict is not null and {where}",
        "uncredited": f"select 'uncredited' as kind, m.cluster_id, {cols},"
                      f" {udetail} as detail"
                      f" from cluster_members m {join} where (m.uncredited or m.conflict is not null) and m.uncredited and {where}",
        "weak": f"select 'weak' as kind, m.cluster_id, {cols},"
                f" 'similarity ' || round(greatest(m.jaccard, m.containment)::numeric, 2) as detail from cluster_members m {join}"
                f" where m.reason <> 'new-story' and greatest(m.jaccard, m.containment) < {LOW_SIMILARITY} and {where}",
        "unknown_source": f"select 'unknown_source' as kind, (select m.cluster_id from cluster_members m where m.article_id = e.article_id)"
                          f" as cluster_id, {edge_cols}, e.source as detail from attribution_edges e {edge_join}"
                          f" where not e.known and e.position > 0 and {where}",
        "origin_unknown": "select 'origin_unknown' as kind, s.id as cluster_id, a.id as article_id, a.outlet_id, a.published_at,"
                          " a.title, 'origin: ' || coalesce(s.origin, 'none') as detail"
                          " from (select cl.id, coalesce(cl.origin_article_id, cl.representative_id) as article_id,"
                          "       (select co.origin from cluster_origin co where co.cluster_id = cl.id) as origin"
                          f"      from {_ORIGIN_CANDIDATES} k join clusters cl on cl.id = k.id where cl.merged_into is null offset 0) s"
                          " cross join lateral (select * from articles a where a.id = s.article_id offset 0) a"  # candidates first
                          f" where not exists (select 1 from outlets o where o.id = s.origin and o.kind <> 'unknown') and {where}",
    }


def _filters(outlet: str | None, since: datetime | None, until: datetime | None) -> tuple[str, dict]:
    where, params = ["true"], {"outlet": outlet, "since": since, "until": until}
    if outlet:
        where.append("a.outlet_id = %(outlet)s")
    if since:
        where.append("a.published_at >= %(since)s")
    if until:
        where.append("a.published_at < %(until)s")
    return " and ".join(where), params


def queue(conn: psycopg.Connection, kind: str | None = None, outlet: str | None = None, since: datetime | None = None,
          until: datetime | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """What needs a look, newest first."""
    where, params = _filters(outlet, since, until)
    parts = [f"({sql} {_ORDER} limit %(limit)s)" for k, sql in _branches(where, True, True).items() if not kind or k == kind]
    sql = (_UNKNOWN_ORIGINS + " select * from (" + " union all ".join(parts) + ") q"
           " order by published_at desc nulls last, article_id desc, kind limit %(limit)s")
    return conn.cursor(row_factory=dict_row).execute(sql, {**params, "limit": limit}).fetchall()


def queue_counts(conn: psycopg.Connection, outlet: str | None = None, since: datetime | None = None,
                 until: datetime | None = None) -> dict[str, int]:
    """How many rows of each kind the queue holds (with the same filters)."""
    where, params = _filters(outlet, since, until)
    filtered = where != "true"
    parts = [f"select '{k}', count(*) from ({sql}) b" for k, sql in _branches(where, filtered, False).items()]
    rows = conn.execute(_UNKNOWN_ORIGINS + " " + " union all ".join(parts), params).fetchall()
    found: dict[str, int] = dict(rows)
    return {k: found.get(k, 0) for k in KINDS}


def story(conn: psycopg.Connection, cluster_id: int) -> dict[str, Any]:
    """A story as `newsagg cluster` shows it, plus its origin article and every member's parsed hops."""
    detail = queries.cluster(conn, cluster_id)
    cur = conn.cursor(row_factory=dict_row)
    row = cur.execute("select origin_article_id, representative_id from clusters where id = %s", (detail["cluster_id"],)).fetchone()
    detail.update(row or {})
    ids = [m["article_id"] for m in detail["members"]]
    hops: dict[int, list[dict]] = {}
    for h in cur.execute("select article_id, position, source, known, kind, via, evidence from attribution_edges"
                         " where article_id = any(%s) order by article_id, position", (ids,)):
        hops.setdefault(h["article_id"], []).append(h)
    for m in detail["members"]:
        m["hops"] = hops.get(m["article_id"], [])
    return detail


def article(conn: psycopg.Connection, article_id: int) -> dict[str, Any]:
    """One article's text, chain (a reviewer's wins), parsed hops with evidence, and story."""
    cur = conn.cursor(row_factory=dict_row)
    row = cur.execute(
        "select a.id as article_id, a.url, a.outlet_id, a.published_at, a.title, a.lead, a.body, ac.chain, ac.corrected,"
        " m.cluster_id from articles a join article_chain ac on ac.article_id = a.id"
        " left join cluster_members m on m.article_id = a.id where a.id = %s", (article_id,)).fetchone()
    if not row:
        raise NotFound(f"no article {article_id}")
    row["hops"] = cur.execute("select position, source, known, kind, via, evidence from attribution_edges"
                              " where article_id = %s order by position", (article_id,)).fetchall()
    return row


def outlet_activity(conn: psycopg.Connection) -> list[dict[str, Any]]:
    return conn.cursor(row_factory=dict_row).execute(
        "select * from outlet_activity where articles > 0 or times_credited > 0 order by articles desc, outlet_id").fetchall()


def recent_runs(conn: psycopg.Connection, limit: int = 10) -> list[dict[str, Any]]:
    """The latest crawl runs, each with its outlets' pages, coverage and alerts."""
    cur = conn.cursor(row_factory=dict_row)
    runs = cur.execute("select id, started_at, ended_at, status, trigger, outlets from crawl_runs order by id desc limit %s",
                       (limit,)).fetchall()
    by_run: dict[int, list[dict]] = {r["id"]: [] for r in runs}
    for o in cur.execute("select run_id, outlet_id, pages, new, updated, unchanged, skipped, errors, coverage, alerts"
                         " from crawl_run_outlets where run_id = any(%s) order by run_id, outlet_id", (list(by_run),)):
        by_run[o["run_id"]].append(o)
    for r in runs:
        r["per_outlet"] = by_run[r["id"]]
        r["alerts"] = [f"{o['outlet_id']}: {a}" for o in r["per_outlet"] for a in o["alerts"]]
    return runs


def credit_graph(conn: psycopg.Connection, since: datetime | None = None, until: datetime | None = None) -> list[dict[str, Any]]:
    """Who credits whom among the articles published in [since, until): (source of the credit -> credited,
    credited count) from the effective chains, and (copier -> origin, uncredited count)."""
    params = {"since": since, "until": until}
    period = "(%(since)s::timestamptz is null or published_at >= %(since)s) and (%(until)s::timestamptz is null or published_at < %(until)s)"
    return conn.cursor(row_factory=dict_row).execute(
        "select a, b, sum(credited)::int as credited, sum(uncredited)::int as uncredited from ("
        " select c.chain[i] as a, c.chain[i + 1] as b, 1 as credited, 0 as uncredited"
        f" from article_chain c, generate_subscripts(c.chain, 1) i where i < cardinality(c.chain) and {period}"
        " union all"
        f" select outlet_id, origin, 0, 1 from uncredited_copies where origin is not null and {period}"
        ") g group by a, b order by sum(credited) + sum(uncredited) desc, a, b limit 200", params).fetchall()
