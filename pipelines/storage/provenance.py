"""A story's provenance in the store: origin, representative, uncredited copies and conflicts."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import psycopg

from newsagg.pipelines.attribution import Member, reconstruct


def update(conn: psycopg.Connection, cluster_id: int) -> None:
    """Recompute from the members' chains (reviewers' corrections win) and the latest origin correction."""
    update_many(conn, [cluster_id])


def update_many(conn: psycopg.Connection, cluster_ids: list[int]) -> None:
    """`update` for several stories with two reads and two pipelined writes in all."""
    if not cluster_ids:
        return
    members: dict[int, list] = defaultdict(list)
    for row in conn.execute("select cluster_id, article_id, outlet_id, published_at, chain from cluster_member_chains"
                            " where cluster_id = any(%s)", (list(cluster_ids),)):
        members[row[0]].append(row[1:])
    corrected: dict[int, str] = dict(conn.execute(
        "select distinct on (cluster_id) cluster_id, origin from origin_corrections where cluster_id = any(%s)"
        " order by cluster_id, created_at desc, id desc", (list(cluster_ids),)).fetchall())
    clusters, flags = [], []
    for cluster_id in sorted(set(cluster_ids)):
        rows = members.get(cluster_id)
        if not rows:
            continue
        p = reconstruct([Member(r[0], r[1], r[2], tuple(r[3])) for r in rows], corrected.get(cluster_id))
        earliest = min(rows, key=lambda r: (r[2] is None, r[2].timestamp() if r[2] else 0, r[0]))[0]
        clusters.append((p.origin, p.origin_key, p.origin_reason, p.origin_key or earliest, cluster_id))
        conflicts = {key: why for key, _, why in p.conflicts}
        flags += [(r[0] in p.uncredited, conflicts.get(r[0]), r[0]) for r in rows]
    with conn.cursor() as cur:
        cur.executemany("update clusters set origin = %s, origin_article_id = %s, origin_reason = %s, representative_id = %s"
                        " where id = %s", clusters)
        cur.executemany("update cluster_members set uncredited = %s, conflict = %s where article_id = %s", flags)


def set_single(conn: psycopg.Connection, cluster_id: int, article_id: int, outlet: str, published: datetime | None,
               chain: tuple[str, ...]) -> None:
    """A new story's provenance is its one article's own: no need to read it back."""
    p = reconstruct([Member(article_id, outlet, published, chain)])
    conn.execute("update clusters set origin = %s, origin_article_id = %s, origin_reason = %s where id = %s",
                 (p.origin, p.origin_key, p.origin_reason, cluster_id))


def set_single_many(conn: psycopg.Connection, stories: list[tuple[int, int, str, datetime | None, tuple[str, ...]]]) -> None:
    """`set_single` for many new stories (cluster, article, outlet, published, chain) in one pipelined write."""
    rows = []
    for cluster_id, article_id, outlet, published, chain in stories:
        p = reconstruct([Member(article_id, outlet, published, chain)])
        rows.append((p.origin, p.origin_key, p.origin_reason, cluster_id))
    with conn.cursor() as cur:
        cur.executemany("update clusters set origin = %s, origin_article_id = %s, origin_reason = %s where id = %s", rows)
