"""Writes: articles (idempotent by URL, edits as versions), chains, clusters, provenance.

Clustering is incremental and shared: the index lives in memory, loaded lazily from PostgreSQL by
publication-time window, and refreshed with whatever other processes wrote before each assignment.
Assignment runs under a transaction-scoped advisory lock, so two crawlers writing one database
cannot split a story into two clusters; merges are recorded in cluster_merges.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import psycopg
from psycopg.types.json import Jsonb

from pipelines.attribution import Chain, Member, reconstruct
from pipelines.dedup import ClusterIndex, DedupConfig, Entry, Signature
from pipelines.dedup.signature import minhash_from_bytes
from pipelines.storage.migrate import migrate

_CLUSTER_LOCK = 7_300_002


def content_hash(item) -> str:
    text = "\x1f".join(item.get(f) or "" for f in ("title", "lead", "body"))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Saved:
    article_id: int
    status: str            # new | updated | unchanged
    cluster_id: int | None


class Store:
    def __init__(self, conn: psycopg.Connection, dedup: DedupConfig | None = None, auto_migrate: bool = True):
        self.conn = conn
        self.config = dedup or DedupConfig()
        if auto_migrate:
            migrate(conn)
        self.index = ClusterIndex(self.config)
        self._covered: list[tuple[datetime, datetime]] = []
        self._max_id = 0
        self._max_merge = 0
        self._loaded_undated = False
        self._outlets = {row[0] for row in conn.execute("select id from outlets")}

    # ------------------------------------------------------------------ articles
    def save(self, item) -> Saved:
        """Store one processed item (fields of crawler.items.ArticleItem) in one transaction."""
        h = content_hash(item)
        with self.conn.transaction():
            # The same page under another URL (raw vs percent-encoded, a tracking query) is one article.
            urls = list(dict.fromkeys(u for u in (item["url"], item.get("canonical_url")) if u))
            row = self.conn.execute(
                "select id, content_hash, version from articles where url = any(%s) or canonical_url = any(%s)"
                " order by (url = %s) desc limit 1", (urls, urls, item["url"])).fetchone()
            if row and row[1] == h:
                self.conn.execute("update articles set fetched_at = now() where id = %s", (row[0],))
                return Saved(row[0], "unchanged", self._cluster_of(row[0]))
            if row:
                self._new_version(row[0], item, h)
                self._write_chain(row[0], item["chain"])
                cluster = self._cluster_of(row[0])
                if cluster:
                    self.update_provenance(cluster)
                return Saved(row[0], "updated", cluster)
            article_id = self._insert(item, h)
            self._write_chain(article_id, item["chain"], new=True)
            cluster = self._assign(article_id, item["signature"], item.get("published"), item["outlet"], item["chain"])
            return Saved(article_id, "new", cluster)

    def _columns(self, item, h) -> dict:
        sig: Signature = item["signature"]
        return dict(
            url=item["url"], canonical_url=item.get("canonical_url"), outlet_id=item["outlet"],
            outlet_article_id=item.get("outlet_article_id"), title=item.get("title"), kicker=item.get("kicker"),
            lead=item.get("lead"), body=item.get("body"), authors=list(item.get("authors") or []),
            tags=list(item.get("tags") or []), section=item.get("section"),
            normalized_text=item["normalized"].key, published_at=item.get("published"),
            modified_at=item.get("modified"), content_hash=h, minhash=sig.to_bytes(), shingle_count=sig.size,
            sentence_hashes=list(sig.sentences), figures=sorted(sig.numbers), missing=list(item.get("missing") or []),
        )

    def _insert(self, item, h) -> int:
        cols = self._columns(item, h)
        if cols["outlet_id"] not in self._outlets:  # an outlet missing from config/outlets.toml
            self.conn.execute(
                "insert into outlets (id, name_fa, name_en, kind) values (%s, %s, %s, 'unknown') on conflict do nothing",
                (cols["outlet_id"], cols["outlet_id"], cols["outlet_id"]))
            self._outlets.add(cols["outlet_id"])
        names = ", ".join(cols)
        marks = ", ".join(f"%({c})s" for c in cols)
        return self.conn.execute(f"insert into articles ({names}) values ({marks}) returning id", cols).fetchone()[0]

    def _new_version(self, article_id: int, item, h) -> None:
        self.conn.execute(
            "insert into article_versions (article_id, version, fetched_at, content_hash, title, lead, body)"
            " select id, version, fetched_at, content_hash, title, lead, body from articles where id = %s",
            (article_id,),
        )
        cols = self._columns(item, h)
        cols.pop("url")  # the URL a version was first seen under stays
        sets = ", ".join(f"{c} = %({c})s" for c in cols)
        self.conn.execute(f"update articles set {sets}, version = version + 1, fetched_at = now() where id = %(id)s",
                          {**cols, "id": article_id})

    def _write_chain(self, article_id: int, chain: Chain, new: bool = False) -> None:
        if not new:
            self.conn.execute("delete from attribution_edges where article_id = %s", (article_id,))
        with self.conn.cursor() as cur:
            cur.executemany(
                "insert into attribution_edges (article_id, position, source, known, kind, via, evidence)"
                " values (%s, %s, %s, %s, %s, %s, %s)",
                [(article_id, i, h.source, h.known, h.kind, h.via, h.evidence) for i, h in enumerate(chain.hops)],
            )

    def _cluster_of(self, article_id: int) -> int | None:
        row = self.conn.execute("select cluster_id from cluster_members where article_id = %s", (article_id,)).fetchone()
        return row[0] if row else None

    # ------------------------------------------------------------------ clustering
    def _assign(self, article_id: int, sig: Signature, published: datetime | None, outlet: str, chain: Chain) -> int:
        self.conn.execute("select pg_advisory_xact_lock(%s)", (_CLUSTER_LOCK,))
        self._refresh()
        self._cover(published)

        def new_cluster() -> int:
            return self.conn.execute("insert into clusters (representative_id) values (%s) returning id",
                                     (article_id,)).fetchone()[0]

        a = self.index.assign(article_id, sig, published, new_cluster)
        best = a.best
        self.conn.execute(
            "insert into cluster_members (article_id, cluster_id, matched_article_id, jaccard, containment, reason)"
            " values (%s, %s, %s, %s, %s, %s)",
            (article_id, a.cluster, best.key if best else None, best.jaccard if best else None,
             best.containment if best else None, best.reason if best else "new-story"),
        )
        for frm, into in a.merged:
            self.conn.execute("update cluster_members set cluster_id = %s where cluster_id = %s", (into, frm))
            self.conn.execute("update clusters set merged_into = %s where id = %s", (into, frm))
            self._max_merge = self.conn.execute(
                "insert into cluster_merges (from_cluster, into_cluster, article_id) values (%s, %s, %s) returning id",
                (frm, into, article_id)).fetchone()[0]
        self._max_id = max(self._max_id, article_id)
        if best is None:  # a new story: its provenance is this article's own, no need to read it back
            p = reconstruct([Member(article_id, outlet, published, tuple(chain.outlets))])
            self.conn.execute("update clusters set origin = %s, origin_article_id = %s, origin_reason = %s where id = %s",
                              (p.origin, p.origin_key, p.origin_reason, a.cluster))
        else:
            self.update_provenance(a.cluster)
        return a.cluster

    _ENTRY_SQL = ("select a.id, a.minhash, a.shingle_count, a.sentence_hashes, a.figures, a.published_at, m.cluster_id"
                  " from articles a join cluster_members m on m.article_id = a.id where ")

    def _load(self, where: str, params) -> None:
        for aid, mh, size, sentences, figures, published, cluster in self.conn.execute(self._ENTRY_SQL + where, params):
            sig = Signature(minhash_from_bytes(mh, self.config.num_perm), size, tuple(sentences), frozenset(figures))
            self.index.add(Entry(aid, sig, published, cluster))

    def _refresh(self) -> None:
        """What other processes wrote since we last looked: new articles and merges."""
        newest, newest_merge = self.conn.execute(
            "select (select coalesce(max(id), 0) from articles), (select coalesce(max(id), 0) from cluster_merges)").fetchone()
        if newest_merge > self._max_merge:
            for mid, frm, into in self.conn.execute(
                    "select id, from_cluster, into_cluster from cluster_merges where id > %s order by id", (self._max_merge,)):
                self.index.union(frm, into)
                self._max_merge = mid
        if newest > self._max_id:
            self._load("a.id > %s and a.id <= %s", (self._max_id, newest))
            self._max_id = newest

    def _cover(self, published: datetime | None) -> None:
        """Load every stored article that could match an article published at `published`."""
        if not self._loaded_undated:
            self._load("a.published_at is null and a.id <= %s", (self._max_id,))
            self._loaded_undated = True
        if published is None:  # no date: compare with what is loaded (at least the undated ones)
            return
        window = timedelta(days=self.config.window_days)
        lo, hi = published - window, published + window
        for a, b in self._uncovered(lo, hi):
            self._load("a.published_at >= %s and a.published_at < %s and a.id <= %s", (a, b, self._max_id))
            self._covered.append((a, b))

    def _uncovered(self, lo: datetime, hi: datetime) -> list[tuple[datetime, datetime]]:
        gaps, cursor = [], lo
        for a, b in sorted(self._covered):
            if b <= cursor or a >= hi:
                continue
            if a > cursor:
                gaps.append((cursor, a))
            cursor = max(cursor, b)
        if cursor < hi:
            gaps.append((cursor, hi))
        return gaps

    # ------------------------------------------------------------------ provenance
    def update_provenance(self, cluster_id: int) -> None:
        rows = self.conn.execute(
            "select article_id, outlet_id, published_at, chain from cluster_member_chains where cluster_id = %s",
            (cluster_id,)).fetchall()
        corrected = self.conn.execute(
            "select origin from origin_corrections where cluster_id = %s order by created_at desc, id desc limit 1",
            (cluster_id,)).fetchone()
        p = reconstruct([Member(r[0], r[1], r[2], tuple(r[3])) for r in rows], corrected[0] if corrected else None)
        earliest = min(rows, key=lambda r: (r[2] is None, r[2].timestamp() if r[2] else 0, r[0]))[0]
        self.conn.execute(
            "update clusters set origin = %s, origin_article_id = %s, origin_reason = %s, representative_id = %s where id = %s",
            (p.origin, p.origin_key, p.origin_reason, p.origin_key or earliest, cluster_id))
        conflicts = {key: why for key, _, why in p.conflicts}
        with self.conn.cursor() as cur:
            cur.executemany(
                "update cluster_members set uncredited = %s, conflict = %s where article_id = %s",
                [(r[0] in p.uncredited, conflicts.get(r[0]), r[0]) for r in rows])

    # ------------------------------------------------------------------ review
    def correct_chain(self, article_id: int, chain: list[str], reviewer: str, note: str | None = None) -> int | None:
        with self.conn.transaction():
            if not self.conn.execute("select 1 from articles where id = %s", (article_id,)).fetchone():
                raise LookupError(f"no article {article_id}")
            self.conn.execute("insert into chain_corrections (article_id, chain, reviewer, note) values (%s, %s, %s, %s)",
                              (article_id, chain, reviewer, note))
            cluster = self._cluster_of(article_id)
            if cluster:
                self.update_provenance(cluster)
        return cluster

    def correct_origin(self, cluster_id: int, origin: str, reviewer: str, note: str | None = None) -> None:
        with self.conn.transaction():
            if not self.conn.execute("select 1 from clusters where id = %s", (cluster_id,)).fetchone():
                raise LookupError(f"no cluster {cluster_id}")
            root = self.conn.execute("select coalesce(merged_into, id) from clusters where id = %s", (cluster_id,)).fetchone()[0]
            self.conn.execute("insert into origin_corrections (cluster_id, origin, reviewer, note) values (%s, %s, %s, %s)",
                              (root, origin, reviewer, note))
            self.update_provenance(root)

    # ------------------------------------------------------------------ crawl runs
    def start_run(self, outlets: list[str], trigger: str) -> int:
        with self.conn.transaction():
            return self.conn.execute("insert into crawl_runs (outlets, trigger) values (%s, %s) returning id",
                                     (outlets, trigger)).fetchone()[0]

    def record_outlet(self, run_id: int, outlet: str, s: dict) -> None:
        with self.conn.transaction():
            self.conn.execute(
                "insert into crawl_run_outlets (run_id, outlet_id, pages, new, updated, unchanged, skipped, errors,"
                " coverage, alerts) values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
                " on conflict (run_id, outlet_id) do update set pages = excluded.pages, new = excluded.new,"
                " updated = excluded.updated, unchanged = excluded.unchanged, skipped = excluded.skipped,"
                " errors = excluded.errors, coverage = excluded.coverage, alerts = excluded.alerts",
                (run_id, outlet, s.get("pages", 0), s.get("new", 0), s.get("updated", 0), s.get("unchanged", 0),
                 Jsonb(s.get("skipped", {})), Jsonb(s.get("errors", {})), Jsonb(s.get("coverage", {})),
                 s.get("alerts", [])))

    def finish_run(self, run_id: int, status: str, stats: dict) -> None:
        with self.conn.transaction():
            self.conn.execute("update crawl_runs set ended_at = now(), status = %s, stats = %s where id = %s",
                              (status, Jsonb(stats), run_id))
