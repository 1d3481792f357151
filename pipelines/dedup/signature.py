"""What the index needs of one article: MinHash of character shingles, sentence hashes, figures.

Shingles are k consecutive letters of the folded key with every separator removed, so ZWNJ vs
space vs nothing cannot change them. They are hashed in one vectorized pass (polynomial rolling
hash over code points) to 32-bit integers, and the MinHash is datasketch's (scheme affine32, seed 1)
computed in numpy on that array: datasketch's `update_batch` would first turn it into a Python list
and call the hash function once per value (bench/: the signature step alone is 2x faster this way).
A signature keeps its 128 values as 512 bytes, not a MinHash object (2.6 KiB with its tables).
`newsagg dedup` signs a span of articles at once (`signatures`): the same values from one pass of
each numpy step over the batch, 0.55x the CPU time of `signature` one at a time on the bench corpus,
0.64x on the real ir-news-2019 texts (same run, medians of 3). Then each article's shingles sorted
alone (not the batch's, tagged by article), and the figures of the whole batch in numpy too: `signatures`
in about 0.62x that time again (bench corpus, 178 -> 110 µs an article, medians of 7).
"""
from __future__ import annotations

import functools
import hashlib
import re
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from newsagg.pipelines.normalize import Normalized

if TYPE_CHECKING:
    from datasketch import MinHash

_BASE = np.uint64(0x100000001B3)  # FNV prime: odd, mixes the 16-bit code points well
_SEED = 1
_NUMBER = re.compile(r"\d+")


def _identity(value):
    return value


