"""Incremental clustering: which stored articles is a new one the same story as?

Candidates come from two indexes: MinHash LSH over the whole text (near-duplicates, rewritten
titles, changed credits) and an exact index of every body sentence (up to `indexed_sentences`: a
truncated or lead-only repost, or an excerpt cut from anywhere in a longer text, shares whole
sentences with its story even when its Jaccard is small; the real set's one-sentence excerpt is the
9th sentence of its source, which the first 8 alone never found). Each candidate is verified, within
a time window, and must agree on figures, so daily templated reports with new prices stay apart. It
joins on Jaccard, on the share of the shorter text's sentences the other holds, or, for lightly
edited copies, on the share of its shingles the other holds (estimated from the Jaccard and the
sizes) with one verbatim sentence besides. Clusters are joined with union-find; every merge is
returned so the store can record it.

Time is evidence too: two outlets' texts published within `recent_hours` (4.5) of each other
join on a lower shingle bar (0.45, with a verbatim sentence), and figures that disagree do not
part them if two sentences are verbatim. On the real set all 16 reposts run within 5.7 hours of
their source (15 within 4.5), follow-ups and same-event write-ups mostly the next day: of 516 hard
negatives, 3 are another outlet's within 4.5 hours, and none of them reaches those bars. It joined
the real set's two edited reposts and a list-numbered excerpt (F1 0.921 -> 0.970, none merged).
One outlet's own items within hours get no lower bar: they are its series (recipes, live prices).

Four things keep it right on real reprints and cheap on duplicate-heavy input (README, bench/):
- Containment is not transitive: a longer text through which one part already joined takes no
  second part that matches nothing else. Tabnak's daily roundups paste whole agency items; without
  this, two items of one roundup became one story on the real set.
- Template sentences: a sentence seen in `template_articles` or more articles of one outlet is that
  outlet's boilerplate (recipe intros, the fixed paragraphs of a daily price report). It proves
  nothing, and two articles that share one are items of one template: they are the same story only
  if they also share a sentence that is not template and agree on figures.
- Bounded representatives: a story is compared through at most `representatives` indexed members;
  an article that is a near-copy of its match (`duplicate_jaccard`) joins without being indexed.
  A wire story reposted 500 times costs what a story of 8 costs (bench: flat time per article).
- Compact multi-maps: LSH bands (25 of 5 values, each hashed to one 64-bit int) and sentence
  hashes are kept in sorted numpy arrays, 12 bytes a key (datasketch's MinHashLSH keeps bytes keys
  in 25 dicts of sets: 8.8 KB an article; this whole index, signatures included, about 3 KB: bench/).
"""
from __future__ import annotations

import functools
from array import array
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from newsagg.pipelines.dedup.signature import Signature


@dataclass(frozen=True)
class DedupConfig:
    num_perm: int = 128
    shingle_chars: int = 5
    lsh_threshold: float = 0.5
    match_jaccard: float = 0.5
    match_containment: float = 0.7
    match_covered: float = 0.8  # ... or, with a sentence in common, this share of the shorter text's shingles
    window_days: float = 4.0
    number_agreement: float = 0.8
    own_figures: int = 4  # both texts carry this many figures the other lacks: different reports
    indexed_sentences: int = 64  # body sentences indexed per article (12 bytes each): an excerpt may be any part
    common_sentence: int = 32  # a sentence in more indexed articles than this is a stock phrase: no candidate
    template_articles: int = 4  # a sentence in this many articles of one outlet is its boilerplate
    template_memory: int = 50_000  # sentence counts kept per outlet (least seen dropped beyond)
    representatives: int = 8  # indexed members per story
    duplicate_jaccard: float = 0.9  # a near-copy of its match joins without being indexed
    # Two outlets within hours of each other (reposts run within hours of their source, follow-ups
    # mostly the next day): a verbatim sentence and less of the shorter text's shingles join; figures
    # that disagree (a list's numbers, an updated count) then need two verbatim sentences.
    recent_hours: float = 4.5
    recent_covered: float = 0.45
    recent_shared_if_figures_differ: int = 2
    # Another outlet's text under the same title (the share of the shorter title's letter 4-grams in the
    # other) with several verbatim sentences: an excerpt of it, also days later.
    title_agreement: float = 0.75
    titled_shared: int = 3
    titled_covered: float = 0.5


