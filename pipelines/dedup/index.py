"""Incremental clustering: which stored articles is a new one the same story as?

Candidates come from two indexes: MinHashLSH over the whole text (near-duplicates, rewritten
titles, changed credits) and an exact sentence index (a truncated or lead-only repost shares whole
sentences with its story even when its Jaccard is small). Each candidate is verified, within a time
window, and must agree on figures, so daily templated reports with new prices stay apart.
Clusters are joined with union-find; every merge is returned so the store can record it.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime

from datasketch import MinHashLSH

from newsagg.pipelines.dedup.signature import Signature


@dataclass(frozen=True)
class DedupConfig:
    num_perm: int = 128
    shingle_chars: int = 5
    lsh_threshold: float = 0.5
    match_jaccard: float = 0.5
    match_containment: float = 0.7
    window_days: float = 4.0
    number_agreement: float = 0.8
    indexed_sentences: int = 8  # the first sentences of the body are what truncated reposts keep


@dataclass
class Entry:
    key: Hashable
    sig: Signature
    published: datetime | None
    cluster: int = 0


@dataclass(frozen=True)
class Match:
    key: Hashable
    cluster: int
    jaccard: float
    containment: float

    @property
    def score(self) -> float:
        return max(self.jaccard, self.containment)

    @property
    def reason(self) -> str:
        return "near-duplicate" if self.jaccard >= self.containment else "contained"


@dataclass(frozen=True)
class Assignment:
    cluster: int
    best: Match | None                 # None: the article starts a new story
    merged: tuple[tuple[int, int], ...]  # (from_cluster, into_cluster) merges this article caused


@dataclass
class ClusterIndex:
    config: DedupConfig = field(default_factory=DedupConfig)

    def __post_init__(self):
        self.lsh = MinHashLSH(threshold=self.config.lsh_threshold, num_perm=self.config.num_perm)
        self.entries: dict[Hashable, Entry] = {}
        self.by_sentence: dict[int, list[Hashable]] = defaultdict(list)
        self.parent: dict[int, int] = {}

    # ---- union-find over cluster ids (the smaller id, the older cluster, survives)
    def root(self, cluster: int) -> int:
        path = []
        while self.parent.get(cluster, cluster) != cluster:
            path.append(cluster)
            cluster = self.parent[cluster]
        for c in path:
            self.parent[c] = cluster
        return cluster

    def union(self, a: int, b: int) -> tuple[int, int] | None:
        ra, rb = self.root(a), self.root(b)
        if ra == rb:
            return None
        into, frm = min(ra, rb), max(ra, rb)
        self.parent[frm] = into
        return frm, into

    # ---- the index
    def add(self, entry: Entry) -> None:
        """Index an article whose cluster is already known (loading from the store)."""
        if entry.key in self.entries:
            self.remove(entry.key)
        self.entries[entry.key] = entry
        self.parent.setdefault(entry.cluster, entry.cluster)
        if entry.sig.size:
            self.lsh.insert(entry.key, entry.sig.minhash, check_duplication=False)
        for h in entry.sig.sentences[: self.config.indexed_sentences]:
            self.by_sentence[h].append(entry.key)

    def remove(self, key: Hashable) -> None:
        entry = self.entries.pop(key, None)
        if entry is None:
            return
        if entry.sig.size:
            self.lsh.remove(key)
        for h in entry.sig.sentences:
            keys = self.by_sentence.get(h)
            if keys and key in keys:
                keys.remove(key)

    def candidates(self, sig: Signature) -> set[Hashable]:
        found = set(self.lsh.query(sig.minhash)) if sig.size else set()
        for h in sig.sentences:
            found.update(self.by_sentence.get(h, ()))
        return found

    def verify(self, sig: Signature, published: datetime | None, other: Entry) -> Match | None:
        cfg = self.config
        if published and other.published and abs((published - other.published).total_seconds()) > cfg.window_days * 86400:
            return None
        shared_figures = len(sig.numbers & other.sig.numbers)
        fewest_figures = min(len(sig.numbers), len(other.sig.numbers))
        if fewest_figures >= 2 and shared_figures / fewest_figures < cfg.number_agreement:
            return None  # same wording, other figures: another day's report
        jaccard = sig.minhash.jaccard(other.sig.minhash) if sig.size and other.sig.size else 0.0
        fewest_sentences = min(len(sig.sentences), len(other.sig.sentences))
        shared_sentences = len(sig.sentence_set & other.sig.sentence_set)
        # One shared sentence proves little (a stock phrase) unless it is all the shorter text has.
        containment = shared_sentences / fewest_sentences if shared_sentences >= min(2, fewest_sentences) > 0 else 0.0
        if jaccard >= cfg.match_jaccard or containment >= cfg.match_containment:
            return Match(other.key, self.root(other.cluster), jaccard, containment)
        return None

    def matches(self, sig: Signature, published: datetime | None, exclude: Hashable = None) -> list[Match]:
        found = []
        for key in self.candidates(sig):
            if key != exclude and (m := self.verify(sig, published, self.entries[key])):
                found.append(m)
        return sorted(found, key=lambda m: (-m.score, str(m.key)))

    def assign(self, key: Hashable, sig: Signature, published: datetime | None,
               new_cluster: int | Callable[[], int]) -> Assignment:
        """Cluster a new article and index it. `new_cluster` (an id, or a function that allocates
        one) is used only when it starts a story."""
        found = self.matches(sig, published, exclude=key)
        merged = []
        if not found:
            cluster = new_cluster() if callable(new_cluster) else new_cluster
        else:
            cluster = found[0].cluster
            # Near-duplicates of two clusters prove they are one story. A merely *contained*
            # match does not: a merged report contains two stories and must not bridge them.
            for m in found[1:]:
                if m.jaccard >= self.config.match_jaccard and found[0].jaccard >= self.config.match_jaccard:
                    if step := self.union(cluster, m.cluster):
                        merged.append(step)
            cluster = self.root(cluster)
        self.add(Entry(key, sig, published, cluster))
        return Assignment(cluster, found[0] if found else None, tuple(merged))

    def cluster_of(self, key: Hashable) -> int:
        return self.root(self.entries[key].cluster)
