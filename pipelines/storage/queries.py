"""Reads for the CLI, all through the SQL views (so SQL users see the same answers)."""
from __future__ import annotations

from datetime import datetime, timedelta

import psycopg
from psycopg.rows import dict_row

from newsagg.errors import NotFound
from newsagg.pipelines.storage.db import scalar
from newsagg.pipelines.storage.export import Selection
from newsagg.pipelines.storage.migrate import schema_version

SORTS = {"newest": "first_published desc nulls last", "largest": "size desc, first_published desc nulls last",
         "oldest": "first_published asc nulls last"}


def clusters(conn: psycopg.Connection, limit: int = 20, sort: str = "newest", outlet: str | None = None,
             since: datetime | None = None, until: datetime | None = None, min_size: int = 1) -> list[dict]:
    """Stories from cluster_overview. The view aggregates every story (seconds at 1 M articles), so the
    stories that can qualify are picked first (through the articles' time index, or the rollup's sizes)
    and the view is asked only about those; the answer is the same (issue 12)."""
    where, params = Selection(since, until, outlet, min_size=min_size).conditions()  # the export's selection
    params["limit"] = limit
    cur = conn.cursor(row_factory=dict_row)

    def ask(extra: list[str]) -> list[dict]:
        sql = (f"select * from cluster_overview where {' and '.join(where + extra)}"
               f" order by {SORTS[sort]}, cluster_id limit %(limit)s")
        return cur.execute(sql, params).fetchall()

    by_outlet = " and a.outlet_id = %(outlet)s" if outlet else ""
    if since:  # a story published in [since, …) has an article published then: exact
        return ask([f"cluster_id in (select m.cluster_id from articles a join cluster_members m on m.article_id = a.id"
                    f" where a.published_at >= %(since)s{by_outlet})"])
    if sort == "largest" and until is None:
        # every story at least as large as the limit-th largest, then the view sorts those few
        params["floor"] = scalar(conn,
            "select coalesce(min(size), 1) from (select size from cluster_rollup where counted and size >= %(min_size)s"
            + (" and %(outlet)s = any(outlets)" if outlet else "") + " order by size desc limit %(limit)s) s", params)
        return ask(["cluster_id in (select cluster_id from cluster_rollup where counted and size >= %(floor)s)"])
    if sort in ("newest", "oldest"):
        # a window of articles at the newest (oldest) end, widened until it holds `limit` stories that
        # began inside it: no story outside the window can rank before those
        newest = sort == "newest"
        edge = scalar(conn, f"select {'max' if newest else 'min'}(published_at) from articles")
        days = 1
        while edge is not None and days < 40_000:
            params["bound"] = edge - timedelta(days=days) if newest else edge + timedelta(days=days)
            inside = "first_published >= %(bound)s" if newest else "first_published < %(bound)s"
            near = "a.published_at >= %(bound)s" if newest else "a.published_at < %(bound)s"
            rows = ask([inside, f"cluster_id in (select m.cluster_id from articles a join cluster_members m"
                                f" on m.article_id = a.id where {near}{by_outlet})"])
            if len(rows) == limit:
                return rows
            days *= 4
    return ask([])


def cluster(conn: psycopg.Connection, cluster_id: int) -> dict:
    cur = conn.cursor(row_factory=dict_row)
    root = cur.execute("select coalesce(merged_into, id) as id from clusters where id = %s", (cluster_id,)).fetchone()
    if not root:
        raise NotFound(f"no cluster {cluster_id}")
    overview = cur.execute("select * from cluster_overview where cluster_id = %s", (root["id"],)).fetchone() or {}
    members = cur.execute("select * from cluster_member_chains where cluster_id = %s order by published_at nulls last, article_id",
                          (root["id"],)).fetchall()
    merges = cur.execute("select from_cluster, into_cluster, article_id, merged_at from cluster_merges where into_cluster = %s",
                         (root["id"],)).fetchall()
    return {**overview, "members": members, "merged_from": merges}


def status(conn: psycopg.Connection) -> dict:
    cur = conn.cursor(row_factory=dict_row)
    counts = cur.execute(
        # from the rollup (storage/rollup.py) and partial indexes, not by aggregating every story
        "select (select coalesce(sum(articles), 0)::bigint from outlet_totals) as articles,"
        " (select count(*) from cluster_rollup where counted) as clusters,"
        " (select count(*) from cluster_rollup where counted and size > 1) as multi_outlet_clusters,"
        " (select coalesce(sum(times_credited), 0)::bigint from outlet_totals) as credits,"
        " (select count(*) from cluster_members where uncredited) as uncredited_copies,"
        " (select count(*) from outlets where crawled) as crawled_outlets").fetchone() or {}
    runs = cur.execute(
        "select r.id, r.started_at, r.ended_at, r.status, r.trigger, cardinality(r.outlets) as outlets,"
        " coalesce(sum(o.pages), 0) as pages, coalesce(sum(o.new), 0) as new, coalesce(sum(o.updated), 0) as updated,"
        " coalesce(sum(o.unchanged), 0) as unchanged, array_remove(array_agg(distinct a), null) as alerts"
        " from (select * from crawl_runs order by id desc limit 5) r left join crawl_run_outlets o on o.run_id = r.id"
        " left join lateral unnest(o.alerts) a on true"
        " group by r.id, r.started_at, r.ended_at, r.status, r.trigger, r.outlets order by r.id desc").fetchall()
    return {"schema_version": schema_version(conn), **counts, "recent_runs": runs}


def known_urls(conn: psycopg.Connection, outlet_id: str) -> dict[str, tuple[datetime, datetime | None]]:
    """url -> (fetched, published) of an outlet's articles fetched in the last 90 days: the crawl's incremental check."""
    rows = conn.execute("select url, fetched_at, published_at from articles where outlet_id = %s"
                        " and fetched_at > now() - interval '90 days'", (outlet_id,)).fetchall()
    return {url: (fetched, published) for url, fetched, published in rows}


def run_outlets(conn: psycopg.Connection, run_id: int) -> list[dict]:
    return conn.cursor(row_factory=dict_row).execute(
        "select outlet_id, pages, new, updated, unchanged, skipped, errors, alerts from crawl_run_outlets"
        " where run_id = %s order by outlet_id", (run_id,)).fetchall()


def chain(conn: psycopg.Connection, article_id: int) -> dict:
    """One article's chain (a reviewer's correction wins) with each parsed hop and its evidence."""
    cur = conn.cursor(row_factory=dict_row)
    row = cur.execute("select * from article_chain where article_id = %s", (article_id,)).fetchone()
    if not row:
        raise NotFound(f"no article {article_id}")
    row["hops"] = cur.execute("select position, source, known, kind, via, evidence from attribution_edges"
                              " where article_id = %s order by position", (article_id,)).fetchall()
    return row


def unknown_sources(conn: psycopg.Connection, limit: int = 50) -> list[tuple[str, str, int, int]]:
    """Credited names the registry does not know, most credited first: (name, kind, articles, outlets),
    the list a reviewer grows config/outlets.toml from."""
    return conn.execute(
        "select source, mode() within group (order by kind), count(distinct article_id), count(distinct a.outlet_id)"
        " from attribution_edges e join articles a on a.id = e.article_id"
        " where not known and position > 0 group by source order by 3 desc, 1 limit %s", (limit,)).fetchall()
