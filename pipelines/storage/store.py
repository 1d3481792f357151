"""Saving one processed article: the row (or a new version), its chain, its story, the story's provenance.

Each job has its module (`articles`, `clusters`, `provenance`); this composes them in one transaction.
The constructor touches nothing: the cluster index loads lazily on the first assignment.
"""
from __future__ import annotations

from dataclasses import dataclass

import psycopg

from newsagg.article import Article
from newsagg.pipelines.dedup import DedupConfig
from newsagg.pipelines.storage import articles, provenance
from newsagg.pipelines.storage.clusters import SharedClusterIndex


@dataclass(frozen=True)
class Saved:
    article_id: int
    status: str            # new | updated | unchanged
    cluster_id: int | None


class Store:
    def __init__(self, conn: psycopg.Connection, dedup: DedupConfig | None = None):
        self.conn = conn
        self.clusters = SharedClusterIndex(conn, dedup or DedupConfig())

    def save(self, article: Article) -> Saved:
        """Store one processed article (see newsagg.pipelines.process) in one transaction."""
        assert article.chain is not None and article.signature is not None, "process the article first"
        digest = articles.content_hash(article)
        with self.conn.transaction():
            found = articles.find(self.conn, article)
            if found and found[1] == digest:
                articles.touch(self.conn, found[0])
                return Saved(found[0], "unchanged", articles.cluster_of(self.conn, found[0]))
            if found:
                articles.new_version(self.conn, found[0], article, digest)
                articles.write_chain(self.conn, found[0], article.chain, replace=True)
                cluster = articles.cluster_of(self.conn, found[0])
                if cluster:
                    provenance.update(self.conn, cluster)
                return Saved(found[0], "updated", cluster)
            article_id = articles.insert(self.conn, article, digest)
            articles.write_chain(self.conn, article_id, article.chain)
            a = self.clusters.assign(article_id, article.signature, article.published, article.outlet)
            if a.best is None:
                provenance.set_single(self.conn, a.cluster, article_id, article.outlet, article.published,
                                      tuple(article.chain.outlets))
            else:
                provenance.update(self.conn, a.cluster)
            return Saved(article_id, "new", a.cluster)
