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
    """`update` for several stories with three reads and two pipelined writes in all: origin and its kind,
    representative, uncredited copies, conflicts, members that took the same press release. A
    reviewer's live (not undone) origin correction wins."""
    if not cluster_ids:
        return
    members: dict[int, list] = defaultdict(list)
    for row in conn.execute("select cluster_id, article_id, outlet_id, published_at, chain from cluster_member_chains"
                            " where cluster_id = any(%s)", (list(cluster_ids),)):
        members[row[0]].append(row[1:])
    corrected: dict[int, str] = dict(conn.execute(
        "select distinct on (cluster_id) cluster_id, origin from origin_corrections where cluster_id = any(%s)"
        " and undone_at is null order by cluster_id, created_at desc, id desc", (list(cluster_ids),)).fetchall())
    kinds: dict[int, dict[int, str]] = {}
    for article_id, position, kind in conn.execute(
            "select article_id, position, kind from attribution_edges where article_id = any(%s)",
            ([r[0] for rows in members.values() for r in rows],)):
        kinds.setdefault(article_id, {})[position] = kind
    clusters, flags = [], []
    for cluster_id in sorted(set(cluster_ids)):
        rows = members.get(cluster_id)
        if not rows:
            continue
        p = reconstruct([Member(r[0], r[1], r[2], tuple(r[3]), _kinds(r[3], kinds.get(r[0], {}))) for r in rows],
                        corrected.get(cluster_id))
        earliest = min(rows, key=lambda r: (r[2] is None, r[2].timestamp() if r[2] else 0, r[0]))[0]
        clusters.append((p.origin, p.origin_key, p.origin_reason, p.origin_key or earliest, p.origin_kind, cluster_id))
        conflicts = {key: why for key, _, why in p.conflicts}
        release = {key: office for office, keys in p.same_release.items() for key in keys}
        flags += [(r[0] in p.uncredited, conflicts.get(r[0]), release.get(r[0]), r[0]) for r in rows]
    with conn.cursor() as cur:
        cur.executemany("update clusters set origin = %s, origin_article_id = %s, origin_reason = %s, representative_id = %s,"
                        " origin_kind = %s where id = %s", clusters)
        cur.executemany("update cluster_members set uncredited = %s, conflict = %s, same_release = %s where article_id = %s", flags)


def _kinds(chain: list[str], by_position: dict[int, str]) -> tuple[str, ...]:
    """Hop kinds from the stored edges; a reviewer's corrected chain has none beyond the publisher."""
    return tuple(by_position.get(i, "unknown") if i else "outlet" for i in range(len(chain)))


def set_single_many(conn: psycopg.Connection,
                    stories: list[tuple[int, int, str, datetime | None, tuple[str, ...], tuple[str, ...]]]) -> None:
    """New stories (cluster, article, outlet, published, chain, kinds) of one article each: the article's own
    provenance, no need to read it back; in one pipelined write."""
    rows = []
    for cluster_id, article_id, outlet, published, chain, kinds in stories:
        p = reconstruct([Member(article_id, outlet, published, chain, kinds)])
        rows.append((p.origin, p.origin_key, p.origin_reason, p.origin_kind, cluster_id))
    with conn.cursor() as cur:
        cur.executemany("update clusters set origin = %s, origin_article_id = %s, origin_reason = %s, origin_kind = %s"
                        " where id = %s", rows)
