"""The cluster index shared by every process writing one database.

Each process keeps a `ClusterIndex` in memory, loaded lazily from PostgreSQL by publication-time
window, and reads what other processes wrote (new articles, merges) before each assignment, under a
transaction-scoped advisory lock: two crawlers on one database cannot split a story. What is new is
read by `cluster_members.seq`, taken under that lock and so in commit order (article ids are not:
an article committing after a newer id was never read by another process). After a failed
transaction the caller calls `reset()`: the memory may hold an article the database never kept.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import psycopg

from newsagg.pipelines.dedup import Assignment, ClusterIndex, DedupConfig, Entry, Signature
from newsagg.pipelines.dedup.signature import pack_hashes, title_grams, values_from_bytes
from newsagg.pipelines.normalize import title_key
from newsagg.pipelines.storage.articles import allocate
from newsagg.pipelines.storage.db import scalar

_CLUSTER_LOCK = 7_300_002
_ENTRY_SQL = ("select a.id, a.minhash, a.shingle_count, a.sentence_hashes, a.figures, a.title, a.published_at, m.cluster_id,"
              " a.outlet_id, m.matched_article_id, m.jaccard from articles a join cluster_members m on m.article_id = a.id where ")


class SharedClusterIndex:
    def __init__(self, conn: psycopg.Connection, config: DedupConfig):
        self.conn, self.config = conn, config
        self.reset()

    def reset(self) -> None:
        """Forget everything: reloaded lazily from what the database holds (after a failed transaction)."""
        self.index = ClusterIndex(self.config)
        self._covered: list[tuple[datetime, datetime]] = []
        self._max_seq = 0
        self._max_merge = 0
        self._loaded_undated = False
        self._part_sizes: dict[int, int] = {}  # source not loaded yet -> size of the smallest part that joined it

    # ---- batches (Store.save_many): one lock, one refresh and a few statements per batch
    def lock(self) -> None:
        """Take the clustering lock for the caller's transaction (re-entrant) and read what other processes
        wrote since we last looked (by `cluster_members.seq`, which follows commit order)."""
        self.conn.execute("select pg_advisory_xact_lock(%s)", (_CLUSTER_LOCK,))
        self._refresh()

    def assign_many(self, items: list[tuple[int, Signature, datetime | None, str]]) -> list[Assignment]:
        """Assign a batch of new articles in order, exactly as one by one (the caller holds `lock()`);
        write the new clusters and memberships with COPY and replay the merges. The rows just written
        are already in memory: nothing is read back."""
        if not items:
            return []
        self._cover([published for _, _, published, _ in items])
        pool = allocate(self.conn, "clusters", len(items))  # no other writer allocates while we hold the lock
        created: dict[int, int] = {}  # new cluster -> the article that started it
        # the batch's band keys in one numpy pass, not 25 numpy calls an article (`BandIndex.prime`)
        self.index.lsh.prime([sig for _, sig, _, _ in items])

        out = []
        for article_id, sig, published, outlet in items:
            fresh = pool[len(created)]
            a = self.index.assign(article_id, sig, published, fresh, outlet)
            if a.best is None:
                created[fresh] = article_id
            out.append(a)
        used = len(created)
        self.conn.execute("select setval(pg_get_serial_sequence('clusters', 'id'), %s, %s)",
                          (pool[used - 1], True) if used else (pool[0], False))
        with self.conn.cursor() as cur:
            with cur.copy("copy clusters (id, representative_id) from stdin") as copy:
                for cluster, article_id in created.items():
                    copy.write_row((cluster, article_id))
            with cur.copy("copy cluster_members (article_id, cluster_id, matched_article_id, jaccard, containment, reason)"
                          " from stdin") as copy:
                for (article_id, _, _, _), a in zip(items, out, strict=True):
                    b = a.best
                    copy.write_row((article_id, a.cluster, b.key if b else None, b.jaccard if b else None,
                                    b.containment if b else None, b.reason if b else "new-story"))
        for (article_id, _, _, _), a in zip(items, out, strict=True):
            for frm, into in a.merged:
                self._record_merge(frm, into, article_id)
        # the memberships just copied took the newest seq values under our lock: they are ours, already in memory
        self._max_seq = scalar(self.conn, "select coalesce(max(seq), 0) from cluster_members")
        return out

    def _record_merge(self, frm: int, into: int, article_id: int) -> None:
        self.conn.execute("update cluster_members set cluster_id = %s where cluster_id = %s", (into, frm))
        self.conn.execute("update clusters set merged_into = %s where id = %s", (into, frm))
        self._max_merge = scalar(
            self.conn, "insert into cluster_merges (from_cluster, into_cluster, article_id) values (%s, %s, %s) returning id",
            (frm, into, article_id))

    def root(self, cluster: int) -> int:
        return self.index.root(cluster)

    def _load(self, where: str, params) -> None:
        # An outlet's templates are counted over what this process loads (the windows around what it
        # assigns), incrementally and bounded per outlet (Templates).
        # A member that joined a larger text below the Jaccard bar was a part of it: the count behind
        # "containment is not transitive" (ClusterIndex.assign), rebuilt from the memberships.
        touched = set()
        for aid, mh, size, sentences, figures, title, published, cluster, outlet, matched, jaccard in self.conn.execute(_ENTRY_SQL + where, params):
            sig = Signature(values_from_bytes(mh, self.config.num_perm), size, pack_hashes(sentences), frozenset(figures),
                            title_grams(title_key(title)))
            self.index.add(Entry(aid, sig, published, cluster, outlet))
            touched.add(aid)
            if matched is not None and jaccard < self.config.match_jaccard:
                self._part_sizes[matched] = min(size, self._part_sizes.get(matched, size))
                touched.add(matched)
        for source in touched & self._part_sizes.keys() & self.index.entries.keys():
            entry = self.index.entries[source]
            if self._part_sizes.pop(source) < entry.sig.size:
                entry.parts = max(entry.parts, 1)

    def _refresh(self) -> None:
        """What other processes wrote since we last looked: new articles and merges."""
        newest, newest_merge = self.conn.execute(
            "select (select coalesce(max(seq), 0) from cluster_members),"
            " (select coalesce(max(id), 0) from cluster_merges)").fetchone() or (0, 0)
        if newest_merge > self._max_merge:
            for mid, frm, into in self.conn.execute(
                    "select id, from_cluster, into_cluster from cluster_merges where id > %s order by id", (self._max_merge,)):
                self.index.union(frm, into)
                self._max_merge = mid
        if newest > self._max_seq:
            self._load("m.seq > %s and m.seq <= %s", (self._max_seq, newest))
            self._max_seq = newest

    def _cover(self, published: list[datetime | None]) -> None:
        """Load every stored article that could match an article published at one of these times: the
        batch's windows merged first, so articles minutes apart cost one query, not one each (the
        crawl bench's 1,500 pages: one query an article, and a list of covered windows that grew by one)."""
        if not self._loaded_undated:
            self._load("a.published_at is null and m.seq <= %s", (self._max_seq,))
            self._loaded_undated = True
        window = timedelta(days=self.config.window_days)  # no date: compare with what is loaded (the undated ones at least)
        for lo, hi in _merged([(p - window, p + window) for p in published if p is not None]):
            for a, b in self._uncovered(lo, hi):
                self._load("a.published_at >= %s and a.published_at < %s and m.seq <= %s", (a, b, self._max_seq))
            self._covered = _merged([*self._covered, (lo, hi)])

    def _uncovered(self, lo: datetime, hi: datetime) -> list[tuple[datetime, datetime]]:
        gaps, cursor = [], lo
        for a, b in self._covered:  # sorted and disjoint (_merged)
            if b <= cursor or a >= hi:
                continue
            if a > cursor:
                gaps.append((cursor, a))
            cursor = max(cursor, b)
        if cursor < hi:
            gaps.append((cursor, hi))
        return gaps


def _merged(spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Sorted, disjoint spans covering the same times (touching ones joined)."""
    out: list[tuple[datetime, datetime]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
