"""Per-outlet totals kept current by every write, so `outlet_activity` reads one small table.

Recounting them means aggregating every article, cluster and credit: 25 s at 1 M articles (issue 12).
Instead each write adds its difference: an article's share (counted once, when it is stored or its
chain changes) and a story's share, kept per cluster in `cluster_rollup` so a change (a repost joins,
a merge, a review) replaces the old share with the new one without reading the old state first. The
story's row also keeps its latest publication time (010), through which the README finds the week's stories.
`outlet_activity_full` is the recount; tests check the two agree after saves, merges and reviews.
"""
from __future__ import annotations

from collections.abc import Iterable

import psycopg

_FIELDS = ("articles", "clusters", "articles_crediting_others", "times_credited", "copied_without_credit",
           "stories_originated")

# one (key, six counts) row per share, summed per key and added with a sign
_UPSERT = (f"insert into outlet_totals as t (outlet_id, {', '.join(_FIELDS)})"
           f" select k, {', '.join(f'%(sign)s * sum(d.{f})' for f in _FIELDS)} from ({{shares}}) d"
           " where k is not null group by k order by k"
           f" on conflict (outlet_id) do update set {', '.join(f'{f} = t.{f} + excluded.{f}' for f in _FIELDS)}")

_ARTICLE_SHARES = (
    "select ac.outlet_id as k, 1 as articles, 0 as clusters, (cardinality(ac.chain) > 1)::int as articles_crediting_others,"
    " 0 as times_credited, 0 as copied_without_credit, 0 as stories_originated"
    " from article_chain ac where ac.article_id = any(%(ids)s)"
    " union all select e.source, 0, 0, 0, 1, 0, 0 from attribution_edges e where e.article_id = any(%(ids)s) and e.position > 0")

# a story's share, from the same views the recount reads
_CLUSTER_ROWS = (
    "select cl.id, array(select distinct a.outlet_id from cluster_members m join articles a on a.id = m.article_id"
    " where m.cluster_id = cl.id order by 1), co.origin,"
    " (select count(*) from cluster_members m where m.cluster_id = cl.id and m.uncredited),"
    " cl.merged_into is null and exists (select 1 from cluster_members m where m.cluster_id = cl.id),"
    " (select count(*) from cluster_members m where m.cluster_id = cl.id),"
    " (select max(a.published_at) from cluster_members m join articles a on a.id = m.article_id where m.cluster_id = cl.id)"
    " from clusters cl join cluster_origin co on co.cluster_id = cl.id where cl.id = any(%(ids)s)")
_CLUSTER_SHARES = (
    "select o as k, 0 as articles, 1 as clusters, 0 as articles_crediting_others, 0 as times_credited,"
    " 0 as copied_without_credit, 0 as stories_originated from r, unnest(r.outlets) o"
    " union all select r.origin, 0, 0, 0, 0, r.copies, r.counted::int from r")


def articles(conn: psycopg.Connection, article_ids: Iterable[int], sign: int = 1) -> None:
    """Add (sign=1) or take away (-1, before the chain changes) these articles' share."""
    ids = sorted(set(article_ids))
    if ids:
        conn.execute(_UPSERT.format(shares=_ARTICLE_SHARES), {"ids": ids, "sign": sign})


def clusters(conn: psycopg.Connection, cluster_ids: Iterable[int]) -> None:
    """Replace these stories' shares with their current ones (after members, merges or origins changed)."""
    ids = sorted(set(cluster_ids))
    if not ids:
        return
    conn.execute("with r as (delete from cluster_rollup where cluster_id = any(%(ids)s) returning *) "
                 + _UPSERT.format(shares=_CLUSTER_SHARES), {"ids": ids, "sign": -1})
    conn.execute("with r as (insert into cluster_rollup (cluster_id, outlets, origin, copies, counted, size, last_published)"
                 f" {_CLUSTER_ROWS} returning *) "
                 + _UPSERT.format(shares=_CLUSTER_SHARES), {"ids": ids, "sign": 1})
