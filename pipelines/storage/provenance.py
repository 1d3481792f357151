"""A story's provenance in the store: origin, representative, uncredited copies and conflicts."""
from __future__ import annotations

from datetime import datetime

import psycopg

from newsagg.pipelines.attribution import Member, reconstruct


def update(conn: psycopg.Connection, cluster_id: int) -> None:
    """Recompute from the members' chains (reviewers' corrections win) and the latest origin correction."""
    rows = conn.execute("select article_id, outlet_id, published_at, chain from cluster_member_chains where cluster_id = %s",
                        (cluster_id,)).fetchall()
    corrected = conn.execute(
        "select origin from origin_corrections where cluster_id = %s and undone_at is null order by created_at desc, id desc limit 1",
        (cluster_id,)).fetchone()
    kinds: dict[int, dict[int, str]] = {}
    for article_id, position, kind in conn.execute(
            "select article_id, position, kind from attribution_edges where article_id = any(%s)", ([r[0] for r in rows],)):
        kinds.setdefault(article_id, {})[position] = kind
    members = [Member(r[0], r[1], r[2], tuple(r[3]), _kinds(r[3], kinds.get(r[0], {}))) for r in rows]
    p = reconstruct(members, corrected[0] if corrected else None)
    earliest = min(rows, key=lambda r: (r[2] is None, r[2].timestamp() if r[2] else 0, r[0]))[0]
    conn.execute("update clusters set origin = %s, origin_article_id = %s, origin_reason = %s, representative_id = %s,"
                 " origin_kind = %s where id = %s",
                 (p.origin, p.origin_key, p.origin_reason, p.origin_key or earliest, p.origin_kind, cluster_id))
    conflicts = {key: why for key, _, why in p.conflicts}
    release = {key: office for office, keys in p.same_release.items() for key in keys}
    with conn.cursor() as cur:
        cur.executemany("update cluster_members set uncredited = %s, conflict = %s, same_release = %s where article_id = %s",
                        [(r[0] in p.uncredited, conflicts.get(r[0]), release.get(r[0]), r[0]) for r in rows])


def _kinds(chain: list[str], by_position: dict[int, str]) -> tuple[str, ...]:
    """Hop kinds from the stored edges; a reviewer's corrected chain has none beyond the publisher."""
    return tuple(by_position.get(i, "unknown") if i else "outlet" for i in range(len(chain)))


def set_single(conn: psycopg.Connection, cluster_id: int, article_id: int, outlet: str, published: datetime | None,
               chain: tuple[str, ...], kinds: tuple[str, ...] = ()) -> None:
    """A new story's provenance is its one article's own: no need to read it back."""
    p = reconstruct([Member(article_id, outlet, published, chain, kinds)])
    conn.execute("update clusters set origin = %s, origin_article_id = %s, origin_reason = %s, origin_kind = %s where id = %s",
                 (p.origin, p.origin_key, p.origin_reason, p.origin_kind, cluster_id))
