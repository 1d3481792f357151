"""Reviewers' corrections of chains and origins: they win over the parser on every read."""
from __future__ import annotations

import psycopg

from newsagg.errors import NotFound
from newsagg.pipelines.storage import articles, provenance, rollup


def correct_chain(conn: psycopg.Connection, article_id: int, chain: list[str], reviewer: str,
                  note: str | None = None) -> int | None:
    """Returns the story whose provenance was recomputed, if the article is in one."""
    with conn.transaction():
        if not conn.execute("select 1 from articles where id = %s", (article_id,)).fetchone():
            raise NotFound(f"no article {article_id}")
        rollup.articles(conn, [article_id], -1)
        conn.execute("insert into chain_corrections (article_id, chain, reviewer, note) values (%s, %s, %s, %s)",
                     (article_id, chain, reviewer, note))
        rollup.articles(conn, [article_id])
        cluster = articles.cluster_of(conn, article_id)
        if cluster:
            provenance.update(conn, cluster)
            rollup.clusters(conn, [cluster])
    return cluster


def correct_origin(conn: psycopg.Connection, cluster_id: int, origin: str, reviewer: str, note: str | None = None) -> None:
    with conn.transaction():
        row = conn.execute("select coalesce(merged_into, id) from clusters where id = %s", (cluster_id,)).fetchone()
        if not row:
            raise NotFound(f"no cluster {cluster_id}")
        conn.execute("insert into origin_corrections (cluster_id, origin, reviewer, note) values (%s, %s, %s, %s)",
                     (row[0], origin, reviewer, note))
        provenance.update(conn, row[0])
        rollup.clusters(conn, [row[0]])