@dataclass(slots=True)
class Entry:
    key: Hashable
    sig: Signature
    published: datetime | None
    cluster: int = 0
    outlet: str | None = None
    indexed: bool = False
    row: int = -1  # its row in the band index while indexed
    srow: int = -1  # its row in the sentence index while indexed
    parts: int = 0  # articles that joined as a part of this one
    boiler: frozenset[int] = frozenset()  # its outlet's template sentences, as of indexing (mostly the empty singleton)


@dataclass(frozen=True)
class Match:
    key: Hashable
    cluster: int
    jaccard: float
    containment: float
    inside: bool = False  # joined only as a part of the other, longer text (an excerpt, or an item of a digest)

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


def optimal_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch MinHashLSH's choice of (bands, rows): the least false positive + false negative
    probability mass, integrated on a fine grid (datasketch integrates with scipy, 1.1 s to import)."""
    best, best_error = (1, 1), float("inf")
    lo, hi = np.linspace(0.0, threshold, 2001), np.linspace(threshold, 1.0, 2001)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = np.trapezoid(1 - (1 - lo**r) ** b, lo)
            fn = np.trapezoid(1 - (1 - (1 - hi**r) ** b), hi)
            if fp + fn < best_error:
                best, best_error = (b, r), fp + fn
    return best


# Multi-maps as plain dicts whose value is one key, or a list when there are several: most buckets
# (a band, a sentence) hold one article, and a list costs 64 bytes more than the key it holds.
def _put(table: dict, k: Hashable, value: Hashable) -> None:
    held = table.get(k)
    if held is None:
        table[k] = value
    elif isinstance(held, list):
        held.append(value)
    else:
        table[k] = [held, value]


def _drop(table: dict, k: Hashable, value: Hashable) -> None:
    held = table.get(k)
    if isinstance(held, list):
        if value in held:
            held.remove(value)
        if len(held) == 1:
            table[k] = held[0]
    elif held == value:
        del table[k]


class RowIndex:
    """A multi-map from 64-bit keys to indexed articles, compact: each indexed article is a row with
    any number of keys (its LSH bands, its sentences).

    Recent inserts go to a dict (key -> row or [rows]); once it holds a quarter as many keys as the
    sorted part (at least `min_buffer`), everything is merged into two sorted numpy arrays, keys and
    rows: 12 bytes a key instead of a dict slot and a Python int (about 70). Removing marks a row
    dead; merges drop dead rows. Lookups: one vectorized `searchsorted` plus the small dict. A key
    held by more than `common` live rows is skipped by `query` (a stock sentence proves nothing)."""

    def __init__(self, min_buffer: int = 4096, common: int | None = None):
        self.min_buffer, self.common = min_buffer, common
        self.sorted_keys = np.zeros(0, dtype=np.uint64)
        self.sorted_rows = np.zeros(0, dtype=np.uint32)
        self.recent: dict[int, object] = {}
        self.pending = array("Q")       # the keys in `recent`, in row order, and their rows
        self.pending_rows = array("I")
        self.key_of: list[Hashable] = []     # row -> article key
        self.alive = bytearray()             # row -> 1 while indexed

    def insert(self, key: Hashable, keys: np.ndarray) -> int:
        """Index `key` under `keys` (uint64); returns its row (what `remove` takes)."""
        row = len(self.key_of)
        self.key_of.append(key)
        self.alive.append(1)
        for k in keys.tolist():
            _put(self.recent, k, row)
        self.pending.frombytes(keys.astype(np.uint64).tobytes())
        self.pending_rows.extend([row] * len(keys))
        if len(self.pending) > max(self.min_buffer, len(self.sorted_rows) // 4):
            self.merge()
        return row

    def remove(self, row: int) -> None:
        self.alive[row] = 0

    def merge(self) -> None:
        """The recent keys sorted alone and inserted into the sorted part (after its equal keys: the same
        arrays as a stable sort of both), dead rows dropped: a new array the size of the index, not four
        (concatenation, the order, the sorted copies) that stayed in the process's memory after a merge."""
        alive = np.frombuffer(self.alive, dtype=np.uint8)
        keys, rows = self._live(self.sorted_keys, self.sorted_rows, alive)
        new_keys, new_rows = self._live(np.frombuffer(self.pending, dtype=np.uint64),
                                        np.frombuffer(self.pending_rows, dtype=np.uint32), alive)
        order = np.argsort(new_keys, kind="stable")
        at = np.searchsorted(keys, new_keys[order], side="right")
        self.sorted_keys, self.sorted_rows = np.insert(keys, at, new_keys[order]), np.insert(rows, at, new_rows[order])
        self.recent, self.pending, self.pending_rows = {}, array("Q"), array("I")

    @staticmethod
    def _live(keys: np.ndarray, rows: np.ndarray, alive: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        live = alive[rows].view(bool)
        return (keys, rows) if live.all() else (keys[live], rows[live])

    def query(self, keys: np.ndarray) -> set[Hashable]:
        found: set[int] = set()
        if len(self.sorted_keys):
            lo = np.searchsorted(self.sorted_keys, keys, "left")
            hi = np.searchsorted(self.sorted_keys, keys, "right")
            hit = hi > lo  # (most keys are in no row: only the others go through Python)
            for a, b in zip(lo[hit].tolist(), hi[hit].tolist(), strict=True):
                if self.common is None or b - a <= 4 * self.common:  # dead rows count until a merge
                    self._add(found, self.sorted_rows[a:b].tolist())
        for k in keys.tolist():
            held = self.recent.get(k)
            if held is not None:
                self._add(found, held if isinstance(held, list) else [held])  # type: ignore[list-item]
        return {self.key_of[r] for r in found}

    def _add(self, found: set[int], rows: list[int]) -> None:
        live = [r for r in rows if self.alive[r]]
        if self.common is None or len(live) <= self.common:
            found.update(live)


class BandIndex:
    """MinHash LSH with integer band keys: the bands datasketch would choose, each hashed to 64 bits
    in numpy, in a `RowIndex`."""

    _MIX = np.uint64(0x9E3779B97F4A7C15)

    def __init__(self, threshold: float, num_perm: int, min_buffer: int = 4096):
        self.bands, self.rows = _bands(threshold, num_perm)
        self.table = RowIndex(min_buffer * self.bands)
        self._last: tuple[Signature | None, np.ndarray] = (None, np.zeros(0, dtype=np.uint64))
        self._primed: dict[int, tuple[Signature, np.ndarray]] = {}  # id -> (the signature, its keys): see `prime`

    def band_keys(self, sig: Signature) -> np.ndarray:
        if sig is self._last[0]:  # `assign` queries, then inserts the same signature: hash its bands once
            return self._last[1]
        primed = self._primed.get(id(sig))
        h = primed[1] if primed is not None and primed[0] is sig else self._hash(sig.array[None, :])[0]
        self._last = (sig, h)
        return h

    def prime(self, sigs: list[Signature]) -> None:
        """Hash the bands of `sigs` (those about to be queried) in one numpy pass: 25 numpy calls on
        25 values an article were a third of `newsagg dedup`'s clustering (CPU time, bench corpus:
        65 -> 41 µs an article at 10k, 106 -> 75 at 100k), serial work in the calling process."""
        keys = self._hash(np.frombuffer(b"".join(s.values for s in sigs), dtype="<u4").reshape(len(sigs), -1)) \
            if sigs else np.zeros((0, self.bands), dtype=np.uint64)
        self._primed = {id(sig): (sig, k) for sig, k in zip(sigs, keys, strict=True)}

    def _hash(self, values: np.ndarray) -> np.ndarray:
        """The band keys of each row of `values` (MinHash values, one signature a row)."""
        v = values[:, : self.bands * self.rows].astype(np.uint64).reshape(len(values), self.bands, self.rows)
        h = np.broadcast_to(np.arange(1, self.bands + 1, dtype=np.uint64) * self._MIX, (len(values), self.bands))
        for j in range(self.rows):
            h = (h ^ v[:, :, j]) * self._MIX
            h ^= h >> np.uint64(29)
        return h

    def insert(self, key: Hashable, sig: Signature) -> int:
        return self.table.insert(key, self.band_keys(sig))

    def remove(self, row: int) -> None:
        self.table.remove(row)

    def query(self, sig: Signature) -> set[Hashable]:
        return self.table.query(self.band_keys(sig))


def sentence_keys(sig: Signature) -> np.ndarray:
    return np.frombuffer(sig.sentences, dtype="<u8")


def shingles_covered(a: Signature, b: Signature, jaccard: float) -> float:
    """The share of the shorter text's shingles that the other holds, from the MinHash Jaccard and
    the two sizes (|A ∩ B| = J (|A| + |B|) / (1 + J)); noisy (about ±0.1 at J = 0.3), so a bar, not a score."""
    fewest = min(a.size, b.size)
    return min(1.0, jaccard * (a.size + b.size) / ((1 + jaccard) * fewest)) if fewest else 0.0


def title_overlap(a: bytes, b: bytes, fewest: int = 10) -> float:
    """The share of the shorter title's letter 4-grams found in the other (`signature.title_grams`). A title
    of fewer than `fewest` 4-grams (about 13 letters: «اعتماد» has 3) is no evidence: 0.0.
    Exact but for 16-bit hash collisions. The 256-bit sketch this replaces estimated it, less what two
    random sketches share: the real excerpt this serves (asriran-714895 / roozno-414956, a true share of
    0.795 against the bar of 0.75) came out 0.781 with crc32 and 0.740 with another hash; and over all
    pairs of the 2,650 shared titles, 15 of the 96 it put at 0.75 or more shared under half their 4-grams."""
    ga, gb = np.frombuffer(a, dtype="<u2"), np.frombuffer(b, dtype="<u2")
    fewest_grams = min(len(ga), len(gb))
    if fewest_grams < fewest:
        return 0.0
    return len(np.intersect1d(ga, gb, assume_unique=True)) / fewest_grams


_bands = functools.cache(optimal_bands)


class Templates:
    """Per outlet, in how many of its articles each sentence was seen; bounded (the least seen
    half is dropped when an outlet exceeds `memory` sentences, so counts of real boilerplate survive)."""

    def __init__(self, threshold: int, memory: int):
        self.threshold, self.memory = threshold, memory
        self.counts: dict[str | None, dict[int, int]] = defaultdict(dict)

    def observe(self, outlet: str | None, sig: Signature) -> None:
        counts = self.counts[outlet]
        for h in sig.sentence_hashes:
            counts[h] = counts.get(h, 0) + 1
        if len(counts) > self.memory:
            cut = sorted(counts.values())[len(counts) // 2]
            self.counts[outlet] = {h: c for h, c in counts.items() if c > cut}

    def of(self, outlet: str | None, sig: Signature) -> frozenset[int]:
        counts = self.counts.get(outlet, {})
        if not counts:
            return frozenset()
        return frozenset(h for h in sig.sentence_hashes if counts.get(h, 0) >= self.threshold)


@dataclass
class ClusterIndex:
    config: DedupConfig = field(default_factory=DedupConfig)
    learn: bool = True  # count templates from what is indexed (batch mode counts the whole input first)

    def __post_init__(self):
        self.lsh = BandIndex(self.config.lsh_threshold, self.config.num_perm)
        self.entries: dict[Hashable, Entry] = {}
        self.by_sentence = RowIndex(common=self.config.common_sentence)
        self.parent: dict[int, int] = {}
        self.reps: dict[int, object] = {}  # cluster root -> indexed member, or [members] oldest first
        self.templates = Templates(self.config.template_articles, self.config.template_memory)

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
        held = self.reps.pop(frm, None)
        for key in held if isinstance(held, list) else [] if held is None else [held]:
            _put(self.reps, into, key)
        return frm, into

    # ---- the index
    def add(self, entry: Entry, index: bool = True) -> None:
        """Store an article whose cluster is known (loading from the store, or after `assign`);
        `index` it as one of its story's representatives (the oldest is retired beyond the bound)."""
        known = entry.key in self.entries
        if known:
            entry.parts = max(entry.parts, self.entries[entry.key].parts)  # reloaded: what joined it still did
            self.remove(entry.key)
        self.entries[entry.key] = entry  # a root needs no parent entry: root() defaults to itself
        if self.learn and not known:
            self.templates.observe(entry.outlet, entry.sig)
        if not index:
            return
        root = self.root(entry.cluster)
        _put(self.reps, root, entry.key)
        self._index(entry)
        reps = self.reps[root]
        while isinstance(reps, list) and len(reps) > self.config.representatives:
            self._unindex(self.entries[reps.pop(0)])

    def _index(self, entry: Entry) -> None:
        entry.indexed = True
        entry.boiler = self.templates.of(entry.outlet, entry.sig)
        if entry.sig.size:
            entry.row = self.lsh.insert(entry.key, entry.sig)
        if entry.sig.sentences:
            entry.srow = self.by_sentence.insert(entry.key, sentence_keys(entry.sig)[: self.config.indexed_sentences])

    def _unindex(self, entry: Entry) -> None:
        if not entry.indexed:
            return
        entry.indexed = False
        if entry.row >= 0:
            self.lsh.remove(entry.row)
            entry.row = -1
        if entry.srow >= 0:
            self.by_sentence.remove(entry.srow)
            entry.srow = -1

    def remove(self, key: Hashable) -> None:
        entry = self.entries.pop(key, None)
        if entry is None:
            return
        if entry.indexed:
            self._unindex(entry)
            _drop(self.reps, self.root(entry.cluster), key)

    def candidates(self, sig: Signature) -> set[Hashable]:
        found = self.lsh.query(sig) if sig.size else set()
        if sig.sentences:
            found |= self.by_sentence.query(sentence_keys(sig))
        return found

    def verify(self, sig: Signature, published: datetime | None, other: Entry, template: frozenset[int] = frozenset(),
               sentences: frozenset[int] | None = None, outlet: str | None = None) -> Match | None:
        cfg = self.config
        gap = abs((published - other.published).total_seconds()) if published and other.published else None
        if gap is not None and gap > cfg.window_days * 86400:
            return None
        # One outlet's items within hours are its series (recipes, live prices), not copies of each other.
        recent = gap is not None and gap <= cfg.recent_hours * 3600 and outlet is not None and other.outlet not in (None, outlet)
        shared_figures = len(sig.numbers & other.sig.numbers)
        fewest_figures = min(len(sig.numbers), len(other.sig.numbers))
        # Same wording, other figures: another day's report; or each has figures of its own (prices,
        # a date): two days of one report. Two outlets within hours may still join on the shingle test
        # below (a templated report is daily: 2 of the real set's 483 pairs are within 4.5 h, 1 by two outlets).
        figures_differ = (fewest_figures >= 2 and shared_figures / fewest_figures < cfg.number_agreement) \
            or fewest_figures - shared_figures >= cfg.own_figures
        if figures_differ and not recent:
            return None
        mine_all = sig.sentence_set if sentences is None else sentences
        theirs_all = other.sig.sentence_set  # built per comparison: a cached set costs 0.7 KB an article
        boiler = template | other.boiler
        mine, theirs = mine_all - boiler, theirs_all - boiler
        if not mine or not theirs:  # all "boilerplate": copies of one text re-saved a few times, not a template
            boiler, mine, theirs = frozenset(), mine_all, theirs_all
        shared = len(mine & theirs)
        if boiler and mine_all & theirs_all & boiler and (not shared or shared_figures < fewest_figures):
            return None  # two items of one template: only the boilerplate in common, or another figure or date
        jaccard = sig.jaccard(other.sig) if sig.size and other.sig.size else 0.0
        fewest_sentences = min(len(mine), len(theirs))
        # One shared sentence proves little (a stock phrase) unless it is all the shorter text has.
        containment = shared / fewest_sentences if shared >= min(2, fewest_sentences) > 0 else 0.0
        if figures_differ or (jaccard < cfg.match_jaccard and containment < cfg.match_containment):
            # Lightly edited sentences no longer hash alike, but their letters stay: with one verbatim
            # sentence in common, most of the shorter text's shingles found in the other also decide
            # (within hours of each other, less of them: a repost with a hedge inserted, every sentence edited).
            needed = cfg.recent_shared_if_figures_differ if figures_differ else 1
            bar = cfg.recent_covered if recent else cfg.match_covered
            covered = shingles_covered(sig, other.sig, jaccard)
            if not (shared >= needed and covered >= bar
                    or not figures_differ and self._titled_excerpt(sig, other, outlet, shared, covered)):
                return None
            containment = covered
        return Match(other.key, self.root(other.cluster), jaccard, containment,
                     inside=jaccard < cfg.match_jaccard and sig.size < other.sig.size)

    def _titled_excerpt(self, sig: Signature, other: Entry, outlet: str | None, shared: int, covered: float) -> bool:
        """Another outlet's excerpt under the source's title, days later: several verbatim sentences and
        half the shorter text's shingles (a newspaper piece cut to a third)."""
        cfg = self.config
        return shared >= cfg.titled_shared and covered >= cfg.titled_covered \
            and outlet is not None and other.outlet not in (None, outlet) \
            and title_overlap(sig.title, other.sig.title) >= cfg.title_agreement

    def matches(self, sig: Signature, published: datetime | None, exclude: Hashable = None,
                outlet: str | None = None) -> list[Match]:
        found = []
        template, sentences = self.templates.of(outlet, sig), sig.sentence_set
        for key in self.candidates(sig):
            if key != exclude and (m := self.verify(sig, published, self.entries[key], template, sentences, outlet)):
                found.append(m)
        return sorted(found, key=lambda m: (-m.score, str(m.key)))

    def assign(self, key: Hashable, sig: Signature, published: datetime | None,
               new_cluster: int | Callable[[], int], outlet: str | None = None) -> Assignment:
        """Cluster a new article and index it. `new_cluster` (an id, or a function that allocates
        one) is used only when it starts a story."""
        # Containment is not transitive: two parts of one longer text are one story only if that
        # text is their source, not a digest of several items (Tabnak's roundups). A text that
        # already holds one part joined through it holds no second one unless it matches otherwise.
        found = [m for m in self.matches(sig, published, exclude=key, outlet=outlet)
                 if not (m.inside and self.entries[m.key].parts)]
        if found and found[0].inside:
            self.entries[found[0].key].parts += 1
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
        # A near-copy adds nothing to compare against, unless its match is getting old: then it
        # becomes the fresher representative (a story reposted for weeks stays one story).
        copy = bool(found) and found[0].jaccard >= self.config.duplicate_jaccard and not merged \
            and not self._aging(self.entries[found[0].key].published, published)
        self.add(Entry(key, sig, published, cluster, outlet), index=not copy)
        return Assignment(cluster, found[0] if found else None, tuple(merged))

    def members(self, cluster: int) -> list[Hashable]:
        """The indexed representatives of a story, oldest first."""
        held = self.reps.get(self.root(cluster))
        return list(held) if isinstance(held, list) else [] if held is None else [held]

    def _aging(self, matched: datetime | None, published: datetime | None) -> bool:
        return bool(matched and published and (published - matched).total_seconds() > self.config.window_days * 43200)

    def cluster_of(self, key: Hashable) -> int:
        return self.root(self.entries[key].cluster)