def shingle_hashes(key: str, k: int) -> np.ndarray:
    """Unique 32-bit hashes of the k-letter shingles of `key` (spaces removed)."""
    letters = key.replace(" ", "")
    if len(letters) < k:
        letters = letters.ljust(k, "\0") if letters else ""
        if not letters:
            return np.zeros(0, dtype=np.uint32)
    cps = np.frombuffer(letters.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(cps) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    for j in range(k):  # k vector ops, not n*k Python ops
        h = h * _BASE + cps[j : j + n]
    h32 = np.sort(((h >> np.uint64(32)) ^ h).astype(np.uint32))
    return h32[np.concatenate(([True], h32[1:] != h32[:-1]))]  # unique: sort + mask is 8x np.unique here


def sentence_hash(sentence: str) -> int:
    """Signed 64-bit hash of a folded sentence (fits PostgreSQL bigint)."""
    digest = hashlib.blake2b(sentence.replace(" ", "").encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def pack_hashes(hashes) -> bytes:
    """Sentence hashes (ints) as `Signature.sentences` holds them."""
    return np.array(list(hashes), dtype="<i8").tobytes()


@functools.cache
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's draw for scheme affine32 (odd a, any b, from RandomState(seed)), made here:
    importing datasketch costs 1.1 s (it loads scipy), a worker's whole start-up budget.
    The test compares against datasketch's own MinHash."""
    gen = np.random.RandomState(_SEED)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, the pre-mix datasketch's affine32 scheme applies."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


_CHUNK = 4096  # shingles per (chunk x num_perm) product: 2 MiB of uint32 stays in cache


def minhash_values(hashes: np.ndarray, num_perm: int) -> np.ndarray:
    """datasketch `MinHash(seed=1, scheme="affine32", hashfunc=identity).update_batch(hashes)`
    .hashvalues, bit for bit, in numpy: no Python list, no per-value call
    (tests/pipelines/dedup/test_signature.py proves the equality)."""
    a, b = _permutations(num_perm)
    out = np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
    mixed = _fmix32(np.asarray(hashes, dtype=np.uint32))
    for i in range(0, len(mixed), _CHUNK):
        block = np.multiply.outer(mixed[i : i + _CHUNK], a)  # wraps mod 2^32, as datasketch's uint32 does
        block += b
        np.minimum(out, block.min(axis=0), out=out)
    return out


def new_minhash(num_perm: int, hashvalues=None) -> MinHash:
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=_SEED, hashfunc=_identity, hashvalues=hashvalues, scheme="affine32")


@dataclass(frozen=True, slots=True)
class Signature:
    values: bytes                   # MinHash hash values, little-endian uint32 (datasketch affine32, seed 1)
    size: int                       # number of distinct shingles
    sentences: bytes                # hashes of the identifying sentences, in text order: little-endian int64s
    numbers: frozenset[str]         # figures in the text: templated reports differ only here
    title: bytes = b""              # the title's distinct letter 4-grams, hashed to 16 bits (`title_grams`)

    @property
    def array(self) -> np.ndarray:
        return np.frombuffer(self.values, dtype="<u4")

    @property
    def sentence_hashes(self) -> list[int]:
        """`sentence_hash` of each identifying sentence. Kept packed, 8 bytes each: as a tuple of Python ints
        they took 40 (memory bench, 8 sentences an article: 2.72 -> 2.54 KB an indexed article at 10k, tracemalloc)."""
        return np.frombuffer(self.sentences, dtype="<i8").tolist()

    @property
    def sentence_set(self) -> frozenset[int]:
        return frozenset(self.sentence_hashes)

    @property
    def minhash(self) -> MinHash:
        """The same values as a datasketch MinHash (for callers that want its API)."""
        return new_minhash(len(self.values) // 4, hashvalues=self.array.astype(np.uint32))

    def jaccard(self, other: Signature) -> float:
        """datasketch's estimate: the share of equal hash values."""
        return float(np.count_nonzero(self.array == other.array)) / (len(self.values) // 4)

    def to_bytes(self) -> bytes:
        return self.values


def signature(normalized: Normalized, num_perm: int = 128, shingle_chars: int = 5) -> Signature:
    hashes = shingle_hashes(normalized.key, shingle_chars)
    return Signature(
        values=minhash_values(hashes, num_perm).astype("<u4").tobytes(),
        size=int(len(hashes)),
        sentences=pack_hashes(dict.fromkeys(sentence_hash(s) for s in normalized.sentences)),
        numbers=frozenset(_NUMBER.findall(normalized.key)),
        title=title_grams(normalized.title),
    )


def signatures(normalized: Sequence[Normalized], num_perm: int = 128, shingle_chars: int = 5) -> list[Signature]:
    """`signature` of each, the same values, with the shingles and MinHash of all of them computed
    together: one pass of each numpy step over the batch instead of some 40 numpy calls an article
    (a call costs about a microsecond, a bench article's whole MinHash about 65)."""
    k = shingle_chars
    letters = [n.key.replace(" ", "") for n in normalized]
    letters = [s.ljust(k, "\0") if 0 < len(s) < k else s for s in letters]  # as `shingle_hashes` pads
    cps = np.frombuffer("".join(letters).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.array([len(s) for s in letters], dtype=np.int64)
    total = max(len(cps) - k + 1, 0)
    h = cps[:total].copy()
    for j in range(1, k):  # (in place: no new array a step)
        h *= _BASE
        h += cps[j : j + total]
    # a shingle belongs to the article it starts in, and must end in it too: not the last k - 1 starts of each
    keep = np.ones(total, dtype=bool)
    across = (np.cumsum(lengths)[:, None] - np.arange(1, k)).ravel()
    keep[across[(across >= 0) & (across < total)]] = False
    h = h[keep]
    h32 = ((h >> np.uint64(32)) ^ h).astype(np.uint32)  # grouped by article, in text order
    counts = np.maximum(lengths - k + 1, 0)
    ends = np.cumsum(counts)
    for start, end in zip((ends - counts).tolist(), ends.tolist(), strict=True):
        h32[start:end].sort()  # each article's own run: 0.15x the time of sorting the batch tagged by article
    distinct = np.concatenate(([True], h32[1:] != h32[:-1])) if len(h32) else np.zeros(0, dtype=bool)
    distinct[(ends - counts)[counts > 0]] = True  # an article's first shingle, even if the last one had it
    owners = np.repeat(np.arange(len(letters)), counts)[distinct]
    sizes = np.bincount(owners, minlength=len(letters))
    values = _minhash_rows(_fmix32(h32[distinct]), owners, len(letters), num_perm)
    figures = _figures([n.key for n in normalized])
    return [Signature(values=values[i].tobytes(), size=int(sizes[i]), sentences=_sentence_hashes(n.sentences),
                      numbers=figures[i], title=title_grams(n.title))
            for i, n in enumerate(normalized)]


def _figures(keys: list[str]) -> list[frozenset[str]]:
    """`frozenset(_NUMBER.findall(key))` of each key: the runs of decimal digits (what `\\d` matches)
    found in one numpy pass over all of them (the regex tries every letter of a key: 25 -> 12 µs an article,
    real and bench texts)."""
    joined = "\n".join(keys)  # a key holds no newline, so no run crosses two keys
    cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if not len(cps) or cps.max() > 0xFFFF:  # beyond the table: the regex
        return [frozenset(_NUMBER.findall(k)) for k in keys]
    edges = np.flatnonzero(np.diff(_decimal_table()[cps], prepend=0, append=0))  # run starts and ends, alternating
    starts, ends = edges[0::2].tolist(), edges[1::2].tolist()
    owners = np.searchsorted(np.cumsum([len(k) + 1 for k in keys]), edges[0::2], side="right").tolist()
    found: list[list[str]] = [[] for _ in keys]
    for owner, start, end in zip(owners, starts, ends, strict=True):
        found[owner].append(joined[start:end])
    return [frozenset(f) for f in found]


def build_tables() -> None:
    """Build `signatures`' table now (10 ms): processes forked afterwards share it."""
    _decimal_table()


@functools.cache
def _decimal_table() -> np.ndarray:
    """1 for each Basic Multilingual Plane character `\\d` matches (a Unicode decimal digit), else 0."""
    return np.array([chr(cp).isdecimal() for cp in range(0x10000)], dtype=np.int8)


def title_grams(letters: str, k: int = 4) -> bytes:
    """The title's distinct letter k-grams (`normalize.title_key`), each hashed to 16 bits (crc32: the same in
    every process), sorted, little-endian: what two titles are compared on (`index.title_overlap`)."""
    hashes = sorted({zlib.crc32(letters[i : i + k].encode()) & 0xFFFF for i in range(len(letters) - k + 1)})
    return struct.pack(f"<{len(hashes)}H", *hashes)


def _sentence_hashes(sentences: Sequence[str]) -> bytes:
    """`sentence_hash` of each, once each, in order, packed; one replace and one encode for all of them
    (a sentence holds no newline)."""
    if not sentences:
        return b""
    data = "\n".join(sentences).replace(" ", "").encode().split(b"\n")
    return b"".join(dict.fromkeys(_blake8(d).digest() for d in data))  # the digest is the little-endian int64


_blake8 = functools.partial(hashlib.blake2b, digest_size=8)


def _minhash_rows(mixed: np.ndarray, owners: np.ndarray, count: int, num_perm: int) -> np.ndarray:
    """`minhash_values` of each article's rows of `mixed` (grouped by `owners`, ascending): a
    (count, num_perm) little-endian uint32 array; an article without rows keeps the empty MinHash.
    The product is laid out permutation by shingle, so each article's minimum is a reduction along
    contiguous memory (`reduceat` over the articles of a chunk): 53 against 149 µs an article for
    `minhash_values` one at a time (940 shingles, same run; the shingle-by-permutation layout of
    `minhash_values` with 4,096 rows a product: 135)."""
    a, b = _permutations(num_perm)
    out = np.full((count, num_perm), 0xFFFFFFFF, dtype="<u4")
    buffer = np.empty((num_perm, min(_BATCH_CHUNK, len(mixed))), dtype=np.uint32)  # one product's memory for all
    for i in range(0, len(mixed), _BATCH_CHUNK):
        chunk = mixed[i : i + _BATCH_CHUNK]
        block = np.multiply(a[:, None], chunk, out=buffer[:, : len(chunk)])  # wraps mod 2^32, as datasketch's uint32 does
        block += b[:, None]
        part = owners[i : i + _BATCH_CHUNK]
        first = np.flatnonzero(np.concatenate(([True], part[1:] != part[:-1])))  # each article's first column here
        rows = part[first]  # an article cut by the chunk's end takes the minimum of both parts
        out[rows] = np.minimum(out[rows], np.minimum.reduceat(block, first, axis=1).T)
    return out


_BATCH_CHUNK = 8192  # shingles per product in `signatures`


def values_from_bytes(data: bytes, num_perm: int) -> bytes:
    if len(data) != 4 * num_perm:
        raise ValueError(f"stored signature has {len(data) // 4} permutations, settings say {num_perm}")
    return bytes(data)


def minhash_from_bytes(data: bytes, num_perm: int) -> MinHash:
    return new_minhash(num_perm, hashvalues=np.frombuffer(values_from_bytes(data, num_perm), dtype="<u4").astype(np.uint32))
