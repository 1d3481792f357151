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

_QUEUE = f"""
with q as (
    select 'conflict' as kind, m.cluster_id, a.id as article_id, a.outlet_id, a.published_at, a.title, m.conflict as detail
    from cluster_members m join articles a on a.id = m.article_id
    where (m.uncredited or m.conflict is not null) and m.conflict is not null
  union all
    select 'uncredited', m.cluster_id, a.id, a.outlet_id, a.published_at, a.title, 'origin: ' || coalesce(co.origin, '?')
    from cluster_members m join articles a on a.id = m.article_id join cluster_origin co on co.cluster_id = m.cluster_id
    where (m.uncredited or m.conflict is not null) and m.uncredited
  union all
    select 'weak', m.cluster_id, a.id, a.outlet_id, a.published_at, a.title,
           'similarity ' || round(greatest(m.jaccard, m.containment)::numeric, 2)
    from cluster_members m join articles a on a.id = m.article_id
    where m.reason <> 'new-story' and greatest(m.jaccard, m.containment) < {LOW_SIMILARITY}
  union all
    select 'unknown_source', m.cluster_id, a.id, a.outlet_id, a.published_at, a.title, e.source
    from attribution_edges e join articles a on a.id = e.article_id left join cluster_members m on m.article_id = a.id
    where not e.known and e.position > 0
  union all
    select 'origin_unknown', cl.id, a.id, a.outlet_id, a.published_at, a.title, 'origin: ' || coalesce(co.origin, 'none')
    from clusters cl join cluster_origin co on co.cluster_id = cl.id
    join articles a on a.id = coalesce(cl.origin_article_id, cl.representative_id)
    where cl.merged_into is null
      and not exists (select 1 from outlets o where o.id = co.origin and o.kind <> 'unknown')
)
"""


def _filters(kind: str | None, outlet: str | None, since: datetime | None, until: datetime | None) -> tuple[str, dict]:
    where, params = ["true"], {"kind": kind, "outlet": outlet, "since": since, "until": until}
    if kind:
        where.append("kind = %(kind)s")
    if outlet:
        where.append("outlet_id = %(outlet)s")
    if since:
        where.append("published_at >= %(since)s")
    if until:
        where.append("published_at < %(until)s")
    return " and ".join(where), params


def queue(conn: psycopg.Connection, kind: str | None = None, outlet: str | None = None, since: datetime | None = None,
          until: datetime | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """What needs a look, newest first."""
    where, params = _filters(kind, outlet, since, until)
    sql = _QUEUE + f"select * from q where {where} order by published_at desc nulls last, article_id desc, kind limit %(limit)s"
    return conn.cursor(row_factory=dict_row).execute(sql, {**params, "limit": limit}).fetchall()


def queue_counts(conn: psycopg.Connection, outlet: str | None = None, since: datetime | None = None,
                 until: datetime | None = None) -> dict[str, int]:
    where, params = _filters(None, outlet, since, until)
    rows = conn.execute(_QUEUE + f"select kind, count(*) from q where {where} group by kind", params).fetchall()
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
